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
