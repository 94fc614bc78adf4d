using System;
using System.Collections;
using System.IO;
using System.Linq;
using Initializers.Models;
using Initializers.Models.Weights;
using Initializers.Serialization;
using Xunit;

namespace Initializers.Tests.Models.Weights
{
    /// <summary>Keras 3 and Keras 2 configs in the form TensorFlow.js 4.22 reads (model-formats §4.2, §4.7). That real
    /// tfjs loads the converted fixtures is checked by <see cref="TfjsModelFilesTests"/>.</summary>
    public sealed class TfjsTopologyTests
    {
        private static ModelConfig Fixture(string folder, string name) => ModelConfig.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", folder, name));

        private static string Json(object? tree) => JsonText.Write(tree, compress: true).Replace(", ", ",").Replace(": ", ":");

        private static IDictionary LayerNamed(IDictionary topology, string name) =>
            ((object?[])((IDictionary)topology["config"]!)["layers"]!).Cast<IDictionary>().Single(l => (string?)l["name"] == name || (string?)((IDictionary)l["config"]!)["name"] == name);

        /// <summary>Keras 3's shared_object_id (on initializers) and compile_config (on a model) mean nothing to
        /// TensorFlow.js, which does not write them; they are dropped like module and registered_name.</summary>
        [Fact]
        public void SharedIdsAndTheCompileConfigAreDropped()
        {
            var document = (IDictionary)JsonText.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", "keras3_conv_bn.json")))!;
            // A compiled model nested as a layer carries its compile_config on its entry (serialize_keras_object).
            var last = ((object?[])((IDictionary)document["config"]!)["layers"]!).Cast<IDictionary>().Last();
            last["compile_config"] = new System.Collections.Specialized.OrderedDictionary { ["loss"] = "mse" };
            var dense = (IDictionary)((IDictionary)last["config"]!)["kernel_initializer"]!;
            dense["shared_object_id"] = 7L;
            var text = Json(TfjsTopology.Convert(ModelConfig.FromTree(document)));
            Assert.Contains("LeCunNormal", text);
            Assert.DoesNotContain("shared_object_id", text);
            Assert.DoesNotContain("compile_config", text);
        }

        [Fact]
        public void AKeras3FunctionalModelGetsKeras2NodesInputShapesAndTriples()
        {
            var config = Fixture("tfjs", "keras3_conv_bn.json");
            var before = Json(config.Model);
            var topology = TfjsTopology.Convert(config);
            Assert.Equal(before, Json(config.Model));

            Assert.Equal("Model", topology["class_name"]);
            Assert.Equal("tensor_flow.js", topology["backend"]);
            var model = (IDictionary)topology["config"]!;
            Assert.Equal("[[\"image\",0,0]]", Json(model["input_layers"]));
            Assert.Equal("[[\"d\",0,0]]", Json(model["output_layers"]));
            Assert.Equal("{\"batch_input_shape\":[null,32,32,3],\"dtype\":\"float32\",\"sparse\":false,\"name\":\"image\"}", Json(LayerNamed(topology, "image")["config"]));
            Assert.Equal("[]", Json(LayerNamed(topology, "image")["inbound_nodes"]));
            Assert.Equal("[[[\"image\",0,0,{}]]]", Json(LayerNamed(topology, "c1")["inbound_nodes"]));
            Assert.Equal("[[[\"c1\",0,0,{\"training\":false}]]]", Json(LayerNamed(topology, "bn")["inbound_nodes"]));
            var dense = (IDictionary)LayerNamed(topology, "d")["config"]!;
            Assert.Equal("float32", dense["dtype"]);
            Assert.Equal("LeCunNormal", ((IDictionary)dense["kernel_initializer"]!)["class_name"]);
            var text = Json(topology);
            foreach (var key in new[] { "\"module\"", "\"registered_name\"", "\"build_config\"", "\"batch_shape\"", "\"args\"", "__keras_tensor__", "DTypePolicy" })
            {
                Assert.DoesNotContain(key, text);
            }
        }

        [Fact]
        public void AKeras3SequentialLosesItsInputLayerEntryToTheFirstLayersBatchInputShape()
        {
            var topology = TfjsTopology.Convert(Fixture("tfjs", "keras3_lstm.json"));
            Assert.Equal("Sequential", topology["class_name"]);
            var model = (IDictionary)topology["config"]!;
            Assert.Equal(new[] { "name", "layers" }, model.Keys.Cast<string>());
            var layers = ((object?[])model["layers"]!).Cast<IDictionary>().ToList();
            Assert.Equal(new[] { "LSTM", "Dense" }, layers.Select(l => (string?)l["class_name"]));
            Assert.Equal("[null,7,5]", Json(((IDictionary)layers[0]["config"]!)["batch_input_shape"]));
            Assert.False(((IDictionary)layers[1]["config"]!).Contains("batch_input_shape"));
        }

        [Fact]
        public void ATensorFlowJsTopologyComesBackAsItWasAndConvertingTwiceChangesNothing()
        {
            var config = Fixture("tfjs", "model_mlp.json");
            var topology = TfjsTopology.Convert(config);
            Assert.Equal(Json(config.Model), Json(topology));
            var again = TfjsTopology.Convert(ModelConfig.FromTree(topology));
            Assert.Equal(Json(topology), Json(again));
        }

        [Fact]
        public void AKeras2FunctionalModelKeepsItsNestedListNodes()
        {
            var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "models", "keras2_functional.json"));
            var config = ModelConfig.Parse(text.Replace("\"reset_after\": true", "\"reset_after\": false"));
            var topology = TfjsTopology.Convert(config);
            var original = ((object?[])((IDictionary)config.Model["config"]!)["layers"]!).Cast<IDictionary>().ToList();
            var converted = ((object?[])((IDictionary)topology["config"]!)["layers"]!).Cast<IDictionary>().ToList();
            Assert.Equal(original.Select(l => Json(l["inbound_nodes"])), converted.Select(l => Json(l["inbound_nodes"])));
            Assert.Equal(Json(((IDictionary)config.Model["config"]!)["input_layers"]), Json(((IDictionary)topology["config"]!)["input_layers"]));
        }

        [Theory]
        [InlineData("", true)]
        [InlineData(", \"reset_after\": true", true)]
        [InlineData(", \"reset_after\": false", false)]
        public void AGruWithResetAfterIsRefusedBecauseTensorFlowJsHasNone(string key, bool refused)
        {
            var config = ModelConfig.Parse(
                "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" +
                "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4, 2], \"name\": \"in\"}}," +
                "{\"module\": \"keras.layers\", \"class_name\": \"GRU\", \"config\": {\"name\": \"g\", \"units\": 3" + key + "}}]}}");
            if (!refused)
            {
                Assert.Equal("GRU", ((IDictionary)((object?[])((IDictionary)TfjsTopology.Convert(config)["config"]!)["layers"]!)[0]!)["class_name"]);
                return;
            }

            var ex = Assert.Throws<InitializerException>(() => TfjsTopology.Convert(config));
            Assert.Equal("TfjsTopologyUnsupported", ex.ErrorId);
            Assert.Contains("'g'", ex.Message);
            Assert.Contains("reset_after", ex.Message);
        }

        [Fact]
        public void ATensorPassedAsAKeywordArgumentIsRefused()
        {
            var config = ModelConfig.Parse(
                "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": [" +
                "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4, 8], \"name\": \"q\"}, \"name\": \"q\", \"inbound_nodes\": []}," +
                "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"att\", \"units\": 2}, \"name\": \"att\", \"inbound_nodes\": [{\"args\": [" +
                "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4, 8], \"keras_history\": [\"q\", 0, 0]}}], \"kwargs\": {\"value\": " +
                "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4, 8], \"keras_history\": [\"q\", 0, 0]}}}}]}]," +
                "\"input_layers\": [\"q\", 0, 0], \"output_layers\": [\"att\", 0, 0]}}");
            var ex = Assert.Throws<InitializerException>(() => TfjsTopology.Convert(config));
            Assert.Equal("TfjsTopologyUnsupported", ex.ErrorId);
            Assert.Contains("'att'", ex.Message);
            Assert.Contains("'value'", ex.Message);
        }
    }
}
