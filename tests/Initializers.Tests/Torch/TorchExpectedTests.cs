using System;
using Initializers.Statistics;
using Initializers.Torch;
using Xunit;

namespace Initializers.Tests.Torch
{
    /// <summary>Measure-Tensor's expectations for the PyTorch classes, against the formulas worked by hand.</summary>
    public class TorchExpectedTests
    {
        [Fact]
        public void UniformAndNormalFormsExpectTheirParameters()
        {
            // kaiming_uniform_ defaults on Conv2d(8, 16, 3): bound sqrt(6/72) = 0.2887, std bound/sqrt(3) = 1/6.
            var k = TensorStatistics.Expected(new TorchKaimingUniform(seed: 1), new[] { 16, 8, 3, 3 })!;
            Assert.Equal(0.0, k.Mean);
            Assert.Equal(1.0 / 6, k.Std, 14);
            Assert.Equal(-Math.Sqrt(6.0 / 72), k.Min!.Value, 14);
            Assert.Equal(Math.Sqrt(6.0 / 72), k.Max!.Value, 14);
            var x = TensorStatistics.Expected(new TorchXavierNormal(2, 1), new[] { 3, 5 })!;
            Assert.Equal(2 * Math.Sqrt(2.0 / 8), x.Std, 15);
            Assert.Null(x.Min);
            Assert.Equal(2.5, TensorStatistics.Expected(new TorchConstant(2.5), new[] { 4 })!.Mean);
        }

        [Fact]
        public void TruncNormalExpectsTheTruncatedMoments()
        {
            // Symmetric [-2, 2] around 0 with std 1: mean 0, std 0.87962566103423978 (Keras's correction constant).
            var e = TensorStatistics.Expected(new TorchTruncNormal(seed: 1), new[] { 10 })!;
            Assert.Equal(0, e.Mean, 15);
            Assert.Equal(0.87962566103423978, e.Std, 12);
            // Half-normal [0, inf) is approximated by [0, 40]: mean sqrt(2/pi), std sqrt(1 - 2/pi).
            var half = TensorStatistics.Expected(new TorchTruncNormal(0, 1, 0, 40, 1), new[] { 10 })!;
            Assert.Equal(Math.Sqrt(2 / Math.PI), half.Mean, 12);
            Assert.Equal(Math.Sqrt(1 - (2 / Math.PI)), half.Std, 12);
        }
    }
}
