#if !LIB_NETSTANDARD // the netstandard2.0 build has no SIMD random kernels: nothing to compare there
using System;
using System.Runtime.InteropServices;
using Initializers.Randomness;
using Xunit;

namespace Initializers.Tests.Randomness
{
    /// <summary>The SIMD path of this process's tier (AVX-512 or AVX2) against the scalar reference path, bit for bit.
    /// Without AVX2 there is no SIMD path, and every case reports as skipped (build.ps1 Test counts it so).</summary>
    [Trait("Category", "EveryTier")]
    public class SimdEqualsScalarTests
    {
        public static TheoryData<long, int> Cases => new TheoryData<long, int>
        {
            { 0, 4099 }, { 1, 3001 }, { 3, 2047 }, { 7, 5000 }, { 1_000_003, 4097 }, { (1L << 34) - 5, 3000 },
        };

        [SkippableTheory, MemberData(nameof(Cases))]
        public void UniformFloat(long offset, int length) =>
            Check<float>(length, (d, simd) => RandomFill.Uniform(d, 42, 0, offset, -3.5f, 7.25f, simd));

        [SkippableTheory, MemberData(nameof(Cases))]
        public void UniformDouble(long offset, int length) =>
            Check<double>(length, (d, simd) => RandomFill.Uniform(d, 42, 0, offset, -3.5, 7.25, simd));

        [SkippableTheory, MemberData(nameof(Cases))]
        public void NormalFloat(long offset, int length) =>
            Check<float>(length, (d, simd) => RandomFill.Normal(d, -9, 3, offset, 0.5f, 2f, simd));

        [SkippableTheory, MemberData(nameof(Cases))]
        public void NormalDouble(long offset, int length) =>
            Check<double>(length, (d, simd) => RandomFill.Normal(d, -9, 3, offset, 0.5, 2.0, simd));

        [SkippableTheory, MemberData(nameof(Cases))]
        public void TruncatedNormalFloat(long offset, int length) =>
            Check<float>(length, (d, simd) => RandomFill.TruncatedNormal(d, 1234567, 1, offset, -1f, 0.3f, simd));

        [SkippableTheory, MemberData(nameof(Cases))]
        public void TruncatedNormalDouble(long offset, int length) =>
            Check<double>(length, (d, simd) => RandomFill.TruncatedNormal(d, 1234567, 1, offset, -1.0, 0.3, simd));

        [SkippableTheory, MemberData(nameof(Cases))]
        public void UniformInt64(long offset, int length) =>
            Check<long>(length, (d, simd) => RandomFill.UniformInt64(d, 5, 2, offset, -1000, (1L << 62) + 12345, simd));

        private delegate void Filler<T>(Span<T> destination, bool simd);

        private static void Check<T>(int length, Filler<T> fill) where T : unmanaged
        {
            Skip.IfNot(VectorKernels.IsSupported, "No SIMD random kernel on this tier (AVX2 is off or missing): the scalar path is the only one.");
            var vector = new T[length];
            var scalar = new T[length];
            fill(vector, true);
            fill(scalar, false);
            // Compare bits, not values: Equals would call 0.0 and -0.0 equal.
            var vectorBytes = MemoryMarshal.AsBytes(vector.AsSpan());
            var scalarBytes = MemoryMarshal.AsBytes(scalar.AsSpan());
            var size = vectorBytes.Length / length;
            for (var i = 0; i < length; i++)
            {
                if (!vectorBytes.Slice(i * size, size).SequenceEqual(scalarBytes.Slice(i * size, size)))
                {
                    Assert.Fail($"element {i}: simd {vector[i]} != scalar {scalar[i]}");
                }
            }
        }
    }
}

namespace Initializers.Tests.Randomness
{
    [Trait("Category", "EveryTier")]
    public class Int53ConversionTests
    {
        // The AVX2 fallback conversion (used where AVX-512 is missing) against the exact scalar conversion.
        [SkippableFact]
        public void ExponentTrickIsExact()
        {
            Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "AVX2 is off or missing on this tier.");
            var random = new Random(4);
            var edge = new ulong[] { 0, 1, (1UL << 32) - 1, 1UL << 32, (1UL << 53) - 1, 1UL << 52 };
            for (var i = 0; i < 10_000; i++)
            {
                var a = i < edge.Length ? edge[i] : (ulong)random.NextInt64() >> 11;
                var v = VectorKernels.Int53ToDouble(System.Runtime.Intrinsics.Vector256.Create(a, a >> 1, a >> 20, a >> 40));
                Assert.Equal((double)a, v[0]);
                Assert.Equal((double)(a >> 1), v[1]);
                Assert.Equal((double)(a >> 20), v[2]);
                Assert.Equal((double)(a >> 40), v[3]);
            }
        }
    }
}
#endif
