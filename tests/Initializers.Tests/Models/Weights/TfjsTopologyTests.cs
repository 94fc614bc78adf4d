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
        [InlineData(", \"reset_after\": null", false)] // Keras: None is falsy
        [InlineData(", \"reset_after\": 1", true)]
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

        private static string Kt(string layer, int node = 0) =>
            "{'class_name':'__keras_tensor__','config':{'shape':[null,4],'dtype':'float32','keras_history':['" + layer + "'," + node + ",0]}}";

        private static ModelConfig Parse(string json) => ModelConfig.Parse(json.Replace('\'', '"'));

        /// <summary>A Keras 3 Sequential: the InputLayer entry goes; its batch_shape becomes the first layer's
        /// batch_input_shape and its dtype the first layer's dtype (model-formats §4.2), after the layer's own keys; a dtype
        /// policy becomes its name; LecunUniform is spelled LeCunUniform; no model-level keys but name and layers.</summary>
        [Fact]
        public void AKeras3SequentialConvertsToExactlyThisTopology()
        {
            var config = Parse("{'module':'keras','class_name':'Sequential','config':{'name':'s','trainable':true,'dtype':{'module':'keras','class_name':'DTypePolicy','config':{'name':'float32'},'registered_name':null},'layers':[" +
                "{'module':'keras.layers','class_name':'InputLayer','config':{'batch_shape':[null,4],'dtype':'float16','sparse':false,'ragged':false,'name':'in'},'registered_name':null}," +
                "{'module':'keras.layers','class_name':'Dense','config':{'name':'d','units':2,'kernel_initializer':{'module':'keras.initializers','class_name':'LecunUniform','config':{'seed':3},'registered_name':null}},'registered_name':null,'build_config':{'input_shape':[null,4]}}," +
                "{'module':'keras.layers','class_name':'Dense','config':{'name':'e','units':1,'dtype':{'module':'keras','class_name':'DTypePolicy','config':{'name':'float16'},'registered_name':null}},'registered_name':null}" +
                "],'build_input_shape':[null,4]}}");
            Assert.Equal(
                "{'class_name':'Sequential','config':{'name':'s','layers':[" +
                "{'class_name':'Dense','config':{'name':'d','units':2,'kernel_initializer':{'class_name':'LeCunUniform','config':{'seed':3}},'batch_input_shape':[null,4],'dtype':'float16'}}," +
                "{'class_name':'Dense','config':{'name':'e','units':1,'dtype':'float16'}}]}," +
                "'keras_version':'tfjs-layers 4.22.0','backend':'tensor_flow.js'}",
                Json(TfjsTopology.Convert(config)).Replace('"', '\''));
        }

        /// <summary>Without an InputLayer, the first layer's input shape comes from the Sequential's build_input_shape (Keras
        /// 2 and 3 write it) or the first layer's Keras 3 build_config; with none, TensorFlow.js could not build the model.
        /// A Keras 2 file keeps its keras_version.</summary>
        [Theory]
        [InlineData("'build_input_shape':[null,5],", "", "[null,5]")]
        [InlineData("", ",'build_config':{'input_shape':[null,6]}", "[null,6]")]
        [InlineData("", "", null)]
        public void ASequentialWithoutAnInputLayerTakesItsShapeFromTheBuildShape(string model, string layer, string? expected)
        {
            var config = Parse("{'class_name':'Sequential','keras_version':'2.15.0','config':{" + model + "'name':'s','layers':[" +
                "{'class_name':'Dense','config':{'name':'d','units':2}" + layer + "}]}}");
            if (expected is null)
            {
                var ex = Assert.Throws<InitializerException>(() => TfjsTopology.Convert(config));
                Assert.Equal("TfjsTopologyUnsupported", ex.ErrorId);
                Assert.Equal("The Sequential model 's' states no input shape (no InputLayer, batch_input_shape or build_input_shape); TensorFlow.js needs one on its first layer.", ex.Message);
                Assert.Equal("s", ex.Target);
                return;
            }

            Assert.Equal("{'class_name':'Sequential','config':{'name':'s','layers':[{'class_name':'Dense','config':{'name':'d','units':2,'batch_input_shape':" + expected + "}}]}," +
                "'keras_version':'2.15.0','backend':'tensor_flow.js'}", Json(TfjsTopology.Convert(config)).Replace('"', '\''));
        }

        /// <summary>A Keras 3 Functional with a nested Functional, a list input and a keyword: every entry is
        /// class_name, config, name, inbound_nodes in the order TensorFlow.js writes them (whatever the file's order),
        /// nested models are "Model", nodes are Keras 2 lists with the call's keywords, and the triples are lists.</summary>
        [Fact]
        public void AKeras3FunctionalConvertsToExactlyThisTopology()
        {
            var inner = "{'name':'inner','module':'keras.src.models.functional','class_name':'Functional','config':{'name':'inner','trainable':true,'layers':[" +
                "{'name':'ii','class_name':'InputLayer','config':{'batch_shape':[null,4],'dtype':'float32','sparse':false,'name':'ii'},'inbound_nodes':[]}," +
                "{'name':'id','class_name':'Dense','config':{'name':'id','units':4},'inbound_nodes':[{'args':[" + Kt("ii") + "],'kwargs':{}}]}]," +
                "'input_layers':['ii',0,0],'output_layers':['id',0,0]},'inbound_nodes':[{'args':[" + Kt("x") + "],'kwargs':{}}]}";
            var config = Parse("{'module':'keras.src.models.functional','class_name':'Functional','config':{'name':'outer','trainable':true,'layers':[" +
                "{'name':'x','module':'keras.layers','class_name':'InputLayer','config':{'batch_shape':[null,4],'dtype':'float32','sparse':false,'ragged':false,'name':'x','optional':false},'registered_name':null,'inbound_nodes':[]}," +
                inner + "," +
                "{'name':'cat','class_name':'Concatenate','config':{'name':'cat','axis':-1},'inbound_nodes':[{'args':[[" + Kt("inner", 1) + "," + Kt("x") + "]],'kwargs':{}}]}," +
                "{'name':'drop','class_name':'Dropout','config':{'name':'drop','rate':0.5},'inbound_nodes':[{'args':[" + Kt("cat") + "],'kwargs':{'training':false}}]}" +
                "],'input_layers':['x',0,0],'output_layers':{'out':['drop',0,0]}}}");
            Assert.Equal(
                "{'class_name':'Model','config':{'name':'outer','layers':[" +
                "{'class_name':'InputLayer','config':{'batch_input_shape':[null,4],'dtype':'float32','sparse':false,'name':'x'},'name':'x','inbound_nodes':[]}," +
                "{'class_name':'Model','config':{'name':'inner','layers':[" +
                  "{'class_name':'InputLayer','config':{'batch_input_shape':[null,4],'dtype':'float32','sparse':false,'name':'ii'},'name':'ii','inbound_nodes':[]}," +
                  "{'class_name':'Dense','config':{'name':'id','units':4},'name':'id','inbound_nodes':[[['ii',0,0,{}]]]}]," +
                  "'input_layers':[['ii',0,0]],'output_layers':[['id',0,0]]},'name':'inner','inbound_nodes':[[['x',0,0,{}]]]}," +
                "{'class_name':'Concatenate','config':{'name':'cat','axis':-1},'name':'cat','inbound_nodes':[[['inner',1,0,{}],['x',0,0,{}]]]}," +
                "{'class_name':'Dropout','config':{'name':'drop','rate':0.5},'name':'drop','inbound_nodes':[[['cat',0,0,{'training':false}]]]}]," +
                "'input_layers':[['x',0,0]],'output_layers':[['drop',0,0]]},'keras_version':'tfjs-layers 4.22.0','backend':'tensor_flow.js'}",
                Json(TfjsTopology.Convert(config)).Replace('"', '\''));
        }

        /// <summary>What a Keras 3 node can hold that a TensorFlow.js node cannot, each refused with the layer's name.</summary>
        [Theory]
        [InlineData("{'args':[KT,KT],'kwargs':{}}", "The layer 'd' is called with 2 positional arguments; TensorFlow.js takes its input tensors as one first argument.")]
        [InlineData("{'args':[[KT,3]],'kwargs':{}}", "The layer 'd' is called with a constant among its inputs; TensorFlow.js takes only tensors there.")]
        [InlineData("{'args':[{'class_name':'__keras_tensor__','config':{'shape':[null,4],'keras_history':['x',0]}}],'kwargs':{}}", "An input of the layer 'd' has no keras_history.")]
        [InlineData("{'args':[{'class_name':'__keras_tensor__','config':{'shape':[null,4]}}],'kwargs':{}}", "An input of the layer 'd' has no keras_history.")]
        [InlineData("{'args':[KT],'kwargs':{'mask':[null,KT]}}", "The layer 'd' is called with a tensor as its 'mask' argument; TensorFlow.js only passes tensors as the first argument.")]
        [InlineData("{'args':[KT],'kwargs':{'state':{'h':KT}}}", "The layer 'd' is called with a tensor as its 'state' argument; TensorFlow.js only passes tensors as the first argument.")]
        public void ANodeTensorFlowJsCannotExpressIsRefused(string node, string says)
        {
            var config = Parse("{'module':'keras.src.models.functional','class_name':'Functional','config':{'name':'f','layers':[" +
                "{'class_name':'InputLayer','config':{'batch_shape':[null,4],'name':'x'},'name':'x','inbound_nodes':[]}," +
                "{'class_name':'Dense','config':{'name':'d','units':2},'name':'d','inbound_nodes':[" + node.Replace("KT", Kt("x")) + "]}]," +
                "'input_layers':['x',0,0],'output_layers':['d',0,0]}}");
            var ex = Assert.Throws<InitializerException>(() => TfjsTopology.Convert(config));
            Assert.Equal("TfjsTopologyUnsupported", ex.ErrorId);
            Assert.Equal(says, ex.Message);
            Assert.Equal("d", ex.Target);
        }

        /// <summary>A keyword that holds no tensor (a list of numbers, a dict of flags) is copied into the node.</summary>
        [Fact]
        public void AKeywordWithoutTensorsIsKept()
        {
            var config = Parse("{'module':'keras.src.models.functional','class_name':'Functional','config':{'name':'f','layers':[" +
                "{'class_name':'InputLayer','config':{'batch_shape':[null,4],'name':'x'},'name':'x','inbound_nodes':[]}," +
                "{'class_name':'Dense','config':{'name':'d','units':2},'name':'d','inbound_nodes':[{'args':[" + Kt("x") + "],'kwargs':{'a':[1,2],'b':{'c':true}}}]}]," +
                "'input_layers':['x',0,0],'output_layers':['d',0,0]}}");
            Assert.Equal("[[['x',0,0,{'a':[1,2],'b':{'c':true}}]]]", Json(LayerNamed(TfjsTopology.Convert(config), "d")["inbound_nodes"]).Replace('"', '\''));
        }

        [Fact]
        public void ANullConfigIsAnArgumentError() => Assert.Throws<ArgumentNullException>("config", () => TfjsTopology.Convert(null!));

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
