using System;
using System.Linq;
using Initializers.Family;
using Initializers.Torch;
using Xunit;

namespace Initializers.Tests.Torch
{
    /// <summary>One weight, two layouts: the fans follow the initializer's framework, the tensor comes out in the
    /// layout asked for, and a permuted tensor is bit for bit the other layout's values rearranged (checked here by
    /// index arithmetic written out, not by the code under test).</summary>
    public class TorchLayoutTests
    {
        [Fact]
        public void ShapesConvertBetweenLayouts()
        {
            Assert.Equal(new[] { 256, 784 }, TorchLayout.ConvertShape(new[] { 784, 256 }, WeightLayout.Keras, WeightLayout.Torch));
            Assert.Equal(new[] { 16, 8, 3, 5 }, TorchLayout.ConvertShape(new[] { 3, 5, 8, 16 }, WeightLayout.Keras, WeightLayout.Torch));
            Assert.Equal(new[] { 3, 5, 8, 16 }, TorchLayout.ConvertShape(new[] { 16, 8, 3, 5 }, WeightLayout.Torch, WeightLayout.Keras));
            Assert.Equal(new[] { 7 }, TorchLayout.ConvertShape(new[] { 7 }, WeightLayout.Torch, WeightLayout.Keras));
            Assert.Equal(WeightLayout.Keras, TorchLayout.NativeLayout(new HeNormal()));
            Assert.Equal(WeightLayout.Torch, TorchLayout.NativeLayout(new TorchKaimingNormal()));
        }

        [Fact]
        public void AKerasInitializerInTorchLayoutIsThePermutationOfItsKerasValuesBitForBit()
        {
            // Conv2D kernel: Keras (kh=3, kw=5, in=8, out=16), PyTorch (16, 8, 3, 5).
            foreach (var dtype in new[] { DType.Float32, DType.Float64, DType.Float16 })
            {
                var keras = new HeNormal(7).Call(new[] { 3, 5, 8, 16 }, dtype);
                var torch = TorchLayout.Call(new HeNormal(7), new[] { 16, 8, 3, 5 }, dtype, WeightLayout.Torch);
                Assert.Equal(new[] { 16, 8, 3, 5 }, torch.Shape);
                for (var o = 0; o < 16; o++)
                {
                    for (var i = 0; i < 8; i++)
                    {
                        for (var h = 0; h < 3; h++)
                        {
                            for (var w = 0; w < 5; w++)
                            {
                                Assert.Equal(keras.Data.GetValue((((((h * 5) + w) * 8) + i) * 16) + o), torch.Data.GetValue((((((o * 8) + i) * 3) + h) * 5) + w));
                            }
                        }
                    }
                }
            }

            // Dense: Keras (in=784, out=256) is PyTorch (256, 784) transposed.
            var dense = new GlorotUniform(3).Call(new[] { 784, 256 }).ToArray<float>();
            var linear = TorchLayout.Call(new GlorotUniform(3), new[] { 256, 784 }, DType.Float32, WeightLayout.Torch).ToArray<float>();
            for (var i = 0; i < 784; i += 13)
            {
                for (var o = 0; o < 256; o += 7)
                {
                    Assert.Equal(dense[(i * 256) + o], linear[(o * 784) + i]);
                }
            }
        }

        [Fact]
        public void FansFollowTheInitializersFramework()
        {
            // The report: a Dense (out=256, in=784) weight in PyTorch layout. Keras's HeUniform in Torch layout
            // takes fan_in 784, so its limit is sqrt(6/784) = 0.0875 (from 256 it would be 0.153).
            var he = TorchLayout.Call(new HeUniform(1), new[] { 256, 784 }, DType.Float64, WeightLayout.Torch).ToArray<double>();
            Assert.All(he, v => Assert.InRange(v, -Math.Sqrt(6.0 / 784), Math.Sqrt(6.0 / 784)));
            Assert.True(he.Max() > 0.087);
            // A PyTorch initializer in Keras layout (in=784, out=256) also takes fan_in 784.
            var kaiming = TorchLayout.Call(new TorchKaimingUniform(seed: 1), new[] { 784, 256 }, DType.Float64, WeightLayout.Keras);
            Assert.Equal(new[] { 784, 256 }, kaiming.Shape);
            Assert.All(kaiming.ToArray<double>(), v => Assert.InRange(v, -Math.Sqrt(6.0 / 784), Math.Sqrt(6.0 / 784)));
            Assert.True(kaiming.ToArray<double>().Max() > 0.087);
            // Its own layout is the call as it is, provenance included; a permuted tensor records none.
            var native = TorchLayout.Call(new TorchKaimingUniform(seed: 1), new[] { 256, 784 }, DType.Float64, WeightLayout.Torch);
            Assert.Equal(new TorchKaimingUniform(seed: 1).Call(new[] { 256, 784 }, DType.Float64), native);
            Assert.NotNull(native.GetProvenance());
            Assert.Null(kaiming.GetProvenance());
        }
    }
}
