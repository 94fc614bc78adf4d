using System;
using BenchmarkDotNet.Attributes;

namespace Initializers.Benchmarks
{
    /// <summary>The physical limit rows: zeroing an existing buffer, allocating a fresh (zeroed) array, and allocating
    /// then filling, which is the bound for Ones and Constant.</summary>
    [Config(typeof(BenchConfig))]
    public class LimitBenchmarks
    {
        private float[] buffer = Array.Empty<float>();

        [Params(1_000, 1_000_000, 10_000_000, 100_000_000)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup() => buffer = new float[N];

        [Benchmark(Description = "Array.Clear (existing float[])")]
        public float[] ArrayClear()
        {
            Array.Clear(buffer, 0, buffer.Length);
            return buffer;
        }

        [Benchmark(Description = "new float[n]")]
        public float[] NewFloatArray() => new float[N];

        [Benchmark(Description = "new float[n] + Span.Fill")]
        public float[] NewFloatArrayAndFill()
        {
            var a = new float[N];
            a.AsSpan().Fill(1f);
            return a;
        }

        [Benchmark(Description = "new double[n]")]
        public double[] NewDoubleArray() => new double[N];
    }
}
