using System;
using System.IO;
using System.Linq;
using Initializers.Family;
using Initializers.Models;
using Initializers.Serialization;
using Xunit;

namespace Initializers.Tests.Models
{
    /// <summary>The model-config reader on hand-written configs in the three dialects and the real TensorFlow.js
    /// fixture. Expected lines and columns were read off the fixture text (grep -n and awk), not from the reader.</summary>
    public class ModelConfigTests
    {
        internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "models", name);

        internal static string Slots(ModelConfig model) =>
            string.Join("\n", model.Slots.Select(s => $"{s.Layer}|{s.LayerClass}|{s.Slot}|{s.ClassName ?? "null"}|{s.Line}:{s.Column}|{s.Pointer}"));

        [Fact]
        public void Keras3FunctionalListsEverySlotWithPathPointerLineAndColumn()
        {
            var model = ModelConfig.ReadFile(Fixture("keras3_functional.json"));
            Assert.Equal(ModelDialect.Keras3, model.Dialect);
            Assert.Equal(ConfigFormat.Json, model.Format);
            var expected = string.Join("\n",
                "encoder/proj|Dense|kernel_initializer|HeNormal|31:17|/config/layers/1/config/layers/1/config/kernel_initializer",
                "encoder/proj|Dense|bias_initializer|Zeros|32:17|/config/layers/1/config/layers/1/config/bias_initializer",
                "bi/forward_lstm|LSTM|kernel_initializer|GlorotUniform|60:15|/config/layers/2/config/layer/config/kernel_initializer",
                "bi/forward_lstm|LSTM|recurrent_initializer|Orthogonal|61:15|/config/layers/2/config/layer/config/recurrent_initializer",
                "bi/forward_lstm|LSTM|bias_initializer|Zeros|62:15|/config/layers/2/config/layer/config/bias_initializer",
                "bi/backward_lstm|LSTM|kernel_initializer|GlorotUniform|73:15|/config/layers/2/config/backward_layer/config/kernel_initializer",
                "bi/backward_lstm|LSTM|recurrent_initializer|Orthogonal|74:15|/config/layers/2/config/backward_layer/config/recurrent_initializer",
                "bi/backward_lstm|LSTM|bias_initializer|null|75:15|/config/layers/2/config/backward_layer/config/bias_initializer",
                "td/td_dense|Dense|kernel_initializer|RandomNormal|96:15|/config/layers/3/config/layer/config/kernel_initializer",
                "td/td_dense|Dense|bias_initializer|Zeros|97:15|/config/layers/3/config/layer/config/bias_initializer",
                "bn|BatchNormalization|beta_initializer|Zeros|116:11|/config/layers/4/config/beta_initializer",
                "bn|BatchNormalization|gamma_initializer|Ones|117:11|/config/layers/4/config/gamma_initializer",
                "bn|BatchNormalization|moving_mean_initializer|Zeros|118:11|/config/layers/4/config/moving_mean_initializer",
                "bn|BatchNormalization|moving_variance_initializer|Ones|119:11|/config/layers/4/config/moving_variance_initializer");
            Assert.Equal(expected, Slots(model));
        }

        [Fact]
        public void Keras3SlotsCarrySeedsSharedIdsUnusedAndRanks()
        {
            var model = ModelConfig.ReadFile(Fixture("keras3_functional.json"));
            var forwardKernel = model.Slots[2];
            Assert.Equal(1L, forwardKernel.Seed);
            Assert.True(forwardKernel.Seeded);
            Assert.Equal(1001L, forwardKernel.SharedObjectId);
            Assert.Equal(2, forwardKernel.WeightRank);
            Assert.Equal(1001L, model.Slots[5].SharedObjectId);
            Assert.IsType<Orthogonal>(model.Slots[3].Initializer); // written as OrthogonalInitializer (Keras 3.0-3.6)
            Assert.Null(model.Slots[1].Seeded); // Zeros takes no seed
            Assert.True(model.Slots[7].IsNull);
            Assert.Null(model.Slots[7].Initializer);
            Assert.Null(model.Slots[7].Error);
            Assert.True(model.Slots[9].Unused); // td_dense has use_bias false
            Assert.False(model.Slots[8].Unused);
            Assert.Equal(1, model.Slots[10].WeightRank);
            // Look-alikes are not slots: the L2 regularizer, the LSTM seed, the compile_config optimizer.
            Assert.DoesNotContain(model.Slots, s => s.Slot.Contains("regularizer") || s.Slot == "seed");
            Assert.Equal(new[] { "tokens", "encoder", "encoder/encoder_input", "encoder/proj", "bi", "bi/forward_lstm", "bi/backward_lstm", "td", "td/td_dense", "bn" },
                model.Layers.Select(l => l.Path));
            Assert.Empty(model.Notes); // the shared nested model (called twice) is no duplicate
        }

        [Fact]
        public void Keras2FunctionalWalksCellsTfOpLambdaAndUnusedSlots()
        {
            var model = ModelConfig.ReadFile(Fixture("keras2_functional.json"));
            Assert.Equal(ModelDialect.Keras2, model.Dialect);
            var expected = string.Join("\n",
                "embedding|Embedding|embeddings_initializer|RandomUniform|4:5|/config/layers/1/config/embeddings_initializer",
                "gru|GRU|kernel_initializer|GlorotUniform|7:5|/config/layers/2/config/kernel_initializer",
                "gru|GRU|recurrent_initializer|Orthogonal|8:5|/config/layers/2/config/recurrent_initializer",
                "gru|GRU|bias_initializer|Zeros|9:5|/config/layers/2/config/bias_initializer",
                "rnn/cell/lstm_cell|LSTMCell|kernel_initializer|GlorotUniform|14:9|/config/layers/3/config/cell/config/cells/0/config/kernel_initializer",
                "rnn/cell/lstm_cell|LSTMCell|recurrent_initializer|Orthogonal|15:9|/config/layers/3/config/cell/config/cells/0/config/recurrent_initializer",
                "rnn/cell/lstm_cell|LSTMCell|bias_initializer|Zeros|16:9|/config/layers/3/config/cell/config/cells/0/config/bias_initializer",
                "rnn/cell/simple_rnn_cell|SimpleRNNCell|kernel_initializer|GlorotUniform|18:9|/config/layers/3/config/cell/config/cells/1/config/kernel_initializer",
                "rnn/cell/simple_rnn_cell|SimpleRNNCell|recurrent_initializer|Orthogonal|19:9|/config/layers/3/config/cell/config/cells/1/config/recurrent_initializer",
                "rnn/cell/simple_rnn_cell|SimpleRNNCell|bias_initializer|Zeros|20:9|/config/layers/3/config/cell/config/cells/1/config/bias_initializer",
                "sep|SeparableConv1D|kernel_initializer|GlorotUniform|24:5|/config/layers/5/config/kernel_initializer",
                "sep|SeparableConv1D|depthwise_initializer|GlorotUniform|25:5|/config/layers/5/config/depthwise_initializer",
                "sep|SeparableConv1D|pointwise_initializer|GlorotUniform|26:5|/config/layers/5/config/pointwise_initializer",
                "sep|SeparableConv1D|bias_initializer|Zeros|27:5|/config/layers/5/config/bias_initializer",
                "head|Dense|kernel_initializer|VarianceScaling|29:5|/config/layers/6/config/kernel_initializer",
                "head|Dense|bias_initializer|Zeros|30:5|/config/layers/6/config/bias_initializer");
            Assert.Equal(expected, Slots(model));
            Assert.Equal(new[] { "sep:kernel_initializer", "head:bias_initializer" }, model.Slots.Where(s => s.Unused).Select(s => s.Layer + ":" + s.Slot));
            Assert.Contains(model.Layers, l => l.Path == "tf.__operators__.add_27" && l.ClassName == "TFOpLambda");
            Assert.Equal(2, model.Slots[3].WeightRank); // GRU bias with reset_after is (2, 3u)
            Assert.Equal(3, model.Slots[12].WeightRank); // SeparableConv1D pointwise kernel
            Assert.Empty(model.Notes); // TFOpLambda's flatter inbound nodes and kwargs name known layers
        }

        [Fact]
        public void OldYamlWithPythonTuplesReadsAsKeras2Sequential()
        {
            var model = ModelConfig.ReadFile(Fixture("keras2_sequential.yaml"));
            Assert.Equal(ConfigFormat.Yaml, model.Format);
            Assert.Equal(ModelDialect.Keras2, model.Dialect);
            var expected = string.Join("\n",
                "conv2d_1|Conv2D|bias_initializer|Zeros|12:5|/config/0/config/bias_initializer",
                "conv2d_1|Conv2D|kernel_initializer|VarianceScaling|16:5|/config/0/config/kernel_initializer",
                "dense_1|Dense|bias_initializer|Zeros|32:5|/config/2/config/bias_initializer",
                "dense_1|Dense|kernel_initializer|VarianceScaling|35:5|/config/2/config/kernel_initializer");
            Assert.Equal(expected, Slots(model));
            Assert.Equal(4, model.Slots[1].WeightRank); // Conv2D kernel
            Assert.Null(model.Slots[3].Error); // dtype inside the initializer config (Keras 2.2.4-tf)
        }

        [Fact]
        public void Python2YamlUnicodeTagsReadAsStrings()
        {
            // PyYAML on Python 2 tags every ASCII unicode string: old Keras to_yaml() output is full of them.
            var text = "class_name: !!python/unicode 'Sequential'\nconfig:\n- class_name: !!python/unicode 'Dense'\n  config:\n" +
                       "    kernel_initializer: {class_name: !!python/unicode 'RandomNormal', config: {seed: 3}}\n    name: !!python/str 'd'\n";
            var slot = Assert.Single(ModelConfig.Parse(text).Slots);
            Assert.Equal("d|Dense|kernel_initializer|RandomNormal", $"{slot.Layer}|{slot.LayerClass}|{slot.Slot}|{slot.ClassName}");
            Assert.Equal((5, 5), (slot.Line, slot.Column));
        }

        [Fact]
        public void YamlObjectTagsAreRefusedNotConstructed()
        {
            var text = "class_name: Sequential\nconfig:\n  layers:\n  - !!python/object/apply:os.system [echo hi]\n";
            var ex = Assert.Throws<InitializerException>(() => ModelConfig.Parse(text));
            Assert.Equal("ConfigParseFailed", ex.ErrorId);
            Assert.Equal(4, ex.Line);
        }

        [Fact]
        public void TensorFlowJsModelJsonUnwrapsModelTopology()
        {
            var model = ModelConfig.ReadFile(Fixture("tfjs_functional.json"));
            Assert.Equal(ModelDialect.TensorFlowJs, model.Dialect);
            Assert.Equal("/modelTopology", model.ModelPointer);
            var expected = string.Join("\n",
                "bi/lstm|LSTM|kernel_initializer|VarianceScaling|19:17|/modelTopology/config/layers/1/config/layer/config/kernel_initializer",
                "bi/lstm|LSTM|recurrent_initializer|Orthogonal|20:17|/modelTopology/config/layers/1/config/layer/config/recurrent_initializer",
                "bi/lstm|LSTM|bias_initializer|Zeros|21:17|/modelTopology/config/layers/1/config/layer/config/bias_initializer",
                "td/tag|Dense|kernel_initializer|VarianceScaling|37:17|/modelTopology/config/layers/2/config/layer/config/kernel_initializer",
                "td/tag|Dense|bias_initializer|Zeros|38:17|/modelTopology/config/layers/2/config/layer/config/bias_initializer");
            Assert.Equal(expected, Slots(model));
            // tfjs-layers 1.0 wrote "mode": null, "distribution": null: the defaults.
            var vs = Assert.IsType<VarianceScaling>(model.Slots[3].Initializer);
            Assert.Equal("fan_in", vs.Mode);
        }

        [Fact]
        public void TensorFlowJsFixtureModelMlp()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", "model_mlp.json");
            var model = ModelConfig.ReadFile(path);
            Assert.Equal(ModelDialect.TensorFlowJs, model.Dialect);
            Assert.Equal(
                "hidden1:kernel_initializer=VarianceScaling@12:11 hidden1:bias_initializer=Zeros@21:11 bn1:beta_initializer=Zeros@47:11 " +
                "bn1:gamma_initializer=Ones@51:11 bn1:moving_mean_initializer=Zeros@55:11 bn1:moving_variance_initializer=Ones@59:11 " +
                "hidden2:kernel_initializer=VarianceScaling@87:11 hidden2:bias_initializer=Constant@96:11 out:kernel_initializer=RandomUniform@117:11 " +
                "out:bias_initializer=RandomNormal@125:11",
                string.Join(" ", model.Slots.Select(s => $"{s.Layer}:{s.Slot}={s.ClassName}@{s.Line}:{s.Column}")));
            Assert.Equal(new long?[] { 11, null, null, null, null, null, 12, null, 13, 14 }, model.Slots.Select(s => s.Seed));
        }

        [Fact]
        public void CamelCaseTensorFlowJsConfigsAreSlotsToo()
        {
            var model = ModelConfig.Parse(
                "{\"className\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [{\"className\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, \"useBias\": false, " +
                "\"kernelInitializer\": \"glorotNormal\", \"biasInitializer\": {\"className\": \"Zeros\", \"config\": {}}, \"kernelRegularizer\": null}}]}}");
            Assert.Equal(ModelDialect.TensorFlowJs, model.Dialect);
            Assert.Equal("d|Dense|kernelInitializer|GlorotNormal|1:141|/config/layers/0/config/kernelInitializer\n" +
                         "d|Dense|biasInitializer|Zeros|1:178|/config/layers/0/config/biasInitializer", Slots(model));
            Assert.True(model.Slots[1].Unused);
        }

        [Fact]
        public void PointersEscapeSlashAndTildeInNames()
        {
            var model = ModelConfig.Parse("{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"class_name\": \"Custom\", \"config\": {\"name\": \"a/b\", \"x~/y_initializer\": \"ones\"}}]}}");
            var slot = Assert.Single(model.Slots);
            Assert.Equal("/config/layers/0/config/x~0~1y_initializer", slot.Pointer);
            Assert.True(JsonPointer.TryResolve(model.Document, slot.Pointer, out var value));
            Assert.Equal("ones", value);
            Assert.False(model.Layers[0].IsKnownClass);
        }

        [Fact]
        public void UnresolvedSlotsCarryTheReasonAtTheOffendingKey()
        {
            var text = "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [\n" +
                       "  {\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2,\n" +
                       "   \"kernel_initializer\": {\"class_name\": \"GlorotUniform\", \"config\": {\"sead\": 1}},\n" +
                       "   \"bias_initializer\": \"my_init\"}}]}}";
            var model = ModelConfig.Parse(text, "m.json");
            var kernel = model.Slots[0].Error!;
            Assert.Equal("UnknownConfigKey", kernel.ErrorId);
            Assert.Equal((3, 69), (kernel.Line, kernel.Column)); // the key "sead"
            Assert.StartsWith("'m.json', layer 'd', kernel_initializer, line 3, column 69: ", kernel.Message);
            Assert.Equal("GlorotUniform", model.Slots[0].ClassName);
            Assert.Equal("UnknownInitializer", model.Slots[1].Error!.ErrorId);
            Assert.Equal("my_init", model.Slots[1].ClassName);
        }

        [Theory]
        [InlineData("{\"class_name\": \"Dense\", \"config\": {\"units\": 2}}", "NotAModelConfig")]
        [InlineData("[1, 2]", "NotAModelConfig")]
        [InlineData("{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}}", "NotAModelConfig")]
        [InlineData("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": []}}", "NoLayers")]
        [InlineData("{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\"}}", "NoLayers")]
        [InlineData("{\"class_name\": \"Model\", \"config\": {\"name\": \"f\", \"layers\": []}}", "NoLayers")]
        [InlineData("   ", "EmptyInput")]
        [InlineData("a: 1\n---\nb: 2\n", "MultipleDocuments")]
        public void BadInputHasStableErrorIds(string text, string errorId)
        {
            var ex = Assert.Throws<InitializerException>(() => ModelConfig.Parse(text));
            Assert.Equal(errorId, ex.ErrorId);
        }

        [Fact]
        public void MalformedJsonNamesFileLineAndColumn()
        {
            var ex = Assert.Throws<InitializerException>(() => ModelConfig.Parse("{\"class_name\": \"Sequential\",\n \"config\": {\"layers\": [}\n}", "bad.json"));
            Assert.Equal("ConfigParseFailed", ex.ErrorId);
            Assert.Equal((2, 24), (ex.Line, ex.Column));
            Assert.StartsWith("'bad.json': ", ex.Message);
            Assert.Equal("bad.json", ex.SourceName);
        }

        [Fact]
        public void AbsurdNestingHitsTheExistingLimit()
        {
            var text = "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [" + new string('[', 2000) + new string(']', 2000) + "]}}";
            Assert.Equal("NestingTooDeep", Assert.Throws<InitializerException>(() => ModelConfig.Parse(text)).ErrorId);
        }

        [Fact]
        public void HostileYamlHitsTheExistingNodeLimit()
        {
            var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
            for (var i = 0; i < 8; i++)
            {
                text += $"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat(i == 0 ? "*a" : $"*l{i - 1}", 10))}]\n";
            }

            Assert.Equal("TooManyNodes", Assert.Throws<InitializerException>(() => ModelConfig.Parse("class_name: Sequential\nconfig:\n  " + text.Replace("\n", "\n  "))).ErrorId);
        }

        [Fact]
        public void DuplicateNamesCyclesAndUnknownInputsAreNoted()
        {
            var text = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": [\n" +
                       "{\"class_name\": \"Dense\", \"name\": \"a\", \"config\": {\"name\": \"a\", \"units\": 1}, \"inbound_nodes\": [[[\"b\", 0, 0, {}]]]},\n" +
                       "{\"class_name\": \"Dense\", \"name\": \"b\", \"config\": {\"name\": \"b\", \"units\": 1}, \"inbound_nodes\": [[[\"a\", 0, 0, {}]]]},\n" +
                       "{\"class_name\": \"Dense\", \"name\": \"b\", \"config\": {\"name\": \"b\", \"units\": 1}, \"inbound_nodes\": [[[\"zz\", 0, 0, {}]]]}\n" +
                       "]}}";
            var model = ModelConfig.Parse(text);
            Assert.Equal(
                "DuplicateLayerName@4:1 UnknownInboundLayer@4:1 LayerGraphCycle@2:1",
                string.Join(" ", model.Notes.Select(n => $"{n.Rule}@{n.Line}:{n.Column}")));
            Assert.All(model.Notes, n => Assert.Equal(FindingSeverity.Error, n.Severity));
        }

        /// <summary>tf-keras's node forms (engine/node.py): a constant input is <c>["_CONSTANT_VALUE", -1, value, kwargs]</c>,
        /// and a tensor in the kwargs of a TFOpLambda call is a three-item <c>[name, node, tensor]</c>.</summary>
        [Fact]
        public void InboundNodesReadConstantsAndTensorsInKwargs()
        {
            var text = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": [\n" +
                       "{\"class_name\": \"InputLayer\", \"name\": \"a\", \"config\": {\"name\": \"a\"}, \"inbound_nodes\": []},\n" +
                       "{\"class_name\": \"TFOpLambda\", \"name\": \"op\", \"config\": {\"name\": \"op\"}, \"inbound_nodes\": [[\"_CONSTANT_VALUE\", -1, 2, {\"y\": [\"a\", 0, 0], \"name\": null}]]},\n" +
                       "{\"class_name\": \"TFOpLambda\", \"name\": \"op2\", \"config\": {\"name\": \"op2\"}, \"inbound_nodes\": [[\"op\", 0, 0, {\"y\": [\"ghost\", 0, 0]}]]}\n" +
                       "]}}";
            var note = Assert.Single(ModelConfig.Parse(text).Notes);
            Assert.Equal(("UnknownInboundLayer", 4), (note.Rule, note.Line));
            Assert.Equal("Layer 'op2' takes input from 'ghost', which is not a layer of model 'f'.", note.Message);
        }

        /// <summary>A tree handed over in memory may nest inbound nodes as deep as a reader allows (1000), or hold
        /// itself; the walk follows the first and stops on the second.</summary>
        [Fact]
        public void InboundNodesAsDeepAsTheReadersAllowAreReadAndACycleEnds()
        {
            static System.Collections.IDictionary Model(object nodes) => new System.Collections.Specialized.OrderedDictionary
            {
                ["class_name"] = "Functional",
                ["config"] = new System.Collections.Specialized.OrderedDictionary
                {
                    ["name"] = "f",
                    ["layers"] = new object?[]
                    {
                        new System.Collections.Specialized.OrderedDictionary { ["class_name"] = "Dense", ["name"] = "d", ["config"] = new System.Collections.Specialized.OrderedDictionary { ["name"] = "d" }, ["inbound_nodes"] = nodes },
                    },
                },
            };

            object deep = new object?[] { "ghost", 0L, 0L };
            for (var i = 0; i < 1000; i++)
            {
                deep = new object?[] { deep };
            }

            var note = Assert.Single(ModelConfig.FromTree(Model(deep)).Notes);
            Assert.Contains("'ghost'", note.Message);

            // A list, a node reference's extra items and a mapping, each holding itself.
            // Deeper than the readers allow, through mappings or a node's extra items: not followed.
            object viaMappings = new object?[] { "ghost", 0L, 0L };
            object viaNodes = new object?[] { "ghost", 0L, 0L };
            for (var i = 0; i < 1001; i++)
            {
                viaMappings = new System.Collections.Specialized.OrderedDictionary { ["k"] = viaMappings };
                viaNodes = new object?[] { "d", 0L, 0L, viaNodes };
            }

            Assert.Empty(ModelConfig.FromTree(Model(new object?[] { viaMappings })).Notes);
            Assert.Equal("LayerGraphCycle", Assert.Single(ModelConfig.FromTree(Model(new object?[] { viaNodes })).Notes).Rule); // d, not ghost

            var cycle = new System.Collections.ArrayList();
            cycle.Add(cycle);
            Assert.Empty(ModelConfig.FromTree(Model(cycle)).Notes);
            var node = new System.Collections.ArrayList { "d", 0L, 0L };
            node.Add(node);
            Assert.Equal("LayerGraphCycle", Assert.Single(ModelConfig.FromTree(Model(new object?[] { node })).Notes).Rule); // d takes input from itself
            var mapping = new System.Collections.Specialized.OrderedDictionary();
            mapping["self"] = mapping;
            Assert.Empty(ModelConfig.FromTree(Model(new object?[] { mapping })).Notes);
        }

        /// <summary>The dialect from the envelope when the layers do not show it: TensorFlow.js by its keras_version or
        /// backend (model-formats.md §4.2), Keras 3 by a keras_version 3.x, else Keras 2.</summary>
        [Theory]
        [InlineData("\"keras_version\": \"tfjs-layers 4.22.0\", ", ModelDialect.TensorFlowJs)]
        [InlineData("\"backend\": \"tensor_flow.js\", ", ModelDialect.TensorFlowJs)]
        [InlineData("\"keras_version\": \"3.3.3\", \"backend\": \"tensorflow\", ", ModelDialect.Keras3)]
        [InlineData("\"keras_version\": \"2.15.0\", \"backend\": \"tensorflow\", ", ModelDialect.Keras2)]
        [InlineData("", ModelDialect.Keras2)]
        public void TheEnvelopeNamesTheDialect(string envelope, ModelDialect dialect)
        {
            var text = "{" + envelope + "\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1}}]}}";
            Assert.Equal(dialect, ModelConfig.Parse(text).Dialect);
        }

        /// <summary>An artifacts object whose model sits under model_config (TensorFlow.js's converter and
        /// <c>getModelArtifactsForJSON</c> form): unwrapped, with its dialect from the wrapper's keras_version.</summary>
        [Fact]
        public void AModelConfigWrapperIsUnwrapped()
        {
            var model = ModelConfig.Parse("{\"keras_version\": \"tfjs-layers 4.22.0\", \"model_config\": {\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", " +
                "\"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1, \"kernel_initializer\": null}}]}}}");
            Assert.Equal("/model_config", model.ModelPointer);
            Assert.Equal(ModelDialect.TensorFlowJs, model.Dialect);
            Assert.Equal("/model_config/config/layers/0/config/kernel_initializer", Assert.Single(model.Slots).Pointer);
        }

        /// <summary>Notes name the model by its config's name, else by its class.</summary>
        [Theory]
        [InlineData("\"name\": \"seq\", ", "Model 'seq'")]
        [InlineData("", "Model 'Sequential'")]
        public void NotesNameTheModel(string name, string says)
        {
            var text = "{\"class_name\": \"Sequential\", \"config\": {" + name + "\"layers\": [" +
                       "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\"}}, {\"class_name\": \"Dense\", \"config\": {\"name\": \"d\"}}]}}";
            Assert.StartsWith(says + " has two layers named 'd'", Assert.Single(ModelConfig.Parse(text).Notes).Message);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("# only a comment\n")]
        [InlineData("---\n...\n")]
        public void NothingToReadIsEmptyInput(string? text) =>
            Assert.Equal("EmptyInput", Assert.Throws<InitializerException>(() => ModelConfig.Parse(text!, format: ConfigFormat.Yaml)).ErrorId);

        /// <summary>ReadFile takes a file for a zip by its first four bytes (PK 03 04, or PK 05 06 for an empty one) or by
        /// the .keras extension; anything else is text. Files here are named .json.</summary>
        [Theory]
        [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4 }, "KerasArchiveInvalid")]
        [InlineData(new byte[] { (byte)'P', (byte)'K', 5, 6, 0 }, "KerasArchiveInvalid")]
        [InlineData(new byte[] { (byte)'x', (byte)'K', 3, 4 }, "ConfigParseFailed")]
        [InlineData(new byte[] { (byte)'P', (byte)'x', 3, 4 }, "ConfigParseFailed")]
        [InlineData(new byte[] { (byte)'P', (byte)'K', 9, 4 }, "ConfigParseFailed")]
        [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 9 }, "ConfigParseFailed")]
        [InlineData(new byte[] { (byte)'a', (byte)'b', 3, 4 }, "ConfigParseFailed")]
        [InlineData(new byte[] { (byte)'a', (byte)'b', (byte)'c', 4 }, "ConfigParseFailed")]
        [InlineData(new byte[] { (byte)'P', (byte)'K', 3 }, "ConfigParseFailed")]
        public void AZipIsKnownByItsSignature(byte[] bytes, string errorId)
        {
            var path = Path.Combine(Path.GetTempPath(), "modelsig-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                File.WriteAllBytes(path, bytes);
                Assert.Equal(errorId, Assert.Throws<InitializerException>(() => ModelConfig.ReadFile(path)).ErrorId);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void ADotKerasFileIsReadAsAnArchiveAndAZipByAnyNameToo()
        {
            var json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1}}]}}";
            var folder = Path.Combine(Path.GetTempPath(), "modelkeras-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                // JSON text in a .keras (or .KERAS) file is not an archive.
                File.WriteAllText(Path.Combine(folder, "m.KERAS"), json);
                Assert.Equal("KerasArchiveInvalid", Assert.Throws<InitializerException>(() => ModelConfig.ReadFile(Path.Combine(folder, "m.KERAS"))).ErrorId);
                // A .keras archive renamed .bin is still read as one.
                var zip = Path.Combine(folder, "m.bin");
                using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
                using (var writer = new StreamWriter(archive.CreateEntry("config.json").Open()))
                {
                    writer.Write(json);
                }

                Assert.True(ModelConfig.ReadFile(zip).IsArchive);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>A file without a byte order mark is read in the encoding given (UTF-8 by default); one with a mark in
        /// the mark's encoding.</summary>
        [Fact]
        public void ReadFileTakesTheEncodingOrTheByteOrderMark()
        {
            var json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"caf\u00e9\", \"units\": 1}}]}}";
            var path = Path.Combine(Path.GetTempPath(), "modelenc-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                File.WriteAllBytes(path, System.Text.Encoding.GetEncoding("iso-8859-1").GetBytes(json));
                Assert.Equal("caf\u00e9", ModelConfig.ReadFile(path, System.Text.Encoding.GetEncoding("iso-8859-1")).Layers[0].Name);
                File.WriteAllBytes(path, System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes(json)).ToArray());
                Assert.Equal("caf\u00e9", ModelConfig.ReadFile(path).Layers[0].Name);
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>The notes about the graph name the entries and the whole cycle, from where it closes (a layer that
        /// only feeds into the cycle is not part of it).</summary>
        [Fact]
        public void GraphNotesNameTheEntriesAndTheCycle()
        {
            static string Layer(string name, string from) =>
                $"{{\"class_name\": \"Dense\", \"name\": \"{name}\", \"config\": {{\"name\": \"{name}\", \"units\": 1}}, \"inbound_nodes\": [[[\"{from}\", 0, 0, {{}}]]]}}";
            var text = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": [\n" +
                       string.Join(",\n", Layer("x", "a"), Layer("a", "b"), Layer("b", "c"), Layer("c", "a"), Layer("b", "x")) + "\n]}}";
            Assert.Equal(new[]
            {
                "Model 'f' has two layers named 'b' (entries 2 and 4); Keras refuses duplicate names.",
                "The layers of model 'f' form a cycle through their inbound nodes: a <- b <- c <- a.",
            }, ModelConfig.Parse(text).Notes.Select(n => n.Message).OrderBy(m => m, StringComparer.Ordinal));
        }

        /// <summary>A layer that feeds itself, reached again from another start, is one cycle, reported once.</summary>
        [Fact]
        public void ASelfLoopIsReportedOnce()
        {
            static string Layer(string name, string from) =>
                $"{{\"class_name\": \"Dense\", \"name\": \"{name}\", \"config\": {{\"name\": \"{name}\", \"units\": 1}}, \"inbound_nodes\": [[[\"{from}\", 0, 0, {{}}]]]}}";
            var text = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": [" + Layer("a", "b") + ", " + Layer("b", "b") + "]}}";
            Assert.Equal("The layers of model 'f' form a cycle through their inbound nodes: b <- b.", Assert.Single(ModelConfig.Parse(text).Notes).Message);
        }

        /// <summary>Keras reads class_name; a camelCase className beside it is not what Keras builds.</summary>
        [Fact]
        public void ClassNameIsReadBeforeClassNameInCamelCase() =>
            Assert.Equal("Dense", ModelConfig.Parse("{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"class_name\": \"Dense\", \"className\": \"Conv2D\", \"config\": {\"name\": \"d\"}}]}}").Layers.Single().ClassName);

        /// <summary>A layer is named by its config's name, else by the entry's name, else (a StackedRNNCells cell) by its
        /// class and place; the cells of a StackedRNNCells are layers with slots of their own.</summary>
        [Fact]
        public void LayersAreNamedByConfigEntryOrPlace()
        {
            var text = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [" +
                       "{\"class_name\": \"Dense\", \"name\": \"outer\", \"config\": {\"units\": 1}}, " +
                       "{\"class_name\": \"RNN\", \"config\": {\"name\": \"rnn\", \"cell\": {\"class_name\": \"StackedRNNCells\", \"config\": {\"cells\": [" +
                       "{\"class_name\": \"SimpleRNNCell\", \"config\": {\"units\": 2, \"kernel_initializer\": \"ones\"}}, " +
                       "{\"class_name\": \"LSTMCell\", \"config\": {\"name\": \"named\", \"units\": 2, \"kernel_initializer\": \"ones\"}}]}}}}]}}";
            var model = ModelConfig.Parse(text);
            Assert.Equal(new[] { "outer", "rnn", "rnn/cell", "rnn/cell/SimpleRNNCell#0", "rnn/cell/named" }, model.Layers.Select(l => l.Path));
            Assert.Equal("rnn/cell/named (LSTMCell)", model.Layers[4].ToString());
            // An entry without a class name is a layer of class "" (reported as custom), named by its place when unnamed.
            var classless = ModelConfig.Parse("{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"config\": {\"units\": 1}}]}}").Layers.Single();
            Assert.Equal(("", "#0"), (classless.ClassName, classless.Path));
            Assert.Equal(new[] { "rnn/cell/SimpleRNNCell#0:kernel_initializer = Ones", "rnn/cell/named:kernel_initializer = Ones" }, model.Slots.Select(s => s.ToString()));
            Assert.Equal(new[] { "/config/layers/1/config/cell/config/cells/0/config/kernel_initializer", "/config/layers/1/config/cell/config/cells/1/config/kernel_initializer" },
                model.Slots.Select(s => s.Pointer));
        }

        /// <summary>A slot holding something that is no initializer (a number) is an error naming the value.</summary>
        [Fact]
        public void ANumberIsNoInitializer()
        {
            var model = ModelConfig.Parse("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"kernel_initializer\": 5}}]}}");
            var error = Assert.Single(model.Slots).Error!;
            Assert.Equal("InvalidInitializerValue", error.ErrorId);
            Assert.Contains("5 is not an initializer: expected null, a name or a {\"class_name\": ..., \"config\": ...} document", error.Message);
        }

        [Fact]
        public void KerasArchiveReadsConfigJson()
        {
            var path = Path.Combine(Path.GetTempPath(), "modelread-" + Guid.NewGuid().ToString("N") + ".keras");
            try
            {
                using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
                {
                    using (var config = zip.CreateEntry("config.json", System.IO.Compression.CompressionLevel.NoCompression).Open())
                    {
                        var bytes = File.ReadAllBytes(Fixture("keras3_functional.json"));
                        config.Write(bytes, 0, bytes.Length);
                    }

                    using var writer = new StreamWriter(zip.CreateEntry("metadata.json").Open());
                    writer.Write("{\"keras_version\": \"3.6.0\"}");
                }

                var model = ModelConfig.ReadFile(path);
                Assert.True(model.IsArchive);
                Assert.Equal(path, model.SourceName);
                Assert.Equal(Slots(ModelConfig.ReadFile(Fixture("keras3_functional.json"))), Slots(model));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void KerasArchiveErrors()
        {
            var path = Path.Combine(Path.GetTempPath(), "modelread-" + Guid.NewGuid().ToString("N") + ".keras");
            try
            {
                File.WriteAllText(path, "PK\u0003\u0004 this is not really a zip");
                Assert.Equal("KerasArchiveInvalid", Assert.Throws<InitializerException>(() => ModelConfig.ReadFile(path)).ErrorId);
                File.Delete(path);
                using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
                {
                    using var writer = new StreamWriter(zip.CreateEntry("metadata.json").Open());
                    writer.Write("{}");
                }

                var ex = Assert.Throws<InitializerException>(() => ModelConfig.ReadFile(path));
                Assert.Equal("KerasArchiveNoConfig", ex.ErrorId);
                Assert.Contains("metadata.json", ex.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>Each error says what is wrong with what, and where: the file's name first when there is one.</summary>
        [Fact]
        public void ErrorMessagesNameTheFileAndWhatWasFound()
        {
            InitializerException Fails(string text, string? source = "m.json") => Assert.Throws<InitializerException>(() => ModelConfig.Parse(text, source));

            var empty = Fails("  \n");
            Assert.Equal(("EmptyInput", "'m.json': The model config text is empty; expected JSON or YAML.", "m.json"), (empty.ErrorId, empty.Message, empty.SourceName));
            Assert.Equal("The model config text is empty; expected JSON or YAML.", Fails("", null).Message);
            var tilde = Fails("~\n", "m.yaml");
            Assert.Equal(("EmptyInput", "'m.yaml': The model config is empty (null).", "m.yaml"), (tilde.ErrorId, tilde.Message, tilde.SourceName));
            var none = Assert.Throws<InitializerException>(() => ModelConfig.FromTree(null));
            Assert.Equal(("EmptyInput", "The model config is empty (null)."), (none.ErrorId, none.Message));

            var two = Fails("a: 1\n---\nb: 2\n", "m.yaml");
            Assert.Equal(("'m.yaml': The YAML text holds 2 documents; a model config is one document.", 3, 1), (two.Message, two.Line, two.Column));

            const string notModel = "'m.json': This is not a model config: expected a document with 'class_name' (Sequential, Functional, Model) and 'config', " +
                                    "or a TensorFlow.js model.json with 'modelTopology'; got ";
            Assert.Equal(notModel + "a mapping with keys 'a', 'b', 'c', 'd', 'e', 'f'.", Fails("{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, \"g\": 7}").Message);
            Assert.Equal(notModel + "an empty mapping.", Fails("{}").Message);
            Assert.Equal(("NotAModelConfig", notModel + "a sequence.", "m.json"), (Fails("[1]").ErrorId, Fails("[1]").Message, Fails("[1]").SourceName));
            Assert.Equal(notModel + "3.", Fails("3").Message);

            Assert.Equal("'m.json': The Sequential model has no layers (config.layers is missing or empty); nothing to read.",
                Fails("{\"class_name\": \"Sequential\", \"config\": {\"layers\": []}}").Message);
            var dense = Fails("{\"class_name\": \"Dense\", \"config\": {\"units\": 1}}");
            Assert.Equal(("NotAModelConfig", "'m.json': 'Dense' is not a model class and has no layers (config.layers is missing or empty); nothing to read.", "m.json"),
                (dense.ErrorId, dense.Message, dense.SourceName));
        }

        [Fact]
        public void OnlyAnArchiveIsAnArchive()
        {
            const string json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1}}]}}";
            Assert.False(ModelConfig.Parse(json).IsArchive);
            Assert.False(ModelConfig.FromTree(JsonText.Parse(json)).IsArchive);
            var path = Path.Combine(Path.GetTempPath(), "modeltext-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                File.WriteAllText(path, json);
                Assert.False(ModelConfig.ReadFile(path).IsArchive);
            }
            finally
            {
                File.Delete(path);
            }

            var missing = Assert.Throws<InitializerException>(() => ModelConfig.ReadFile(path));
            Assert.Equal(("FileOpenFailed", path), (missing.ErrorId, missing.SourceName));
            Assert.StartsWith($"Cannot read '{path}': ", missing.Message);
        }

        /// <summary>ReadArchive leaves the caller's stream open, names the archive in its errors (or calls it "the
        /// archive"), lists the members when config.json is missing, and refuses a config.json that says it is larger
        /// than 256 MiB before reading it (a zip's central directory gives the size; 256 MiB itself is allowed).</summary>
        [Fact]
        public void ArchiveErrorsNameTheArchiveAndItsMembers()
        {
            static byte[] Zip(params string[] members)
            {
                using var stream = new MemoryStream();
                using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var member in members)
                    {
                        using var writer = new StreamWriter(zip.CreateEntry(member, System.IO.Compression.CompressionLevel.NoCompression).Open());
                        writer.Write("{}");
                    }
                }

                return stream.ToArray();
            }

            var none = Assert.Throws<InitializerException>(() => ModelConfig.ReadArchive(new MemoryStream(Zip())));
            Assert.Equal(("KerasArchiveNoConfig", "'the archive' has no config.json; a .keras archive holds the model config there. Members: none.", null),
                (none.ErrorId, none.Message, none.SourceName));
            var other = Assert.Throws<InitializerException>(() => ModelConfig.ReadArchive(new MemoryStream(Zip("a.txt", "b/c.json")), "x.keras"));
            Assert.Equal(("'x.keras' has no config.json; a .keras archive holds the model config there. Members: a.txt, b/c.json.", "x.keras"), (other.Message, other.SourceName));
            var broken = Assert.Throws<InitializerException>(() => ModelConfig.ReadArchive(new MemoryStream(new byte[] { 1, 2, 3 }), "y.keras"));
            Assert.Equal(("KerasArchiveInvalid", "y.keras"), (broken.ErrorId, broken.SourceName));
            Assert.StartsWith("'y.keras' is not a valid .keras (zip) archive: ", broken.Message);

            var open = new MemoryStream(Zip("a.txt"));
            Assert.Throws<InitializerException>(() => ModelConfig.ReadArchive(open));
            Assert.True(open.CanRead);

            // The central directory's uncompressed size of config.json (offset 24 of its PK 01 02 record) set by hand.
            byte[] Sized(long size)
            {
                var bytes = Zip("config.json");
                var central = Enumerable.Range(0, bytes.Length - 4).First(i => bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2);
                BitConverter.GetBytes((uint)size).CopyTo(bytes, central + 24);
                return bytes;
            }

            var large = Assert.Throws<InitializerException>(() => ModelConfig.ReadArchive(new MemoryStream(Sized(ModelConfig.MaxArchiveConfigBytes + 1)), "z.keras"));
            Assert.Equal(("KerasArchiveTooLarge", "The config.json of 'z.keras' is larger than 256 MiB.", "z.keras"), (large.ErrorId, large.Message, large.SourceName));
            Assert.NotEqual("KerasArchiveTooLarge", (Record.Exception(() => ModelConfig.ReadArchive(new MemoryStream(Sized(ModelConfig.MaxArchiveConfigBytes)))) as InitializerException)?.ErrorId);
        }

        /// <summary>A model.json whose modelTopology carries neither keras_version nor backend is still TensorFlow.js's.</summary>
        [Fact]
        public void ModelTopologyAloneMeansTensorFlowJs() =>
            Assert.Equal(ModelDialect.TensorFlowJs, ModelConfig.Parse("{\"modelTopology\": {\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", " +
                "\"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1}}]}}}").Dialect);

        /// <summary>The root pointer "" is where the document starts; a tree given in memory has no places.</summary>
        [Fact]
        public void TryLocateTheRootAndWithoutText()
        {
            var text = "\n  {\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1}}]}}";
            Assert.True(ModelConfig.Parse(text).TryLocate("", out var line, out var column));
            Assert.Equal((2, 3), (line, column));
            Assert.False(ModelConfig.FromTree(JsonText.Parse(text)).TryLocate("/config", out line, out column));
            Assert.Equal((0, 0), (line, column));
        }

        /// <summary>A model.json whose modelTopology wraps its model in model_config with a TensorFlow.js keras_version.</summary>
        [Fact]
        public void AModelConfigInsideModelTopologyIsTensorFlowJs()
        {
            var model = ModelConfig.Parse("{\"modelTopology\": {\"keras_version\": \"tfjs-layers 4.22.0\", \"model_config\": {\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", " +
                "\"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1}}]}}}}");
            Assert.Equal(("/modelTopology/model_config", ModelDialect.TensorFlowJs), (model.ModelPointer, model.Dialect));
        }

        [Fact]
        public void TryLocateFindsValuesByPointer()
        {
            var model = ModelConfig.ReadFile(Fixture("keras3_functional.json"));
            Assert.True(model.TryLocate("/config/layers/4/config/axis", out var line, out var column));
            Assert.Equal((113, 19), (line, column));
            Assert.False(model.TryLocate("/config/layers/9", out _, out _));
        }
    }
}
