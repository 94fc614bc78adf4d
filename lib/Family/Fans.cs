using System.Collections.Generic;
using System.Linq;

namespace Initializers.Family
{
    /// <summary>Keras <c>compute_fans</c>: the number of input and output units of a weight shape.</summary>
    internal static class Fans
    {
        /// <summary>Rank 0 gives (1, 1); rank 1 gives (n, n); rank 2 gives (shape[0], shape[1]); rank 3 and up gives
        /// (shape[-2]·rf, shape[-1]·rf) where rf is the product of the leading dimensions. With both
        /// <paramref name="inputAxes"/> and <paramref name="outputAxes"/> (Keras 3.15), the products over those axes.</summary>
        /// <param name="shape">The weight shape, outermost first.</param>
        /// <param name="inputAxes">Axes (negative counts from the end) whose sizes multiply to fan_in; null for the layout rule.</param>
        /// <param name="outputAxes">Axes whose sizes multiply to fan_out; null for the layout rule. An axis outside the shape is refused.</param>
        public static (double FanIn, double FanOut) Compute(IReadOnlyList<int> shape, IReadOnlyList<int>? inputAxes = null, IReadOnlyList<int>? outputAxes = null) =>
            Compute(shape.Select(d => (long)d).ToArray(), inputAxes, outputAxes);

        /// <summary>As <see cref="Compute(IReadOnlyList{int}, IReadOnlyList{int}, IReadOnlyList{int})"/>, for a shape
        /// whose dimensions may exceed 32 bits.</summary>
        public static (double FanIn, double FanOut) Compute(IReadOnlyList<long> shape, IReadOnlyList<int>? inputAxes = null, IReadOnlyList<int>? outputAxes = null)
        {
            if (inputAxes is not null && outputAxes is not null)
            {
                return (Product(shape, inputAxes), Product(shape, outputAxes));
            }

            switch (shape.Count)
            {
                case 0:
                    return (1, 1);
                case 1:
                    return (shape[0], shape[0]);
                case 2:
                    return (shape[0], shape[1]);
                default:
                    double receptiveField = 1;
                    for (var i = 0; i < shape.Count - 2; i++)
                    {
                        receptiveField *= shape[i];
                    }

                    return (shape[shape.Count - 2] * receptiveField, shape[shape.Count - 1] * receptiveField);
            }
        }

        private static double Product(IReadOnlyList<long> shape, IReadOnlyList<int> axes)
        {
            double p = 1;
            foreach (var axis in axes)
            {
                var a = axis < 0 ? axis + shape.Count : axis;
                if (a < 0 || a >= shape.Count)
                {
                    throw new InitializerException(
                        "InvalidConfigValue",
                        ErrorKind.InvalidArgument,
                        $"Axis {axis} is out of range for shape {TensorShape.FormatList(shape)} of rank {shape.Count}.",
                        axis);
                }

                p *= shape[a];
            }

            return p;
        }

        internal static string FormatAxes(IReadOnlyList<int>? axes) => axes is null ? "None" : "[" + string.Join(", ", axes.Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
    }
}
