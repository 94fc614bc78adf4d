using System;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
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
            Span<int> rejected = stackalloc int[Chunk + 8];   // positions outside 2 sigma in the current chunk (+8: vector appends)
#endif
            for (var start = 0; start < dst.Length; start += Chunk)
            {
                var chunk = dst.Slice(start, Math.Min(Chunk, dst.Length - start));
                var chunkOffset = offset + start;
#if NET8_0_OR_GREATER
                if (simd && VectorKernels.IsSupported)
                {
                    // Pass 1: round-0 values, scaled, with the positions outside 2 sigma noted (fused in the vector
                    // kernel for whole groups of blocks; the scalar reference for a partial group at either end).
                    VectorKernels.Split(chunkOffset, chunk.Length, 4, out var head, out var body);
                    var count = FirstPassScalar(chunk.Slice(0, head), seed, stream, chunkOffset, mean, stddev, rejected, 0, 0);
                    count = VectorKernels.TruncatedNormalFloat(chunk.Slice(head, body), seed, stream, chunkOffset + head, mean, stddev,
                        rejected, count, head);
                    count = FirstPassScalar(chunk.Slice(head + body), seed, stream, chunkOffset + head + body, mean, stddev,
                        rejected, count, head + body);

                    // Pass 2: re-draw them eight at a time, round after round.
                    RedrawFloatSimd(chunk, rejected.Slice(0, count), seed, stream, chunkOffset, mean, stddev);
                    continue;
                }
#endif
                // Scalar reference: the same three steps, element by element.
                ScalarKernels.Fill(chunk, seed, stream, 0, chunkOffset, standard);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var z = chunk[i];
                    if (Math.Abs(z) > 2f)
                    {
                        z = RedrawFloat(seed, stream, chunkOffset + i);
                    }

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
        private static void RedrawFloatSimd(Span<float> chunk, Span<int> pending, ulong seed, uint stream, long chunkOffset, float mean, float stddev)
        {
            Span<uint> low = stackalloc uint[8], high = stackalloc uint[8], position = stackalloc uint[8];
            Span<float> z = stackalloc float[8];
            var count = pending.Length;
            for (uint round = 1; round <= MaxRounds && count > 0; round++)
            {
                var kept = 0;
                for (var j = 0; j < count; j += 8)
                {
                    var lanes = Math.Min(8, count - j);
                    for (var lane = 0; lane < 8; lane++)
                    {
                        var element = (ulong)(chunkOffset + pending[j + Math.Min(lane, lanes - 1)]);
                        low[lane] = (uint)(element >> 2);
                        high[lane] = (uint)(element >> 34);
                        position[lane] = (uint)element & 3;
                    }
                    VectorKernels.StandardNormalAt(seed, stream, round,
                        Vector256.Create<uint>(low), Vector256.Create<uint>(high), Vector256.Create<uint>(position)).CopyTo(z);
                    for (var lane = 0; lane < lanes; lane++)
                    {
                        var index = pending[j + lane];
                        if (Math.Abs(z[lane]) <= 2f)
                        {
                            chunk[index] = mean + stddev * z[lane];
                        }
                        else
                        {
                            pending[kept++] = index;   // kept <= j + lane: never overwrites an unread entry
                        }
                    }
                }
                count = kept;
            }

            // Only after MaxRounds rejections in a row (see MaxRounds): the scalar re-draw clamps.
            for (var j = 0; j < count; j++)
            {
                chunk[pending[j]] = mean + stddev * RedrawFloat(seed, stream, chunkOffset + pending[j]);
            }
        }
#endif

        /// <summary>The scalar reference of the first pass: scaled round-0 values; positions outside 2 sigma appended.</summary>
        private static int FirstPassScalar(Span<float> part, ulong seed, uint stream, long partOffset, float mean, float stddev,
            Span<int> rejected, int count, int indexBase)
        {
            ScalarKernels.Fill(part, seed, stream, 0, partOffset, new NormalFloatTransform(0, 1));
            for (var j = 0; j < part.Length; j++)
            {
                var z = part[j];
                if (Math.Abs(z) > 2f)
                {
                    rejected[count++] = indexBase + j;
                }

                part[j] = mean + stddev * z;
            }
            return count;
        }

        private static float RedrawFloat(ulong seed, uint stream, long index)
        {
            var z = 0f;
            for (uint round = 1; round <= MaxRounds; round++)
            {
                z = StandardNormalFloat(seed, stream, round, index);
                if (Math.Abs(z) <= 2f)
                {
                    return z;
                }
            }
            return Math.Max(-2f, Math.Min(2f, z));
        }

        /// <summary>
        /// One element of <see cref="NormalFloatTransform"/>(0, 1) in the given round, computing only the
        /// Box–Muller pair it needs (re-draws are rare, but each one is a scalar Philox block).
        /// </summary>
        private static float StandardNormalFloat(ulong seed, uint stream, uint round, long index)
        {
            Philox4x32.Block(seed, stream, round, (ulong)index >> 2, out var w0, out var w1, out var w2, out var w3);
            var secondPair = (index & 2) != 0;
            Bits.BoxMuller(secondPair ? w2 : w0, secondPair ? w3 : w1, out var z0, out var z1);
            return 0f + 1f * ((index & 1) == 0 ? z0 : z1);   // exactly what the transform with mean 0, stddev 1 gives
        }

        [MethodImpl(Hot.Loop)]
        public static void Fill(Span<double> dst, ulong seed, uint stream, long offset, double mean, double stddev, bool simd)
        {
            var standard = new NormalDoubleTransform(0.0, 1.0);
#if NET8_0_OR_GREATER
            Span<int> rejected = stackalloc int[Chunk + 8];   // positions outside 2 sigma in the current chunk (+8: vector appends)
#endif
            for (var start = 0; start < dst.Length; start += Chunk)
            {
                var chunk = dst.Slice(start, Math.Min(Chunk, dst.Length - start));
                var chunkOffset = offset + start;
#if NET8_0_OR_GREATER
                if (simd && VectorKernels.IsSupported)
                {
                    // Pass 1: round-0 values, scaled, with the positions outside 2 sigma noted (fused in the vector
                    // kernel for whole groups of blocks; the scalar reference for a partial group at either end).
                    VectorKernels.Split(chunkOffset, chunk.Length, 2, out var head, out var body);
                    var count = FirstPassScalar(chunk.Slice(0, head), seed, stream, chunkOffset, mean, stddev, rejected, 0, 0);
                    count = VectorKernels.TruncatedNormalDouble(chunk.Slice(head, body), seed, stream, chunkOffset + head, mean, stddev,
                        rejected, count, head);
                    count = FirstPassScalar(chunk.Slice(head + body), seed, stream, chunkOffset + head + body, mean, stddev,
                        rejected, count, head + body);

                    // Pass 2: re-draw them eight at a time, round after round.
                    RedrawDoubleSimd(chunk, rejected.Slice(0, count), seed, stream, chunkOffset, mean, stddev);
                    continue;
                }
#endif
                // Scalar reference: the same three steps, element by element.
                ScalarKernels.Fill(chunk, seed, stream, 0, chunkOffset, standard);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var z = chunk[i];
                    if (Math.Abs(z) > 2.0)
                    {
                        z = RedrawDouble(seed, stream, chunkOffset + i);
                    }

                    chunk[i] = mean + stddev * z;
                }
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>Vector re-draws for double; see <see cref="RedrawFloatSimd"/>.</summary>
        [MethodImpl(Hot.Loop)]
        private static void RedrawDoubleSimd(Span<double> chunk, Span<int> pending, ulong seed, uint stream, long chunkOffset, double mean, double stddev)
        {
            Span<uint> low = stackalloc uint[8], high = stackalloc uint[8], position = stackalloc uint[8];
            Span<double> z = stackalloc double[8];
            var count = pending.Length;
            for (uint round = 1; round <= MaxRounds && count > 0; round++)
            {
                var kept = 0;
                for (var j = 0; j < count; j += 8)
                {
                    var lanes = Math.Min(8, count - j);
                    for (var lane = 0; lane < 8; lane++)
                    {
                        var element = (ulong)(chunkOffset + pending[j + Math.Min(lane, lanes - 1)]);
                        low[lane] = (uint)(element >> 1);
                        high[lane] = (uint)(element >> 33);
                        position[lane] = (uint)element & 1;
                    }
                    VectorKernels.StandardNormalAt(seed, stream, round,
                        Vector256.Create<uint>(low), Vector256.Create<uint>(high), Vector256.Create<uint>(position),
                        out var first, out var second);
                    first.CopyTo(z);
                    second.CopyTo(z.Slice(4));
                    for (var lane = 0; lane < lanes; lane++)
                    {
                        var index = pending[j + lane];
                        if (Math.Abs(z[lane]) <= 2.0)
                        {
                            chunk[index] = mean + stddev * z[lane];
                        }
                        else
                        {
                            pending[kept++] = index;
                        }
                    }
                }
                count = kept;
            }

            for (var j = 0; j < count; j++)
            {
                chunk[pending[j]] = mean + stddev * RedrawDouble(seed, stream, chunkOffset + pending[j]);
            }
        }
#endif

        /// <summary>The scalar reference of the first pass: scaled round-0 values; positions outside 2 sigma appended.</summary>
        private static int FirstPassScalar(Span<double> part, ulong seed, uint stream, long partOffset, double mean, double stddev,
            Span<int> rejected, int count, int indexBase)
        {
            ScalarKernels.Fill(part, seed, stream, 0, partOffset, new NormalDoubleTransform(0, 1));
            for (var j = 0; j < part.Length; j++)
            {
                var z = part[j];
                if (Math.Abs(z) > 2.0)
                {
                    rejected[count++] = indexBase + j;
                }

                part[j] = mean + stddev * z;
            }
            return count;
        }

        private static double RedrawDouble(ulong seed, uint stream, long index)
        {
            var z = 0.0;
            for (uint round = 1; round <= MaxRounds; round++)
            {
                z = StandardNormalDouble(seed, stream, round, index);
                if (Math.Abs(z) <= 2.0)
                {
                    return z;
                }
            }
            return Math.Max(-2.0, Math.Min(2.0, z));
        }

        /// <summary>One element of <see cref="NormalDoubleTransform"/>(0, 1) in the given round.</summary>
        private static double StandardNormalDouble(ulong seed, uint stream, uint round, long index)
        {
            Philox4x32.Block(seed, stream, round, (ulong)index >> 1, out var w0, out var w1, out var w2, out var w3);
            Bits.BoxMuller(w0, w1, w2, w3, out var z0, out var z1);
            return 0.0 + 1.0 * ((index & 1) == 0 ? z0 : z1);
        }
    }
}
