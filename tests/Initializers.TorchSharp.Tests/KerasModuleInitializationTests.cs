using System;
using System.Linq;
using Initializers.Family;
using Initializers.Torch;
using TorchSharp;
using Xunit;

namespace Initializers.TorchSharp.Tests
{
    /// <summary>module.InitializeKeras: the Keras rule for each parameter (pure shape logic, always run), and the
    /// values written into real TorchSharp modules (skipped when libtorch does not load).</summary>
    public sealed class KerasModuleInitializationTests
    {
        [Fact]
        public void LinearWeightIsTheTransposeOfKerasDenseKernel()
        {
            var (init, keras, layout) = KerasRules.For("Linear", "weight", new long[] { 256, 784 }, 42, "encoder/fc1")!.Value;
            Assert.Equal(new GlorotUniform(SeedDerivation.Derive(42, "encoder/fc1", "kernel_initializer")), init);
            Assert.Equal(new[] { 784, 256 }, keras);
            Assert.Equal(WeightLayout.Torch, layout);
        }

        [Theory]
        [InlineData("Conv1d", new long[] { 16, 3, 5 }, new[] { 5, 3, 16 })]
        [InlineData("Conv2d", new long[] { 16, 3, 5, 7 }, new[] { 5, 7, 3, 16 })]
        [InlineData("Conv3d", new long[] { 8, 2, 3, 4, 5 }, new[] { 3, 4, 5, 2, 8 })]
        [InlineData("ConvTranspose2d", new long[] { 3, 16, 5, 7 }, new[] { 5, 7, 16, 3 })]
        public void ConvWeightsAreKerasKernelsPermuted(string kind, long[] torchShape, int[] kerasShape)
        {
            var (init, keras, layout) = KerasRules.For(kind, "weight", torchShape, 7, "conv")!.Value;
            Assert.IsType<GlorotUniform>(init);
            Assert.Equal(kerasShape, keras);
            Assert.Equal(WeightLayout.Torch, layout);
        }

        [Fact]
        public void BiasesEmbeddingsAndNormalizationFollowKerasDefaults()
        {
            Assert.IsType<Zeros>(KerasRules.For("Linear", "bias", new long[] { 10 }, 1, "fc")!.Value.Initializer);
            Assert.IsType<Zeros>(KerasRules.For("Conv2d", "bias", new long[] { 16 }, 1, "c")!.Value.Initializer);
            Assert.IsType<Ones>(KerasRules.For("LayerNorm", "weight", new long[] { 64 }, 1, "ln")!.Value.Initializer);
            Assert.IsType<Zeros>(KerasRules.For("BatchNorm2d", "bias", new long[] { 64 }, 1, "bn")!.Value.Initializer);
            var (embedding, shape, layout) = KerasRules.For("Embedding", "weight", new long[] { 1000, 64 }, 3, "emb")!.Value;
            Assert.Equal(new RandomUniform(-0.05, 0.05, SeedDerivation.Derive(3, "emb", "embeddings_initializer")), embedding);
            Assert.Equal(new[] { 1000, 64 }, shape);
            Assert.Equal(WeightLayout.Keras, layout);
            Assert.Null(KerasRules.For("LSTM", "weight_ih_l0", new long[] { 64, 8 }, 1, "rnn"));
            Assert.Null(KerasRules.For("Bilinear", "weight", new long[] { 4, 3, 2 }, 1, "b"));
        }

        [SkippableFact]
        public void InitializeKerasWritesKerasValuesInTorchLayout()
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            using var model = torch.nn.Sequential(
                ("fc1", torch.nn.Linear(784, 256)),
                ("act", torch.nn.ReLU()),
                ("conv", torch.nn.Conv2d(3, 16, 5)),
                ("norm", torch.nn.LayerNorm(16)));
            var report = model.InitializeKeras(42);
            Assert.Equal(new[] { "fc1.weight", "fc1.bias", "conv.weight", "conv.bias", "norm.weight", "norm.bias" }, report.Select(r => r.Name));

            var weight = TorchTensors.FromTorch(model.named_parameters().Single(p => p.name == "fc1.weight").parameter);
            var keras = new GlorotUniform(SeedDerivation.Derive(42, "fc1", "kernel_initializer")).Call(new[] { 784, 256 });
            Assert.Equal(new[] { 256, 784 }, weight.Shape);
            Assert.Equal((float)keras[783, 5], (float)weight[5, 783]);
            Assert.Equal((float)keras[0, 255], (float)weight[255, 0]);
            Assert.All(TorchTensors.FromTorch(model.named_parameters().Single(p => p.name == "fc1.bias").parameter).ToArray<float>(), v => Assert.Equal(0f, v));

            var conv = TorchTensors.FromTorch(model.named_parameters().Single(p => p.name == "conv.weight").parameter);
            var kerasConv = new GlorotUniform(SeedDerivation.Derive(42, "conv", "kernel_initializer")).Call(new[] { 5, 5, 3, 16 });
            Assert.Equal(new[] { 16, 3, 5, 5 }, conv.Shape);
            Assert.Equal((float)kerasConv[1, 4, 2, 15], (float)conv[15, 2, 1, 4]);
            Assert.All(TorchTensors.FromTorch(model.named_parameters().Single(p => p.name == "norm.weight").parameter).ToArray<float>(), v => Assert.Equal(1f, v));
        }

        [SkippableFact]
        public void EveryElementIsTheKerasKernelsElementAtThePermutedIndex()
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            using var model = torch.nn.Sequential(
                ("dense", torch.nn.Linear(7, 5)),
                ("conv1", torch.nn.Conv1d(6, 4, 3, groups: 2)),
                ("conv2", torch.nn.Conv2d(3, 4, (2, 3))),
                ("conv3", torch.nn.Conv3d(2, 3, (2, 1, 3))),
                ("up", torch.nn.ConvTranspose2d(4, 6, (3, 2), groups: 2)));
            model.InitializeKeras(11);

            // torch [a, b, k…] = Keras [k…, b, a]; the Keras shapes are written out by hand from Keras's layer docs:
            // Dense (in, out), ConvND (k…, in/groups, out), ConvNDTranspose (k…, out/groups, in).
            AssertPermutedKeras(Parameter(model, "dense.weight"), "dense", new[] { 7, 5 });
            AssertPermutedKeras(Parameter(model, "conv1.weight"), "conv1", new[] { 3, 3, 4 });
            AssertPermutedKeras(Parameter(model, "conv2.weight"), "conv2", new[] { 2, 3, 3, 4 });
            AssertPermutedKeras(Parameter(model, "conv3.weight"), "conv3", new[] { 2, 1, 3, 2, 3 });
            AssertPermutedKeras(Parameter(model, "up.weight"), "up", new[] { 3, 2, 3, 4 });
            foreach (var bias in new[] { "dense.bias", "conv1.bias", "conv2.bias", "conv3.bias", "up.bias" })
            {
                Assert.All(Parameter(model, bias).ToArray<float>(), v => Assert.Equal(0f, v));
            }
        }

        [SkippableFact]
        public void TheValuesAreTheLibrarysTorchLayoutTensor()
        {
            // The README's promise: the same values as New-Tensor -Layout Torch (TorchLayout.Call) with the derived seed.
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            using var model = torch.nn.Sequential(("fc", torch.nn.Linear(9, 4)), ("conv", torch.nn.Conv2d(3, 5, 3)));
            model.InitializeKeras(5);
            foreach (var (name, shape) in new[] { ("fc", new[] { 4, 9 }), ("conv", new[] { 5, 3, 3, 3 }) })
            {
                var expected = TorchLayout.Call(
                    new GlorotUniform(SeedDerivation.Derive(5, name, "kernel_initializer")), shape, DType.Float32, WeightLayout.Torch);
                Assert.Equal(expected.ToBytes(), Parameter(model, name + ".weight").ToBytes());
            }
        }

        [SkippableFact]
        public void FansAreComputedFromTheKerasLayout()
        {
            // Conv2d(2, 64, 3): Keras kernel (3, 3, 2, 64), fan_in 18, fan_out 576, GlorotUniform limit sqrt(6/594) =
            // 0.1005. Keras's fan rule applied to torch's (64, 2, 3, 3) instead would give fan_in = fan_out = 384 and
            // the limit sqrt(6/768) = 0.0884; with 1152 uniform draws the largest |w| lies above that with probability
            // 1 - (0.0884/0.1005)^1152 (1 - 1e-64).
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            using var conv = torch.nn.Conv2d(2, 64, 3);
            var report = conv.InitializeKeras(3);
            Assert.Equal(new[] { 3, 3, 2, 64 }, report.Single(r => r.Name == "weight").KerasShape);
            var largest = Parameter(conv, "weight").ToArray<float>().Max(Math.Abs);
            Assert.InRange(largest, Math.Sqrt(6.0 / 768), Math.Sqrt(6.0 / 594));
        }

        [SkippableFact]
        public void EmbeddingsKeepTheirLayoutAndNormalizationLeavesRunningStatisticsAlone()
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            using var model = torch.nn.Sequential(
                ("emb", torch.nn.Embedding(10, 3)),
                ("bn", torch.nn.BatchNorm1d(3)),
                ("gn", torch.nn.GroupNorm(1, 3)),
                ("ln", torch.nn.LayerNorm(3)));
            var bn = (torch.nn.Module)model.named_modules().Single(m => m.name == "bn").module;
            using (torch.no_grad())
            {
                foreach (var (_, parameter) in model.named_parameters())
                {
                    parameter.fill_(7);
                }

                foreach (var (_, buffer) in bn.named_buffers())
                {
                    buffer.fill_(5);
                }
            }

            model.InitializeKeras(9);
            var keras = new RandomUniform(-0.05, 0.05, SeedDerivation.Derive(9, "emb", "embeddings_initializer")).Call(new[] { 10, 3 });
            Assert.Equal(keras.ToBytes(), Parameter(model, "emb.weight").ToBytes());
            foreach (var norm in new[] { "bn", "gn", "ln" })
            {
                Assert.All(Parameter(model, norm + ".weight").ToArray<float>(), v => Assert.Equal(1f, v));
                Assert.All(Parameter(model, norm + ".bias").ToArray<float>(), v => Assert.Equal(0f, v));
            }

            var buffers = bn.named_buffers().ToList();
            Assert.Equal(new[] { "num_batches_tracked", "running_mean", "running_var" }, buffers.Select(b => b.name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.All(buffers, b => Assert.All(TorchTensors.FromTorch(b.buffer.to_type(torch.ScalarType.Float64)).ToArray<double>(), v => Assert.Equal(5.0, v)));
        }

        [SkippableTheory]
        [InlineData(DType.Float64)]
        [InlineData(DType.Float16)]
        [InlineData(DType.BFloat16)]
        public void ParametersReceiveTheKerasValuesInTheirOwnDType(DType dtype)
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            using var linear = torch.nn.Linear(6, 4);
            linear.to(TorchTensors.ToScalarType(dtype));
            linear.InitializeKeras(21);
            var weight = Parameter(linear, "weight");
            Assert.Equal(dtype, weight.DType);
            var keras = new GlorotUniform(SeedDerivation.Derive(21, "", "kernel_initializer")).Call(new[] { 6, 4 }, dtype);
            for (var o = 0; o < 4; o++)
            {
                for (var i = 0; i < 6; i++)
                {
                    Assert.Equal(keras[i, o], weight[o, i]);
                }
            }
        }

        [SkippableFact]
        public void TheSameSeedAndTreeGiveTheSameValuesAndAnotherSeedOthers()
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            static byte[] Run(long seed)
            {
                using var model = torch.nn.Sequential(
                    ("encoder", torch.nn.Sequential(("fc1", torch.nn.Linear(5, 4)))),
                    ("head", torch.nn.Linear(4, 2)));
                var report = model.InitializeKeras(seed);
                Assert.Equal(new GlorotUniform(SeedDerivation.Derive(seed, "encoder/fc1", "kernel_initializer")), report.Single(r => r.Name == "encoder.fc1.weight").Initializer);
                return Parameter(model, "encoder.fc1.weight").ToBytes().Concat(Parameter(model, "head.weight").ToBytes()).ToArray();
            }

            Assert.Equal(Run(1234), Run(1234));
            Assert.NotEqual(Run(1234), Run(1235));
        }

        [SkippableFact]
        public void RecurrentModulesHaveNoRule()
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            using var rnn = torch.nn.LSTM(4, 3);
            var ex = Assert.Throws<InitializerException>(() => rnn.InitializeKeras(1));
            Assert.Equal("UnsupportedModule", ex.ErrorId);
            Assert.Contains("weight_ih_l0 (LSTM)", ex.Message);
            Assert.Contains("bias_hh_l0 (LSTM)", ex.Message);
        }

        [SkippableFact]
        public void ModulesWithoutARuleFailBeforeAnythingIsWrittenUnlessSkipped()
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            using var model = torch.nn.Sequential(("fc", torch.nn.Linear(4, 3)), ("act", torch.nn.PReLU(1)));
            var before = TorchTensors.FromTorch(model.named_parameters().First().parameter).ToBytes();
            var ex = Assert.Throws<InitializerException>(() => model.InitializeKeras(1));
            Assert.Equal("UnsupportedModule", ex.ErrorId);
            Assert.Contains("act.weight (PReLU)", ex.Message);
            Assert.Equal(before, TorchTensors.FromTorch(model.named_parameters().First().parameter).ToBytes());

            var report = model.InitializeKeras(1, skipUnsupported: true);
            Assert.Null(report.Single(r => r.Name == "act.weight").Initializer);
            Assert.NotEqual(before, TorchTensors.FromTorch(model.named_parameters().First().parameter).ToBytes());
        }

        private static Tensor Parameter(torch.nn.Module module, string name) =>
            TorchTensors.FromTorch(module.named_parameters().Single(p => p.name == name).parameter);

        /// <summary>Asserts that <paramref name="weight"/>, of torch shape (a, b, k…), holds at [a, b, k…] the element
        /// [k…, b, a] of the layer's Keras kernel (GlorotUniform with the derived seed, on <paramref name="kerasShape"/>).</summary>
        private static void AssertPermutedKeras(Tensor weight, string layer, int[] kerasShape)
        {
            var keras = new GlorotUniform(SeedDerivation.Derive(11, layer, "kernel_initializer")).Call(kerasShape);
            var r = kerasShape.Length;
            var torchShape = new[] { kerasShape[r - 1], kerasShape[r - 2] }.Concat(kerasShape.Take(r - 2)).ToArray();
            Assert.Equal(torchShape, weight.Shape);
            var index = new int[r];
            for (var flat = 0; flat < weight.Count; flat++)
            {
                var rest = flat;
                for (var d = r - 1; d >= 0; d--)
                {
                    index[d] = rest % torchShape[d];
                    rest /= torchShape[d];
                }

                var kerasIndex = index.Skip(2).Concat(new[] { index[1], index[0] }).ToArray();
                Assert.Equal(keras[kerasIndex], weight[index]);
            }
        }
    }
}
