using System;
#if NET8_0_OR_GREATER
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

        public static void Fill(Span<float> dst, ulong seed, uint stream, long offset, float mean, float stddev, bool simd)
        {
            var standard = new NormalFloatTransform(0f, 1f);
            for (int start = 0; start < dst.Length; start += Chunk)
            {
                Span<float> chunk = dst.Slice(start, Math.Min(Chunk, dst.Length - start));
                long chunkOffset = offset + start;
                int i = 0;
#if NET8_0_OR_GREATER
                if (simd && VectorKernels.IsSupported)
                {
                    VectorKernels.NormalFloat(chunk, seed, stream, 0, chunkOffset, standard);
                    var two = Vector256.Create(2f);
                    var vmean = Vector256.Create(mean);
                    var vstddev = Vector256.Create(stddev);
                    ref float first = ref MemoryMarshal.GetReference(chunk);
                    for (; i + 8 <= chunk.Length; i += 8)
                    {
                        var z = Vector256.LoadUnsafe(ref first, (nuint)i);
                        uint outside = Vector256.GreaterThan(Vector256.Abs(z), two).ExtractMostSignificantBits();
                        if (outside != 0)
                        {
                            for (int lane = 0; lane < 8; lane++)
                            {
                                if ((outside & (1u << lane)) != 0)
                                    chunk[i + lane] = Redraw(seed, stream, chunkOffset + i + lane, standard);
                            }
                            z = Vector256.LoadUnsafe(ref first, (nuint)i);
                        }
                        (vmean + vstddev * z).StoreUnsafe(ref first, (nuint)i);
                    }
                }
                else
#endif
                {
                    ScalarKernels.Fill(chunk, seed, stream, 0, chunkOffset, standard);
                }

                for (; i < chunk.Length; i++)
                {
                    float z = chunk[i];
                    if (Math.Abs(z) > 2f)
                        z = Redraw(seed, stream, chunkOffset + i, standard);
                    chunk[i] = mean + stddev * z;
                }
            }
        }

        private static float Redraw(ulong seed, uint stream, long index, NormalFloatTransform standard)
        {
            float z = 0f;
            for (uint round = 1; round <= MaxRounds; round++)
            {
                z = ScalarKernels.Element<float, NormalFloatTransform>(seed, stream, round, index, standard);
                if (Math.Abs(z) <= 2f)
                    return z;
            }
            return Math.Max(-2f, Math.Min(2f, z));
        }

        public static void Fill(Span<double> dst, ulong seed, uint stream, long offset, double mean, double stddev, bool simd)
        {
            var standard = new NormalDoubleTransform(0.0, 1.0);
            for (int start = 0; start < dst.Length; start += Chunk)
            {
                Span<double> chunk = dst.Slice(start, Math.Min(Chunk, dst.Length - start));
                long chunkOffset = offset + start;
                int i = 0;
#if NET8_0_OR_GREATER
                if (simd && VectorKernels.IsSupported)
                {
                    VectorKernels.NormalDouble(chunk, seed, stream, 0, chunkOffset, standard);
                    var two = Vector256.Create(2.0);
                    var vmean = Vector256.Create(mean);
                    var vstddev = Vector256.Create(stddev);
                    ref double first = ref MemoryMarshal.GetReference(chunk);
                    for (; i + 4 <= chunk.Length; i += 4)
                    {
                        var z = Vector256.LoadUnsafe(ref first, (nuint)i);
                        uint outside = Vector256.GreaterThan(Vector256.Abs(z), two).ExtractMostSignificantBits();
                        if (outside != 0)
                        {
                            for (int lane = 0; lane < 4; lane++)
                            {
                                if ((outside & (1u << lane)) != 0)
                                    chunk[i + lane] = Redraw(seed, stream, chunkOffset + i + lane, standard);
                            }
                            z = Vector256.LoadUnsafe(ref first, (nuint)i);
                        }
                        (vmean + vstddev * z).StoreUnsafe(ref first, (nuint)i);
                    }
                }
                else
#endif
                {
                    ScalarKernels.Fill(chunk, seed, stream, 0, chunkOffset, standard);
                }

                for (; i < chunk.Length; i++)
                {
                    double z = chunk[i];
                    if (Math.Abs(z) > 2.0)
                        z = Redraw(seed, stream, chunkOffset + i, standard);
                    chunk[i] = mean + stddev * z;
                }
            }
        }

        private static double Redraw(ulong seed, uint stream, long index, NormalDoubleTransform standard)
        {
            double z = 0.0;
            for (uint round = 1; round <= MaxRounds; round++)
            {
                z = ScalarKernels.Element<double, NormalDoubleTransform>(seed, stream, round, index, standard);
                if (Math.Abs(z) <= 2.0)
                    return z;
            }
            return Math.Max(-2.0, Math.Min(2.0, z));
        }
    }
}
