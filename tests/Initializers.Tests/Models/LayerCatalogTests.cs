using System;
using System.IO;
using System.Linq;
using Initializers.Models;
using Xunit;

namespace Initializers.Tests.Models
{
    /// <summary>The known-class table against the names Keras 3, Keras 2 (2.1-2.3 and tf-keras) and TensorFlow.js deserialize, read
    /// from their sources by tools/layer-classes.py into Fixtures/models/layer-classes.tsv (the commits are in its
    /// header). A known class is one the checker does not call custom (the UnknownLayerClass finding).</summary>
    public class LayerCatalogTests
    {
        private static readonly string[][] Rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "models", "layer-classes.tsv"))
            .Where(l => !l.StartsWith("#", StringComparison.Ordinal)).Select(l => l.Split('\t')).ToArray();

        [Fact]
        public void TheUpstreamListIsWhole()
        {
            // A list cut short by a broken extraction would make the next test weak: each source contributes its own.
            Assert.All(Rows, r => Assert.Equal(2, r.Length));
            Assert.All(Rows, r => Assert.All(r[1].Split(','), s => Assert.Contains(s, new[] { "keras3", "keras2", "tf-keras", "tfjs" })));
            Assert.True(Rows.Count(r => r[1].Contains("keras3")) > 150, "keras3");
            Assert.True(Rows.Count(r => r[1].Contains("keras2")) > 100, "keras2");
            Assert.True(Rows.Count(r => r[1].Contains("tf-keras")) > 120, "tf-keras");
            Assert.True(Rows.Count(r => r[1].Contains("tfjs")) > 60, "tfjs");
            Assert.Contains(Rows, r => r[0] == "Dense" && r[1] == "keras3,keras2,tf-keras,tfjs");
        }

        [Fact]
        public void EveryUpstreamClassIsKnownAndNoOther()
        {
            var upstream = Rows.Select(r => r[0]).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var missing = upstream.Where(n => !LayerCatalog.IsKnown(n)).ToList();
            Assert.True(missing.Count == 0, "not known: " + string.Join(", ", missing));
            var invented = LayerCatalog.KnownClasses.Except(upstream).ToList();
            Assert.True(invented.Count == 0, "not upstream: " + string.Join(", ", invented));
        }

        [Fact]
        public void AnAliasStandsForAnUpstreamClass()
        {
            var upstream = Rows.Select(r => r[0]).ToList();
            Assert.All(upstream, n => Assert.Contains(LayerCatalog.KerasClass(n), upstream));
            Assert.Equal("Conv2DTranspose", LayerCatalog.KerasClass("Deconv2D"));
            Assert.Equal("BatchNormalization", LayerCatalog.KerasClass("BatchNormalizationV1"));
            Assert.Equal("GroupedQueryAttention", LayerCatalog.KerasClass("GroupQueryAttention"));
            Assert.Equal("MyLayer", LayerCatalog.KerasClass("MyLayer"));
        }

        /// <summary>An alias's slots have its class's rank and use: Deconvolution2D's kernel is 4-D (kh, kw, out, in), and
        /// a BatchNormalizationV1 with center false builds no beta (model-formats.md §5).</summary>
        [Fact]
        public void AnAliasSlotIsItsClassSlot()
        {
            var model = ModelConfig.Parse("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [\n" +
                "{\"class_name\": \"Deconvolution2D\", \"config\": {\"name\": \"t\", \"filters\": 2, \"kernel_initializer\": \"ones\", \"bias_initializer\": \"zeros\"}},\n" +
                "{\"class_name\": \"BatchNormalizationV1\", \"config\": {\"name\": \"b\", \"center\": false, \"beta_initializer\": \"zeros\"}}\n]}}");
            Assert.Equal(new int?[] { 4, 1, 1 }, model.Slots.Select(s => s.WeightRank));
            Assert.Equal(new[] { false, false, true }, model.Slots.Select(s => s.Unused));
        }

        /// <summary>The normalization layers' parameters are vectors (one axis) and follow center/scale; a custom class's
        /// slots of the same names are not judged (model-formats.md §5).</summary>
        [Theory]
        [InlineData("LayerNormalization", "\"center\": false", "beta_initializer", true)]
        [InlineData("LayerNormalization", "\"scale\": false", "gamma_initializer", true)]
        [InlineData("GroupNormalization", "\"scale\": false", "gamma_initializer", true)]
        [InlineData("GroupNormalization", "\"center\": false", "beta_initializer", true)]
        [InlineData("BatchNormalization", "\"center\": false", "beta_initializer", true)]
        [InlineData("SyncBatchNormalization", "\"center\": false", "beta_initializer", true)]
        [InlineData("LayerNormalization", "\"center\": true", "beta_initializer", false)]
        [InlineData("MyNormalization", "\"center\": false", "beta_initializer", false)]
        public void NormalizationSlots(string className, string flag, string slot, bool unused)
        {
            var model = ModelConfig.Parse("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [" +
                $"{{\"class_name\": \"{className}\", \"config\": {{\"name\": \"n\", {flag}, \"{slot}\": \"ones\"}}}}]}}}}");
            var found = Assert.Single(model.Slots);
            Assert.Equal(unused, found.Unused);
            Assert.Equal(className.StartsWith("My", StringComparison.Ordinal) ? null : 1, found.WeightRank);
        }

        /// <summary>The kernel's rank from the spatial rank in the class name, before a Transpose or Cell suffix: a
        /// ConvLSTM2D cell's kernel is (kh, kw, in, 4·filters), a Conv1DTranspose kernel (k, out, in).</summary>
        [Theory]
        [InlineData("{\"class_name\": \"RNN\", \"config\": {\"name\": \"r\", \"cell\": {\"class_name\": \"ConvLSTM2DCell\", \"config\": {\"name\": \"c\", \"kernel_initializer\": \"ones\"}}}}", 4)]
        [InlineData("{\"class_name\": \"ConvLSTM3D\", \"config\": {\"name\": \"c\", \"kernel_initializer\": \"ones\"}}", 5)]
        [InlineData("{\"class_name\": \"Conv1DTranspose\", \"config\": {\"name\": \"c\", \"kernel_initializer\": \"ones\"}}", 3)]
        [InlineData("{\"class_name\": \"Conv12\", \"config\": {\"name\": \"c\", \"kernel_initializer\": \"ones\"}}", null)]
        [InlineData("{\"class_name\": \"ConvBlock\", \"config\": {\"name\": \"c\", \"kernel_initializer\": \"ones\"}}", null)]
        [InlineData("{\"class_name\": \"Conv4D\", \"config\": {\"name\": \"c\", \"kernel_initializer\": \"ones\"}}", null)]
        [InlineData("{\"class_name\": \"Custom2D\", \"config\": {\"name\": \"c\", \"kernel_initializer\": \"ones\"}}", null)]
        public void TheKernelRankFollowsTheSpatialRank(string layer, int? rank)
        {
            var model = ModelConfig.Parse("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [" + layer + "]}}");
            Assert.Equal(rank, Assert.Single(model.Slots).WeightRank);
        }

        [Fact]
        public void ACustomClassSlotHasNoRank()
        {
            var model = ModelConfig.Parse("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [" +
                "{\"class_name\": \"MyLayer\", \"config\": {\"name\": \"x\", \"kernel_initializer\": \"ones\", \"gamma_initializer\": \"ones\"}}]}}");
            Assert.Equal(new int?[] { null, null }, model.Slots.Select(s => s.WeightRank));
        }

        private static ModelConfig One(string className, string config, string envelope = "\"keras_version\": \"2.15.0\", ") =>
            ModelConfig.Parse("{" + envelope + "\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [" +
                              $"{{\"class_name\": \"{className}\", \"config\": {{\"name\": \"x\", {config.Replace('\'', '"')}}}}}]}}}}");

        /// <summary>Each slot's weight rank and whether the layer builds a weight from it, per model-formats.md §5 (the
        /// weights each layer creates): "slot:rank:U(nused) or -". Slot values are the string "ones".</summary>
        [Theory]
        [InlineData("Dense", "'units': 3, 'kernel_initializer': 'ones', 'bias_initializer': 'ones', 'foo_initializer': 'ones'", "kernel:2:- bias:1:- foo:null:-")]
        [InlineData("Dense", "'use_bias': false, 'kernel_initializer': 'ones', 'bias_initializer': 'ones'", "kernel:2:- bias:1:U")]
        [InlineData("Conv1D", "'kernel_initializer': 'ones', 'bias_initializer': 'ones', 'foo_initializer': 'ones'", "kernel:3:- bias:1:- foo:null:-")]
        [InlineData("Conv2D", "'kernel_initializer': 'ones', 'bias_initializer': 'ones'", "kernel:4:- bias:1:-")]
        [InlineData("Conv3DTranspose", "'kernel_initializer': 'ones', 'bias_initializer': 'ones'", "kernel:5:- bias:1:-")]
        [InlineData("DepthwiseConv1D", "'depthwise_initializer': 'ones', 'bias_initializer': 'ones'", "depthwise:3:- bias:1:-")]
        [InlineData("DepthwiseConv2D", "'depthwise_initializer': 'ones', 'bias_initializer': 'ones'", "depthwise:4:- bias:1:-")]
        [InlineData("SeparableConv1D", "'depthwise_initializer': 'ones', 'pointwise_initializer': 'ones', 'bias_initializer': 'ones', 'kernel_initializer': 'ones'", "depthwise:3:- pointwise:3:- bias:1:- kernel:null:U")]
        [InlineData("SeparableConv2D", "'depthwise_initializer': 'ones', 'pointwise_initializer': 'ones', 'bias_initializer': 'ones'", "depthwise:4:- pointwise:4:- bias:1:-")]
        [InlineData("Embedding", "'embeddings_initializer': 'ones', 'foo_initializer': 'ones'", "embeddings:2:- foo:null:-")]
        [InlineData("SimpleRNN", "'kernel_initializer': 'ones', 'recurrent_initializer': 'ones', 'bias_initializer': 'ones', 'foo_initializer': 'ones'", "kernel:2:- recurrent:2:- bias:1:- foo:null:-")]
        [InlineData("LSTM", "'kernel_initializer': 'ones', 'recurrent_initializer': 'ones', 'bias_initializer': 'ones'", "kernel:2:- recurrent:2:- bias:1:-")]
        [InlineData("LSTMCell", "'use_bias': false, 'bias_initializer': 'ones'", "bias:1:U")]
        [InlineData("SimpleRNNCell", "'kernel_initializer': 'ones', 'bias_initializer': 'ones'", "kernel:2:- bias:1:-")]
        [InlineData("CuDNNLSTM", "'recurrent_initializer': 'ones'", "recurrent:2:-")]
        [InlineData("CuDNNGRU", "'bias_initializer': 'ones'", "bias:1:-")]
        [InlineData("GRU", "'reset_after': true, 'kernel_initializer': 'ones', 'bias_initializer': 'ones'", "kernel:2:- bias:2:-")]
        [InlineData("GRUCell", "'reset_after': false, 'bias_initializer': 'ones'", "bias:1:-")]
        [InlineData("GRU", "'bias_initializer': 'ones'", "bias:null:-")]
        [InlineData("ConvLSTM2D", "'kernel_initializer': 'ones', 'recurrent_initializer': 'ones', 'bias_initializer': 'ones', 'foo_initializer': 'ones'", "kernel:4:- recurrent:4:- bias:1:- foo:null:-")]
        [InlineData("ConvLSTM1D", "'kernel_initializer': 'ones'", "kernel:3:-")]
        [InlineData("BatchNormalization", "'axis': -1, 'beta_initializer': 'ones', 'gamma_initializer': 'ones', 'moving_mean_initializer': 'ones', 'moving_variance_initializer': 'ones'", "beta:1:- gamma:1:- moving_mean:1:- moving_variance:1:-")]
        [InlineData("BatchNormalization", "'axis': [3], 'center': false, 'scale': false, 'beta_initializer': 'ones', 'gamma_initializer': 'ones'", "beta:1:U gamma:1:U")]
        [InlineData("BatchNormalization", "'axis': [1, 2], 'beta_initializer': 'ones'", "beta:null:-")]
        [InlineData("BatchNormalization", "'axis': 'x', 'beta_initializer': 'ones'", "beta:null:-")]
        [InlineData("BatchNormalization", "'beta_initializer': 'ones'", "beta:1:-")]
        [InlineData("LayerNormalization", "'rms_scaling': true, 'scale': false, 'beta_initializer': 'ones', 'gamma_initializer': 'ones'", "beta:1:U gamma:1:-")]
        [InlineData("LayerNormalization", "'rms_scaling': false, 'center': true, 'beta_initializer': 'ones'", "beta:1:-")]
        [InlineData("MyLayer", "'use_bias': false, 'kernel_initializer': 'ones', 'bias_initializer': 'ones'", "kernel:null:- bias:null:U")]
        public void SlotRanksAndUse(string className, string config, string expected)
        {
            var model = One(className, config);
            Assert.Equal(expected, string.Join(" ", model.Slots.Select(s =>
                $"{LayerCatalog.WeightOf(s.Slot)}:{s.WeightRank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}:{(s.Unused ? "U" : "-")}")));
        }

        /// <summary>TensorFlow.js writes camelCase keys: useBias false leaves the bias unused, resetAfter sets a GRU bias's rank.</summary>
        [Fact]
        public void CamelCaseFlagsCount()
        {
            var model = One("GRU", "'useBias': false, 'resetAfter': true, 'biasInitializer': 'ones', 'kernelInitializer': 'ones'", "");
            Assert.Equal(new[] { true, false }, model.Slots.Select(s => s.Unused));
            Assert.Equal(2, model.Slots[0].WeightRank);
        }

        /// <summary>How many values each initializer call asks for (the ConstantSizeMismatch warning names them), by hand
        /// from model-formats.md §5: a kernel is in·gates·units, a recurrent kernel units·gates·units; an LSTM bias with
        /// unit_forget_bias is two calls (u and 2u; Keras's default is true when the key is absent, TensorFlow.js's
        /// false); a GRU bias is 2·3u with reset_after (Keras's default) or 3u. Keras 2's CuDNNLSTM has LSTM's gates and a
        /// bias of 8u, drawn as 5u and 2u around the forget gate's ones (unit_forget_bias, its default) or as one call;
        /// CuDNNGRU's bias is 6u (tf-keras cudnn_lstm.py, cudnn_gru.py). A snake_case key is read before a camelCase one.</summary>
        [Theory]
        [InlineData("Conv2D", "'filters': 4, 'bias_initializer': C", "4")]
        [InlineData("Conv1D", "'kernel_initializer': C", null)]
        [InlineData("Embedding", "'input_dim': 5, 'output_dim': 3, 'embeddings_initializer': C", "15")]
        [InlineData("Embedding", "'input_dim': 5, 'embeddings_initializer': C", null)]
        [InlineData("Embedding", "'input_dim': 5.5, 'output_dim': 3, 'embeddings_initializer': C", null)]
        [InlineData("BatchNormalization", "'batch_input_shape': [null, 8, 6], 'beta_initializer': C", "6")]
        [InlineData("BatchNormalization", "'batch_input_shape': [null, 8, 6], 'axis': [-1], 'gamma_initializer': C", "6")]
        [InlineData("BatchNormalization", "'batch_input_shape': [null, 8, 6], 'axis': 1, 'beta_initializer': C", null)]
        [InlineData("BatchNormalization", "'batch_input_shape': [null, 8, 6], 'axis': 'x', 'beta_initializer': C", null)]
        [InlineData("LayerNormalization", "'batch_shape': [null, 7], 'axis': -1, 'beta_initializer': C", "7")]
        [InlineData("GroupNormalization", "'batch_shape': [null, 7], 'beta_initializer': C", null)]
        [InlineData("SimpleRNN", "'units': 3, 'batch_input_shape': [null, 5, 4], 'kernel_initializer': C", "12")]
        [InlineData("SimpleRNN", "'units': 3, 'recurrent_initializer': C", "9")]
        [InlineData("SimpleRNN", "'units': 3, 'bias_initializer': C", "3")]
        [InlineData("SimpleRNN", "'units': 3, 'foo_initializer': C", null)]
        [InlineData("SimpleRNN", "'units': 3, 'kernel_initializer': C", null)]
        [InlineData("LSTM", "'units': 2, 'batch_input_shape': [null, 5, 4], 'kernel_initializer': C", "32")]
        [InlineData("LSTM", "'units': 2, 'recurrent_initializer': C", "16")]
        [InlineData("LSTM", "'units': 2, 'bias_initializer': C", "2 and 4")]
        [InlineData("LSTM", "'units': 2, 'unit_forget_bias': false, 'bias_initializer': C", "8")]
        [InlineData("LSTMCell", "'units': 2, 'unit_forget_bias': true, 'bias_initializer': C", "2 and 4")]
        [InlineData("GRU", "'units': 2, 'batch_input_shape': [null, 5, 4], 'kernel_initializer': C", "24")]
        [InlineData("GRU", "'units': 2, 'recurrent_initializer': C", "12")]
        [InlineData("GRU", "'units': 2, 'bias_initializer': C", "12")]
        [InlineData("GRU", "'units': 2, 'reset_after': false, 'bias_initializer': C", "6")]
        [InlineData("GRU", "'bias_initializer': C", null)]
        [InlineData("LSTM", "'units': 2, 'unit_forget_bias': null, 'bias_initializer': C", "8")]
        [InlineData("GRU", "'units': 2, 'reset_after': true, 'bias_initializer': C", "12")]
        [InlineData("Embedding", "'input_dim': 5, 'inputDim': 7, 'output_dim': 3, 'embeddings_initializer': C", "15")]
        [InlineData("CuDNNLSTM", "'units': 2, 'batch_input_shape': [null, 5, 4], 'kernel_initializer': C", "32")]
        [InlineData("CuDNNLSTM", "'units': 2, 'recurrent_initializer': C", "16")]
        [InlineData("CuDNNLSTM", "'units': 2, 'bias_initializer': C", "10 and 4")]
        [InlineData("CuDNNLSTM", "'units': 2, 'unit_forget_bias': false, 'bias_initializer': C", "16")]
        [InlineData("CuDNNGRU", "'units': 2, 'batch_input_shape': [null, 5, 4], 'kernel_initializer': C", "24")]
        [InlineData("CuDNNGRU", "'units': 2, 'bias_initializer': C", "12")]
        [InlineData("GRU", "'units': 2, 'reset_after': null, 'bias_initializer': C", "6")]
        public void ConstantSizesPerCall(string className, string config, string? asks)
        {
            // Constant values of a length no row asks for (ValueCount 1 is a scalar and never judged).
            var model = One(className, config.Replace("C", "{'class_name': 'Constant', 'config': {'value': [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}"));
            var found = ModelChecker.Check(model).Where(f => f.Rule == "ConstantSizeMismatch").ToList();
            if (asks is null)
            {
                Assert.Empty(found);
                return;
            }

            Assert.Contains("a Constant list of 11 values, but the layer asks for " + asks + " values", Assert.Single(found).Message);
        }

        /// <summary>TensorFlow.js's defaults differ (model-formats.md §5): an LSTM bias without unit_forget_bias is one
        /// call of 4u, a GRU bias without reset_after 3u; the input's last dimension comes from build_config first.</summary>
        [Theory]
        [InlineData("LSTM", "'units': 2, 'biasInitializer': C", "8")]
        [InlineData("GRU", "'units': 2, 'biasInitializer': C", "6")]
        [InlineData("LSTM", "'units': 2, 'unitForgetBias': true, 'biasInitializer': C", "2 and 4")]
        [InlineData("Embedding", "'inputDim': 5, 'outputDim': 3, 'embeddingsInitializer': C", "15")]
        public void TensorFlowJsSizes(string className, string config, string asks)
        {
            var model = One(className, config.Replace("C", "{'className': 'Constant', 'config': {'value': [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}"), "\"keras_version\": \"tfjs-layers 4.22.0\", ");
            Assert.Equal(ModelDialect.TensorFlowJs, model.Dialect);
            Assert.Contains("asks for " + asks + " values", Assert.Single(ModelChecker.Check(model), f => f.Rule == "ConstantSizeMismatch").Message);
        }

        /// <summary>The input's last dimension: build_config.input_shape first (Keras 3, 2.13+), then batch_input_shape,
        /// then batch_shape; a last dimension that is not a whole number (None) tells nothing.</summary>
        [Theory]
        [InlineData("\"build_config\": {\"input_shape\": [null, 9]}, ", "'batch_input_shape': [null, 5], 'batch_shape': [null, 6]", "27")]
        [InlineData("", "'batch_input_shape': [null, 5], 'batch_shape': [null, 6]", "15")]
        [InlineData("", "'batch_shape': [null, 6]", "18")]
        [InlineData("\"build_config\": {\"input_shape\": [null, null]}, ", "'batch_shape': [null, 6]", null)]
        [InlineData("", "'batch_shape': []", null)]
        public void TheInputDimensionComesFromTheBuildConfigOrTheBatchShape(string entry, string config, string? asks)
        {
            var text = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [{\"class_name\": \"Dense\", " + entry +
                       "\"config\": {\"name\": \"d\", \"units\": 3, " + config.Replace('\'', '"') +
                       ", \"kernel_initializer\": {\"class_name\": \"Constant\", \"config\": {\"value\": [1, 1]}}}}]}}";
            var found = ModelChecker.Check(ModelConfig.Parse(text)).Where(f => f.Rule == "ConstantSizeMismatch").ToList();
            if (asks is null)
            {
                Assert.Empty(found);
                return;
            }

            Assert.Contains("asks for " + asks + " values", Assert.Single(found).Message);
        }

        /// <summary>A slot key is a weight name followed by _initializer (Keras) or Initializer (TensorFlow.js's
        /// camelCase, which starts lower-case); the suffix alone names no weight.</summary>
        [Theory]
        [InlineData("kernel_initializer", true)]
        [InlineData("kernelInitializer", true)]
        [InlineData("x_initializer", true)]
        [InlineData("_initializer", false)]
        [InlineData("Initializer", false)]
        [InlineData("KernelInitializer", false)]
        [InlineData("initializer", false)]
        [InlineData("kernel_regularizer", false)]
        public void SlotKeys(string key, bool slot) => Assert.Equal(slot, LayerCatalog.IsSlotKey(key));

        [Theory]
        [InlineData("MyLayer")]
        [InlineData("dense")]
        [InlineData("Conv4D")]
        [InlineData("ConvLSTM1DCell")]
        [InlineData("Input")]
        [InlineData("InputSpec")]
        [InlineData("GlorotUniform")]
        [InlineData("PositionEmbedding")] // KerasHub's; TensorFlow.js has one under layers/nlp, which it never registers
        [InlineData("")]
        public void NearMissesAreNotKnown(string className) => Assert.False(LayerCatalog.IsKnown(className));

        [Theory]
        [InlineData("MelSpectrogram")]
        [InlineData("TFOpLambda")]
        [InlineData("ConvLSTM2DCell")]
        [InlineData("GroupQueryAttention")]
        [InlineData("Deconv2D")]
        [InlineData("TensorFlowOpLayer")]
        [InlineData("Merge")]
        public void TheCheckerDoesNotCallAnUpstreamClassCustom(string className)
        {
            var text = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [\n" +
                       $"{{\"class_name\": \"{className}\", \"config\": {{\"name\": \"x\"}}}},\n" +
                       "{\"class_name\": \"MyLayer\", \"config\": {\"name\": \"y\"}}\n]}}";
            var custom = ModelChecker.Check(ModelConfig.Parse(text)).Where(f => f.Rule == "UnknownLayerClass").ToList();
            Assert.Equal("y", Assert.Single(custom).Layer);
        }
    }
}
