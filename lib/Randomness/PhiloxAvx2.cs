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

        /// <summary>Words of blocks firstBlock .. firstBlock + 7 (the block index wraps like a 64-bit integer).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Blocks8(ulong seed, uint stream, uint round, ulong firstBlock,
            out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3)
        {
            // Two halves with one block per 64-bit lane: blocks 0, 1, 4, 5 and blocks 2, 3, 6, 7 (the order that
            // Pack turns back into 0..7). A 64-bit add carries from the low half of the index into the high half.
            var first = Vector256.Create(firstBlock);
            var a = first + Vector256.Create(0UL, 1, 4, 5);
            var b = first + Vector256.Create(2UL, 3, 6, 7);
            Rounds(seed, stream, round, a, Vector256.ShiftRightLogical(a, 32), b, Vector256.ShiftRightLogical(b, 32),
                out x0, out x1, out x2, out x3);
        }

        /// <summary>Words of eight arbitrary blocks with block index c1:c0 per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Blocks8(ulong seed, uint stream, uint round, Vector256<uint> c0, Vector256<uint> c1,
            out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3)
        {
            var a = Avx2.UnpackLow(c0, c1).AsUInt64();    // blocks 0, 1, 4, 5 as c0 | c1 << 32
            var b = Avx2.UnpackHigh(c0, c1).AsUInt64();   // blocks 2, 3, 6, 7
            Rounds(seed, stream, round, a, Vector256.ShiftRightLogical(a, 32), b, Vector256.ShiftRightLogical(b, 32),
                out x0, out x1, out x2, out x3);
        }

        /// <summary>
        /// The ten rounds on two halves of four blocks, each word in the low 32 bits of a 64-bit lane (the high
        /// bits are don't-care: vpmuludq reads only the low half, and shifts and xors never move high bits down,
        /// except the shift of a full product, whose high half is exactly the word wanted). That saves the
        /// shuffles that splitting every product back into 32-bit lanes would take: 6 operations per round
        /// and half instead of 9.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Rounds(ulong seed, uint stream, uint round,
            Vector256<ulong> a0, Vector256<ulong> a1, Vector256<ulong> b0, Vector256<ulong> b1,
            out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3)
        {
            var a2 = Vector256.Create((ulong)round);
            var a3 = Vector256.Create((ulong)stream);
            var b2 = a2;
            var b3 = a3;
            var k0 = Vector256.Create((ulong)(uint)seed);
            var k1 = Vector256.Create(seed >> 32);
            var w0 = Vector256.Create((ulong)Philox4x32.W0);
            var w1 = Vector256.Create((ulong)Philox4x32.W1);

            // Ten rounds, unrolled; the key is bumped between rounds (only its low 32 bits matter).
            Round(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, k0, k1); k0 += w0; k1 += w1;
            Round(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, k0, k1); k0 += w0; k1 += w1;
            Round(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, k0, k1); k0 += w0; k1 += w1;
            Round(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, k0, k1); k0 += w0; k1 += w1;
            Round(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, k0, k1); k0 += w0; k1 += w1;
            Round(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, k0, k1); k0 += w0; k1 += w1;
            Round(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, k0, k1); k0 += w0; k1 += w1;
            Round(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, k0, k1); k0 += w0; k1 += w1;
            Round(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, k0, k1); k0 += w0; k1 += w1;
            Round(ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, k0, k1);

            x0 = Pack(a0, b0);
            x1 = Pack(a1, b1);
            x2 = Pack(a2, b2);
            x3 = Pack(a3, b3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Round(ref Vector256<ulong> a0, ref Vector256<ulong> a1, ref Vector256<ulong> a2, ref Vector256<ulong> a3,
            ref Vector256<ulong> b0, ref Vector256<ulong> b1, ref Vector256<ulong> b2, ref Vector256<ulong> b3,
            Vector256<ulong> k0, Vector256<ulong> k1)
        {
            var m0 = Vector256.Create((ulong)Philox4x32.M0);
            var m1 = Vector256.Create((ulong)Philox4x32.M1);
            var pa0 = Avx2.Multiply(a0.AsUInt32(), m0.AsUInt32());
            var pa1 = Avx2.Multiply(a2.AsUInt32(), m1.AsUInt32());
            var pb0 = Avx2.Multiply(b0.AsUInt32(), m0.AsUInt32());
            var pb1 = Avx2.Multiply(b2.AsUInt32(), m1.AsUInt32());
            a0 = Vector256.ShiftRightLogical(pa1, 32) ^ a1 ^ k0;
            a1 = pa1;
            a2 = Vector256.ShiftRightLogical(pa0, 32) ^ a3 ^ k1;
            a3 = pa0;
            b0 = Vector256.ShiftRightLogical(pb1, 32) ^ b1 ^ k0;
            b1 = pb1;
            b2 = Vector256.ShiftRightLogical(pb0, 32) ^ b3 ^ k1;
            b3 = pb0;
        }

        /// <summary>The low words of blocks 0, 1, 4, 5 (a) and 2, 3, 6, 7 (b) as one vector of blocks 0..7.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> Pack(Vector256<ulong> a, Vector256<ulong> b) =>
            Avx.Shuffle(a.AsSingle(), b.AsSingle(), 0b10_00_10_00).AsUInt32();

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
            ref var start = ref MemoryMarshal.GetReference(destination);
            var done = 0;
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
