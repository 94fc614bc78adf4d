using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Initializers.IO;
using Initializers.Models.Weights;
using Initializers.Serialization;
using Initializers.Tests.IO;
using Initializers.Torch;
using Xunit;
using static Initializers.Tests.Models.ModelWeightPlanTests;

namespace Initializers.Tests.Models.Weights
{
    /// <summary>Initialize-ModelWeight's PyTorch layout (<see cref="TorchStateDict"/>). The expected names and shapes are
    /// worked by hand from torch.nn's source (torch 1.13, torch/nn/modules: conv.py, rnn.py, batchnorm.py, sparse.py,
    /// normalization.py); the expected values are the Keras-layout values of the same run, rearranged here by index
    /// arithmetic written out in the test (and, for the transposes, by <see cref="TorchLayout.Permute"/>).</summary>
    public sealed class TorchStateDictTests : IDisposable
    {
        private const long Seed = 1234;
        private const string NoTorch = "/usr/bin/python3 with torch is not installed (apt-get install python3-torch)";

        private static readonly Lazy<bool> HasTorch = new(() => NumpyInteropTests.HasNumpy.Value && NumpyInteropTests.Run("import torch").ExitCode == 0);

        private readonly string dir = Directory.CreateTempSubdirectory("init-torch-sd-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        /// <summary>Conv family and BatchNormalization on (8, 8, 4) channels_last.</summary>
        internal static string ConvModel() => Keras3Sequential("[null,8,8,4]",
            Layer("Conv2D", "'name':'c','filters':6,'kernel_size':3,'padding':'same'"),
            Layer("DepthwiseConv2D", "'name':'dw','kernel_size':3,'depth_multiplier':2,'padding':'same'"),
            Layer("SeparableConv2D", "'name':'sc','filters':5,'kernel_size':3,'padding':'same'"),
            Layer("Conv2DTranspose", "'name':'ct','filters':3,'kernel_size':2,'strides':2"),
            Layer("BatchNormalization", "'name':'bn'"),
            Layer("Reshape", "'name':'r','target_shape':[16,48]"),
            Layer("Conv1D", "'name':'c1','filters':4,'kernel_size':3,'groups':2"));

        /// <summary>Embedding, the three recurrent layers, LayerNormalization and Dense on (7,) token ids.</summary>
        internal static string RecurrentModel() => Keras3Sequential("[null,7]",
            Layer("Embedding", "'name':'e','input_dim':20,'output_dim':4"),
            Layer("LSTM", "'name':'l','units':3,'return_sequences':true"),
            Layer("GRU", "'name':'g','units':2,'return_sequences':true"),
            Layer("Bidirectional", "'name':'bi','layer':{'class_name':'SimpleRNN','config':{'name':'s','units':2,'return_sequences':true}}"),
            Layer("LayerNormalization", "'name':'ln'"),
            Layer("TimeDistributed", "'name':'td','layer':{'class_name':'Dense','config':{'name':'d','units':5}}"));

        [Fact]
        public void ConvNamesAndShapesAreTorchNnModules()
        {
            // Conv2d(4, 6, 3) weight (out, in/groups, kh, kw) (conv.py _ConvNd); DepthwiseConv2D on 6 channels =
            // Conv2d(6, 12, 3, groups=6), out = in·multiplier = 12; SeparableConv2D = depthwise (12, 1, 3, 3) + pointwise
            // Conv2d(12, 5, 1) (5, 12, 1, 1); the transposed conv runs on (8, 8, 5) with stride 2, then (16, 16, 3) is
            // reshaped to (16, 48) for the Conv1D;
            // ConvTranspose2d weight (in, out/groups, kh, kw) = (5, 3, 2, 2); BatchNorm2d(3) weight, bias, running_mean,
            // running_var and num_batches_tracked (a 0-d long); Conv1d(48, 4, 3, groups=2) weight (4, 24, 3).
            var map = TorchStateDict.Map(Plan(ConvModel()));
            Assert.Equal(new[]
            {
                "seq.c.weight (6,4,3,3) seq/c/kernel", "seq.c.bias (6) seq/c/bias",
                "seq.dw.weight (12,1,3,3) seq/dw/kernel", "seq.dw.bias (12) seq/dw/bias",
                "seq.sc.depthwise.weight (12,1,3,3) seq/sc/depthwise_kernel", "seq.sc.pointwise.weight (5,12,1,1) seq/sc/pointwise_kernel", "seq.sc.pointwise.bias (5) seq/sc/bias",
                "seq.ct.weight (5,3,2,2) seq/ct/kernel", "seq.ct.bias (3) seq/ct/bias",
                "seq.bn.weight (3) seq/bn/gamma", "seq.bn.bias (3) seq/bn/beta", "seq.bn.running_mean (3) seq/bn/moving_mean",
                "seq.bn.running_var (3) seq/bn/moving_variance", "seq.bn.num_batches_tracked () -",
                "seq.c1.weight (4,24,3) seq/c1/kernel", "seq.c1.bias (4) seq/c1/bias",
            }, map.Select(Line));
            Assert.Equal(DType.Int64, map.Single(t => t.Name.EndsWith("num_batches_tracked", StringComparison.Ordinal)).DType);
        }

        [Fact]
        public void RecurrentNamesAndShapesAreTorchNnModules()
        {
            // nn.Embedding(20, 4) weight (20, 4); nn.LSTM(4, 3): weight_ih_l0 (4·3, 4), weight_hh_l0 (12, 3), bias_ih_l0 and
            // bias_hh_l0 (12) (rnn.py: gate_size = 4·hidden); nn.GRU(3, 2): (6, 3), (6, 2), (6), (6); Bidirectional
            // SimpleRNN = nn.RNN(2, 2, bidirectional=True): the backward direction's names end in _reverse;
            // nn.LayerNorm(4) weight, bias (4); TimeDistributed(Dense(5)) on 4 features: Linear(4, 5) weight (5, 4).
            var map = TorchStateDict.Map(Plan(RecurrentModel()));
            Assert.Equal(new[]
            {
                "seq.e.weight (20,4) seq/e/embeddings",
                "seq.l.weight_ih_l0 (12,4) seq/l/lstm_cell/kernel", "seq.l.weight_hh_l0 (12,3) seq/l/lstm_cell/recurrent_kernel",
                "seq.l.bias_ih_l0 (12) seq/l/lstm_cell/bias", "seq.l.bias_hh_l0 (12) -",
                "seq.g.weight_ih_l0 (6,3) seq/g/gru_cell/kernel", "seq.g.weight_hh_l0 (6,2) seq/g/gru_cell/recurrent_kernel",
                "seq.g.bias_ih_l0 (6) seq/g/gru_cell/bias", "seq.g.bias_hh_l0 (6) seq/g/gru_cell/bias",
                "seq.bi.weight_ih_l0 (2,2) seq/bi/forward_s/simple_rnn_cell/kernel", "seq.bi.weight_hh_l0 (2,2) seq/bi/forward_s/simple_rnn_cell/recurrent_kernel",
                "seq.bi.bias_ih_l0 (2) seq/bi/forward_s/simple_rnn_cell/bias", "seq.bi.bias_hh_l0 (2) -",
                "seq.bi.weight_ih_l0_reverse (2,2) seq/bi/backward_s/simple_rnn_cell/kernel", "seq.bi.weight_hh_l0_reverse (2,2) seq/bi/backward_s/simple_rnn_cell/recurrent_kernel",
                "seq.bi.bias_ih_l0_reverse (2) seq/bi/backward_s/simple_rnn_cell/bias", "seq.bi.bias_hh_l0_reverse (2) -",
                "seq.ln.weight (4) seq/ln/gamma", "seq.ln.bias (4) seq/ln/beta",
                "seq.td.d.weight (5,4) seq/td/d/kernel", "seq.td.d.bias (5) seq/td/d/bias",
            }, map.Select(Line));
        }

        [Theory]
        [InlineData("conv")]
        [InlineData("recurrent")]
        public void EveryTorchTensorIsThePermutationOfItsKerasWeightBitForBit(string model)
        {
            var plan = Plan(model == "conv" ? ConvModel() : RecurrentModel());
            foreach (var t in TorchStateDict.Map(plan))
            {
                var expected = Expected(t, Seed);
                Assert.True(expected.SequenceEqual(Bits(t.Elements(ModelWeightValues.Create(t.Source, Seed).Elements))), t.Name);
            }
        }

        [Fact]
        public void TransposedWeightsAreTorchLayoutPermute()
        {
            // The Dense and Conv rule is issue 16's New-Tensor -Layout Torch: the same permutation, by another path.
            var plan = Plan(ConvModel());
            foreach (var name in new[] { "seq.c.weight", "seq.ct.weight", "seq.sc.pointwise.weight", "seq.c1.weight" })
            {
                var t = TorchStateDict.Map(plan).Single(x => x.Name == name);
                var keras = ModelWeightValues.Create(t.Source, Seed).Elements;
                var tensor = Tensor.Allocate(keras.Shape.Select(d => (int)d).ToArray(), DType.Float32, uninitialized: true);
                keras.Fill(0, ((float[])tensor.Data).AsSpan());
                var permuted = TorchLayout.Permute(tensor, WeightLayout.Keras, WeightLayout.Torch);
                Assert.Equal(t.Shape, permuted.Shape.Select(d => (long)d));
                Assert.Equal(((float[])permuted.Data).Select(BitConverter.SingleToInt32Bits), Bits(t.Elements(keras)));
            }
        }

        [Fact]
        public void ALargeWeightStreamsInSmallChunksToTheSameBytes()
        {
            // 1100 x 1000 = 1.1 M elements: a 4 KiB chunk's Keras elements lie further apart than 16 x chunk and 2^20,
            // so they come from a band of Keras columns; either way the file must hold the permutation.
            var plan = Plan(Keras3Sequential("[null,1100]", Layer("Dense", "'name':'big','units':1000,'use_bias':false")));
            var path = Path.Combine(dir, "big.safetensors");
            ModelWeightFile.Write(path, ModelWeightFormat.Safetensors, plan, Seed, new ModelWeightWriteOptions { Layout = WeightLayout.Torch }, new StreamingOptions { ChunkBytes = 4096 });
            var read = Safetensors.Read(path).Single();
            Assert.Equal("seq.big.weight", read.Key);
            var keras = ModelWeightValues.Create(plan.Weights[0], Seed).Elements;
            var tensor = Tensor.Allocate(new[] { 1100, 1000 }, DType.Float32, uninitialized: true);
            keras.Fill(0, ((float[])tensor.Data).AsSpan());
            Assert.Equal(TorchLayout.Permute(tensor, WeightLayout.Keras, WeightLayout.Torch).ToBytes(), read.Value.ToBytes());
        }

        [Fact]
        public void ABandOfKerasColumnsThatMovesAlongGivesTheSameBytes()
        {
            // A 64 KiB band holds 14 of the 1000 columns of every one of the 1100 rows: the band is reloaded as the
            // chunks move along the torch rows, and reused in place.
            var saved = TorchTensor.BandBytes;
            TorchTensor.BandBytes = 64 << 10;
            try
            {
                ALargeWeightStreamsInSmallChunksToTheSameBytes();
            }
            finally
            {
                TorchTensor.BandBytes = saved;
            }
        }

        /// <summary>The band path on a small weight (the two tests above use 1.1 M elements, too slow for mutation runs):
        /// with every span read through the band and a band of 3 of the 30 Keras columns, 16-element chunks of the
        /// transposed Dense(30) kernel on 40 inputs reload the band as they move along, and reuse it in place; the file
        /// must hold the permutation whatever the path.</summary>
        [Fact]
        public void ASmallBandThatMovesAlongGivesTheSameBytes()
        {
            var (band, direct) = (TorchTensor.BandBytes, TorchTensor.DirectSpan);
            TorchTensor.BandBytes = 40 * 4 * 3;
            TorchTensor.DirectSpan = 0;
            try
            {
                var plan = Plan(Keras3Sequential("[null,40]", Layer("Dense", "'name':'d','units':30,'use_bias':false")));
                var path = Path.Combine(dir, "band.safetensors");
                ModelWeightFile.Write(path, ModelWeightFormat.Safetensors, plan, Seed, new ModelWeightWriteOptions { Layout = WeightLayout.Torch }, new StreamingOptions { ChunkBytes = 64 });
                var keras = Tensor.Allocate(new[] { 40, 30 }, DType.Float32, uninitialized: true);
                ModelWeightValues.Create(plan.Weights[0], Seed).Elements.Fill(0, ((float[])keras.Data).AsSpan());
                var torch = TorchLayout.Permute(keras, WeightLayout.Keras, WeightLayout.Torch);
                Assert.Equal(new[] { 30, 40 }, torch.Shape);
                Assert.Equal(torch.ToBytes(), Safetensors.Read(path).Single().Value.ToBytes());
            }
            finally
            {
                (TorchTensor.BandBytes, TorchTensor.DirectSpan) = (band, direct);
            }
        }

        [Theory]
        [InlineData("m.safetensors")]
        [InlineData("m.npz")]
        public void TheFileHoldsTheStateDictAndTheSafetensorsMetadataRecordsTheLayout(string file)
        {
            var plan = Plan(RecurrentModel());
            var path = Path.Combine(dir, file);
            ModelWeightFile.Write(path, ModelWeightFile.FormatOf(path), plan, Seed, new ModelWeightWriteOptions { Layout = WeightLayout.Torch });
            var read = TensorFile.Read(path).ToDictionary(t => t.Key, t => t.Value);
            var map = TorchStateDict.Map(plan);
            Assert.Equal(map.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal), read.Keys.OrderBy(n => n, StringComparer.Ordinal));
            foreach (var t in map)
            {
                Assert.True(Expected(t, Seed).SequenceEqual(((float[])read[t.Name].Data).Select(BitConverter.SingleToInt32Bits)), t.Name);
                // A rearranged tensor is not what its initializer gives for its shape: no provenance record (and the
                // zeros none either, so an .npz holds the state_dict and nothing else).
                Assert.Null(read[t.Name].GetProvenance());
            }

            if (file.EndsWith(".safetensors", StringComparison.Ordinal))
            {
                Safetensors.Read(path, null, out var list);
                var metadata = list.ToDictionary(kv => kv.Key, kv => kv.Value);
                Assert.Equal("torch", metadata[TorchStateDict.LayoutKey]);
                var sources = (System.Collections.IDictionary)JsonText.Parse(metadata[TorchStateDict.SourcesKey])!;
                Assert.Equal("seq/g/gru_cell/bias", sources["seq.g.bias_hh_l0"]);
                Assert.Null(sources["seq.l.bias_hh_l0"]);
                Assert.Equal("seq/l/lstm_cell/kernel", sources["seq.l.weight_ih_l0"]);
            }
        }

        [Fact]
        public void TheKerasLayoutRecordsNoLayoutKey()
        {
            var path = Path.Combine(dir, "k.safetensors");
            ModelWeightFile.Write(path, ModelWeightFormat.Safetensors, Plan(RecurrentModel()), Seed);
            Safetensors.Read(path, null, out var metadata);
            Assert.DoesNotContain(metadata, kv => kv.Key == TorchStateDict.LayoutKey || kv.Key == TorchStateDict.SourcesKey);
        }

        [Fact]
        public void ShardsIndexTheTorchNamesWithTheirKerasWeight()
        {
            var plan = Plan(RecurrentModel());
            var path = Path.Combine(dir, "m.safetensors");
            var all = new Dictionary<string, string>();
            for (var i = 0; i < 2; i++)
            {
                var files = ModelWeightFile.Write(path, ModelWeightFormat.Safetensors, plan, Seed, new ModelWeightWriteOptions { Layout = WeightLayout.Torch, ShardIndex = i, ShardCount = 2 });
                foreach (var name in Safetensors.Read(files[0]).Select(t => t.Key))
                {
                    all[name] = Path.GetFileName(files[0]);
                }
            }

            var index = (System.Collections.IDictionary)JsonText.Parse(File.ReadAllText(ModelWeightFile.IndexPath(path)))!;
            var weightMap = (System.Collections.IDictionary)index["weight_map"]!;
            Assert.Equal(all.Keys.OrderBy(n => n, StringComparer.Ordinal), weightMap.Keys.Cast<string>());
            Assert.All(all, kv => Assert.Equal(kv.Value, weightMap[kv.Key]));
            // The zero bias_hh goes with the bias it completes.
            Assert.Equal(weightMap["seq.l.bias_ih_l0"], weightMap["seq.l.bias_hh_l0"]);
        }

        [Theory]
        [InlineData("model.json", ModelWeightFormat.TensorFlowJs)]
        [InlineData("m.weights.h5", ModelWeightFormat.KerasH5)]
        public void FormatsWithOneLayoutRefuseTorch(string file, ModelWeightFormat format)
        {
            var path = Path.Combine(dir, file);
            var error = Assert.Throws<InitializerException>(() =>
                ModelWeightFile.Write(path, format, Plan(RecurrentModel()), Seed, new ModelWeightWriteOptions { Layout = WeightLayout.Torch }));
            Assert.Equal("LayoutFormatUnsupported", error.ErrorId);
            Assert.Equal($"Cannot write '{path}' in PyTorch's layout: the {format} format has Keras's layout only (its loader reads nothing else); write .safetensors or .npz for the Torch layout.", error.Message);
            Assert.Equal(path, error.SourceName);
            Assert.False(File.Exists(path));
        }

        private const string GruBefore = "is a GRU with reset_after false, which applies the reset gate before the recurrent kernel; torch.nn.GRU applies it after (reset_after true), so no torch module computes it.";

        [Theory]
        [InlineData("GRU", "'name':'x','units':2,'reset_after':false", "[null,7,3]", GruBefore)]
        [InlineData("GRU", "'name':'x','units':2,'reset_after':false,'use_bias':false", "[null,7,3]", GruBefore)]
        // Keras: reset_after null is falsy.
        [InlineData("GRU", "'name':'x','units':2,'reset_after':null", "[null,7,3]", GruBefore)]
        [InlineData("EinsumDense", "'name':'x','equation':'ab,bc->ac','output_shape':[5]", "[null,3]",
            "has the weight 'seq/x/kernel' (EinsumDense kernel), which has no torch.nn counterpart in this mapping (docs/model-weights.md, \"PyTorch layout\"); write the Keras layout.")]
        [InlineData("PReLU", "'name':'x'", "[null,3]",
            "has the weight 'seq/x/alpha' (PReLU alpha), which has no torch.nn counterpart in this mapping (docs/model-weights.md, \"PyTorch layout\"); write the Keras layout.")]
        [InlineData("BatchNormalization", "'name':'x','center':false", "[null,3]", "has only one of gamma (scale) and beta (center); torch.nn.BatchNorm has both (affine) or neither.")]
        // tf-keras: several axes give a parameter of the input rank, 1 on the other axes (1, 3, 4).
        [InlineData("BatchNormalization", "'name':'x','axis':[1,2]", "[null,3,4]", "has the weight 'seq/x/gamma' of shape (1, 3, 4); torch.nn.BatchNorm holds one value per channel (one axis).")]
        [InlineData("LayerNormalization", "'name':'x','center':false", "[null,3]", "has only one of gamma (scale) and beta (center); torch.nn.LayerNorm has both (affine) or neither.")]
        [InlineData("LayerNormalization", "'name':'x','scale':false", "[null,3]", "has only one of gamma (scale) and beta (center); torch.nn.LayerNorm has both (affine) or neither.")]
        [InlineData("GroupNormalization", "'name':'x','groups':1,'center':false", "[null,3]", "has only one of gamma (scale) and beta (center); torch.nn.GroupNorm has both (affine) or neither.")]
        public void LayersWithoutATorchCounterpartAreTorchLayoutUnsupported(string className, string config, string input, string says)
        {
            var entry = Layer(className, config);
            var error = Assert.Throws<InitializerException>(() => TorchStateDict.Map(Plan(Keras3Sequential(input, entry))));
            Assert.Equal("TorchLayoutUnsupported", error.ErrorId);
            Assert.Equal("x", error.Target);
            Assert.Equal($"The layer 'x' ({className}) " + says, error.Message);
        }

        /// <summary>Text read from a file: the error names the file and the layer's line and column.</summary>
        [Fact]
        public void AnUnsupportedLayerInAFileGivesItsPlace()
        {
            var text = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": [\n" +
                "  {\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 3], \"name\": \"in\"}},\n" +
                "   {\"class_name\": \"PReLU\", \"config\": {\"name\": \"x\"}}]}}";
            var plan = ModelWeightPlan.Build(Initializers.Models.ModelConfig.Parse(text, "p.json"));
            var error = Assert.Throws<InitializerException>(() => TorchStateDict.Map(plan));
            Assert.Equal(("p.json", 3, 4), (error.SourceName, error.Line, error.Column));
        }

        /// <summary>The 1-D and 3-D members of the families, by hand from torch.nn (conv.py, normalization.py): a
        /// ConvTranspose weight is (in, out/groups, k…), a depthwise Conv (in·m, 1, k…), a pointwise Conv (out, in, 1…),
        /// GroupNorm weight and bias (C).</summary>
        [Fact]
        public void OneAndThreeDimensionalNamesAndShapesAreTorchNnModules()
        {
            // (8, 4) → ConvTranspose1d(4, 3, 2, stride 2): Keras (2, 3, 4) → (4, 3, 2), out 16·… → (16, 3);
            // DepthwiseConv1D(3, m 2, same) = Conv1d(3, 6, 3, groups 3): (6, 1, 3); SeparableConv1D(5, 3, same):
            // depthwise (6, 1, 3), pointwise Conv1d(6, 5, 1) (5, 6, 1); GroupNorm(5, 5): weight, bias (5).
            var oneD = TorchStateDict.Map(Plan(Keras3Sequential("[null,8,4]",
                Layer("Conv1DTranspose", "'name':'t','filters':3,'kernel_size':2,'strides':2"),
                Layer("DepthwiseConv1D", "'name':'dw','kernel_size':3,'depth_multiplier':2,'padding':'same'"),
                Layer("SeparableConv1D", "'name':'sc','filters':5,'kernel_size':3,'padding':'same'"),
                Layer("GroupNormalization", "'name':'gn','groups':5"))));
            Assert.Equal(new[]
            {
                "seq.t.weight (4,3,2) seq/t/kernel", "seq.t.bias (3) seq/t/bias",
                "seq.dw.weight (6,1,3) seq/dw/kernel", "seq.dw.bias (6) seq/dw/bias",
                "seq.sc.depthwise.weight (6,1,3) seq/sc/depthwise_kernel", "seq.sc.pointwise.weight (5,6,1) seq/sc/pointwise_kernel", "seq.sc.pointwise.bias (5) seq/sc/bias",
                "seq.gn.weight (5) seq/gn/gamma", "seq.gn.bias (5) seq/gn/beta",
            }, oneD.Select(Line));

            // (4, 4, 4, 2) → Conv3d(2, 3, 2): Keras (2, 2, 2, 2, 3) → (3, 2, 2, 2, 2), out (3, 3, 3, 3);
            // ConvTranspose3d(3, 2, 2): Keras (2, 2, 2, 2, 3) [k…, out, in] → (3, 2, 2, 2, 2).
            var threeD = TorchStateDict.Map(Plan(Keras3Sequential("[null,4,4,4,2]",
                Layer("Conv3D", "'name':'c','filters':3,'kernel_size':2"),
                Layer("Conv3DTranspose", "'name':'t','filters':2,'kernel_size':2,'use_bias':false"))));
            Assert.Equal(new[] { "seq.c.weight (3,2,2,2,2) seq/c/kernel", "seq.c.bias (3) seq/c/bias", "seq.t.weight (3,2,2,2,2) seq/t/kernel" }, threeD.Select(Line));
        }

        [SkippableFact]
        public void NumpyPermutesTheKerasFileIntoTheTorchFile()
        {
            Skip.IfNot(NumpyInteropTests.HasNumpy.Value, "/usr/bin/python3 with numpy is not installed (apt-get install python3-numpy)");
            var keras = Path.Combine(dir, "k.npz");
            var torch = Path.Combine(dir, "t.npz");
            foreach (var (model, prefix) in new[] { (ConvModel(), "c"), (RecurrentModel(), "r") })
            {
                var plan = Plan(model);
                ModelWeightFile.Write(keras, ModelWeightFormat.Npz, plan, Seed);
                ModelWeightFile.Write(torch, ModelWeightFormat.Npz, plan, Seed, new ModelWeightWriteOptions { Layout = WeightLayout.Torch });
                var result = NumpyInteropTests.Run(
                    "import numpy as np\n" +
                    $"k = np.load(r'{keras}'); t = np.load(r'{torch}')\n" +
                    "def rev(a): return np.transpose(a, (a.ndim - 1, a.ndim - 2) + tuple(range(a.ndim - 2)))\n" +
                    "def dw(a): return np.moveaxis(a.reshape(a.shape[:-2] + (-1, 1)), (-2, -1), (0, 1))\n" +
                    "def gru(a): u = a.shape[-1] // 3; return np.concatenate([a[..., u:2*u], a[..., :u], a[..., 2*u:]], axis=-1)\n" +
                    "checks = {\n" +
                    (prefix == "c"
                        ? "  'seq.c.weight': rev(k['seq/c/kernel']), 'seq.dw.weight': dw(k['seq/dw/kernel']), 'seq.sc.depthwise.weight': dw(k['seq/sc/depthwise_kernel']),\n" +
                          "  'seq.sc.pointwise.weight': rev(k['seq/sc/pointwise_kernel']), 'seq.ct.weight': rev(k['seq/ct/kernel']), 'seq.c1.weight': rev(k['seq/c1/kernel']),\n" +
                          "  'seq.bn.running_var': k['seq/bn/moving_variance'], 'seq.bn.num_batches_tracked': np.array(0, dtype='<i8'),\n"
                        : "  'seq.l.weight_ih_l0': k['seq/l/lstm_cell/kernel'].T, 'seq.l.weight_hh_l0': k['seq/l/lstm_cell/recurrent_kernel'].T,\n" +
                          "  'seq.l.bias_ih_l0': k['seq/l/lstm_cell/bias'], 'seq.l.bias_hh_l0': np.zeros(12, dtype='<f4'),\n" +
                          "  'seq.g.weight_ih_l0': gru(k['seq/g/gru_cell/kernel']).T, 'seq.g.weight_hh_l0': gru(k['seq/g/gru_cell/recurrent_kernel']).T,\n" +
                          "  'seq.g.bias_ih_l0': gru(k['seq/g/gru_cell/bias'])[0], 'seq.g.bias_hh_l0': gru(k['seq/g/gru_cell/bias'])[1],\n" +
                          "  'seq.bi.weight_hh_l0_reverse': k['seq/bi/backward_s/simple_rnn_cell/recurrent_kernel'].T, 'seq.td.d.weight': k['seq/td/d/kernel'].T,\n") +
                    "}\n" +
                    "for name, want in checks.items():\n" +
                    "    got = t[name]\n" +
                    "    assert got.dtype == want.dtype and got.shape == want.shape and got.tobytes() == want.tobytes(), name\n" +
                    "print(len(checks), len(t.files))\n");
                Assert.True(result.ExitCode == 0, result.Output);
                Assert.Equal(prefix == "c" ? "8 16" : "10 21", result.Output.Trim());
            }
        }

        [SkippableFact]
        public void TorchLoadsTheStateDictStrictlyAndComputesWhatKerasComputes()
        {
            Skip.IfNot(HasTorch.Value, NoTorch);
            var conv = Path.Combine(dir, "conv.safetensors");
            var rnn = Path.Combine(dir, "rnn.safetensors");
            var kerasRnn = Path.Combine(dir, "rnn.npz");
            var kerasConv = Path.Combine(dir, "conv.npz");
            ModelWeightFile.Write(conv, ModelWeightFormat.Safetensors, Plan(ConvModel()), Seed, new ModelWeightWriteOptions { Layout = WeightLayout.Torch });
            ModelWeightFile.Write(rnn, ModelWeightFormat.Safetensors, Plan(RecurrentModel()), Seed, new ModelWeightWriteOptions { Layout = WeightLayout.Torch });
            ModelWeightFile.Write(kerasRnn, ModelWeightFormat.Npz, Plan(RecurrentModel()), Seed);
            ModelWeightFile.Write(kerasConv, ModelWeightFormat.Npz, Plan(ConvModel()), Seed);
            // torch 1.13 has no safetensors reader: the file is parsed by its specification (8-byte header length, JSON
            // header, raw little-endian data), then load_state_dict(strict=True) into the torch.nn modules the Keras layers
            // correspond to. Then the forward passes: Keras's GRU (reset_after, gates z, r, h) and depthwise convolution
            // (output channel c·m + j) computed in numpy from the Keras-layout file equal torch's on the torch-layout file.
            var result = NumpyInteropTests.Run(
                "import json, struct, numpy as np, torch, torch.nn as nn, torch.nn.functional as F\n" +
                "def load(path):\n" +
                "    b = open(path, 'rb').read(); n = struct.unpack('<Q', b[:8])[0]; h = json.loads(b[8:8 + n]); h.pop('__metadata__')\n" +
                "    dt = {'F32': np.float32, 'I64': np.int64}\n" +
                "    return {k: torch.from_numpy(np.frombuffer(b[8 + n + v['data_offsets'][0]:8 + n + v['data_offsets'][1]], dtype=dt[v['dtype']]).reshape(v['shape']).copy()) for k, v in h.items()}\n" +
                "class Sep(nn.Module):\n" +
                "    def __init__(s, i, m, o):\n" +
                "        super().__init__(); s.depthwise = nn.Conv2d(i, i * m, 3, padding=1, groups=i, bias=False); s.pointwise = nn.Conv2d(i * m, o, 1)\n" +
                "class Conv(nn.Module):\n" +
                "    def __init__(s):\n" +
                "        super().__init__(); s.c = nn.Conv2d(4, 6, 3, padding=1); s.dw = nn.Conv2d(6, 12, 3, padding=1, groups=6)\n" +
                "        s.sc = Sep(12, 1, 5); s.ct = nn.ConvTranspose2d(5, 3, 2, stride=2); s.bn = nn.BatchNorm2d(3); s.c1 = nn.Conv1d(48, 4, 3, groups=2)\n" +
                "class Rnn(nn.Module):\n" +
                "    def __init__(s):\n" +
                "        super().__init__(); s.e = nn.Embedding(20, 4); s.l = nn.LSTM(4, 3, batch_first=True); s.g = nn.GRU(3, 2, batch_first=True)\n" +
                "        s.bi = nn.RNN(2, 2, batch_first=True, bidirectional=True); s.ln = nn.LayerNorm(4); s.td = nn.Module(); s.td.d = nn.Linear(4, 5)\n" +
                "def wrap(m):\n" +
                "    root = nn.Module(); root.seq = m; return root\n" +
                $"cs = load(r'{conv}'); rs = load(r'{rnn}')\n" +
                "cm = wrap(Conv()); print(cm.load_state_dict(cs, strict=True))\n" +
                "rm = wrap(Rnn()); print(rm.load_state_dict(rs, strict=True))\n" +
                $"k = np.load(r'{kerasRnn}'); kc = np.load(r'{kerasConv}')\n" +
                "sig = lambda v: 1 / (1 + np.exp(-v))\n" +
                "W, U, B = (k['seq/g/gru_cell/' + n].astype(np.float64) for n in ('kernel', 'recurrent_kernel', 'bias'))\n" +
                "rng = np.random.default_rng(5); x = rng.standard_normal((4, 3)); h = np.zeros(2)\n" +
                "for t in range(4):\n" +
                "    xw = x[t] @ W + B[0]; hu = h @ U + B[1]\n" +
                "    z = sig(xw[:2] + hu[:2]); r = sig(xw[2:4] + hu[2:4]); hh = np.tanh(xw[4:] + r * hu[4:]); h = z * h + (1 - z) * hh\n" +
                "with torch.no_grad(): out, hn = rm.seq.g(torch.from_numpy(x[None]).double().float())\n" +
                "print('gru', np.abs(hn[0, 0].double().numpy() - h).max() < 1e-5)\n" +
                "D = kc['seq/dw/kernel'].astype(np.float64); img = rng.standard_normal((8, 8, 6)); pad = np.pad(img, ((1, 1), (1, 1), (0, 0)))\n" +
                "ref = np.zeros((8, 8, 12))\n" +
                "for c in range(6):\n" +
                "    for j in range(2):\n" +
                "        for a in range(3):\n" +
                "            for b in range(3): ref[:, :, c * 2 + j] += pad[a:a + 8, b:b + 8, c] * D[a, b, c, j]\n" +
                "ref += kc['seq/dw/bias']\n" +
                "with torch.no_grad(): got = cm.seq.dw(torch.from_numpy(img.transpose(2, 0, 1)[None]).float())[0].double().numpy().transpose(1, 2, 0)\n" +
                "print('depthwise', np.abs(got - ref).max() < 1e-5)\n");
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal(new[] { "<All keys matched successfully>", "<All keys matched successfully>", "gru True", "depthwise True" }, result.Output.Trim().Split('\n'));
        }

        private static string Line(TorchTensor t) =>
            $"{t.Name} ({string.Join(",", t.Shape)}) {(t.HoldsSource ? t.Source.Path : "-")}";

        private static IEnumerable<int> Bits(TensorElements elements)
        {
            if (elements.DType == DType.Int64)
            {
                var longs = new long[elements.Count];
                elements.Fill(0, longs.AsSpan());
                return longs.Select(l => (int)l);
            }

            var floats = new float[elements.Count];
            elements.Fill(0, floats.AsSpan());
            return floats.Select(BitConverter.SingleToInt32Bits);
        }

        /// <summary>The torch tensor's values from the Keras-layout values, by the index rule of its kind written out
        /// here: element [o, i, k…] of a transposed weight is Keras [k…, i, o]; depthwise [c·m + j, 0, k…] is Keras
        /// [k…, c, j]; a recurrent [g·u + j, i] is Keras [i, G(g)·u + j] with G = (1, 0, 2) for the GRU (torch r, z, n;
        /// Keras z, r, h) and the identity otherwise; a bias row likewise.</summary>
        private static IEnumerable<int> Expected(TorchTensor t, long seed)
        {
            if (!t.HoldsSource)
            {
                return Enumerable.Repeat(0, (int)t.Count);
            }

            var w = t.Source;
            var keras = Bits(ModelWeightValues.Create(w, seed).Elements).ToArray();
            var s = w.Shape.Select(d => (int)d).ToArray();
            var r = s.Length;
            var kernel = s.Take(Math.Max(0, r - 2)).Aggregate(1, (a, b) => a * b);
            var leaf = t.Name.Substring(t.Name.LastIndexOf('.') + 1);
            var gates = w.LayerClass == "LSTM" ? 4 : w.LayerClass == "GRU" ? 3 : 1;
            int Gate(int g) => w.LayerClass == "GRU" ? new[] { 1, 0, 2 }[g] : g;
            var result = new int[t.Count];
            for (var n = 0; n < result.Length; n++)
            {
                if (leaf.StartsWith("weight_", StringComparison.Ordinal))
                {
                    var (row, i) = (n / s[0], n % s[0]);
                    var units = s[1] / gates;
                    result[n] = keras[(i * s[1]) + (Gate(row / units) * units) + (row % units)];
                }
                else if (leaf.StartsWith("bias_", StringComparison.Ordinal))
                {
                    var width = s[r - 1];
                    var units = width / gates;
                    var offset = leaf.StartsWith("bias_hh", StringComparison.Ordinal) ? width : 0;
                    result[n] = keras[offset + (Gate(n / units) * units) + (n % units)];
                }
                else if (w.Name.Contains("depthwise", StringComparison.Ordinal) || (w.LayerClass.StartsWith("Depthwise", StringComparison.Ordinal) && w.Name == "kernel"))
                {
                    var channels = s[r - 2] * s[r - 1];
                    var (oc, k) = (n / kernel, n % kernel);
                    result[n] = keras[(k * channels) + oc];
                }
                else if (w.Name is "kernel" or "pointwise_kernel")
                {
                    var (o, i, k) = (n / (s[r - 2] * kernel), n / kernel % s[r - 2], n % kernel);
                    result[n] = keras[(((k * s[r - 2]) + i) * s[r - 1]) + o];
                }
                else
                {
                    result[n] = keras[n];
                }
            }

            return result;
        }
    }
}
