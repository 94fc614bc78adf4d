using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Statistics;
using Xunit;

namespace Initializers.Tests.Statistics
{
    /// <summary>TensorStatistics.Measure on small tensors whose statistics are worked out by hand (in the comments), the
    /// non-finite counts, every real dtype, and numerical stability far from zero.</summary>
    public class TensorStatisticsTests
    {
        public static IEnumerable<object[]> RealDTypes() =>
            DTypes.All.Where(d => d != DType.Bool && !d.IsComplex() && d != DType.String).Select(d => new object[] { d });

        [Fact]
        public void FourValuesByHand()
        {
            // 1, 2, 3, 4: mean 10/4 = 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; population std sqrt(5/4).
            var m = TensorStatistics.Measure(Make(DType.Float32, 1, 2, 3, 4), 3);
            Assert.Equal(4, m.Count);
            Assert.Equal(2.5, m.Mean);
            Assert.Equal(Math.Sqrt(1.25), m.Std, 15);
            Assert.Equal(1, m.Min);
            Assert.Equal(4, m.Max);
            Assert.Equal(new[] { 0L, 0L, 0L }, new[] { m.NaN, m.PositiveInfinity, m.NegativeInfinity });

            // numpy.histogram([1, 2, 3, 4], 3): edges 1, 2, 3, 4; the last bin [3, 4] is closed, so it holds 3 and 4.
            Assert.Equal(new[] { 1.0, 2.0, 3.0, 4.0 }, m.Histogram.Edges);
            Assert.Equal(new[] { 1L, 1L, 2L }, m.Histogram.Counts);
            Assert.Null(m.Expected);
            Assert.Null(m.ExpectedMean);
        }

        [Fact]
        public void NonFiniteValuesAreCountedAndLeftOutOfTheMoments()
        {
            // Finite 1 and 3: mean 2, std 1; one NaN, one +Inf, two -Inf.
            var m = TensorStatistics.Measure(Make(DType.Float64, 1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 3, double.NegativeInfinity));
            Assert.Equal(6, m.Count);
            Assert.Equal(1, m.NaN);
            Assert.Equal(1, m.PositiveInfinity);
            Assert.Equal(2, m.NegativeInfinity);
            Assert.Equal(2.0, m.Mean);
            Assert.Equal(1.0, m.Std);
            Assert.Equal(1.0, m.Min);
            Assert.Equal(3.0, m.Max);
            Assert.Equal(2, m.Histogram.Counts.Sum());
        }

        [Fact]
        public void NothingFiniteGivesNaNMomentsAndAnEmptyHistogramOverZeroToOne()
        {
            var m = TensorStatistics.Measure(Make(DType.Float32, float.NaN, float.PositiveInfinity), 2);
            Assert.True(double.IsNaN(m.Mean) && double.IsNaN(m.Std) && double.IsNaN(m.Min) && double.IsNaN(m.Max));
            Assert.Equal(new[] { 0.0, 0.5, 1.0 }, m.Histogram.Edges);
            Assert.Equal(new[] { 0L, 0L }, m.Histogram.Counts);

            var empty = TensorStatistics.Measure(Tensor.Zeros(new[] { 0, 3 }));
            Assert.Equal(0, empty.Count);
            Assert.True(double.IsNaN(empty.Mean));
        }

        [Fact]
        public void EqualValuesGetNumpysHalfUnitRange()
        {
            // numpy.histogram([5, 5, 5], 2) -> (array([0, 3]), array([4.5, 5., 5.5])).
            var m = TensorStatistics.Measure(Make(DType.Int32, 5, 5, 5), 2);
            Assert.Equal(new[] { 4.5, 5.0, 5.5 }, m.Histogram.Edges);
            Assert.Equal(new[] { 0L, 3L }, m.Histogram.Counts);
            Assert.Equal(0.0, m.Std);
        }

        [Theory]
        [MemberData(nameof(RealDTypes))]
        public void EveryRealDTypeIsMeasured(DType dtype)
        {
            // 0, 1, 2, 5: mean 2; squared deviations 4 + 1 + 0 + 9 = 14, std sqrt(14/4). Exact in every dtype.
            var m = TensorStatistics.Measure(Make(dtype, 0, 1, 2, 5), 5);
            Assert.Equal(2.0, m.Mean);
            Assert.Equal(Math.Sqrt(3.5), m.Std, 14);
            Assert.Equal(0.0, m.Min);
            Assert.Equal(5.0, m.Max);
            Assert.Equal(dtype, m.DType);

            // Edges 0, 1, 2, 3, 4, 5: one value in each of the first three bins, 5 in the closed last one.
            Assert.Equal(new[] { 0.0, 1.0, 2.0, 3.0, 4.0, 5.0 }, m.Histogram.Edges);
            Assert.Equal(new[] { 1L, 1L, 1L, 0L, 1L }, m.Histogram.Counts);

            // A negative value in the signed types (and the float ones): -3 and 1 have mean -1 and std 2.
            if (dtype != DType.UInt8 && dtype != DType.UInt16 && dtype != DType.UInt32 && dtype != DType.UInt64)
            {
                var signed = TensorStatistics.Measure(Make(dtype, -3, 1));
                Assert.Equal((-1.0, 2.0, -3.0), (signed.Mean, signed.Std, signed.Min));
            }
        }

        [Fact]
        public void HalfTypesAreWidenedFromTheirStoredValue()
        {
            // 0.1 rounds to float16 0x2E66 = (1 + 614/1024) / 16 = 0.0999755859375 and to bfloat16 0x3DCD
            // = (1 + 77/128) / 16 = 0.10009765625.
            Assert.Equal(0.0999755859375, TensorStatistics.Measure(Make(DType.Float16, 0.1)).Mean);
            Assert.Equal(0.10009765625, TensorStatistics.Measure(Make(DType.BFloat16, 0.1)).Mean);
        }

        [Fact]
        public void IntegersBeyondTheFloatRangeOfSmallTypesAreExact()
        {
            // uint64 and int64 extremes that double holds exactly: 2^63 and -2^63.
            var m = TensorStatistics.Measure(Make(DType.Int64, long.MinValue, 0));
            Assert.Equal(-Math.Pow(2, 63), m.Min);
            Assert.Equal(-Math.Pow(2, 62), m.Mean);
            Assert.Equal(Math.Pow(2, 63), TensorStatistics.Measure(Make(DType.UInt64, 9223372036854775808UL)).Max);
        }

        [Fact]
        public void TheVarianceSurvivesALargeOffset()
        {
            // 1e9 + (0, 1, 2, 3) repeated: std sqrt(1.25) whatever the offset. A sum of squares in double loses it all
            // (1e18 has no digits left for 1.25), and so does a mean formed as one running sum in float.
            var n = 100_000;
            var t = Tensor.Zeros(new[] { n }, DType.Float64);
            var data = t.AsSpan<double>();
            for (var i = 0; i < n; i++)
            {
                data[i] = 1e9 + (i % 4);
            }

            var m = TensorStatistics.Measure(t);
            Assert.Equal(1e9 + 1.5, m.Mean, 6);
            Assert.Equal(Math.Sqrt(1.25), m.Std, 9);
        }

        [Theory]
        [InlineData(DType.Bool)]
        [InlineData(DType.Complex64)]
        [InlineData(DType.Complex128)]
        [InlineData(DType.String)]
        public void NonRealDTypesAreRefused(DType dtype)
        {
            var ex = Assert.Throws<InitializerException>(() => TensorStatistics.Measure(Tensor.Zeros(new[] { 2 }, dtype)));
            Assert.Equal("UnsupportedDType", ex.ErrorId);
            Assert.Contains(dtype.Name(), ex.Message);
        }

        [Fact]
        public void ZeroBinsAreRefused()
        {
            var ex = Assert.Throws<InitializerException>(() => TensorStatistics.Measure(Make(DType.Float32, 1), 0));
            Assert.Equal("InvalidBins", ex.ErrorId);
        }

        [Fact]
        public void RenderDrawsOneBarPerBinScaledToTheLargest()
        {
            var h = new Histogram(new[] { -1.0, 0.0, 0.5, 1.0 }, new[] { 2L, 4L, 0L });
            var lines = h.Render(4, 3).Split('\n');
            Assert.Equal(
                new[]
                {
                    "[-1, 0)   ██   2",
                    "[0, 0.5)  ████ 4",
                    "[0.5, 1]       0",
                },
                lines);
        }

        private static Tensor Make(DType dtype, params object[] values)
        {
            var t = Tensor.Zeros(new[] { values.Length }, dtype);
            for (var i = 0; i < values.Length; i++)
            {
                t.SetFlat(i, values[i]);
            }

            return t;
        }
    }
}
