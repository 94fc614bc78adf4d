using System;
using System.Collections;
using System.Globalization;

namespace Initializers.PowerShell.Internal
{
    /// <summary>The -Shape argument to a shape. PowerShell's own int[] binding would round 2.5 and accept "-1"; here
    /// each element must be a whole number &gt;= 0 of any numeric type, or text of one ("3", as PowerShell binding
    /// accepts it). The library's C# API takes int dimensions only (<see cref="TensorShape.Check(System.Collections.Generic.IReadOnlyList{int})"/>), so this lenient
    /// reading lives with the cmdlets.</summary>
    internal static class Shapes
    {
        /// <summary>The shape from the -Shape argument: every element unwrapped from PSObject and read as a whole number
        /// &gt;= 0 (else InvalidShape), then checked by the library (element count within one tensor).</summary>
        public static int[] From(IList? dims)
        {
            if (dims is null)
            {
                return Array.Empty<int>();
            }

            var shape = new int[dims.Count];
            for (var i = 0; i < shape.Length; i++)
            {
                shape[i] = Dimension(InputConverter.Unwrap(dims[i]));
            }

            return TensorShape.Check(shape);
        }

        /// <summary>The shape of a streamed tensor (Export-Tensor -Initializer) from the -Shape argument: the same reading
        /// as <see cref="From"/>, but dimensions and their product may exceed one in-memory tensor
        /// (<see cref="TensorShape.Check(System.Collections.Generic.IReadOnlyList{long})"/>).</summary>
        public static long[] FromLarge(IList? dims)
        {
            var shape = new long[dims?.Count ?? 0];
            for (var i = 0; i < shape.Length; i++)
            {
                shape[i] = Dimension(InputConverter.Unwrap(dims![i]), long.MaxValue);
            }

            return TensorShape.Check(shape);
        }

        private static int Dimension(object? raw) => (int)Dimension(raw, int.MaxValue);

        private static long Dimension(object? raw, long max)
        {
            switch (raw)
            {
                case null:
                    throw Bad(raw, "it is null");
                case bool:
                    throw Bad(raw, "it is a boolean");
                case int i:
                    return i >= 0 ? i : throw Negative(i);
                case long or short or sbyte or byte or ushort or uint or ulong:
                {
                    var d = Convert.ToDecimal(raw, CultureInfo.InvariantCulture);
                    return d < 0 ? throw Negative(raw) : d > max ? throw TooBig(raw, max) : (long)d;
                }

                case double or float or decimal:
                {
                    var x = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                    if (double.IsNaN(x) || double.IsInfinity(x) || Math.Floor(x) != x)
                    {
                        throw Bad(raw, "it is not a whole number");
                    }

                    return x < 0 ? throw Negative(raw) : x >= 9.2233720368547758E18 || x > max ? throw TooBig(raw, max) : (long)x;
                }

                case string s:
                    if (long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                    {
                        return Dimension(v, max);
                    }

                    throw Bad(raw, "it is not a whole number");
                default:
                    throw Bad(raw, "it is not a whole number");
            }
        }

        private static InitializerException Negative(object value) => new(
            "InvalidShape",
            ErrorKind.InvalidArgument,
            $"Invalid dimension {Convert.ToString(value, CultureInfo.InvariantCulture)}: dimensions must be whole numbers >= 0.",
            value);

        private static InitializerException TooBig(object value, long max) => new(
            "InvalidShape",
            ErrorKind.InvalidArgument,
            $"Invalid dimension {Convert.ToString(value, CultureInfo.InvariantCulture)}: a dimension is at most {max.ToString(CultureInfo.InvariantCulture)}.",
            value);

        private static InitializerException Bad(object? value, string why) => new(
            "InvalidShape",
            ErrorKind.InvalidArgument,
            $"Invalid dimension '{Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null"}': {why}. Dimensions must be whole numbers >= 0.",
            value);
    }
}
