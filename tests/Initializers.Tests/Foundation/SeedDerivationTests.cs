using System.Collections.Generic;
using Xunit;

namespace Initializers.Tests.Foundation
{
    /// <summary>The documented seed derivation. Expected values were computed outside this code base with
    /// <c>printf 'initializers-seed-v1\n%s\n%s\n%s' BASE PATH SLOT | sha256sum</c> and
    /// <c>python3 -c "print(1 + int(FIRST16HEX, 16) % (2**31 - 1))"</c>.</summary>
    public sealed class SeedDerivationTests
    {
        [Theory]
        [InlineData(42L, "dense", "kernel_initializer", 23861153L)]
        [InlineData(42L, "dense", "bias_initializer", 1151891292L)]
        [InlineData(42L, "dense_1", "kernel_initializer", 1612078339L)]
        [InlineData(0L, "encoder/lstm", "recurrent_initializer", 1557522693L)]
        [InlineData(-7L, "mlp/hidden1", "kernelInitializer", 601878759L)]
        [InlineData(long.MaxValue, "späť/dense", "kernel_initializer", 529639791L)]
        public void SeedsAreTheDocumentedHash(long baseSeed, string layer, string slot, long expected)
        {
            Assert.Equal(expected, SeedDerivation.Derive(baseSeed, layer, slot));
        }

        [Fact]
        public void SeedsAreDistinctAcrossSlotsAndLayersAndInRange()
        {
            var seen = new HashSet<long>();
            for (var layer = 0; layer < 200; layer++)
            {
                foreach (var slot in new[] { "kernel_initializer", "bias_initializer", "recurrent_initializer" })
                {
                    var seed = SeedDerivation.Derive(1234, "model/dense_" + layer, slot);
                    Assert.InRange(seed, 1, SeedDerivation.MaxSeed);
                    Assert.True(seen.Add(seed), $"dense_{layer} {slot} repeats seed {seed}");
                }
            }
        }

        [Fact]
        public void AMissingLayerPathIsRefused()
        {
            var ex = Assert.Throws<InitializerException>(() => SeedDerivation.Derive(1, null!, "kernel_initializer"));
            Assert.Equal("InvalidArgument", ex.ErrorId);
        }
    }
}
