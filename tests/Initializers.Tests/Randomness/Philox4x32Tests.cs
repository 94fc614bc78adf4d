using Initializers.Randomness;
using Xunit;

namespace Initializers.Tests.Randomness
{
    [Trait("Category", "EveryTier")]
    public class Philox4x32Tests
    {
        // Known-answer vectors from Random123 (D. E. Shaw Research), file tests/kat_vectors,
        // the three "philox4x32 10" lines: counter (4 words), key (2 words), expected output (4 words).
        //   philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000   6627e8d5 e169c58d bc57ac4c 9b00dbd8
        //   philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   408f276d 41c83b0e a20bc7c6 6d5451fd
        //   philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   d16cfe09 94fdcceb 5001e420 24126ea1
        [Theory]
        [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u,
                    0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
        [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu,
                    0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
        [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u,
                    0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
        public void BlockMatchesRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1,
            uint e0, uint e1, uint e2, uint e3)
        {
            Philox4x32.Block(c0, c1, c2, c3, k0, k1, out var r0, out var r1, out var r2, out var r3);
            Assert.Equal(new[] { e0, e1, e2, e3 }, new[] { r0, r1, r2, r3 });
        }

        [Fact]
        public void CounterLayoutMapsSeedBlockRoundAndStream()
        {
            // The pi-digits vector again, through the library's layout: block = c1:c0, round = c2,
            // stream = c3, seed = k1:k0.
            Philox4x32.Block(0x299f31d0a4093822UL, 0x03707344u, 0x13198a2eu, 0x85a308d3243f6a88UL,
                out var r0, out var r1, out var r2, out var r3);
            Assert.Equal(new[] { 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u }, new[] { r0, r1, r2, r3 });
        }

        [Theory]
        [InlineData(0UL)]
        [InlineData(0xFFFFFFFDUL)]           // the low half of the block index wraps inside a vector of 8 blocks
        [InlineData(0xFFFFFFFFFFFFFFF0UL)]   // the whole 64-bit index wraps
        public void BulkPathEqualsBlockFunction(ulong firstBlock)
        {
            const ulong seed = 0x0123456789ABCDEFUL;
            var words = new uint[4 * 50 + 3];
            Philox4x32.Generate(words, seed, 7, 2, firstBlock);
            for (var i = 0; i < words.Length; i++)
            {
                Philox4x32.Block(seed, 7, 2, firstBlock + (ulong)(i / 4), out var r0, out var r1, out var r2, out var r3);
                var expected = (i % 4) switch { 0 => r0, 1 => r1, 2 => r2, _ => r3 };
                Assert.Equal(expected, words[i]);
            }
        }
    }
}
