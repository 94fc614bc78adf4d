using Xunit;

namespace Initializers.Tests.Foundation
{
    [Trait("Category", "EveryTier")]
    public class HalfConversionTests
    {
        // Bit patterns from the IEEE 754 binary16 definition: 1.0 = 0x3C00, -2.0 = 0xC000, 65504 (max) = 0x7BFF,
        // 2^-24 (smallest subnormal) = 0x0001, 2^-14 (smallest normal) = 0x0400, +inf = 0x7C00.
        [Theory]
        [InlineData(1.0f, (ushort)0x3C00)]
        [InlineData(-2.0f, (ushort)0xC000)]
        [InlineData(65504f, (ushort)0x7BFF)]
        [InlineData(5.9604645e-8f, (ushort)0x0001)]
        [InlineData(6.1035156e-5f, (ushort)0x0400)]
        [InlineData(0.0f, (ushort)0x0000)]
        [InlineData(1e6f, (ushort)0x7C00)]
        [InlineData(0.5f, (ushort)0x3800)]
        public void HalfBitsMatchIeee(float value, ushort bits)
        {
            Assert.Equal(bits, HalfConversions.ToHalfBits(value));
            if (bits != 0x7C00)
            {
                Assert.Equal(value, HalfConversions.FromHalfBits(bits));
            }
        }

        [Fact]
        public void HalfRoundsToNearestEven()
        {
            // 1 + 2^-11 lies exactly between 1 (0x3C00) and 1 + 2^-10 (0x3C01): ties go to the even mantissa, 0x3C00.
            Assert.Equal((ushort)0x3C00, HalfConversions.ToHalfBits(1f + (1f / 2048f)));
            // 1 + 3*2^-11 lies between 0x3C01 and 0x3C02: ties to even gives 0x3C02.
            Assert.Equal((ushort)0x3C02, HalfConversions.ToHalfBits(1f + (3f / 2048f)));
        }

        [Fact]
        public void BFloat16IsTheTopHalfRoundedToNearestEven()
        {
            Assert.Equal((ushort)0x3F80, HalfConversions.ToBFloat16Bits(1.0f));
            Assert.Equal(1.0f, HalfConversions.FromBFloat16Bits(0x3F80));
            Assert.Equal((ushort)0xC000, HalfConversions.ToBFloat16Bits(-2.0f));
            // 1 + 2^-8 is a tie between 0x3F80 and 0x3F81; even wins.
            Assert.Equal((ushort)0x3F80, HalfConversions.ToBFloat16Bits(1f + (1f / 256f)));
            Assert.True(float.IsNaN(HalfConversions.FromBFloat16Bits(HalfConversions.ToBFloat16Bits(float.NaN))));
        }
    }
}
