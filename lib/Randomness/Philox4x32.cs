using System;
using System.Runtime.CompilerServices;

namespace Initializers.Randomness
{
    /// <summary>
    /// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw,
    /// "Parallel Random Numbers: As Easy as 1, 2, 3" (SC11, 2011), as in Random123's philox.h.
    /// A block is a pure function of a 128-bit counter and a 64-bit key and yields four 32-bit words.
    /// </summary>
    /// <remarks>
    /// The library's counter layout: key = the 64-bit seed (k0 = low half, k1 = high half);
    /// counter (c0, c1) = the 64-bit block index, c2 = the round (0 for the first draw, r for the r-th
    /// re-draw), c3 = the stream id, so different uses of one seed never share a block.
    /// </remarks>
    internal static class Philox4x32
    {
        /// <summary>Round multipliers (Random123 PHILOX_M4x32_0 and _1).</summary>
        internal const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57;

        /// <summary>Key increments, the Weyl constants (Random123 PHILOX_W32_0 and _1).</summary>
        internal const uint W0 = 0x9E3779B9, W1 = 0xBB67AE85;

        /// <summary>Philox4x32-10 uses ten rounds.</summary>
        public const int Rounds = 10;

        /// <summary>The raw block function: counter (c0..c3) and key (k0, k1) in, four words out.</summary>
        /// <param name="c0">Counter word 0 (least significant).</param>
        /// <param name="c1">Counter word 1.</param>
        /// <param name="c2">Counter word 2.</param>
        /// <param name="c3">Counter word 3 (most significant).</param>
        /// <param name="k0">Key word 0 (low half of the key).</param>
        /// <param name="k1">Key word 1 (high half of the key).</param>
        /// <param name="r0">Output word 0.</param>
        /// <param name="r1">Output word 1.</param>
        /// <param name="r2">Output word 2.</param>
        /// <param name="r3">Output word 3.</param>
        public static void Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1,
            out uint r0, out uint r1, out uint r2, out uint r3)
        {
            for (var round = 0; round < Rounds; round++)
            {
                // The key is bumped before every round but the first.
                if (round > 0)
                {
                    k0 += W0;
                    k1 += W1;
                }

                var product0 = (ulong)M0 * c0;
                var product1 = (ulong)M1 * c2;
                var next0 = (uint)(product1 >> 32) ^ c1 ^ k0;
                var next1 = (uint)product1;
                var next2 = (uint)(product0 >> 32) ^ c3 ^ k1;
                var next3 = (uint)product0;
                c0 = next0;
                c1 = next1;
                c2 = next2;
                c3 = next3;
            }

            r0 = c0;
            r1 = c1;
            r2 = c2;
            r3 = c3;
        }

        /// <summary>The block with the library's counter layout (see the type remarks).</summary>
        /// <param name="seed">The 64-bit key.</param>
        /// <param name="stream">The stream id (counter word 3); different uses of one seed take different streams.</param>
        /// <param name="round">0 for the first draw, r for the r-th re-draw (counter word 2).</param>
        /// <param name="blockIndex">The 64-bit block index (counter words 0 and 1).</param>
        /// <param name="r0">Output word 0.</param>
        /// <param name="r1">Output word 1.</param>
        /// <param name="r2">Output word 2.</param>
        /// <param name="r3">Output word 3.</param>
        public static void Block(ulong seed, uint stream, uint round, ulong blockIndex,
            out uint r0, out uint r1, out uint r2, out uint r3)
        {
            Block((uint)blockIndex, (uint)(blockIndex >> 32), round, stream, (uint)seed, (uint)(seed >> 32),
                out r0, out r1, out r2, out r3);
        }

        /// <summary>
        /// Bulk path: writes the words of consecutive blocks starting at <paramref name="firstBlock"/>,
        /// four words per block in order (r0, r1, r2, r3); a length that is not a multiple of four ends
        /// inside the last block.
        /// </summary>
        /// <param name="destination">Receives the words; its length decides how many.</param>
        /// <param name="seed">The 64-bit key.</param>
        /// <param name="stream">The stream id (counter word 3); different uses of one seed take different streams.</param>
        /// <param name="round">0 for the first draw, r for the r-th re-draw (counter word 2).</param>
        /// <param name="firstBlock">The block index of the first four words.</param>
        public static void Generate(Span<uint> destination, ulong seed, uint stream, uint round, ulong firstBlock)
        {
            var done = 0;
#if NET8_0_OR_GREATER
            if (PhiloxAvx2.IsSupported)
            {
                done = PhiloxAvx2.Generate(destination, seed, stream, round, firstBlock);
            }
#endif
            GenerateScalar(destination.Slice(done), seed, stream, round, firstBlock + (ulong)(done / 4));
        }

        /// <summary>The scalar reference of <see cref="Generate"/>.</summary>
        [MethodImpl(Hot.Loop)]
        internal static void GenerateScalar(Span<uint> destination, ulong seed, uint stream, uint round, ulong firstBlock)
        {
            var block = firstBlock;
            for (var i = 0; i < destination.Length; i += 4, block++)
            {
                Block(seed, stream, round, block, out var r0, out var r1, out var r2, out var r3);
                var left = destination.Length - i;
                destination[i] = r0;
                if (left > 1)
                {
                    destination[i + 1] = r1;
                }

                if (left > 2)
                {
                    destination[i + 2] = r2;
                }

                if (left > 3)
                {
                    destination[i + 3] = r3;
                }
            }
        }
    }
}
