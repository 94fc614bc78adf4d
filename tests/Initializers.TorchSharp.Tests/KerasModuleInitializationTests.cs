using System.Linq;
using Initializers.Family;
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
            var (init, keras, permutation) = KerasRules.For("Linear", "weight", new long[] { 256, 784 }, 42, "encoder/fc1")!.Value;
            Assert.Equal(new GlorotUniform(SeedDerivation.Derive(42, "encoder/fc1", "kernel_initializer")), init);
            Assert.Equal(new[] { 784, 256 }, keras);
            Assert.Equal(new[] { 1, 0 }, permutation);
            Assert.Equal(new[] { 256, 784 }, permutation!.Select(p => keras[p]));
        }

        [Theory]
        [InlineData("Conv1d", new long[] { 16, 3, 5 }, new[] { 5, 3, 16 }, new[] { 2, 1, 0 })]
        [InlineData("Conv2d", new long[] { 16, 3, 5, 7 }, new[] { 5, 7, 3, 16 }, new[] { 3, 2, 0, 1 })]
        [InlineData("Conv3d", new long[] { 8, 2, 3, 4, 5 }, new[] { 3, 4, 5, 2, 8 }, new[] { 4, 3, 0, 1, 2 })]
        [InlineData("ConvTranspose2d", new long[] { 3, 16, 5, 7 }, new[] { 5, 7, 16, 3 }, new[] { 3, 2, 0, 1 })]
        public void ConvWeightsAreKerasKernelsPermuted(string kind, long[] torchShape, int[] kerasShape, int[] expectedPermutation)
        {
            var (init, keras, permutation) = KerasRules.For(kind, "weight", torchShape, 7, "conv")!.Value;
            Assert.IsType<GlorotUniform>(init);
            Assert.Equal(kerasShape, keras);
            Assert.Equal(expectedPermutation, permutation);
            Assert.Equal(torchShape.Select(d => (int)d), permutation!.Select(p => keras[p]));
        }

        [Fact]
        public void BiasesEmbeddingsAndNormalizationFollowKerasDefaults()
        {
            Assert.IsType<Zeros>(KerasRules.For("Linear", "bias", new long[] { 10 }, 1, "fc")!.Value.Initializer);
            Assert.IsType<Zeros>(KerasRules.For("Conv2d", "bias", new long[] { 16 }, 1, "c")!.Value.Initializer);
            Assert.IsType<Ones>(KerasRules.For("LayerNorm", "weight", new long[] { 64 }, 1, "ln")!.Value.Initializer);
            Assert.IsType<Zeros>(KerasRules.For("BatchNorm2d", "bias", new long[] { 64 }, 1, "bn")!.Value.Initializer);
            var (embedding, shape, permutation) = KerasRules.For("Embedding", "weight", new long[] { 1000, 64 }, 3, "emb")!.Value;
            Assert.Equal(new RandomUniform(-0.05, 0.05, SeedDerivation.Derive(3, "emb", "embeddings_initializer")), embedding);
            Assert.Equal(new[] { 1000, 64 }, shape);
            Assert.Null(permutation);
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

            // The same seed gives the same values; another seed others.
            using var again = torch.nn.Linear(784, 256);
            again.InitializeKeras(42);
            Assert.NotEqual(weight.ToBytes(), TorchTensors.FromTorch(again.weight!).ToBytes()); // the root's path is "", not "fc1"
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
    }
}
