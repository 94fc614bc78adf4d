using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Tests.Family;
using Initializers.Torch;
using MathNet.Numerics.Distributions;
using Xunit;

namespace Initializers.Tests.Torch
{
    /// <summary>Every new random initializer, float32 and float64, on a Linear (300, 400) weight and a Conv2d
    /// (128, 64, 3, 3) weight in PyTorch's layout: mean, std and a Kolmogorov–Smirnov test against the distribution
    /// PyTorch's formula gives (hand-written below from torch/nn/init.py, with the fans size(1)·receptive and
    /// size(0)·receptive), as StatisticsTests does for the Keras family. KS threshold: the α = 0.001 critical value 1.95/sqrt(n).</summary>
    public class TorchStatisticsTests
    {
        public static IEnumerable<object[]> Cases()
        {
            var seed = 5000L;
            foreach (var shape in new[] { new[] { 300, 400 }, new[] { 128, 64, 3, 3 } })
            {
                foreach (var dtype in new[] { DType.Float32, DType.Float64 })
                {
                    foreach (var name in new[]
                    {
                        "Uniform", "Normal", "TruncNormal", "TruncNormalAsymmetric", "XavierUniform", "XavierNormal",
                        "KaimingUniform", "KaimingNormal", "KaimingNormalLeakyFanOut", "SparseNonZeros",
                    }.Where(n => n != "SparseNonZeros" || shape.Length == 2)) // sparse_ takes rank 2 only
                    {
                        yield return new object[] { name, shape, dtype, seed++ };
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void SamplesFollowPyTorchsDistribution(string name, int[] shape, DType dtype, long seed)
        {
            var (init, dist) = Make(name, shape, seed);
            var values = init.Call(shape, dtype).ToArray<double>();
            if (name == "SparseNonZeros")
            {
                values = values.Where(v => v != 0).ToArray();
            }

            StatisticsTests.AssertFollows(values, dist.Mean, dist.Std, dist.Kurtosis, dist.Cdf);
        }

        private sealed record Dist(double Mean, double Std, double Kurtosis, Func<double, double> Cdf);

        private static Dist Uniform(double a, double b) =>
            new((a + b) / 2, (b - a) / Math.Sqrt(12), 1.8, x => Math.Min(1, Math.Max(0, (x - a) / (b - a))));

        private static Dist Gaussian(double mu, double sigma) =>
            new(mu, sigma, 3.0, x => Normal.CDF(mu, sigma, x));

        /// <summary>N(mu, sigma²) conditioned on [a, b]: moments by Simpson integration of the density (independent of
        /// the code under test), CDF from the normal CDF.</summary>
        private static Dist Truncated(double mu, double sigma, double a, double b)
        {
            double mass = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0;
            const int steps = 20000;
            var h = (b - a) / steps;
            for (var i = 0; i <= steps; i++)
            {
                var x = a + (i * h);
                var w = (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2) * h / 3 * Normal.PDF(mu, sigma, x);
                mass += w;
                m1 += w * x;
            }

            var mean = m1 / mass;
            for (var i = 0; i <= steps; i++)
            {
                var x = a + (i * h);
                var w = (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2) * h / 3 * Normal.PDF(mu, sigma, x) / mass;
                var c = x - mean;
                m2 += w * c * c;
                m3 += w * c * c * c;
                m4 += w * c * c * c * c;
            }

            var lo = Normal.CDF(mu, sigma, a);
            var total = Normal.CDF(mu, sigma, b) - lo;
            return new Dist(mean, Math.Sqrt(m2), m4 / (m2 * m2), x => Math.Min(1, Math.Max(0, (Normal.CDF(mu, sigma, x) - lo) / total)));
        }

        private static (Initializer, Dist) Make(string name, int[] shape, long seed)
        {
            // PyTorch's fans, written out: fan_in = size(1)·receptive, fan_out = size(0)·receptive.
            var receptive = shape.Skip(2).Aggregate(1.0, (p, d) => p * d);
            var fanIn = shape[1] * receptive;
            var fanOut = shape[0] * receptive;
            return name switch
            {
                "Uniform" => (new TorchUniform(-0.3, 0.7, seed), Uniform(-0.3, 0.7)),
                "Normal" => (new TorchNormal(0.5, 2.0, seed), Gaussian(0.5, 2.0)),
                "TruncNormal" => (new TorchTruncNormal(seed: seed), Truncated(0, 1, -2, 2)),
                "TruncNormalAsymmetric" => (new TorchTruncNormal(0.5, 2.0, -1.0, 6.0, seed), Truncated(0.5, 2.0, -1.0, 6.0)),
                "XavierUniform" => (new TorchXavierUniform(1.5, seed), Uniform(-1.5 * Math.Sqrt(6 / (fanIn + fanOut)), 1.5 * Math.Sqrt(6 / (fanIn + fanOut)))),
                "XavierNormal" => (new TorchXavierNormal(0.5, seed), Gaussian(0, 0.5 * Math.Sqrt(2 / (fanIn + fanOut)))),
                // Defaults: leaky_relu with a = 0, gain sqrt(2); bound sqrt(3)·gain/sqrt(fan_in) = sqrt(6/fan_in).
                "KaimingUniform" => (new TorchKaimingUniform(seed: seed), Uniform(-Math.Sqrt(6 / fanIn), Math.Sqrt(6 / fanIn))),
                "KaimingNormal" => (new TorchKaimingNormal(nonlinearity: "tanh", seed: seed), Gaussian(0, 5.0 / 3 / Math.Sqrt(fanIn))),
                "KaimingNormalLeakyFanOut" => (new TorchKaimingNormal(0.2, "fan_out", "leaky_relu", seed), Gaussian(0, Math.Sqrt(2 / 1.04) / Math.Sqrt(fanOut))),
                _ => (new TorchSparse(0.25, 0.3, seed), Gaussian(0, 0.3)),
            };
        }
    }
}
