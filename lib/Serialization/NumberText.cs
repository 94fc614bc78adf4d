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
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out long small))
            {
                return Narrow(small);
            }
            return Narrow(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, Invariant));
        }

        /// <summary>Reads unsigned digits in base 8 or 16 (no prefix, no sign).</summary>
        public static object ParseUnsignedInteger(string digits, int radix)
        {
            BigInteger value = BigInteger.Zero;
            foreach (char c in digits)
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
            bool negative = text.Length > 0 && text[0] == '-';
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

        /// <summary>Shortest text that reads back as the same double, with a lower-case exponent and always
        /// float-looking: <c>1.0</c>, <c>0.05</c>, <c>1e-07</c>, <c>-0.0</c>. Not for NaN or infinities.</summary>
        public static string FormatDouble(double value)
        {
            if (value == 0)
            {
                return IsNegativeZero(value) ? "-0.0" : "0.0";
            }
            string text = value.ToString("R", Invariant);
            // "R" is shortest round-trip on .NET Core 3.0+, but not always exact on .NET Framework.
            if (double.Parse(text, NumberStyles.Float, Invariant) != value)
            {
                text = value.ToString("G17", Invariant);
            }
            return MakeFloatLooking(text.Replace('E', 'e'));
        }

        /// <summary>Shortest text of a float (single), so 0.1f writes as 0.1 rather than 0.10000000149011612.</summary>
        public static string FormatSingle(float value)
        {
            if (value == 0)
            {
                return IsNegativeZero(value) ? "-0.0" : "0.0";
            }
            string text = value.ToString("R", Invariant);
            if (float.Parse(text, NumberStyles.Float, Invariant) != value)
            {
                text = value.ToString("G9", Invariant);
            }
            return MakeFloatLooking(text.Replace('E', 'e'));
        }

        public static string FormatDecimal(decimal value) => MakeFloatLooking(value.ToString(Invariant));

        public static bool IsNegativeZero(double value) => value == 0 && BitConverter.DoubleToInt64Bits(value) < 0;

        /// <summary>Appends ".0" to an integral-looking number so a reader takes it as a float.</summary>
        private static string MakeFloatLooking(string text) =>
            text.IndexOf('.') >= 0 || text.IndexOf('e') >= 0 ? text : text + ".0";

        private static int HexDigitValue(char c) =>
            c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
