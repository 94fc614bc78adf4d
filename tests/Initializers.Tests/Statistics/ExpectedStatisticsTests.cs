using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Family;
using Initializers.Statistics;
using Xunit;

namespace Initializers.Tests.Statistics
{
    /// <summary>TensorStatistics.Expected against the formulas of initializers-spec §2 and §3, worked out by hand (the
    /// reference values of §3 where it has them), and the measured statistics of large seeded tensors against it.</summary>
    public class ExpectedStatisticsTests
    {
        [Fact]
        public void GlorotUniform300By400()
        {
            // fans (300, 400), limit sqrt(6 / 700), std limit / sqrt(3) = sqrt(2 / 700); [-limit, limit).
            var e = TensorStatistics.Expected(new GlorotUniform(seed: 1), new[] { 300, 400 })!;
            Assert.Equal(0.0, e.Mean);
            Assert.Equal(0.053452248382484880, e.Std, 15);
            Assert.Equal(-0.092582009977255146, e.Min!.Value, 15);
            Assert.Equal(0.092582009977255146, e.Max!.Value, 15);
            Assert.True(e.MaxExclusive);
            Assert.False(e.Exact);
        }

        [Fact]
        public void HeNormalOnAConvKernelUsesTheSpecsReferenceValues()
        {
            // §3: (3, 3, 16, 32) has fans (144, 288); HeNormal param stddev 0.13397873142899422, clip
            // ±0.26795746285798844; the std after truncation is sqrt(2 / 144).
            var e = TensorStatistics.Expected(new HeNormal(seed: 1), new[] { 3, 3, 16, 32 })!;
            Assert.Equal(Math.Sqrt(2.0 / 144), e.Std, 15);
            Assert.Equal(-0.26795746285798844, e.Min!.Value, 15);
            Assert.Equal(0.26795746285798844, e.Max!.Value, 15);
            Assert.False(e.MaxExclusive);
        }

        [Fact]
        public void LecunUniformOnAVectorAndHeUniformOnAConvKernel()
        {
            // §3: (10,) has fans (10, 10), LecunUniform limit 0.5477225575051662; HeUniform (3,3,16,32) limit 0.2041241452319315.
            var lecun = TensorStatistics.Expected(new LecunUniform(seed: 1), new[] { 10 })!;
            Assert.Equal(0.5477225575051662, lecun.Max!.Value, 15);
            Assert.Equal(0.5477225575051662 / Math.Sqrt(3), lecun.Std, 15);
            var he = TensorStatistics.Expected(new HeUniform(seed: 1), new[] { 3, 3, 16, 32 })!;
            Assert.Equal(0.2041241452319315, he.Max!.Value, 15);
        }

        [Fact]
        public void UntruncatedVarianceScalingIsUnbounded()
        {
            // scale 2, fan_out of (4, 5) = 5: std sqrt(2 / 5).
            var e = TensorStatistics.Expected(new VarianceScaling(2.0, "fan_out", "untruncated_normal", 1), new[] { 4, 5 })!;
            Assert.Equal(Math.Sqrt(0.4), e.Std, 15);
            Assert.Null(e.Min);
            Assert.Null(e.Max);
        }

        [Fact]
        public void RandomUniformFloatAndInteger()
        {
            // U[-1, 3): mean 1, std 4 / sqrt(12).
            var f = TensorStatistics.Expected(new RandomUniform(-1, 3, 1), new[] { 7 })!;
            Assert.Equal(1.0, f.Mean);
            Assert.Equal(1.1547005383792515, f.Std, 15);
            Assert.Equal((-1.0, 3.0, true), (f.Min!.Value, f.Max!.Value, f.MaxExclusive));

            // int32 uniform on 0..9: mean 4.5, variance (10² - 1) / 12 = 8.25.
            var i = TensorStatistics.Expected(new RandomUniform(0, 10, 1), new[] { 7 }, DType.Int32)!;
            Assert.Equal(4.5, i.Mean);
            Assert.Equal(Math.Sqrt(8.25), i.Std, 15);
            Assert.Equal((0.0, 9.0, false), (i.Min!.Value, i.Max!.Value, i.MaxExclusive));
        }

        [Fact]
        public void RandomNormalAndTruncatedNormal()
        {
            var n = TensorStatistics.Expected(new RandomNormal(2, 0.5, 1), new[] { 3 })!;
            Assert.Equal((2.0, 0.5), (n.Mean, n.Std));
            Assert.Null(n.Min);

            // Keras applies no correction: std 0.1 · 0.87962566103423978, cut at 1 ± 0.2.
            var t = TensorStatistics.Expected(new TruncatedNormal(1, 0.1, 1), new[] { 3 })!;
            Assert.Equal(1.0, t.Mean);
            Assert.Equal(0.087962566103423978, t.Std, 15);
            Assert.Equal(0.8, t.Min!.Value, 15);
            Assert.Equal(1.2, t.Max!.Value, 15);
        }

        [Fact]
        public void FixedInitializersAreExactAfterTheCast()
        {
            var zeros = TensorStatistics.Expected(new Zeros(), new[] { 2, 2 })!;
            Assert.Equal((0.0, 0.0, 0.0, 0.0, true), (zeros.Mean, zeros.Std, zeros.Min!.Value, zeros.Max!.Value, zeros.Exact));
            var ones = TensorStatistics.Expected(new Ones(), new[] { 2 }, DType.UInt8)!;
            Assert.Equal((1.0, 0.0), (ones.Mean, ones.Std));

            // 0.1 in float32 is 13421773 / 2^27 = 0.100000001490116119384765625; in float16, 0.0999755859375.
            Assert.Equal(0.100000001490116119384765625, TensorStatistics.Expected(new Constant(0.1), new[] { 3 })!.Mean);
            Assert.Equal(0.0999755859375, TensorStatistics.Expected(new Constant(0.1), new[] { 3 }, DType.Float16)!.Mean);

            // 1, 2, 3, 4 as int32: mean 2.5, std sqrt(1.25), min 1, max 4; 2.7 cast into int32 is 2 (tf.cast truncates).
            var list = TensorStatistics.Expected(new Constant(new object[] { new object[] { 1, 2 }, new object[] { 3, 4.7 } }), new[] { 2, 2 }, DType.Int32)!;
            Assert.Equal((2.5, 1.0, 4.0), (list.Mean, list.Min!.Value, list.Max!.Value));
            Assert.Equal(Math.Sqrt(1.25), list.Std, 15);
        }

        [Fact]
        public void IdentityIsExact()
        {
            // 2 × 3, gain 2: [[2, 0, 0], [0, 2, 0]]: mean 4/6; E[x²] = 8/6, variance 8/6 - 16/36 = 8/9.
            var e = TensorStatistics.Expected(new Identity(2), new[] { 2, 3 })!;
            Assert.Equal(2.0 / 3, e.Mean, 15);
            Assert.Equal(Math.Sqrt(8.0 / 9), e.Std, 14);
            Assert.Equal((0.0, 2.0, true), (e.Min!.Value, e.Max!.Value, e.Exact));

            // 2 × 2, gain -1: mean -0.5, std 0.5, values -1 and 0.
            var neg = TensorStatistics.Expected(new Identity(-1), new[] { 2, 2 })!;
            Assert.Equal((-0.5, 0.5, -1.0, 0.0), (neg.Mean, neg.Std, neg.Min!.Value, neg.Max!.Value));

            // 1 × 1: the one value, std 0.
            var one = TensorStatistics.Expected(new Identity(3), new[] { 1, 1 })!;
            Assert.Equal((3.0, 0.0, 3.0, 3.0), (one.Mean, one.Std, one.Min!.Value, one.Max!.Value));
        }

        [Fact]
        public void OrthogonalStdIsItsExactRootMeanSquare()
        {
            // (3, 4, 5): 12 rows, 5 columns, 5 orthonormal columns of norm 2: sum of squares 4 · 5 = 20 over 60 entries,
            // RMS sqrt(1/3); every entry within ±2.
            var e = TensorStatistics.Expected(new Orthogonal(2, 1), new[] { 3, 4, 5 })!;
            Assert.Equal(Math.Sqrt(1.0 / 3), e.Std, 15);
            Assert.Equal(0.0, e.Mean);
            Assert.Equal((-2.0, 2.0), (e.Min!.Value, e.Max!.Value));
        }

        [Fact]
        public void ShapesAndDTypesTheInitializerRefusesAreItsErrors()
        {
            Assert.Equal("InvalidRank", Assert.Throws<InitializerException>(() => TensorStatistics.Expected(new Identity(), new[] { 2, 2, 2 })).ErrorId);
            Assert.Equal("InvalidRank", Assert.Throws<InitializerException>(() => TensorStatistics.Expected(new Orthogonal(seed: 1), new[] { 4 })).ErrorId);
            Assert.Equal("UnsupportedDType", Assert.Throws<InitializerException>(() => TensorStatistics.Expected(new RandomNormal(seed: 1), new[] { 4 }, DType.Int32)).ErrorId);
            Assert.Equal("ConstantSizeMismatch", Assert.Throws<InitializerException>(() => TensorStatistics.Expected(new Constant(new object[] { 1, 2 }), new[] { 3 })).ErrorId);
            Assert.Equal("InvalidRank", Assert.Throws<InitializerException>(() => TensorStatistics.Measure(Tensor.Zeros(new[] { 3 }), new Identity(), 10)).ErrorId);
        }

        [Fact]
        public void AnInitializerOfAnotherClassHasNoExpectation()
        {
            Assert.Null(TensorStatistics.Expected(new Custom(), new[] { 2 }));
            Assert.Null(TensorStatistics.Measure(Tensor.Zeros(new[] { 2 }), new Custom(), 10).Expected);
        }

        public static IEnumerable<object[]> Seeded() => new[]
        {
            new object[] { new GlorotUniform(seed: 11), new[] { 1000, 1000 } },
            new object[] { new HeNormal(seed: 12), new[] { 3, 3, 256, 512 } },
            new object[] { new TruncatedNormal(0.5, 0.2, 13), new[] { 1000, 1000 } },
            new object[] { new RandomNormal(-1, 3, 14), new[] { 1000, 1000 } },
            new object[] { new VarianceScaling(3, "fan_avg", "untruncated_normal", 15), new[] { 1000, 1000 } },
            new object[] { new RandomUniform(2, 5, 16), new[] { 1000, 1000 } },
            new object[] { new Orthogonal(1.5, 17), new[] { 300, 200 } },
        };

        [Theory]
        [MemberData(nameof(Seeded))]
        public void LargeSeededTensorsMatchTheirExpectations(Initializer initializer, int[] shape)
        {
            // n = 10^6 (Orthogonal: 6·10^4 with an exact RMS). The standard error of a sample std is at most about
            // std · sqrt((kurtosis - 1) / 4n) ≈ 0.0005 · std here (kurtosis ≤ 3 for these), of the mean std / sqrt(n)
            // = 0.001 · std: 1 % and 0.5 % are over 10 standard errors, so a wrong formula fails and noise does not.
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            {
                var m = TensorStatistics.Measure(initializer.Call(shape, dtype), initializer, 10);
                var e = m.Expected!;
                Assert.True(Math.Abs(m.Std - e.Std) < 0.01 * e.Std, $"{initializer} {dtype}: std {m.Std} vs {e.Std}");
                Assert.True(Math.Abs(m.Mean - e.Mean) < 0.005 * e.Std, $"{initializer} {dtype}: mean {m.Mean} vs {e.Mean}");

                // Bounds hold up to the float32 rounding of the bound itself.
                var slack = dtype == DType.Float32 ? 1e-6 * Math.Abs(e.Max ?? 0) : 0;
                if (e.Min is double lo)
                {
                    Assert.True(m.Min >= lo - slack, $"{initializer} {dtype}: min {m.Min} < {lo}");
                }

                if (e.Max is double hi)
                {
                    Assert.True(e.MaxExclusive ? m.Max < hi + slack : m.Max <= hi + slack, $"{initializer} {dtype}: max {m.Max} vs {hi}");
                }
            }
        }

        private sealed class Custom : Initializer
        {
            public override string ClassName => "Custom";

            protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries() => Enumerable.Empty<KeyValuePair<string, object?>>();

            protected override Tensor Generate(int[] shape, DType dtype) => Tensor.Zeros(shape, dtype);
        }
    }
}
