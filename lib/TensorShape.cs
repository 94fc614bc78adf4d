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
                n *= d;
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

        private static InitializerException Negative(object value, IReadOnlyList<int>? shape) => new(
            "InvalidShape",
            ErrorKind.InvalidArgument,
            $"Invalid dimension {Convert.ToString(value, CultureInfo.InvariantCulture)}" +
            (shape is null ? "" : $" in shape {FormatList(shape)}") +
            ": dimensions must be whole numbers >= 0.",
            value);
    }
}
