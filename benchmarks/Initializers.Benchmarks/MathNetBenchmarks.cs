using BenchmarkDotNet.Attributes;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Initializers.Benchmarks
{
    /// <summary>The dependency's own way to sample (float64 only in MathNet), with Xoshiro256StarStar.</summary>
    [Config(typeof(BenchConfig))]
    public class MathNetBenchmarks
    {
        private readonly Xoshiro256StarStar random = new(42);
        private double[] buffer = System.Array.Empty<double>();

        [Params(1_000, 1_000_000, 10_000_000, 100_000_000)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup() => buffer = new double[N];

        [Benchmark(Description = "MathNet ContinuousUniform.Samples")]
        public double[] Uniform()
        {
            ContinuousUniform.Samples(random, buffer, -0.05, 0.05);
            return buffer;
        }

        [Benchmark(Description = "MathNet Normal.Samples")]
        public double[] Normal()
        {
            MathNet.Numerics.Distributions.Normal.Samples(random, buffer, 0.0, 0.05);
            return buffer;
        }
    }
}
