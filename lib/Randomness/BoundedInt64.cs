using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Initializers.Randomness
{
    /// <summary>
    /// Unbiased integers in [min, maxExclusive) by Lemire's multiply-and-reject method on 64-bit words
    /// ("Fast Random Integer Generation in an Interval", 2019). Element i uses the 64-bit word i of the
    /// stream (two per Philox block); its re-draw r uses Philox round c2 = r.
    /// </summary>
    internal static class BoundedInt64
    {
        /// <summary>
        /// Re-draw limit. A draw is rejected with probability below 1/2 (worst case, range just above 2^63),
        /// so 1000 rejections in a row have probability below 2^-1000; if it happens, the last draw is kept
        /// (still in range, just not perfectly unbiased).
        /// </summary>
        public const int MaxRounds = 1000;

        [MethodImpl(Hot.Loop)]
        public static void Fill(Span<long> dst, ulong seed, uint stream, long offset, long min, long maxExclusive, bool simd)
        {
            var range = unchecked((ulong)maxExclusive - (ulong)min);   // 1 .. 2^64 - 1
            var threshold = (0UL - range) % range;                      // 2^64 mod range: products below it are biased
            var words = MemoryMarshal.Cast<long, ulong>(dst);
            FillWords(words, seed, stream, offset, simd);
            for (var i = 0; i < words.Length; i++)
            {
                var high = MultiplyHigh(words[i], range, out var low);
                for (uint round = 1; low < threshold && round <= MaxRounds; round++)
                {
                    var word = ScalarKernels.Element<ulong, Raw64Transform>(seed, stream, round, offset + i, default);
                    high = MultiplyHigh(word, range, out low);
                }
                words[i] = unchecked((ulong)min + high);
            }
        }

        /// <summary>Round-0 words; the bulk Philox path writes blocks as (w0, w1, w2, w3), which on a
        /// little-endian machine reads as the two 64-bit words w0 | w1 &lt;&lt; 32 and w2 | w3 &lt;&lt; 32.</summary>
        private static void FillWords(Span<ulong> words, ulong seed, uint stream, long offset, bool simd)
        {
            var head = (int)Math.Min(words.Length, offset & 1);
            if (!simd || !BitConverter.IsLittleEndian)
            {
                head = words.Length;
            }

            ScalarKernels.Fill(words.Slice(0, head), seed, stream, 0, offset, default(Raw64Transform));
            var rest = words.Slice(head);
            var whole = rest.Length & ~1;
            Philox4x32.Generate(MemoryMarshal.Cast<ulong, uint>(rest.Slice(0, whole)), seed, stream, 0, (ulong)(offset + head) / 2);
            ScalarKernels.Fill(rest.Slice(whole), seed, stream, 0, offset + head + whole, default(Raw64Transform));
        }

        /// <summary>The high 64 bits of a * b; the low 64 bits in <paramref name="low"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static ulong MultiplyHigh(ulong a, ulong b, out ulong low)
        {
#if NET8_0_OR_GREATER
            return Math.BigMul(a, b, out low);
#else
            // Schoolbook on 32-bit halves.
            ulong aLow = (uint)a, aHigh = a >> 32, bLow = (uint)b, bHigh = b >> 32;
            ulong ll = aLow * bLow, lh = aLow * bHigh, hl = aHigh * bLow, hh = aHigh * bHigh;
            var middle = (ll >> 32) + (uint)lh + (uint)hl;
            low = (middle << 32) | (uint)ll;
            return hh + (lh >> 32) + (hl >> 32) + (middle >> 32);
#endif
        }
    }
}
