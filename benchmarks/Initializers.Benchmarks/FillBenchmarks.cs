using BenchmarkDotNet.Attributes;

namespace Initializers.Benchmarks
{
    /// <summary>This library's initializers through the public contract, <c>Call(shape, dtype)</c>, with the default
    /// threading (every core above the parallel threshold).</summary>
    [Config(typeof(BenchConfig))]
    public class FillBenchmarks
    {
        private Initializer initializer = null!;
        private int[] shape = null!;

        [Params("Zeros", "Ones", "Constant", "RandomUniform", "RandomNormal", "TruncatedNormal", "GlorotUniform", "HeNormal")]
        public string Initializer { get; set; } = "Zeros";

        [Params(DType.Float32, DType.Float64)]
        public DType DType { get; set; }

        [Params(1_000, 1_000_000, 10_000_000, 100_000_000)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            initializer = Initializer == "Constant"
                ? Initializers.Initializer.FromConfig("Constant", new System.Collections.Hashtable { ["value"] = 0.5 })
                : Initializers.Initializer.FromConfig(Initializer, Initializer.StartsWith("Random", System.StringComparison.Ordinal) || Initializer.EndsWith("Normal", System.StringComparison.Ordinal) || Initializer.EndsWith("Uniform", System.StringComparison.Ordinal)
                    ? new System.Collections.Hashtable { ["seed"] = 42 }
                    : null);
            shape = new[] { N };
        }

        [Benchmark]
        public Tensor Call() => initializer.Call(shape, DType);
    }
}
