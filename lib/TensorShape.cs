using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Initializers
{
    /// <summary>Shape checks shared by every way of building a tensor.</summary>
    public static class TensorShape
    {
        /// <summary>The most elements one tensor can hold: the largest .NET array.</summary>
        public const long MaxElements = 0x7FFFFFC7;

        /// <summary>Checks the shape of a streamed tensor: no negative dimension, and an element count whose size in
        /// bytes (at up to 16 bytes per element) fits in 64 bits; dimensions and count may exceed
        /// <see cref="MaxElements"/>.</summary>
        /// <param name="shape">The dimensions, outermost first; empty for a scalar.</param>
        /// <returns>A copy of the shape.</returns>
        /// <exception cref="InitializerException">InvalidShape for a negative dimension, ShapeOverflow for a count too
        /// large to address.</exception>
        public static long[] Check(IReadOnlyList<long> shape)
        {
            if (shape is null)
            {
                throw new ArgumentNullException(nameof(shape));
            }

            var copy = shape.ToArray();
            decimal n = 1;
            foreach (var d in copy)
            {
                if (d < 0)
                {
                    throw new InitializerException(
                        "InvalidShape",
                        ErrorKind.InvalidArgument,
                        $"Invalid dimension {d.ToString(CultureInfo.InvariantCulture)} in shape {FormatList(copy)}: dimensions must be whole numbers >= 0.",
                        d);
                }

                n = n > 1e25m ? n : Times(n, d);
            }

            if (n * 16 > long.MaxValue)
            {
                throw new InitializerException(
                    "ShapeOverflow",
                    ErrorKind.LimitsExceeded,
                    $"Shape {Format(copy)} has {(n > 1e25m ? "more than 1e25" : n.ToString("N0", CultureInfo.InvariantCulture))} elements; a streamed tensor holds at most {(long.MaxValue / 16).ToString("N0", CultureInfo.InvariantCulture)} (its bytes must be addressable with 64 bits).",
                    copy);
            }

            return copy;
        }

        /// <summary>The element count of a checked large shape (product of the dimensions; 1 for a scalar).</summary>
        /// <param name="shape">The dimensions, outermost first, as <see cref="Check(IReadOnlyList{long})"/> accepts them.</param>
        public static long Count(IReadOnlyList<long> shape)
        {
            long n = 1;
            foreach (var d in shape)
            {
                n = checked(n * d);
            }

            return n;
        }

        /// <summary>Formats a large shape the way Python prints a tuple: <c>(3, 4)</c>, <c>(5,)</c>, <c>()</c>.</summary>
        /// <param name="shape">The dimensions, outermost first; empty for a scalar.</param>
        public static string Format(IReadOnlyList<long> shape) =>
            shape.Count == 1 ? $"({shape[0].ToString(CultureInfo.InvariantCulture)},)" : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";

        /// <summary>Formats a large shape as a list: <c>[3, 4]</c>.</summary>
        /// <param name="shape">The dimensions, outermost first; empty for a scalar.</param>
        public static string FormatList(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

        /// <summary>Checks an int shape: no negative dimension, element count within <see cref="MaxElements"/>.</summary>
        /// <param name="shape">The dimensions, outermost first; empty for a scalar.</param>
        /// <returns>A copy of the shape.</returns>
        public static int[] Check(IReadOnlyList<int> shape)
        {
            if (shape is null)
            {
                throw new ArgumentNullException(nameof(shape));
            }

            foreach (var d in shape)
            {
                if (d < 0)
                {
                    throw Negative(d, shape);
                }
            }

            var copy = shape.ToArray();
            CheckCount(copy);
            return copy;
        }

        /// <summary>The element count (product of the dimensions; 1 for a scalar).</summary>
        /// <param name="shape">The dimensions, outermost first; empty for a scalar.</param>
        public static long Count(IReadOnlyList<int> shape)
        {
            long n = 1;
            foreach (var d in shape)
            {
                n *= d;
            }

            return n;
        }

        /// <summary>Formats a shape the way Python prints a tuple: <c>(3, 4)</c>, <c>(5,)</c>, <c>()</c>.</summary>
        /// <param name="shape">The dimensions, outermost first; empty for a scalar.</param>
        public static string Format(IReadOnlyList<int> shape) =>
            shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

        /// <summary>Formats a shape as a list: <c>[3, 4]</c>.</summary>
        /// <param name="shape">The dimensions, outermost first; empty for a scalar.</param>
        public static string FormatList(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

        private static void CheckCount(int[] shape)
        {
            // Multiply in decimal so that a product beyond long.MaxValue is still reported exactly.
            decimal n = 1;
            foreach (var d in shape)
            {
                n = Times(n, d);
                if (n > 1e25m)
                {
                    break;
                }
            }

            if (n > MaxElements)
            {
                var count = n > 1e25m ? "more than 1e25" : n.ToString("N0", CultureInfo.InvariantCulture);
                throw new InitializerException(
                    "TensorTooLarge",
                    ErrorKind.LimitsExceeded,
                    $"Shape {Format(shape)} has {count} elements; one tensor holds at most {MaxElements.ToString("N0", CultureInfo.InvariantCulture)} elements.",
                    shape);
            }
        }

        /// <summary>n times d (n at most 1e25, d at least 0) in decimal, or 1e26 for any product beyond 1e25: the
        /// exact product can pass decimal's 7.9e28 (1e25 times 2^62 does), and past 1e25 the messages say only
        /// "more than 1e25".</summary>
        private static decimal Times(decimal n, long d) => d != 0 && n > 1e25m / d ? 1e26m : n * d;

        private static InitializerException Negative(object value, IReadOnlyList<int>? shape) => new(
            "InvalidShape",
            ErrorKind.InvalidArgument,
            $"Invalid dimension {Convert.ToString(value, CultureInfo.InvariantCulture)}" +
            (shape is null ? "" : $" in shape {FormatList(shape)}") +
            ": dimensions must be whole numbers >= 0.",
            value);
    }
}
