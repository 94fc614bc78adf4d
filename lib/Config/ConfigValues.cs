using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Numerics;
using Initializers.Serialization;

namespace Initializers.Config
{
    /// <summary>Helpers for the neutral config tree: ordered dictionaries, arrays and scalars.</summary>
    internal static class ConfigValues
    {
        /// <summary>True for any .NET integer or floating type (int, long, double, float, decimal, the small and
        /// unsigned integers, BigInteger); false for null, bool and strings, even numeric-looking ones.</summary>
        /// <param name="v">A config value.</param>
        public static bool IsNumber(object? v) =>
            v is int or long or double or float or decimal or short or sbyte or byte or ushort or uint or ulong or BigInteger;

        /// <summary>True for a value of a .NET integer type (including BigInteger); false for a whole-valued double
        /// such as 2.0, for bool and for null.</summary>
        /// <param name="v">A config value.</param>
        public static bool IsInteger(object? v) => v is int or long or short or sbyte or byte or ushort or uint or ulong or BigInteger;

        /// <summary>Python-like formatting for messages: <c>None</c>, <c>'text'</c>, <c>0.05</c>, <c>[1, 2]</c>.</summary>
        /// <param name="value">A config value or tree.</param>
        public static string Format(object? value)
        {
            switch (value)
            {
                case null:
                    return "None";
                case string s:
                    return "'" + s + "'";
                case bool b:
                    return b ? "True" : "False";
                case double d:
                    return NumberText.FormatDouble(d);
                case float f:
                    return NumberText.FormatSingle(f);
                case IDictionary dict:
                    return "{" + string.Join(", ", dict.Keys.Cast<object>().Select(k => Format(k) + ": " + Format(dict[k]))) + "}";
                case IEnumerable list:
                    return "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]";
                case IFormattable f:
                    return f.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return value.ToString() ?? "";
            }
        }

        /// <summary>Structural equality of config trees. Numbers compare by value across types (1 equals 1.0),
        /// dictionaries by key and value in any order, lists element-wise.</summary>
        /// <param name="a">A config value or tree.</param>
        /// <param name="b">The value or tree to compare with.</param>
        public static bool DeepEquals(object? a, object? b)
        {
            if (a is null || b is null)
            {
                return a is null && b is null;
            }

            if (IsNumber(a) && IsNumber(b))
            {
                if (IsInteger(a) && IsInteger(b))
                {
                    return ToBigInteger(a) == ToBigInteger(b);
                }

                var x = Convert.ToDouble(a, CultureInfo.InvariantCulture);
                var y = Convert.ToDouble(b, CultureInfo.InvariantCulture);
                return x.Equals(y);
            }

            if (a is string sa && b is string sb)
            {
                return string.Equals(sa, sb, StringComparison.Ordinal);
            }

            if (a is IDictionary da && b is IDictionary db)
            {
                if (da.Count != db.Count)
                {
                    return false;
                }

                foreach (DictionaryEntry e in da)
                {
                    if (!db.Contains(e.Key) || !DeepEquals(e.Value, db[e.Key]))
                    {
                        return false;
                    }
                }

                return true;
            }

            if (a is IEnumerable ea && b is IEnumerable eb && a is not string && b is not string)
            {
                var la = ea.Cast<object?>().ToList();
                var lb = eb.Cast<object?>().ToList();
                return la.Count == lb.Count && la.Zip(lb, DeepEquals).All(t => t);
            }

            return a.Equals(b);
        }

        internal static BigInteger ToBigInteger(object v) => v switch
        {
            BigInteger b => b,
            ulong u => new BigInteger(u),
            _ => new BigInteger(Convert.ToInt64(v, CultureInfo.InvariantCulture)),
        };
    }
}
