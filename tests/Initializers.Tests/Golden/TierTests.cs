using System;
using System.Linq;
using System.Runtime.Intrinsics.X86;
using Initializers.LinearAlgebra;
using Xunit;
using Xunit.Abstractions;

namespace Initializers.Tests.Golden
{
    /// <summary>Build.ps1 Test runs the tests of category EveryTier again in child processes with DOTNET_EnableAVX512=0,
    /// DOTNET_EnableAVX2=0 or DOTNET_EnableHWIntrinsic=0. This checks that such a variable really took the tier down,
    /// so that a pass there means what it says, and writes the tier into the test output. (.NET 10 reads
    /// DOTNET_EnableAVX512; the older DOTNET_EnableAVX512F is ignored there, and AVX-512 stays on.)</summary>
    [Trait("Category", "EveryTier")]
    public class TierTests
    {
        private readonly ITestOutputHelper output;

        public TierTests(ITestOutputHelper output) => this.output = output;

        [SkippableFact]
        public void TheDotnetEnableVariablesTookEffect()
        {
            Skip.IfNot(
                new[] { "DOTNET_EnableAVX512", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic" }.Any(Off),
                "Not a tier run: no DOTNET_Enable* variable switches a tier off in this process.");
            output.WriteLine($"AVX-512F {Avx512F.IsSupported}, AVX2 {Avx2.IsSupported}, FMA {Fma.IsSupported}, SSE2 {Sse2.IsSupported}, " +
                $"Vector<T> accelerated {System.Numerics.Vector.IsHardwareAccelerated} ({System.Numerics.Vector<double>.Count} doubles); " +
                $"library: fused multiply-add {MicroKernel.HasFusedMultiplyAdd}, vector micro-kernel {MicroKernel.IsVectorized}.");
            if (Off("DOTNET_EnableAVX512"))
            {
                Assert.False(Avx512F.IsSupported);
            }

            if (Off("DOTNET_EnableAVX2"))
            {
                // On .NET 10 this takes FMA (and AVX-512) down with AVX2.
                Assert.False(Avx2.IsSupported);
                Assert.False(MicroKernel.IsVectorized);
            }

            if (Off("DOTNET_EnableHWIntrinsic"))
            {
                Assert.False(Sse2.IsSupported);
                Assert.False(System.Numerics.Vector.IsHardwareAccelerated);
                Assert.False(MicroKernel.HasFusedMultiplyAdd);
            }
        }

        private static bool Off(string variable) => Environment.GetEnvironmentVariable(variable) == "0";
    }
}
