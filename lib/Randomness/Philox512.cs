#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Initializers.Randomness
{
    /// <summary>
    /// Philox4x32-10 on eight consecutive blocks in 512-bit registers, one block per 64-bit lane in block order, each
    /// word in the low 32 bits of its lane (the trick of <see cref="PhiloxAvx2"/>, whose two 256-bit halves become one
    /// register: half the instructions, and no 256-bit integer work left to compete with the 512-bit transcendental
    /// code for the two vector ports that stay open while 512-bit instructions run). Integer arithmetic only, so the
    /// words equal <see cref="Philox4x32"/>'s exactly. Used by the float64 fills, which draw two words per element.
    /// </summary>
    internal static class Philox512
    {
        public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

        /// <summary>Words of blocks firstBlock .. firstBlock + 7 (the block index wraps like a 64-bit integer); lane i
        /// is block firstBlock + i, and only the low 32 bits of each lane are the word.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Blocks8(ulong seed, uint stream, uint round, ulong firstBlock,
            out Vector512<ulong> x0, out Vector512<ulong> x1, out Vector512<ulong> x2, out Vector512<ulong> x3)
        {
            var counter = Vector512.Create(firstBlock) + Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
            x0 = counter;
            x1 = Vector512.ShiftRightLogical(counter, 32);
            x2 = Vector512.Create((ulong)round);
            x3 = Vector512.Create((ulong)stream);
            var k0 = Vector512.Create((ulong)(uint)seed);
            var k1 = Vector512.Create(seed >> 32);
            var w0 = Vector512.Create((ulong)Philox4x32.W0);
            var w1 = Vector512.Create((ulong)Philox4x32.W1);

            // Ten rounds, unrolled; the key is bumped between rounds (only its low 32 bits matter).
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

        /// <summary>The 64-bit words lo | hi &lt;&lt; 32 of each lane (lo, hi as <see cref="Blocks8"/> leaves them).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Join(Vector512<ulong> lo, Vector512<ulong> hi) =>
            (lo & Vector512.Create(0xFFFF_FFFFUL)) | Vector512.ShiftLeft(hi, 32);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Round(ref Vector512<ulong> x0, ref Vector512<ulong> x1, ref Vector512<ulong> x2, ref Vector512<ulong> x3,
            Vector512<ulong> k0, Vector512<ulong> k1)
        {
            var p0 = Avx512F.Multiply(x0.AsUInt32(), Vector512.Create((ulong)Philox4x32.M0).AsUInt32());
            var p1 = Avx512F.Multiply(x2.AsUInt32(), Vector512.Create((ulong)Philox4x32.M1).AsUInt32());
            x0 = Vector512.ShiftRightLogical(p1, 32) ^ x1 ^ k0;
            x1 = p1;
            x2 = Vector512.ShiftRightLogical(p0, 32) ^ x3 ^ k1;
            x3 = p0;
        }
    }
}
#endif
