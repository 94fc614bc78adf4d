#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Initializers.Randomness
{
    /// <summary>
    /// Philox4x32-10 on eight consecutive blocks at once with AVX2, in "structure of arrays" form:
    /// vector x0 holds word 0 of the eight blocks, x1 word 1, and so on. Integer arithmetic only,
    /// so the words equal <see cref="Philox4x32.Block(uint,uint,uint,uint,uint,uint,out uint,out uint,out uint,out uint)"/> exactly.
    /// </summary>
    internal static class PhiloxAvx2
    {
        public static bool IsSupported => Avx2.IsSupported;

        private static readonly Vector256<uint> LaneIndex = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);

        /// <summary>Words of blocks firstBlock .. firstBlock + 7 (the block index wraps like a 64-bit integer).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Blocks8(ulong seed, uint stream, uint round, ulong firstBlock,
            out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3)
        {
            // c0 = low half of the block index, c1 = high half plus the carry out of the low half.
            var low = Vector256.Create((uint)firstBlock);
            var c0 = low + LaneIndex;
            var carry = Vector256.LessThan(c0, low);                      // all ones where the low half wrapped
            var c1 = Vector256.Create((uint)(firstBlock >> 32)) - carry;  // minus (-1) adds the carry
            Blocks8(seed, stream, round, c0, c1, out x0, out x1, out x2, out x3);
        }

        /// <summary>Words of eight arbitrary blocks with block index c1:c0 per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Blocks8(ulong seed, uint stream, uint round, Vector256<uint> c0, Vector256<uint> c1,
            out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3)
        {
            x0 = c0;
            x1 = c1;
            x2 = Vector256.Create(round);
            x3 = Vector256.Create(stream);

            var k0 = Vector256.Create((uint)seed);
            var k1 = Vector256.Create((uint)(seed >> 32));
            var w0 = Vector256.Create(Philox4x32.W0);
            var w1 = Vector256.Create(Philox4x32.W1);

            // Ten rounds, unrolled; the key is bumped between rounds.
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1); k0 += w0; k1 += w1;
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1); k0 += w0; k1 += w1;
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1); k0 += w0; k1 += w1;
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1); k0 += w0; k1 += w1;
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1); k0 += w0; k1 += w1;
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1); k0 += w0; k1 += w1;
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1); k0 += w0; k1 += w1;
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1); k0 += w0; k1 += w1;
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1); k0 += w0; k1 += w1;
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Round(ref Vector256<uint> x0, ref Vector256<uint> x1, ref Vector256<uint> x2, ref Vector256<uint> x3,
            Vector256<uint> k0, Vector256<uint> k1)
        {
            MulHiLo(Philox4x32.M0, x0, out var hi0, out var lo0);
            MulHiLo(Philox4x32.M1, x2, out var hi1, out var lo1);
            x0 = hi1 ^ x1 ^ k0;
            x1 = lo1;
            x2 = hi0 ^ x3 ^ k1;
            x3 = lo0;
        }

        /// <summary>The 64-bit products m * x per lane, split into high and low halves.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void MulHiLo(uint multiplier, Vector256<uint> x, out Vector256<uint> hi, out Vector256<uint> lo)
        {
            var m = Vector256.Create(multiplier);
            // vpmuludq multiplies the even lanes only; shift the odd lanes down for a second multiply.
            var even = Avx2.Multiply(x, m).AsUInt32();
            var odd = Avx2.Multiply(Avx2.ShiftRightLogical(x.AsUInt64(), 32).AsUInt32(), m).AsUInt32();
            // Each 64-bit product is (low word, high word); put every half back into its own lane.
            hi = Avx2.Blend(Avx2.ShiftRightLogical(even.AsUInt64(), 32).AsUInt32(), odd, 0b1010_1010);
            lo = Avx2.Blend(even, Avx2.ShiftLeftLogical(odd.AsUInt64(), 32).AsUInt32(), 0b1010_1010);
        }

        /// <summary>
        /// Turns four "one word per block" vectors into block order: the result holds blocks 0,1 then 2,3,
        /// then 4,5, then 6,7, each block as its four words.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Transpose(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d,
            out Vector256<uint> o0, out Vector256<uint> o1, out Vector256<uint> o2, out Vector256<uint> o3)
        {
            var ab0 = Avx2.UnpackLow(a, b);   // a0 b0 a1 b1 | a4 b4 a5 b5
            var ab1 = Avx2.UnpackHigh(a, b);  // a2 b2 a3 b3 | a6 b6 a7 b7
            var cd0 = Avx2.UnpackLow(c, d);
            var cd1 = Avx2.UnpackHigh(c, d);
            var q0 = Avx2.UnpackLow(ab0.AsUInt64(), cd0.AsUInt64()).AsUInt32();   // block 0 | block 4
            var q1 = Avx2.UnpackHigh(ab0.AsUInt64(), cd0.AsUInt64()).AsUInt32();  // block 1 | block 5
            var q2 = Avx2.UnpackLow(ab1.AsUInt64(), cd1.AsUInt64()).AsUInt32();   // block 2 | block 6
            var q3 = Avx2.UnpackHigh(ab1.AsUInt64(), cd1.AsUInt64()).AsUInt32();  // block 3 | block 7
            o0 = Avx2.Permute2x128(q0, q1, 0x20);
            o1 = Avx2.Permute2x128(q2, q3, 0x20);
            o2 = Avx2.Permute2x128(q0, q1, 0x31);
            o3 = Avx2.Permute2x128(q2, q3, 0x31);
        }

        /// <summary>Bulk words in block order, eight blocks at a time; returns how many words were written.</summary>
        [MethodImpl(Hot.Loop)]
        public static int Generate(Span<uint> destination, ulong seed, uint stream, uint round, ulong firstBlock)
        {
            ref uint start = ref MemoryMarshal.GetReference(destination);
            int done = 0;
            for (; done + 32 <= destination.Length; done += 32, firstBlock += 8)
            {
                Blocks8(seed, stream, round, firstBlock, out var x0, out var x1, out var x2, out var x3);
                Transpose(x0, x1, x2, x3, out var o0, out var o1, out var o2, out var o3);
                o0.StoreUnsafe(ref start, (nuint)done);
                o1.StoreUnsafe(ref start, (nuint)(done + 8));
                o2.StoreUnsafe(ref start, (nuint)(done + 16));
                o3.StoreUnsafe(ref start, (nuint)(done + 24));
            }
            return done;
        }
    }
}
#endif
