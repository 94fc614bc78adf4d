using System;
using System.Collections;
using System.Globalization;
using System.Numerics;

namespace Initializers.Serialization
{
    /// <summary>The kinds of value the writers understand.</summary>
    internal enum TreeKind
    {
        Null,
        Boolean,
        String,
        /// <summary>Any integral number; its text is in <see cref="TreeValue.Text"/>.</summary>
        Integer,
        /// <summary>A finite float; its text (always float-looking) is in <see cref="TreeValue.Text"/>.</summary>
        Float,
        NaN,
        PositiveInfinity,
        NegativeInfinity,
        Mapping,
        Sequence,
    }

    /// <summary>Classifies a value handed to a writer. Accepts the neutral tree plus the common .NET shapes that
    /// trees built elsewhere contain: any IDictionary, any IEnumerable, every primitive number type, decimal, char.</summary>
    internal readonly struct TreeValue
    {
        private TreeValue(TreeKind kind, string? text = null, IDictionary? mapping = null, IEnumerable? sequence = null)
        {
            Kind = kind;
            Text = text;
            Mapping = mapping;
            Sequence = sequence;
        }

        public TreeKind Kind { get; }

        /// <summary>The text of a string, bool, integer or finite float.</summary>
        public string? Text { get; }

        public IDictionary? Mapping { get; }

        public IEnumerable? Sequence { get; }

        public static TreeValue Classify(object? value)
        {
            switch (value)
            {
                case null:
                    return new TreeValue(TreeKind.Null);
                case string s:
                    return new TreeValue(TreeKind.String, s);
                case char c:
                    return new TreeValue(TreeKind.String, c.ToString());
                case bool b:
                    return new TreeValue(TreeKind.Boolean, b ? "true" : "false");
                case int _:
                case long _:
                case BigInteger _:
                case short _:
                case sbyte _:
                case byte _:
                case ushort _:
                case uint _:
                case ulong _:
                    return new TreeValue(TreeKind.Integer, Convert.ToString(value, CultureInfo.InvariantCulture));
                case double d:
                    return Float(d, () => NumberText.FormatDouble(d));
                case float f:
                    return Float(f, () => NumberText.FormatSingle(f));
                case decimal m:
                    return new TreeValue(TreeKind.Float, NumberText.FormatDecimal(m));
                case Enum e:
                    return new TreeValue(TreeKind.String, e.ToString());
                case IDictionary map:
                    return new TreeValue(TreeKind.Mapping, mapping: map);
                case IEnumerable list:
                    return new TreeValue(TreeKind.Sequence, sequence: list);
                default:
                    throw new InitializerException("UnsupportedType", ErrorKind.InvalidType,
                        $"A value of type '{value.GetType().FullName}' cannot be written as JSON or YAML; use a mapping, a sequence, a string, a number, a bool or null.",
                        value);
            }
        }

        /// <summary>The text of a mapping key: strings as they are, anything else culture-invariant.</summary>
        public static string KeyText(object key)
        {
            var keyValue = Classify(key);
            if (keyValue.Text != null)
            {
                return keyValue.Text;
            }
            return keyValue.Kind switch
            {
                TreeKind.NaN => "NaN",
                TreeKind.PositiveInfinity => "Infinity",
                TreeKind.NegativeInfinity => "-Infinity",
                _ => throw new InitializerException("UnsupportedKey", ErrorKind.InvalidType,
                    $"A mapping key must be a scalar, not a {keyValue.Kind.ToString().ToLowerInvariant()}.", key),
            };
        }

        /// <summary>Throws the error both writers use when a tree nests deeper than <see cref="TreeLimits.MaxDepth"/>
        /// (which is also how a tree that contains itself is caught).</summary>
        public static void CheckDepth(int depth, object node)
        {
            if (depth > TreeLimits.MaxDepth)
            {
                throw new InitializerException("NestingTooDeep", ErrorKind.LimitsExceeded,
                    $"The tree nests deeper than {TreeLimits.MaxDepth} levels, or contains itself.", node);
            }
        }

        /// <summary>True when the UTF-16 unit at <paramref name="i"/> is half of a surrogate pair without its other half.</summary>
        public static bool IsLoneSurrogate(string text, int i)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
            }
            if (char.IsLowSurrogate(c))
            {
                return i == 0 || !char.IsHighSurrogate(text[i - 1]);
            }
            return false;
        }

        private static TreeValue Float(double value, Func<string> format)
        {
            if (double.IsNaN(value))
            {
                return new TreeValue(TreeKind.NaN);
            }
            if (double.IsInfinity(value))
            {
                return new TreeValue(value > 0 ? TreeKind.PositiveInfinity : TreeKind.NegativeInfinity);
            }
            return new TreeValue(TreeKind.Float, format());
        }
    }
}
