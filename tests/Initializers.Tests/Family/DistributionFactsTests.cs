using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Family;
using MathNet.Numerics.Distributions;
using Xunit;

namespace Initializers.Tests.Family
{
    /// <summary>The distribution-independent facts that hold in every framework, one row per initializer: the exact
    /// bounds (uniform limits, and mean ± 2·stddev where the normal is truncated), that both ends are reached (so the
    /// bound is the cut itself, not a looser one), that an untruncated normal is not cut, and Keras's variance
    /// correction 0.87962566103423978. Expected limits and stddevs are the reference values of spec section 3, or the
    /// spec's formulas worked out by hand.</summary>
    public class DistributionFactsTests
    {
        /// <summary>The std of N(0, 1) truncated to [-2, 2], as Keras quotes it.</summary>
        private const double KerasCorrection = 0.87962566103423978;

        private const int Samples = 20_000;

        public enum Kind
        {
            /// <summary>U[low, high).</summary>
            Uniform,
            /// <summary>N(mean, σ) cut to [mean - 2σ, mean + 2σ].</summary>
            Truncated,
            /// <summary>N(mean, σ), not cut: about 4.55% of the values lie beyond 2σ.</summary>
            Untruncated,
        }

        /// <summary>name, shape, kind, centre (uniform: low; normal: mean), parameter (uniform: high; normal: σ).</summary>
        public static IEnumerable<object[]> Rows()
        {
            var rows = new List<object[]>
            {
                new object[] { "RandomUniform", new[] { 1000 }, Kind.Uniform, -0.3, 0.7 },
                new object[] { "RandomNormal", new[] { 1000 }, Kind.Untruncated, 0.5, 2.0 },
                new object[] { "TruncatedNormal", new[] { 1000 }, Kind.Truncated, 1.5, 0.7 },
                // VarianceScaling on (3, 5): fan_in 3, fan_out 5, fan_avg 4.
                new object[] { "VarianceScaling/2/fan_out/truncated_normal", new[] { 3, 5 }, Kind.Truncated, 0.0, Math.Sqrt(2.0 / 5) / KerasCorrection },
                new object[] { "VarianceScaling/0.5/fan_avg/uniform", new[] { 3, 5 }, Kind.Uniform, -Math.Sqrt(3 * 0.5 / 4), Math.Sqrt(3 * 0.5 / 4) },
                new object[] { "VarianceScaling/1.5/fan_in/untruncated_normal", new[] { 3, 5 }, Kind.Untruncated, 0.0, Math.Sqrt(1.5 / 3) },
                // Spec section 3 reference values.
                new object[] { "GlorotUniform", new[] { 3, 5 }, Kind.Uniform, -0.8660254037844386, 0.8660254037844386 },
                new object[] { "GlorotNormal", new[] { 3, 5 }, Kind.Truncated, 0.0, 0.5684236171692783 },
                new object[] { "HeNormal", new[] { 3, 3, 16, 32 }, Kind.Truncated, 0.0, 0.13397873142899422 },
                new object[] { "HeUniform", new[] { 3, 3, 16, 32 }, Kind.Uniform, -0.2041241452319315, 0.2041241452319315 },
                new object[] { "LecunUniform", new[] { 10 }, Kind.Uniform, -0.5477225575051662, 0.5477225575051662 },
                new object[] { "LecunUniform", Array.Empty<int>(), Kind.Uniform, -Math.Sqrt(3), Math.Sqrt(3) },
                new object[] { "LecunNormal", new[] { 10 }, Kind.Truncated, 0.0, Math.Sqrt(1.0 / 10) / KerasCorrection },
            };
            foreach (var row in rows)
            {
                foreach (var dtype in new[] { DType.Float32, DType.Float64 })
                {
                    yield return row.Append(dtype).ToArray();
                }
            }
        }

        [Theory]
        [MemberData(nameof(Rows))]
        public void BoundsAreExactAndReached(string name, int[] shape, Kind kind, double centre, double parameter, DType dtype)
        {
            // The initializer's own parameter first (limit or stddev), where it has one.
            if (Make(name, 1) is VarianceScaling vs)
            {
                Assert.Equal(parameter, vs.ParameterFor(shape), 15);
            }

            var values = Sample(name, shape, dtype);
            var n = values.Length;
            double low, high;
            switch (kind)
            {
                case Kind.Uniform:
                    (low, high) = dtype == DType.Float32 ? ((float)centre, (float)parameter) : (centre, parameter);
                    Assert.All(values, v => Assert.True(v >= low && v < high, $"{v} outside [{low}, {high})"));
                    AssertReached(values, low, high, 15 * (high - low) / n);
                    break;
                case Kind.Truncated:
                    // Float32: mean and stddev are float32 and |z| <= 2, so the value lies between the rounded float32 bounds.
                    (low, high) = dtype == DType.Float32
                        ? ((float)centre - (2f * (float)parameter), (float)centre + (2f * (float)parameter))
                        : (centre - (2 * parameter), centre + (2 * parameter));
                    Assert.All(values, v => Assert.True(v >= low && v <= high, $"{v} outside [{low}, {high}]"));
                    // The density at the cut is φ(2)/(Φ(2) - Φ(-2)) ≈ 0.0566 per σ: within this gap each end is reached
                    // but with probability e^-15.
                    AssertReached(values, low, high, 15 / (0.0566 * n) * parameter);
                    break;
                default:
                    var beyond = values.Count(v => Math.Abs(v - centre) > 2 * parameter) / (double)n;
                    var p = 2 * Normal.CDF(0, 1, -2); // 0.0455
                    Assert.True(Math.Abs(beyond - p) < 5 * Math.Sqrt(p * (1 - p) / n), $"{beyond:P2} beyond 2σ, expected {p:P2}");
                    break;
            }
        }

        [Fact]
        public void TheVarianceCorrectionIsTheStdOfTheStandardNormalTruncatedAtTwo()
        {
            // Var of N(0, 1) cut to [-2, 2] is 1 - 2·2·φ(2) / (Φ(2) - Φ(-2)).
            var std = Math.Sqrt(1 - (4 * Normal.PDF(0, 1, 2) / (Normal.CDF(0, 1, 2) - Normal.CDF(0, 1, -2))));
            Assert.Equal(KerasCorrection, std, 15);
            Assert.Equal(KerasCorrection, VarianceScaling.TruncationCorrection);
        }

        private static void AssertReached(double[] values, double low, double high, double gap)
        {
            Assert.True(values.Min() <= low + gap, $"the lowest value {values.Min()} stays more than {gap} above {low}");
            Assert.True(values.Max() >= high - gap, $"the highest value {values.Max()} stays more than {gap} below {high}");
        }

        /// <summary>At least <see cref="Samples"/> values: one tensor per seed until there are enough.</summary>
        private static double[] Sample(string name, int[] shape, DType dtype)
        {
            var values = new List<double>();
            for (var seed = 1L; values.Count < Samples; seed++)
            {
                values.AddRange(Make(name, seed).Call(shape, dtype).ToArray<double>());
            }

            return values.ToArray();
        }

        private static Initializer Make(string name, long seed)
        {
            var parts = name.Split('/');
            return parts[0] switch
            {
                "RandomUniform" => new RandomUniform(-0.3, 0.7, seed),
                "RandomNormal" => new RandomNormal(0.5, 2.0, seed),
                "TruncatedNormal" => new TruncatedNormal(1.5, 0.7, seed),
                "VarianceScaling" => new VarianceScaling(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2], parts[3], seed),
                _ => Initializer.FromConfig(name, new System.Collections.Hashtable { ["seed"] = seed }),
            };
        }
    }
}
