using System;
using Initializers.Family;
using Xunit;

namespace Initializers.Tests.Family
{
    /// <summary>The reference values of spec section 3 (Keras rules), worked out by hand there.</summary>
    public class FansTests
    {
        [Theory]
        [InlineData(new int[0], 1, 1)]
        [InlineData(new[] { 10 }, 10, 10)]
        [InlineData(new[] { 3, 5 }, 3, 5)]
        [InlineData(new[] { 3, 3, 16, 32 }, 144, 288)]
        [InlineData(new[] { 2, 3, 4, 5, 6, 7 }, 720, 840)] // rf = 2·3·4·5 = 120; (6·120, 7·120)
        [InlineData(new[] { 0, 4 }, 0, 4)]
        public void ComputeFansFollowsKeras(int[] shape, double fanIn, double fanOut) => Assert.Equal((fanIn, fanOut), Fans.Compute(shape));

        [Fact]
        public void ExplicitAxesUseTheProductsOverThoseAxes() => Assert.Equal((12.0, 5.0), Fans.Compute(new[] { 3, 4, 5 }, new[] { 0, 1 }, new[] { -1 }));

        [Fact]
        public void GlorotOn3x5()
        {
            Assert.Equal(0.8660254037844386, new GlorotUniform(1).ParameterFor(new[] { 3, 5 }), 15);
            Assert.Equal(0.5684236171692783, new GlorotNormal(1).ParameterFor(new[] { 3, 5 }), 15);
        }

        [Fact]
        public void HeOnAConvKernel()
        {
            // The clip at ±0.26795746285798844 (2·stddev) is checked on drawn values in DistributionFactsTests.
            Assert.Equal(0.13397873142899422, new HeNormal(1).ParameterFor(new[] { 3, 3, 16, 32 }), 15);
            Assert.Equal(0.2041241452319315, new HeUniform(1).ParameterFor(new[] { 3, 3, 16, 32 }), 15);
        }

        [Fact]
        public void LecunUniformOnAVectorScalarAndZeroSizedShape()
        {
            Assert.Equal(0.5477225575051662, new LecunUniform(1).ParameterFor(new[] { 10 }), 15);
            Assert.Equal(Math.Sqrt(3), new LecunUniform(1).ParameterFor(Array.Empty<int>()), 15);
            Assert.Equal(Math.Sqrt(3), new LecunUniform(1).ParameterFor(new[] { 0, 4 }), 15); // fan_in 0 clamps to 1
        }

        [Fact]
        public void UntruncatedNormalUsesTheStddevItself() =>
            Assert.Equal(Math.Sqrt(2.0 / 144), new VarianceScaling(2.0, "fan_in", "untruncated_normal", 1).ParameterFor(new[] { 3, 3, 16, 32 }), 15);

        [Fact]
        public void FanOutAndFanAvg()
        {
            Assert.Equal(Math.Sqrt(3.0 / 5), new VarianceScaling(1.0, "fan_out", "uniform", 1).ParameterFor(new[] { 3, 5 }), 15);
            Assert.Equal(Math.Sqrt(3.0 / 4), new VarianceScaling(1.0, "fan_avg", "uniform", 1).ParameterFor(new[] { 3, 5 }), 15);
        }
    }
}
