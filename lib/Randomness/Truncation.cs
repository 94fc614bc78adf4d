using System;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif

namespace Initializers.Randomness
{
    /// <summary>
    /// Truncated normal (Keras/TF semantics): draw a standard normal z, re-draw while |z| &gt; 2, return mean + stddev*z.
    /// Re-draw r of element i uses Philox round c2 = r, so the value depends only on (seed, stream, i).
    /// </summary>
    internal static class Truncation
    {
        /// <summary>
        /// Re-draw limit. One draw falls outside 2 sigma with probability 0.0455, so needing 1000 re-draws has
        /// probability about 10^-1342: in practice never. If it happens anyway, the last draw is clamped to +-2.
        /// </summary>
        public const int MaxRounds = 1000;

        /// <summary>Elements per pass: large enough for the vector fill, small enough to stay in L1.</summary>
        private const int Chunk = 2048;

        [MethodImpl(Hot.Loop)]
        public static void Fill(Span<float> dst, ulong seed, uint stream, long offset, float mean, float stddev, bool simd)
        {
            var standard = new NormalFloatTransform(0f, 1f);
#if NET8_0_OR_GREATER
            Span<int> rejected = stackalloc int[Chunk];   // positions outside 2 sigma in the current chunk
#endif
            for (int start = 0; start < dst.Length; start += Chunk)
            {
                Span<float> chunk = dst.Slice(start, Math.Min(Chunk, dst.Length - start));
                long chunkOffset = offset + start;
#if NET8_0_OR_GREATER
                if (simd && VectorKernels.IsSupported)
                {
                    int i = 0;
                    VectorKernels.NormalFloat(chunk, seed, stream, 0, chunkOffset, standard);
                    var two = Vector256.Create(2f);
                    var vmean = Vector256.Create(mean);
                    var vstddev = Vector256.Create(stddev);
                    ref float first = ref MemoryMarshal.GetReference(chunk);
                    // Pass 1: round-0 normals are in place; note the elements outside 2 sigma.
                    int count = 0;
                    for (; i + 8 <= chunk.Length; i += 8)
                    {
                        uint outside = Vector256.GreaterThan(Vector256.Abs(Vector256.LoadUnsafe(ref first, (nuint)i)), two).ExtractMostSignificantBits();
                        while (outside != 0)
                        {
                            rejected[count++] = i + BitOperations.TrailingZeroCount(outside);
                            outside &= outside - 1;
                        }
                    }
                    for (int j = i; j < chunk.Length; j++)
                    {
                        if (Math.Abs(chunk[j]) > 2f)
                            rejected[count++] = j;
                    }

                    // Pass 2: re-draw them eight at a time, round after round.
                    RedrawFloatSimd(chunk, rejected.Slice(0, count), seed, stream, chunkOffset);

                    // Pass 3: scale.
                    for (i = 0; i + 8 <= chunk.Length; i += 8)
                        (vmean + vstddev * Vector256.LoadUnsafe(ref first, (nuint)i)).StoreUnsafe(ref first, (nuint)i);
                    for (; i < chunk.Length; i++)
                        chunk[i] = mean + stddev * chunk[i];
                    continue;
                }
#endif
                // Scalar reference: the same three steps, element by element.
                ScalarKernels.Fill(chunk, seed, stream, 0, chunkOffset, standard);
                for (int i = 0; i < chunk.Length; i++)
                {
                    float z = chunk[i];
                    if (Math.Abs(z) > 2f)
                        z = RedrawFloat(seed, stream, chunkOffset + i);
                    chunk[i] = mean + stddev * z;
                }
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// Vector re-draws: the lanes give the bits of <see cref="StandardNormalFloat"/>, so the result equals
        /// the scalar path's. Elements still outside after a round stay in the list for the next round.
        /// </summary>
        [MethodImpl(Hot.Loop)]
        private static void RedrawFloatSimd(Span<float> chunk, Span<int> pending, ulong seed, uint stream, long chunkOffset)
        {
            Span<uint> low = stackalloc uint[8], high = stackalloc uint[8], position = stackalloc uint[8];
            Span<float> z = stackalloc float[8];
            int count = pending.Length;
            for (uint round = 1; round <= MaxRounds && count > 0; round++)
            {
                int kept = 0;
                for (int j = 0; j < count; j += 8)
                {
                    int lanes = Math.Min(8, count - j);
                    for (int lane = 0; lane < 8; lane++)
                    {
                        ulong element = (ulong)(chunkOffset + pending[j + Math.Min(lane, lanes - 1)]);
                        low[lane] = (uint)(element >> 2);
                        high[lane] = (uint)(element >> 34);
                        position[lane] = (uint)element & 3;
                    }
                    VectorKernels.StandardNormalAt(seed, stream, round,
                        Vector256.Create<uint>(low), Vector256.Create<uint>(high), Vector256.Create<uint>(position)).CopyTo(z);
                    for (int lane = 0; lane < lanes; lane++)
                    {
                        int index = pending[j + lane];
                        if (Math.Abs(z[lane]) <= 2f)
                            chunk[index] = z[lane];
                        else
                            pending[kept++] = index;   // kept <= j + lane: never overwrites an unread entry
                    }
                }
                count = kept;
            }

            // Only after MaxRounds rejections in a row (see MaxRounds): the scalar re-draw clamps.
            for (int j = 0; j < count; j++)
                chunk[pending[j]] = RedrawFloat(seed, stream, chunkOffset + pending[j]);
        }
#endif

        private static float RedrawFloat(ulong seed, uint stream, long index)
        {
            float z = 0f;
            for (uint round = 1; round <= MaxRounds; round++)
            {
                z = StandardNormalFloat(seed, stream, round, index);
                if (Math.Abs(z) <= 2f)
                    return z;
            }
            return Math.Max(-2f, Math.Min(2f, z));
        }

        /// <summary>
        /// One element of <see cref="NormalFloatTransform"/>(0, 1) in the given round, computing only the
        /// Box–Muller pair it needs (re-draws are rare, but each one is a scalar Philox block).
        /// </summary>
        private static float StandardNormalFloat(ulong seed, uint stream, uint round, long index)
        {
            Philox4x32.Block(seed, stream, round, (ulong)index >> 2, out uint w0, out uint w1, out uint w2, out uint w3);
            bool secondPair = (index & 2) != 0;
            Bits.BoxMuller(secondPair ? w2 : w0, secondPair ? w3 : w1, out float z0, out float z1);
            return 0f + 1f * ((index & 1) == 0 ? z0 : z1);   // exactly what the transform with mean 0, stddev 1 gives
        }

        [MethodImpl(Hot.Loop)]
        public static void Fill(Span<double> dst, ulong seed, uint stream, long offset, double mean, double stddev, bool simd)
        {
            var standard = new NormalDoubleTransform(0.0, 1.0);
#if NET8_0_OR_GREATER
            Span<int> rejected = stackalloc int[Chunk];   // positions outside 2 sigma in the current chunk
#endif
            for (int start = 0; start < dst.Length; start += Chunk)
            {
                Span<double> chunk = dst.Slice(start, Math.Min(Chunk, dst.Length - start));
                long chunkOffset = offset + start;
#if NET8_0_OR_GREATER
                if (simd && VectorKernels.IsSupported)
                {
                    int i = 0;
                    VectorKernels.NormalDouble(chunk, seed, stream, 0, chunkOffset, standard);
                    var two = Vector256.Create(2.0);
                    var vmean = Vector256.Create(mean);
                    var vstddev = Vector256.Create(stddev);
                    ref double first = ref MemoryMarshal.GetReference(chunk);
                    // Pass 1: round-0 normals are in place; note the elements outside 2 sigma.
                    int count = 0;
                    for (; i + 4 <= chunk.Length; i += 4)
                    {
                        uint outside = Vector256.GreaterThan(Vector256.Abs(Vector256.LoadUnsafe(ref first, (nuint)i)), two).ExtractMostSignificantBits();
                        while (outside != 0)
                        {
                            rejected[count++] = i + BitOperations.TrailingZeroCount(outside);
                            outside &= outside - 1;
                        }
                    }
                    for (int j = i; j < chunk.Length; j++)
                    {
                        if (Math.Abs(chunk[j]) > 2.0)
                            rejected[count++] = j;
                    }

                    // Pass 2: re-draw them eight at a time, round after round.
                    RedrawDoubleSimd(chunk, rejected.Slice(0, count), seed, stream, chunkOffset);

                    // Pass 3: scale.
                    for (i = 0; i + 4 <= chunk.Length; i += 4)
                        (vmean + vstddev * Vector256.LoadUnsafe(ref first, (nuint)i)).StoreUnsafe(ref first, (nuint)i);
                    for (; i < chunk.Length; i++)
                        chunk[i] = mean + stddev * chunk[i];
                    continue;
                }
#endif
                // Scalar reference: the same three steps, element by element.
                ScalarKernels.Fill(chunk, seed, stream, 0, chunkOffset, standard);
                for (int i = 0; i < chunk.Length; i++)
                {
                    double z = chunk[i];
                    if (Math.Abs(z) > 2.0)
                        z = RedrawDouble(seed, stream, chunkOffset + i);
                    chunk[i] = mean + stddev * z;
                }
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>Vector re-draws for double; see <see cref="RedrawFloatSimd"/>.</summary>
        [MethodImpl(Hot.Loop)]
        private static void RedrawDoubleSimd(Span<double> chunk, Span<int> pending, ulong seed, uint stream, long chunkOffset)
        {
            Span<uint> low = stackalloc uint[8], high = stackalloc uint[8], position = stackalloc uint[8];
            Span<double> z = stackalloc double[8];
            int count = pending.Length;
            for (uint round = 1; round <= MaxRounds && count > 0; round++)
            {
                int kept = 0;
                for (int j = 0; j < count; j += 8)
                {
                    int lanes = Math.Min(8, count - j);
                    for (int lane = 0; lane < 8; lane++)
                    {
                        ulong element = (ulong)(chunkOffset + pending[j + Math.Min(lane, lanes - 1)]);
                        low[lane] = (uint)(element >> 1);
                        high[lane] = (uint)(element >> 33);
                        position[lane] = (uint)element & 1;
                    }
                    VectorKernels.StandardNormalAt(seed, stream, round,
                        Vector256.Create<uint>(low), Vector256.Create<uint>(high), Vector256.Create<uint>(position),
                        out var first, out var second);
                    first.CopyTo(z);
                    second.CopyTo(z.Slice(4));
                    for (int lane = 0; lane < lanes; lane++)
                    {
                        int index = pending[j + lane];
                        if (Math.Abs(z[lane]) <= 2.0)
                            chunk[index] = z[lane];
                        else
                            pending[kept++] = index;
                    }
                }
                count = kept;
            }

            for (int j = 0; j < count; j++)
                chunk[pending[j]] = RedrawDouble(seed, stream, chunkOffset + pending[j]);
        }
#endif

        private static double RedrawDouble(ulong seed, uint stream, long index)
        {
            double z = 0.0;
            for (uint round = 1; round <= MaxRounds; round++)
            {
                z = StandardNormalDouble(seed, stream, round, index);
                if (Math.Abs(z) <= 2.0)
                    return z;
            }
            return Math.Max(-2.0, Math.Min(2.0, z));
        }

        /// <summary>One element of <see cref="NormalDoubleTransform"/>(0, 1) in the given round.</summary>
        private static double StandardNormalDouble(ulong seed, uint stream, uint round, long index)
        {
            Philox4x32.Block(seed, stream, round, (ulong)index >> 1, out uint w0, out uint w1, out uint w2, out uint w3);
            Bits.BoxMuller(w0, w1, w2, w3, out double z0, out double z1);
            return 0.0 + 1.0 * ((index & 1) == 0 ? z0 : z1);
        }
    }
}
