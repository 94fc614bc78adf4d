using System;
using Initializers.Torch;
using Xunit;

namespace Initializers.Tests.Torch
{
    /// <summary>calculate_gain and _calculate_fan_in_and_fan_out against PyTorch's formulas worked by hand
    /// (torch/nn/init.py): the expected numbers are written out, not computed by the code under test.</summary>
    public class TorchInitTests
    {
        [Theory]
        [InlineData("linear", 1.0)]
        [InlineData("conv1d", 1.0)]
        [InlineData("conv2d", 1.0)]
        [InlineData("conv3d", 1.0)]
        [InlineData("conv_transpose1d", 1.0)]
        [InlineData("conv_transpose2d", 1.0)]
        [InlineData("conv_transpose3d", 1.0)]
        [InlineData("sigmoid", 1.0)]
        [InlineData("tanh", 1.6666666666666667)]
        [InlineData("relu", 1.4142135623730951)]
        [InlineData("leaky_relu", 1.4141428569978354)] // sqrt(2 / (1 + 0.01²)) = sqrt(2 / 1.0001)
        [InlineData("selu", 0.75)]
        public void GainFollowsPyTorchsTable(string nonlinearity, double expected)
        {
            Assert.Equal(expected, TorchInit.CalculateGain(nonlinearity), 15);
        }

        [Fact]
        public void LeakyReluReadsItsSlopeAndTheOthersIgnoreTheParam()
        {
            Assert.Equal(Math.Sqrt(2 / 1.04), TorchInit.CalculateGain("leaky_relu", 0.2), 15);
            Assert.Equal(Math.Sqrt(2 / 26.0), TorchInit.CalculateGain("leaky_relu", 5), 15); // an int slope, as in Python
            Assert.Equal(Math.Sqrt(2.0), TorchInit.CalculateGain("leaky_relu", 0), 15);
            Assert.Equal(Math.Sqrt(2.0), TorchInit.CalculateGain("relu", "ignored"), 15);
            Assert.Equal(12, TorchInit.Nonlinearities.Count);
        }

        [Theory]
        [InlineData(true, "negative_slope True not a valid number")]
        [InlineData(false, "negative_slope False not a valid number")]
        [InlineData("0.2", "negative_slope 0.2 not a valid number")]
        public void LeakyReluRefusesBoolsAndText(object param, string message)
        {
            var ex = Assert.Throws<InitializerException>(() => TorchInit.CalculateGain("leaky_relu", param));
            Assert.Equal("InvalidGainParameter", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(message, ex.Message);
        }

        [Theory]
        [InlineData("ReLU")] // case-sensitive, as in PyTorch
        [InlineData("gelu")]
        [InlineData("")]
        public void UnknownNamesAreUnsupported(string name)
        {
            var ex = Assert.Throws<InitializerException>(() => TorchInit.CalculateGain(name));
            Assert.Equal("UnsupportedNonlinearity", ex.ErrorId);
            Assert.StartsWith($"Unsupported nonlinearity {name}.", ex.Message);
        }

        [Theory]
        [InlineData(new[] { 3, 5 }, 5, 3)] // Linear(5, 3).weight
        [InlineData(new[] { 16, 8, 3, 3 }, 72, 144)] // Conv2d(8, 16, 3).weight
        [InlineData(new[] { 4, 6, 5 }, 30, 20)] // Conv1d(6, 4, 5).weight
        [InlineData(new[] { 2, 3, 4, 5, 6 }, 360, 240)]
        [InlineData(new[] { 7, 0 }, 0, 7)]
        public void FansAreSizeOneAndSizeZeroTimesTheReceptiveField(int[] shape, double fanIn, double fanOut)
        {
            Assert.Equal((fanIn, fanOut), TorchInit.CalculateFanInAndFanOut(shape));
        }

        [Theory]
        [InlineData(new int[0])]
        [InlineData(new[] { 5 })]
        public void FansNeedTwoDimensions(int[] shape)
        {
            var ex = Assert.Throws<InitializerException>(() => TorchInit.CalculateFanInAndFanOut(shape));
            Assert.Equal("InvalidRank", ex.ErrorId);
            Assert.StartsWith("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions", ex.Message);
        }
    }
}
