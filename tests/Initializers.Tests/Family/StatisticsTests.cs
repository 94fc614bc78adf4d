using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Family;
using Xunit;

namespace Initializers.Tests.Family
{
    /// <summary>Every random initializer, float32 and float64, on a 300×400 matrix and a 3×3×64×128 kernel, with fixed
    /// seeds: mean, std, and a Kolmogorov–Smirnov test against the theoretical CDF. Expected moments come from the
    /// distributions' formulas; the KS threshold is the α = 0.001 critical value 1.95/sqrt(n). The hard bounds
    /// (uniform limits, the cut at 2σ) are DistributionFactsTests'.</summary>
    public class StatisticsTests
    {
        private const double TruncatedStdFactor = 0.87962566103423978; // std of N(0,1) truncated to [-2, 2]

        public static IEnumerable<object[]> Cases()
        {
            var shapes = new[] { new[] { 300, 400 }, new[] { 3, 3, 64, 128 } };
            var dtypes = new[] { DType.Float32, DType.Float64 };
            var seed = 1000L;
            foreach (var shape in shapes)
            {
                foreach (var dtype in dtypes)
                {
                    foreach (var name in new[]
                    {
                        "RandomUniform", "RandomNormal", "TruncatedNormal", "VarianceScaling", "VarianceScalingUniform", "VarianceScalingUntruncated",
                        "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal",
                    })
                    {
                        yield return new object[] { name, shape, dtype, seed++ };
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void SamplesFollowTheirDistribution(string name, int[] shape, DType dtype, long seed)
        {
            var (init, dist) = Make(name, shape, seed);
            AssertFollows(init.Call(shape, dtype).ToArray<double>(), dist.Mean, dist.Std, dist.Kurtosis, dist.Cdf);
        }

        /// <summary>Mean within 5 standard errors; std within 5 standard errors of the sample std
        /// (sqrt((m4 - s^4)/(4 n s^2))); Kolmogorov–Smirnov against the exact CDF below the α = 0.001 critical value.</summary>
        internal static void AssertFollows(double[] values, double expectedMean, double expectedStd, double kurtosis, Func<double, double> cdf)
        {
            var n = values.Length;
            var mean = values.Average();
            var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Sum() / (n - 1));
            Assert.True(Math.Abs(mean - expectedMean) < 5 * expectedStd / Math.Sqrt(n), $"mean {mean} vs {expectedMean}");
            var stdError = expectedStd * Math.Sqrt((kurtosis - 1) / (4.0 * n));
            Assert.True(Math.Abs(std - expectedStd) < 5 * stdError, $"std {std} vs {expectedStd} (se {stdError})");

            values = values.OrderBy(v => v).ToArray();
            double d = 0;
            for (var i = 0; i < n; i++)
            {
                var f = cdf(values[i]);
                d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - ((double)i / n)));
            }

            Assert.True(d < 1.95 / Math.Sqrt(n), $"KS statistic {d} >= {1.95 / Math.Sqrt(n)}");
        }

        [Fact]
        public void DifferentSeedsAreUncorrelated()
        {
            foreach (var (a, b) in new[] { (1L, 2L), (0L, 1L), (42L, 43L), (-1L, 1L) })
            {
                var x = new RandomNormal(0, 1, a).Call(new[] { 100000 }, DType.Float64).ToArray<double>();
                var y = new RandomNormal(0, 1, b).Call(new[] { 100000 }, DType.Float64).ToArray<double>();
                var r = MathNet.Numerics.Statistics.Correlation.Pearson(x, y);
                Assert.True(Math.Abs(r) < 5 / Math.Sqrt(x.Length), $"seeds {a} and {b}: r = {r}");
            }
        }

        [Fact]
        public void ASeededInitializerRepeatsItselfAndAnUnseededOneDiffersFromAnother()
        {
            var seeded = new TruncatedNormal(seed: 5);
            Assert.Equal(seeded.Call(new[] { 50 }).ToArray(), seeded.Call(new[] { 50 }).ToArray());
            Assert.Equal(seeded.Call(new[] { 50 }).ToArray(), new TruncatedNormal(seed: 5).Call(new[] { 50 }).ToArray());
            var unseeded = new RandomUniform();
            Assert.Equal(unseeded.Call(new[] { 50 }).ToArray(), unseeded.Call(new[] { 50 }).ToArray());
            Assert.NotEqual(unseeded.Call(new[] { 50 }).ToArray(), new RandomUniform().Call(new[] { 50 }).ToArray());
            // The drawn seed reproduces the run.
            Assert.Equal(unseeded.Call(new[] { 50 }).ToArray(), new RandomUniform(seed: unseeded.EffectiveSeed).Call(new[] { 50 }).ToArray());
        }

        [Fact]
        public void HalfPrecisionDTypesAreRoundedFloat32Samples()
        {
            var f16 = new RandomUniform(-1, 1, 9).Call(new[] { 1000 }, DType.Float16).ToArray<float>();
            var bf16 = new RandomUniform(-1, 1, 9).Call(new[] { 1000 }, DType.BFloat16).ToArray<float>();
            var f32 = new RandomUniform(-1, 1, 9).Call(new[] { 1000 }, DType.Float32).ToArray<float>();
            for (var i = 0; i < f32.Length; i++)
            {
                Assert.Equal(HalfConversions.FromHalfBits(HalfConversions.ToHalfBits(f32[i])), f16[i]);
                Assert.Equal(HalfConversions.FromBFloat16Bits(HalfConversions.ToBFloat16Bits(f32[i])), bf16[i]);
            }
        }

        [Fact]
        public void IntegerRandomUniformCoversTheHalfOpenRangeEvenly()
        {
            var values = new RandomUniform(-3, 4, 11).Call(new[] { 70000 }, DType.Int32).ToArray<int>();
            Assert.All(values, v => Assert.InRange(v, -3, 3));
            // Chi-square against 7 equal cells, 6 degrees of freedom: the 0.999 quantile is 22.46.
            var counts = values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(7, counts.Count);
            var chi2 = counts.Values.Sum(c => Math.Pow(c - 10000.0, 2) / 10000.0);
            Assert.True(chi2 < 22.46, $"chi2 {chi2}");
            Assert.All(new RandomUniform(0, 256, 3).Call(new[] { 1000 }, DType.UInt8).ToArray<int>(), v => Assert.InRange(v, 0, 255));
        }

        private sealed record Dist(double Mean, double Std, double Kurtosis, Func<double, double> Cdf);

        private static Dist Uniform(double a, double b) =>
            new((a + b) / 2, (b - a) / Math.Sqrt(12), 1.8, x => Math.Min(1, Math.Max(0, (x - a) / (b - a))));

        private static Dist Normal(double mu, double sigma) =>
            new(mu, sigma, 3.0, x => MathNet.Numerics.Distributions.Normal.CDF(mu, sigma, x));

        private static Dist Truncated(double mu, double sigma)
        {
            var lo = MathNet.Numerics.Distributions.Normal.CDF(0, 1, -2);
            var mass = MathNet.Numerics.Distributions.Normal.CDF(0, 1, 2) - lo;
            var kurtosis = TruncatedKurtosis();
            return new Dist(mu, sigma * TruncatedStdFactor, kurtosis,
                x => Math.Min(1, Math.Max(0, (MathNet.Numerics.Distributions.Normal.CDF(0, 1, (x - mu) / sigma) - lo) / mass)));
        }

        private static double TruncatedKurtosis()
        {
            // Moments of the standard normal truncated to [-2, 2] by Simpson integration (independent of the code under test).
            double m2 = 0, m4 = 0, mass = 0;
            const int steps = 20000;
            var h = 4.0 / steps;
            for (var i = 0; i <= steps; i++)
            {
                var z = -2 + (i * h);
                var w = (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2) * h / 3 * MathNet.Numerics.Distributions.Normal.PDF(0, 1, z);
                mass += w;
                m2 += w * z * z;
                m4 += w * z * z * z * z;
            }

            m2 /= mass;
            m4 /= mass;
            return m4 / (m2 * m2);
        }

        private static (Initializer, Dist) Make(string name, int[] shape, long seed)
        {
            var (fanIn, fanOut) = Fans.Compute(shape);
            Dist Vs(double scale, double n, string distribution)
            {
                var s = scale / Math.Max(1, n);
                return distribution switch
                {
                    "uniform" => Uniform(-Math.Sqrt(3 * s), Math.Sqrt(3 * s)),
                    "untruncated_normal" => Normal(0, Math.Sqrt(s)),
                    _ => Truncated(0, Math.Sqrt(s) / TruncatedStdFactor),
                };
            }

            return name switch
            {
                "RandomUniform" => (new RandomUniform(-0.3, 0.7, seed), Uniform(-0.3, 0.7)),
                "RandomNormal" => (new RandomNormal(0.5, 2.0, seed), Normal(0.5, 2.0)),
                "TruncatedNormal" => (new TruncatedNormal(-1.0, 0.5, seed), Truncated(-1.0, 0.5)),
                "VarianceScaling" => (new VarianceScaling(3.0, "fan_out", "truncated_normal", seed), Vs(3.0, fanOut, "truncated_normal")),
                "VarianceScalingUniform" => (new VarianceScaling(0.5, "fan_avg", "uniform", seed), Vs(0.5, (fanIn + fanOut) / 2, "uniform")),
                "VarianceScalingUntruncated" => (new VarianceScaling(2.0, "fan_in", "untruncated_normal", seed), Vs(2.0, fanIn, "untruncated_normal")),
                "GlorotUniform" => (new GlorotUniform(seed), Uniform(-Math.Sqrt(6 / (fanIn + fanOut)), Math.Sqrt(6 / (fanIn + fanOut)))),
                "GlorotNormal" => (new GlorotNormal(seed), Truncated(0, Math.Sqrt(2 / (fanIn + fanOut)) / TruncatedStdFactor)),
                "HeUniform" => (new HeUniform(seed), Uniform(-Math.Sqrt(6 / fanIn), Math.Sqrt(6 / fanIn))),
                "HeNormal" => (new HeNormal(seed), Truncated(0, Math.Sqrt(2 / fanIn) / TruncatedStdFactor)),
                "LecunUniform" => (new LecunUniform(seed), Uniform(-Math.Sqrt(3 / fanIn), Math.Sqrt(3 / fanIn))),
                _ => (new LecunNormal(seed), Truncated(0, Math.Sqrt(1 / fanIn) / TruncatedStdFactor)),
            };
        }
    }
}
