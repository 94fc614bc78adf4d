using System;
using System.Globalization;
using System.Numerics;

namespace Initializers.Serialization
{
    /// <summary>Culture-invariant number reading and writing shared by the JSON and YAML layers.</summary>
    internal static class NumberText
    {
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
        private static readonly BigInteger MinLong = long.MinValue;
        private static readonly BigInteger MaxLong = long.MaxValue;

        /// <summary>Reads an optionally signed run of decimal digits as int, long or BigInteger, the smallest that fits.</summary>
        public static object ParseDecimalInteger(string text)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out var small))
            {
                return Narrow(small);
            }
            return Narrow(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, Invariant));
        }

        /// <summary>Reads unsigned digits in base 8 or 16 (no prefix, no sign).</summary>
        public static object ParseUnsignedInteger(string digits, int radix)
        {
            var value = BigInteger.Zero;
            foreach (var c in digits)
            {
                value = value * radix + HexDigitValue(c);
            }
            return Narrow(value);
        }

        public static object Narrow(long value) =>
            value >= int.MinValue && value <= int.MaxValue ? (object)(int)value : value;

        public static object Narrow(BigInteger value) =>
            value >= MinLong && value <= MaxLong ? Narrow((long)value) : value;

        /// <summary>Parses a validated decimal float literal. Out-of-range values become infinities on every
        /// runtime (.NET Framework throws instead), and a negative zero keeps its sign (.NET Framework drops it).</summary>
        public static double ParseDouble(string text)
        {
            var negative = text.Length > 0 && text[0] == '-';
            double value;
            try
            {
                value = double.Parse(text, NumberStyles.Float, Invariant);
            }
            catch (OverflowException)
            {
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            }
            return value == 0 && negative ? -0.0 : value;
        }

        /// <summary>The one float formatter of the library: the shortest culture-invariant text that reads back as the
        /// same double, with a lower-case exponent (<c>0.05</c>, <c>1e-07</c>, <c>1e+16</c>, <c>3</c>), and Python's
        /// spellings for the special values (<c>nan</c>, <c>inf</c>, <c>-inf</c>, <c>-0</c>). It adds no suffix: the
        /// JSON/YAML writer and messages append ".0" to an integral value (<see cref="FormatDouble"/>), the tensor
        /// printer appends "." as numpy does.</summary>
        public static string Shortest(double value)
        {
            if (double.IsNaN(value))
            {
                return "nan";
            }
            if (double.IsInfinity(value))
            {
                return value > 0 ? "inf" : "-inf";
            }
            if (value == 0)
            {
                return IsNegativeZero(value) ? "-0" : "0";
            }
            var text = value.ToString("R", Invariant);
            // "R" is shortest round-trip on .NET Core 3.0+, but not always exact on .NET Framework.
            if (double.Parse(text, NumberStyles.Float, Invariant) != value)
            {
                text = value.ToString("G17", Invariant);
            }
            return text.Replace('E', 'e');
        }

        /// <summary><see cref="Shortest(double)"/> for a float (single), so 0.1f is 0.1 rather than 0.10000000149011612.</summary>
        public static string Shortest(float value)
        {
            if (float.IsNaN(value) || float.IsInfinity(value) || value == 0)
            {
                return Shortest((double)value);
            }
            var text = value.ToString("R", Invariant);
            if (float.Parse(text, NumberStyles.Float, Invariant) != value)
            {
                text = value.ToString("G9", Invariant);
            }
            return text.Replace('E', 'e');
        }

        /// <summary>Python's repr of a float, which is also the JSON/YAML text of a finite one: <see cref="Shortest(double)"/>
        /// made float-looking, so <c>1.0</c>, <c>0.05</c>, <c>1e-07</c>, <c>-0.0</c>, <c>nan</c>, <c>inf</c>.</summary>
        public static string FormatDouble(double value) => MakeFloatLooking(Shortest(value));

        /// <summary><see cref="FormatDouble"/> of a float (single) at its own precision: 0.1f is <c>0.1</c>.</summary>
        public static string FormatSingle(float value) => MakeFloatLooking(Shortest(value));

        public static string FormatDecimal(decimal value) => MakeFloatLooking(value.ToString(Invariant));

        public static bool IsNegativeZero(double value) => value == 0 && BitConverter.DoubleToInt64Bits(value) < 0;

        /// <summary>Appends ".0" to an integral-looking number so a reader takes it as a float ("nan" and "inf" stay).</summary>
        private static string MakeFloatLooking(string text) =>
            text.IndexOf('.') >= 0 || text.IndexOf('e') >= 0 || text.IndexOf('n') >= 0 ? text : text + ".0";

        private static int HexDigitValue(char c) =>
            c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
