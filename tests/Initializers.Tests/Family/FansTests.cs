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
        public void OneAxesListAloneLeavesKerasLayoutRule()
        {
            // Keras 3.15 compute_fans uses the axes only when both input_axes and output_axes are given.
            Assert.Equal((12.0, 15.0), Fans.Compute(new[] { 3, 4, 5 }, new[] { 0 }, null)); // rf = 3: (4·3, 5·3)
            Assert.Equal((12.0, 15.0), Fans.Compute(new[] { 3, 4, 5 }, null, new[] { 0 }));
        }

        [Theory]
        [InlineData(2, 5.0)]
        [InlineData(-3, 3.0)]
        public void AxesAtTheEdgesOfTheShapeAreAccepted(int axis, double fanIn)
        {
            // shape[2] and shape[-3] are the last and first dimension of a rank-3 shape in Python.
            Assert.Equal((fanIn, 3.0), Fans.Compute(new[] { 3, 4, 5 }, new[] { axis }, new[] { 0 }));
            Assert.Equal(Math.Sqrt(3.0 / fanIn), new VarianceScaling(1.0, "fan_in", "uniform", 1, new[] { axis }, new[] { 0 }).ParameterFor(new[] { 3, 4, 5 }), 15);
        }

        [Theory]
        [InlineData(3)]
        [InlineData(-4)]
        [InlineData(100)]
        public void AxesOutsideTheShapeAreRefusedNamingTheAxisAndShape(int axis)
        {
            // Python indexing: shape[3] and shape[-4] of a rank-3 shape raise IndexError in Keras's compute_fans.
            foreach (var (input, output) in new[] { (new[] { axis }, new[] { 0 }), (new[] { 0 }, new[] { 1, axis }) })
            {
                var ex = Assert.Throws<InitializerException>(() => new VarianceScaling(inputAxes: input, outputAxes: output, seed: 1).Call(new[] { 3, 4, 5 }));
                Assert.Equal("InvalidConfigValue", ex.ErrorId);
                Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
                Assert.Equal(axis, ex.Target);
                Assert.Equal($"Axis {axis} is out of range for shape [3, 4, 5] of rank 3.", ex.Message);
            }
        }

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
