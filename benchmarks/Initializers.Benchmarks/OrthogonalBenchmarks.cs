using System;
using BenchmarkDotNet.Attributes;
using Initializers.Family;

namespace Initializers.Benchmarks
{
    /// <summary>Orthogonal at 256², 1024² and 2048², float32, on one and two threads (libtorch's orthogonal_ is
    /// measured the same way by ../shared/peers/torch-bench).</summary>
    [Config(typeof(BenchConfig))]
    public class OrthogonalBenchmarks
    {
        private readonly Orthogonal orthogonal = new(1.0, 42);
        private IDisposable? scope;

        [Params(256, 1024, 2048)]
        public int Size { get; set; }

        [Params(1, 2)]
        public int Threads { get; set; }

        [IterationSetup]
        public void EnterScope() => scope = FillOptions.Use(new FillOptions { MaxThreads = Threads });

        [IterationCleanup]
        public void LeaveScope() => scope?.Dispose();

        [Benchmark]
        public Tensor Float32() => orthogonal.Call(new[] { Size, Size }, DType.Float32);
    }
}
