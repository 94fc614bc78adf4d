using System;
using BenchmarkDotNet.Attributes;
using Initializers.LinearAlgebra;
using Initializers.Randomness;
using MathNet.Numerics;

namespace Initializers.Benchmarks
{
    /// <summary>The MathNet row of the Orthogonal table: Orthogonal's steps (the float64 Gaussian draw, Q with the sign
    /// fix, float32 output) with Q from MathNet's managed thin QR (<c>Matrix.QR()</c>, the code of the rare fallback)
    /// instead of CholeskyQR2. At 1024² only: 2048² takes MathNet many seconds per call.</summary>
    [Config(typeof(BenchConfig))]
    public class OrthogonalMathNetBenchmarks
    {
        private int previousParallelism;

        [Params(1024)]
        public int Size { get; set; }

        [Params(1, 2)]
        public int Threads { get; set; }

        [IterationSetup]
        public void EnterScope()
        {
            previousParallelism = Control.MaxDegreeOfParallelism;
            Control.MaxDegreeOfParallelism = Threads;
        }

        [IterationCleanup]
        public void LeaveScope() => Control.MaxDegreeOfParallelism = previousParallelism;

        [Benchmark(Description = "MathNet QR (managed, thin) + sign fix")]
        public float[] MathNetQR()
        {
            var n = Size;
            var a = new double[n * n];
            RandomFill.Normal(a.AsSpan(), 42, 0, 0, 0.0, 1.0);
            Orthonormalizer.HouseholderFallback(a, n, n);
            var result = new float[n * n];
            Orthonormalizer.WriteSingle(a, n, n, result, transpose: false, gain: 1.0);
            return result;
        }
    }
}
