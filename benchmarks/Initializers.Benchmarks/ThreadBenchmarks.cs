using System;
using BenchmarkDotNet.Attributes;

namespace Initializers.Benchmarks
{
    /// <summary>One thread against two for the random float32 fills: the scaling target, and the per-thread rate
    /// compared with libtorch's one-thread figures.</summary>
    [Config(typeof(BenchConfig))]
    public class ThreadBenchmarks
    {
        private Initializer initializer = null!;
        private int[] shape = null!;
        private IDisposable? scope;

        [Params("RandomUniform", "RandomNormal", "TruncatedNormal", "HeNormal")]
        public string Initializer { get; set; } = "RandomUniform";

        [Params(1, 2)]
        public int Threads { get; set; }

        [Params(10_000_000, 100_000_000)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            initializer = Initializers.Initializer.FromConfig(Initializer, new System.Collections.Hashtable { ["seed"] = 42 });
            shape = new[] { N };
        }

        [IterationSetup]
        public void EnterScope() => scope = FillOptions.Use(new FillOptions { MaxThreads = Threads });

        [IterationCleanup]
        public void LeaveScope() => scope?.Dispose();

        [Benchmark]
        public Tensor Float32() => initializer.Call(shape, DType.Float32);
    }
}
