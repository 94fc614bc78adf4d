using System;
using System.Collections;
using System.Linq;
using Initializers.Serialization;
using Initializers.Torch;
using Xunit;

namespace Initializers.Tests.Torch
{
    /// <summary>The torch.nn.init counterparts: parameters, structure, errors and configs, against PyTorch's rules
    /// (torch/nn/init.py) worked by hand.</summary>
    public class TorchFamilyTests
    {
        private static double[] Values(Initializer init, int[] shape, DType dtype = DType.Float64) => init.Call(shape, dtype).ToArray<double>();

        [Fact]
        public void XavierAndKaimingParametersFollowPyTorchsFormulas()
        {
            // Conv2d(8, 16, 3).weight: fan_in 8·9 = 72, fan_out 16·9 = 144.
            var conv = new[] { 16, 8, 3, 3 };
            Assert.Equal(1.0 / 6, new TorchKaimingNormal(seed: 1).StdFor(conv), 15); // sqrt(2)/sqrt(72)
            Assert.Equal(Math.Sqrt(2.0) / 12, new TorchKaimingNormal(mode: "FAN_OUT", seed: 1).StdFor(conv), 15); // sqrt(2)/sqrt(144)
            Assert.Equal(1.0 / 12, new TorchKaimingUniform(nonlinearity: "linear", mode: "fan_out", seed: 1).StdFor(conv), 15);
            // nn.Linear's default: kaiming_uniform_(a=sqrt(5)) gives bound sqrt(3)·sqrt(2/6)/sqrt(fan_in) = 1/sqrt(fan_in).
            var linear = new TorchKaimingUniform(a: Math.Sqrt(5), seed: 1);
            Assert.Equal(1.0 / Math.Sqrt(784), Math.Sqrt(3) * linear.StdFor(new[] { 256, 784 }), 15);
            // xavier: std = gain·sqrt(2/(72+144)) = gain/sqrt(108); bound = gain·sqrt(6/216) = gain/6.
            Assert.Equal(1.5 / Math.Sqrt(108), new TorchXavierNormal(1.5, 1).StdFor(conv), 15);
            Assert.Equal(1.5 / 6, new TorchXavierUniform(1.5, 1).BoundFor(conv), 15);
            // Linear(784, 256).weight in (out, in) layout: the fan_in is 784 (the HeNormal report).
            Assert.Equal(Math.Sqrt(2.0 / 784), new TorchKaimingNormal(nonlinearity: "relu", seed: 1).StdFor(new[] { 256, 784 }), 15);
        }

        [Fact]
        public void UniformValuesStayInsideTheBounds()
        {
            Assert.All(Values(new TorchXavierUniform(seed: 3), new[] { 16, 8, 3, 3 }), v => Assert.InRange(v, -1.0 / 6, 1.0 / 6));
            Assert.All(Values(new TorchKaimingUniform(seed: 3), new[] { 16, 8, 3, 3 }), v => Assert.InRange(v, -Math.Sqrt(3) / 6, Math.Sqrt(3) / 6)); // sqrt(3)·sqrt(2)/sqrt(72)
            Assert.All(Values(new TorchUniform(seed: 3), new[] { 1000 }), v => Assert.True(v >= 0 && v < 1));
        }

        [Fact]
        public void TruncNormalUsesAbsoluteBounds()
        {
            var values = Values(new TorchTruncNormal(mean: 5, std: 1, a: 4.5, b: 7, seed: 7), new[] { 20000 });
            Assert.All(values, v => Assert.InRange(v, 4.5, 7.0));
            Assert.True(values.Min() < 4.51 && values.Max() > 6.9);
            // float32 is the float64 value rounded: one computation for every dtype.
            var f32 = new TorchTruncNormal(seed: 7).Call(new[] { 1000 }, DType.Float32).ToArray<float>();
            var f64 = Values(new TorchTruncNormal(seed: 7), new[] { 1000 });
            Assert.Equal(f64.Select(v => (float)v), f32);
            Assert.True(new TorchTruncNormal(mean: 10, std: 1, a: -2, b: 2).MeanFarFromBounds);
            Assert.False(new TorchTruncNormal().MeanFarFromBounds);
        }

        [Fact]
        public void EyeIsTheRectangularIdentityInEveryNumericDType()
        {
            Assert.Equal(new double[] { 1, 0, 0, 0, 0, 1, 0, 0 }, Values(new TorchEye(), new[] { 2, 4 }));
            Assert.Equal(new[] { 1, 0, 0, 1, 0, 0 }, new TorchEye().Call(new[] { 3, 2 }, DType.Int32).ToArray<int>());
            Assert.Equal(new[] { true, false, false, true }, new TorchEye().Call(new[] { 2, 2 }, DType.Bool).ToArray<bool>());
        }

        [Fact]
        public void DiracPutsOnesAtTheCentreOfEachGroupsDiagonal()
        {
            // (4, 2, 3), groups 2: 2 output channels per group, min(2, 2) = 2; ones at [0,0,1], [1,1,1], [2,0,1], [3,1,1].
            var v = Values(new TorchDirac(2), new[] { 4, 2, 3 });
            var ones = Enumerable.Range(0, v.Length).Where(i => v[i] == 1).ToArray();
            Assert.Equal(new[] { 1, 10, 13, 22 }, ones);
            Assert.Equal(4, v.Count(x => x != 0));
            // (3, 5, 3, 3), groups 1: min(3, 5) = 3 ones at [d, d, 1, 1] = d·45 + d·9 + 4.
            var w = Values(new TorchDirac(), new[] { 3, 5, 3, 3 });
            Assert.Equal(new[] { 4, 58, 112 }, Enumerable.Range(0, w.Length).Where(i => w[i] == 1).ToArray());
            // Rank 5, even kernel sizes: the centre is size // 2.
            var x = Values(new TorchDirac(), new[] { 1, 1, 2, 4, 2 });
            Assert.Equal(new[] { (1 * 8) + (2 * 2) + 1 }, Enumerable.Range(0, x.Length).Where(i => x[i] == 1).ToArray());
        }

        [Fact]
        public void SparseHasCeilSparsityTimesRowsZerosInEachColumn()
        {
            // ceil(0.3·7) = 3 zeros per column.
            var init = new TorchSparse(0.3, 0.5, 11);
            Assert.Equal(3, init.ZerosPerColumn(7));
            var v = Values(init, new[] { 7, 50 });
            for (var c = 0; c < 50; c++)
            {
                Assert.Equal(3, Enumerable.Range(0, 7).Count(r => v[(r * 50) + c] == 0));
            }

            // The zero rows differ between columns (chosen at random, not always the same rows).
            var patterns = Enumerable.Range(0, 50).Select(c => string.Join(",", Enumerable.Range(0, 7).Where(r => v[(r * 50) + c] == 0))).Distinct().Count();
            Assert.True(patterns > 10, $"{patterns} distinct zero patterns in 50 columns");
            Assert.All(Values(new TorchSparse(1.0, seed: 1), new[] { 4, 3 }), x => Assert.Equal(0, x));
        }

        [Fact]
        public void OrthogonalFlattensToSizeZeroRows()
        {
            // (4, 2, 3): rows 4, cols 6 (Keras would use rows 8, cols 3). Wide: the 4 rows are orthonormal, times gain 2.
            Assert.Equal((4, 6), TorchOrthogonal.Flatten(new[] { 4, 2, 3 }));
            var v = Values(new TorchOrthogonal(2.0, 5), new[] { 4, 2, 3 });
            for (var i = 0; i < 4; i++)
            {
                for (var j = 0; j < 4; j++)
                {
                    var dot = Enumerable.Range(0, 6).Sum(k => v[(i * 6) + k] * v[(j * 6) + k]);
                    Assert.Equal(i == j ? 4.0 : 0.0, dot, 12);
                }
            }

            // (6, 2): tall, the 2 columns are orthonormal.
            var t = Values(new TorchOrthogonal(seed: 5), new[] { 6, 2 });
            Assert.Equal(1.0, Enumerable.Range(0, 6).Sum(r => t[r * 2] * t[r * 2]), 12);
            Assert.Equal(0.0, Enumerable.Range(0, 6).Sum(r => t[r * 2] * t[(r * 2) + 1]), 12);
            Assert.Empty(Values(new TorchOrthogonal(seed: 5), new[] { 0, 3 }));
        }

        [Fact]
        public void ZeroElementTensorsAreANoOpForKaimingAndAnErrorForXavierWithNoFans()
        {
            Assert.Empty(Values(new TorchKaimingNormal(seed: 1), new[] { 0, 5 }));
            Assert.Empty(Values(new TorchKaimingUniform(seed: 1), new[] { 0 })); // PyTorch returns before the rank check
            Assert.Empty(Values(new TorchXavierUniform(seed: 1), new[] { 0, 5 }));
            Assert.Equal("InvalidShape", Assert.Throws<InitializerException>(() => new TorchXavierNormal(seed: 1).Call(new[] { 0, 0 })).ErrorId);
        }

        [Theory]
        [InlineData("TorchXavierUniform", new[] { 5 }, "InvalidRank", "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")]
        [InlineData("TorchKaimingNormal", new int[0], "InvalidRank", "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")]
        [InlineData("TorchEye", new[] { 2, 2, 2 }, "InvalidRank", "Only tensors with 2 dimensions are supported")]
        [InlineData("TorchSparse", new[] { 4 }, "InvalidRank", "Only tensors with 2 dimensions are supported")]
        [InlineData("TorchDirac", new[] { 4, 4 }, "InvalidRank", "Only tensors with 3, 4, or 5 dimensions are supported")]
        [InlineData("TorchDirac", new[] { 1, 1, 1, 1, 1, 1 }, "InvalidRank", "Only tensors with 3, 4, or 5 dimensions are supported")]
        [InlineData("TorchOrthogonal", new[] { 4 }, "InvalidRank", "Only tensors with 2 or more dimensions are supported")]
        public void ShapesAreRefusedWithPyTorchsMessages(string className, int[] shape, string errorId, string message)
        {
            var config = new Hashtable();
            if (className == "TorchSparse")
            {
                config["sparsity"] = 0.5;
            }

            var ex = Assert.Throws<InitializerException>(() => Initializer.FromConfig(className, config).Call(shape));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.StartsWith(message, ex.Message);
        }

        [Fact]
        public void DiracRefusesAnEmptySpatialAxisOnlyWhenItHasOnesToSet()
        {
            // torch 1.13: dirac_ on (4, 2, 0) indexes [d, d, 0] and raises IndexError; (0, 2, 0) and (2, 0, 0) set nothing.
            var ex = Assert.Throws<InitializerException>(() => new TorchDirac().Call(new[] { 4, 2, 0 }));
            Assert.Equal("InvalidShape", ex.ErrorId);
            Assert.StartsWith("index 0 is out of bounds for dimension 2 with size 0", ex.Message);
            Assert.StartsWith("index 0 is out of bounds for dimension 3 with size 0", Assert.Throws<InitializerException>(() => new TorchDirac(2).Call(new[] { 6, 2, 3, 0, 0 })).Message);
            Assert.Empty(Values(new TorchDirac(), new[] { 0, 2, 0 }));
            Assert.Empty(Values(new TorchDirac(), new[] { 2, 0, 0 }));
        }

        [Fact]
        public void AnEmptyUniformRangeFillsItsOneValueAsPyTorchsUniformDoes()
        {
            // uniform_(x, x) is from + (to − from)·u = x; xavier_uniform_(gain=0) is uniform_(−0.0, 0.0), all +0.0.
            Assert.All(Values(new TorchUniform(1.5, 1.5, 1), new[] { 3, 4 }), v => Assert.Equal(1.5, v));
            Assert.All(Values(new TorchXavierUniform(0, 1), new[] { 3, 4 }), v => Assert.Equal(0L, BitConverter.DoubleToInt64Bits(v)));
            Assert.All(new TorchXavierUniform(0, 1).Call(new[] { 3, 4 }, DType.Float16).ToBytes(), b => Assert.Equal(0, b));
            Assert.All(Values(new TorchXavierNormal(0, 1), new[] { 3, 4 }), v => Assert.Equal(0.0, v));
        }

        [Fact]
        public void XavierRefusesANegativeGainAsPyTorchDoesOnEveryShape()
        {
            // torch 1.13: xavier_uniform_(gain=-1) is uniform_(0.92582, -0.92582), "uniform_ expects to return a [from, to)
            // range"; xavier_normal_(gain=-1) is normal_(0, -std), "normal expects std >= 0.0".
            var uniform = Assert.Throws<InitializerException>(() => new TorchXavierUniform(-1, 1));
            Assert.Equal("InvalidConfigValue", uniform.ErrorId);
            Assert.Equal(new[] { "gain" }, uniform.ConfigPath);
            Assert.Contains("got -1.0", uniform.Message);
            Assert.Contains("uniform_ expects to return a [from, to) range", uniform.Message);
            Assert.Contains("normal expects std >= 0.0", Assert.Throws<InitializerException>(() => Initializer.FromConfig("xavier_normal_", new Hashtable { ["gain"] = -0.5 })).Message);
        }

        [Fact]
        public void TruncNormalWithAnEmptyCdfRangeIsItsBoundAsInPyTorch()
        {
            // a = b: uniform_(u, u), erfinv(u) maps back to a. Beyond float64's CDF both ends are ±1: erfinv(±1) = ±inf,
            // clamped to b (above) or a (below); torch 1.13 gives all 11.0 for (0, 1, 10, 11) and all -11.0 for (0, 1, -11, -10).
            Assert.All(Values(new TorchTruncNormal(0, 1, 1, 1, 1), new[] { 3, 4 }), v => Assert.Equal(1.0, v));
            Assert.All(Values(new TorchTruncNormal(0, 1, 10, 11, 1), new[] { 3, 4 }), v => Assert.Equal(11.0, v));
            Assert.All(Values(new TorchTruncNormal(0, 1, -11, -10, 1), new[] { 3, 4 }), v => Assert.Equal(-11.0, v));
            Assert.All(new TorchTruncNormal(0, 1, 10, 11, 1).Call(new[] { 5 }, DType.Float32).ToArray<float>(), v => Assert.Equal(11f, v));
        }

        [Fact]
        public void DiracGroupsMustDivideDimZero()
        {
            var ex = Assert.Throws<InitializerException>(() => new TorchDirac(3).Call(new[] { 4, 2, 3 }));
            Assert.Equal("InvalidShape", ex.ErrorId);
            Assert.StartsWith("dim 0 must be divisible by groups", ex.Message);
            Assert.Equal("InvalidConfigValue", Assert.Throws<InitializerException>(() => new TorchDirac(0)).ErrorId);
        }

        [Fact]
        public void ArgumentsAreCheckedAsPyTorchChecksThem()
        {
            Assert.StartsWith("Mode fan_avg not supported, please use one of ['fan_in', 'fan_out']", Assert.Throws<InitializerException>(() => new TorchKaimingUniform(mode: "fan_avg")).Message);
            Assert.Equal("fan_out", new TorchKaimingNormal(mode: "Fan_Out").Mode);
            var bad = Assert.Throws<InitializerException>(() => Initializer.FromConfig("kaiming_normal_", new Hashtable { ["nonlinearity"] = "gelu" }));
            Assert.Equal("UnsupportedNonlinearity", bad.ErrorId);
            Assert.Equal(new[] { "nonlinearity" }, bad.ConfigPath);
            Assert.StartsWith("normal expects std >= 0.0, but found std -1", Assert.Throws<InitializerException>(() => new TorchNormal(0, -1)).Message);
            Assert.StartsWith("uniform_ expects to return a [from, to) range, but found from=1.0 > to=0.0", Assert.Throws<InitializerException>(() => new TorchUniform(1, 0)).Message);
            Assert.Equal("InvalidConfigValue", Assert.Throws<InitializerException>(() => new TorchTruncNormal(std: 0)).ErrorId);
            Assert.Equal("InvalidConfigValue", Assert.Throws<InitializerException>(() => new TorchTruncNormal(a: 3, b: 2)).ErrorId);
            Assert.Equal("InvalidConfigValue", Assert.Throws<InitializerException>(() => new TorchSparse(1.5)).ErrorId);
            Assert.Equal("UnsupportedDType", Assert.Throws<InitializerException>(() => new TorchNormal().Call(new[] { 2 }, DType.Int32)).ErrorId);
        }

        [Theory]
        [InlineData("TorchSparse", "sparsity")]
        [InlineData("constant_", "val")]
        public void RequiredArgumentsHaveNoDefault(string name, string key)
        {
            var ex = Assert.Throws<InitializerException>(() => Initializer.FromConfig(name, null));
            Assert.Equal("MissingConfigKey", ex.ErrorId);
            Assert.Contains("'" + key + "'", ex.Message);
        }

        [Theory]
        [InlineData("uniform_", "TorchUniform")]
        [InlineData("normal_", "TorchNormal")]
        [InlineData("constant_", "TorchConstant")]
        [InlineData("ones_", "Ones")]
        [InlineData("zeros_", "Zeros")]
        [InlineData("eye_", "TorchEye")]
        [InlineData("dirac_", "TorchDirac")]
        [InlineData("xavier_uniform_", "TorchXavierUniform")]
        [InlineData("xavier_normal_", "TorchXavierNormal")]
        [InlineData("kaiming_uniform_", "TorchKaimingUniform")]
        [InlineData("kaiming_normal_", "TorchKaimingNormal")]
        [InlineData("trunc_normal_", "TorchTruncNormal")]
        [InlineData("orthogonal_", "TorchOrthogonal")]
        [InlineData("sparse_", "TorchSparse")]
        public void EveryTorchFunctionResolvesByItsName(string name, string className)
        {
            Assert.Equal(className, InitializerCatalog.Get(name).ClassName);
        }

        [Fact]
        public void ConfigsUseTorchsArgumentNamesAndRoundTrip()
        {
            var inits = new Initializer[]
            {
                new TorchUniform(-1, 2, 5), new TorchNormal(1, 3, 5), new TorchConstant(0.25), new TorchEye(), new TorchDirac(2),
                new TorchXavierUniform(2, 5), new TorchXavierNormal(0.5, 5), new TorchKaimingUniform(0.1, "fan_out", "leaky_relu", 5),
                new TorchKaimingNormal(0, "fan_in", "tanh", 5), new TorchTruncNormal(0.5, 2, -1, 3, 5), new TorchOrthogonal(1.5, 5), new TorchSparse(0.25, 0.1, 5),
            };
            Assert.Equal(new[] { "seed", "a", "mode", "nonlinearity" }, inits[7].GetConfig().Keys.Cast<string>());
            Assert.Equal(new[] { "seed", "mean", "std", "a", "b" }, inits[9].GetConfig().Keys.Cast<string>());
            Assert.Equal(new[] { "groups" }, inits[4].GetConfig().Keys.Cast<string>());
            foreach (var format in new[] { ConfigFormat.Json, ConfigFormat.Yaml })
            {
                var back = InitializerText.Parse(InitializerText.WriteAll(inits, format));
                Assert.Equal(inits, back);
                Assert.Equal(inits[9].Call(new[] { 50 }).ToArray(), back[9].Call(new[] { 50 }).ToArray());
            }

            Assert.Contains("\"class_name\": \"TorchKaimingUniform\"", InitializerText.Write(inits[7]));
        }

        [Fact]
        public void StreamedElementsAreTheCallsElements()
        {
            var shape = new[] { 300, 7, 11 };
            foreach (var init in new Initializer[] { new TorchKaimingUniform(seed: 9), new TorchTruncNormal(seed: 9), new TorchXavierNormal(seed: 9), new TorchConstant(3) })
            {
                var whole = init.Call(shape).ToArray<float>();
                var part = new float[5000];
                init.Fill(shape.Select(d => (long)d).ToArray(), DType.Float32, 12345, part.AsSpan());
                Assert.Equal(whole.Skip(12345).Take(5000), part);
            }
        }
    }
}
