using System.Collections.Generic;

namespace Initializers.Statistics
{
    /// <summary>The statistics of one tensor (<see cref="TensorStatistics.Measure(Tensor, int)"/>), and, when the
    /// initializer that made it is known, what that initializer's formulas expect next to them.</summary>
    /// <remarks><see cref="Count"/> is every element; <see cref="Mean"/>, <see cref="Std"/>, <see cref="Min"/>,
    /// <see cref="Max"/> and <see cref="Histogram"/> cover the finite ones (numpy: <c>a[np.isfinite(a)]</c>), so one
    /// NaN does not hide the rest; <see cref="NaN"/>, <see cref="PositiveInfinity"/> and
    /// <see cref="NegativeInfinity"/> count the others.</remarks>
    public sealed class TensorMeasurement
    {
        /// <summary>A measurement.</summary>
        /// <param name="shape">The tensor's dimensions.</param>
        /// <param name="dtype">The tensor's dtype.</param>
        /// <param name="count">The number of elements.</param>
        /// <param name="mean">The mean of the finite elements (NaN when there are none).</param>
        /// <param name="std">Their population standard deviation, ddof=0 (NaN when there are none).</param>
        /// <param name="min">The smallest finite element (NaN when there are none).</param>
        /// <param name="max">The largest finite element (NaN when there are none).</param>
        /// <param name="nan">The number of NaN elements.</param>
        /// <param name="positiveInfinity">The number of +Inf elements.</param>
        /// <param name="negativeInfinity">The number of -Inf elements.</param>
        /// <param name="histogram">The histogram of the finite elements.</param>
        /// <param name="initializer">The initializer the expectations come from; null when unknown.</param>
        /// <param name="expected">What <paramref name="initializer"/> expects for this shape and dtype; null when unknown.</param>
        public TensorMeasurement(
            IReadOnlyList<int> shape,
            DType dtype,
            long count,
            double mean,
            double std,
            double min,
            double max,
            long nan,
            long positiveInfinity,
            long negativeInfinity,
            Histogram histogram,
            Initializer? initializer,
            ExpectedStatistics? expected)
        {
            Shape = shape;
            DType = dtype;
            Count = count;
            Mean = mean;
            Std = std;
            Min = min;
            Max = max;
            NaN = nan;
            PositiveInfinity = positiveInfinity;
            NegativeInfinity = negativeInfinity;
            Histogram = histogram;
            Initializer = initializer;
            Expected = expected;
        }

        /// <summary>The measured tensor's dimensions.</summary>
        public IReadOnlyList<int> Shape { get; }

        /// <summary>The measured tensor's dtype.</summary>
        public DType DType { get; }

        /// <summary>The number of elements, finite or not.</summary>
        public long Count { get; }

        /// <summary>The mean of the finite elements, summed in double (NaN when there are none).</summary>
        public double Mean { get; }

        /// <summary>The population standard deviation (numpy's default, ddof=0) of the finite elements.</summary>
        public double Std { get; }

        /// <summary>The smallest finite element (NaN when there are none).</summary>
        public double Min { get; }

        /// <summary>The largest finite element (NaN when there are none).</summary>
        public double Max { get; }

        /// <summary>The number of NaN elements.</summary>
        public long NaN { get; }

        /// <summary>The number of +Inf elements.</summary>
        public long PositiveInfinity { get; }

        /// <summary>The number of -Inf elements.</summary>
        public long NegativeInfinity { get; }

        /// <summary>The histogram of the finite elements, with numpy.histogram's bins.</summary>
        public Histogram Histogram { get; }

        /// <summary>The initializer whose expectations are in <see cref="Expected"/>; null when unknown.</summary>
        public Initializer? Initializer { get; }

        /// <summary>What the initializer's formulas expect for this shape and dtype; null when unknown.</summary>
        public ExpectedStatistics? Expected { get; }

        /// <summary><see cref="ExpectedStatistics.Mean"/>, or null when nothing is expected.</summary>
        public double? ExpectedMean => Expected?.Mean;

        /// <summary><see cref="ExpectedStatistics.Std"/>, or null when nothing is expected.</summary>
        public double? ExpectedStd => Expected?.Std;

        /// <summary><see cref="ExpectedStatistics.Min"/>, or null when nothing is expected or it is unbounded.</summary>
        public double? ExpectedMin => Expected?.Min;

        /// <summary><see cref="ExpectedStatistics.Max"/>, or null when nothing is expected or it is unbounded.</summary>
        public double? ExpectedMax => Expected?.Max;
    }
}
