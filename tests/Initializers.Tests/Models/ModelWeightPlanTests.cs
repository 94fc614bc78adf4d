using System;
using System.IO;
using System.Linq;
using Initializers.Family;
using Initializers.Models;
using Initializers.Models.Weights;
using Xunit;

namespace Initializers.Tests.Models
{
    /// <summary>The weight planner on the model fixtures and hand-written models in the three dialects. Every expected
    /// name and shape was worked out by hand from model-formats.md (§2.2 object paths, §4.4 TensorFlow.js names, §5
    /// weights, §6 output shapes); the arithmetic is in the comments.</summary>
    public class ModelWeightPlanTests
    {
        internal static string Shape(System.Collections.Generic.IReadOnlyList<long> shape) => "(" + string.Join(",", shape) + ")";

        /// <summary>One line per weight: Path|KerasPath|TfjsName|shape|T(rainable) or N.</summary>
        internal static string Dump(ModelWeightPlan plan) =>
            string.Join("\n", plan.Weights.Select(w => $"{w.Path}|{w.KerasPath}|{w.TfjsName}|{Shape(w.Shape)}|{(w.Trainable ? "T" : "N")}"));

        internal static string Parts(ModelWeight weight) =>
            string.Join(" ", weight.Parts.Select(p => $"{p.Start}:{Shape(p.Shape)}:{p.Initializer.ClassName}:{p.Slot ?? "-"}:{p.SeedKey}"));

        internal static ModelConfig Model(string json) => ModelConfig.Parse(json.Replace('\'', '"'));

        internal static ModelWeightPlan Plan(string json, WeightTarget target = WeightTarget.Keras, string? version = null, bool skip = false) =>
            ModelWeightPlan.Build(Model(json), new ModelWeightOptions { Target = target, KerasVersion = version, SkipUnsupported = skip });

        /// <summary>A Keras 3 Sequential with an InputLayer of <paramref name="batchShape"/> and the given layer entries.</summary>
        internal static string Keras3Sequential(string batchShape, params string[] layers) =>
            "{'module':'keras','class_name':'Sequential','config':{'name':'seq','layers':[" +
            "{'module':'keras.layers','class_name':'InputLayer','config':{'batch_shape':" + batchShape + ",'dtype':'float32','name':'input_layer'}}," +
            string.Join(",", layers) + "]}}";

        /// <summary>A TensorFlow.js Sequential whose first layer carries <paramref name="batchShape"/>.</summary>
        internal static string TfjsSequential(string batchShape, string first, params string[] layers) =>
            "{'class_name':'Sequential','keras_version':'tfjs-layers 4.22.0','backend':'tensor_flow.js','config':{'name':'seq','layers':[" +
            first.Replace("'config':{", "'config':{'batch_input_shape':" + batchShape + ",") + string.Join("", layers.Select(l => "," + l)) + "]}}";

        internal static string Layer(string className, string config) => "{'class_name':'" + className + "','config':{" + config + "}}";

        private static InitializerException Fails(string json, WeightTarget target = WeightTarget.Keras) =>
            Assert.Throws<InitializerException>(() => Plan(json, target));

        /// <summary>Each alias Keras deserializes (keras.layers, Keras 2.1–2.3's module-level aliases such as
        /// <c>Deconvolution2D = Deconv2D = Conv2DTranspose</c>) plans as its class. Input (None, 8, 3), (None, 8, 8, 3) or
        /// (None, 8, 8, 8, 3); kernel size 3, 2 filters; pooling by 2 then Flatten; a Dense(4) last. Shapes by hand:
        /// a convolution kernel is (3,…,3, in 3, out 2), a transposed one (3,…,3, out 2, in 3), separable depthwise
        /// (3,…,3, 3, 1) and pointwise (1,…,1, 3, 2); the Dense after a convolution takes 2 features, after pooling
        /// 4^rank·3 (12, 48, 192), after global pooling 3.</summary>
        [Theory]
        [InlineData("Convolution1D", "Conv1D", 1, "(3,3,2) (2) (2,4) (4)")]
        [InlineData("Convolution2D", "Conv2D", 2, "(3,3,3,2) (2) (2,4) (4)")]
        [InlineData("Convolution3D", "Conv3D", 3, "(3,3,3,3,2) (2) (2,4) (4)")]
        [InlineData("Convolution1DTranspose", "Conv1DTranspose", 1, "(3,2,3) (2) (2,4) (4)")]
        [InlineData("Convolution2DTranspose", "Conv2DTranspose", 2, "(3,3,2,3) (2) (2,4) (4)")]
        [InlineData("Convolution3DTranspose", "Conv3DTranspose", 3, "(3,3,3,2,3) (2) (2,4) (4)")]
        [InlineData("Deconvolution2D", "Conv2DTranspose", 2, "(3,3,2,3) (2) (2,4) (4)")]
        [InlineData("Deconv2D", "Conv2DTranspose", 2, "(3,3,2,3) (2) (2,4) (4)")]
        [InlineData("Deconvolution3D", "Conv3DTranspose", 3, "(3,3,3,2,3) (2) (2,4) (4)")]
        [InlineData("Deconv3D", "Conv3DTranspose", 3, "(3,3,3,2,3) (2) (2,4) (4)")]
        [InlineData("SeparableConvolution1D", "SeparableConv1D", 1, "(3,3,1) (1,3,2) (2) (2,4) (4)")]
        [InlineData("SeparableConvolution2D", "SeparableConv2D", 2, "(3,3,3,1) (1,1,3,2) (2) (2,4) (4)")]
        [InlineData("MaxPool1D", "MaxPooling1D", 1, "(12,4) (4)")]
        [InlineData("MaxPool2D", "MaxPooling2D", 2, "(48,4) (4)")]
        [InlineData("MaxPool3D", "MaxPooling3D", 3, "(192,4) (4)")]
        [InlineData("AvgPool1D", "AveragePooling1D", 1, "(12,4) (4)")]
        [InlineData("AvgPool2D", "AveragePooling2D", 2, "(48,4) (4)")]
        [InlineData("AvgPool3D", "AveragePooling3D", 3, "(192,4) (4)")]
        [InlineData("GlobalMaxPool1D", "GlobalMaxPooling1D", 1, "(3,4) (4)")]
        [InlineData("GlobalMaxPool2D", "GlobalMaxPooling2D", 2, "(3,4) (4)")]
        [InlineData("GlobalMaxPool3D", "GlobalMaxPooling3D", 3, "(3,4) (4)")]
        [InlineData("GlobalAvgPool1D", "GlobalAveragePooling1D", 1, "(3,4) (4)")]
        [InlineData("GlobalAvgPool2D", "GlobalAveragePooling2D", 2, "(3,4) (4)")]
        [InlineData("GlobalAvgPool3D", "GlobalAveragePooling3D", 3, "(3,4) (4)")]
        public void AnAliasPlansAsItsClass(string alias, string className, int rank, string shapes)
        {
            var input = "[null," + string.Join(",", Enumerable.Repeat("8", rank)) + ",3]";
            string Json(string cls)
            {
                var config = cls.Contains("Pool") ? "'name':'x','pool_size':2" : "'name':'x','filters':2,'kernel_size':3";
                var layers = new[] { Layer(cls, config) }.Concat(cls.Contains("Pool") && !cls.StartsWith("Global", StringComparison.Ordinal)
                    ? new[] { Layer("Flatten", "'name':'f'") } : Array.Empty<string>()).Append(Layer("Dense", "'name':'d','units':4"));
                return Keras3Sequential(input, layers.ToArray());
            }

            var plan = Plan(Json(alias));
            Assert.Equal(shapes, string.Join(" ", plan.Weights.Select(w => Shape(w.Shape))));
            Assert.Equal(Dump(Plan(Json(className))), Dump(plan));
        }

        /// <summary>tf-keras deserializes TF 1.13's BatchNormalizationV1/V2 as BatchNormalization
        /// (tf_keras/layers/serialization.py): on (None, 8, 3), gamma, beta, moving mean and variance are (3,).</summary>
        [Theory]
        [InlineData("BatchNormalizationV1")]
        [InlineData("BatchNormalizationV2")]
        public void OldBatchNormalizationNamesPlanAsBatchNormalization(string alias)
        {
            string Json(string cls) => Keras3Sequential("[null,8,3]", Layer(cls, "'name':'x'"), Layer("Dense", "'name':'d','units':4"));
            var plan = Plan(Json(alias));
            Assert.Equal("(3) (3) (3) (3) (3,4) (4)", string.Join(" ", plan.Weights.Select(w => Shape(w.Shape))));
            Assert.Equal(Dump(Plan(Json("BatchNormalization"))), Dump(plan));
        }

        /// <summary>Layers without weights whose output is their input (model-formats.md §6): the Dense after one is
        /// built on the same (None, 5, 4), so its kernel is (4, 2).</summary>
        [Theory]
        [InlineData("Dropout")]
        [InlineData("SpatialDropout1D")]
        [InlineData("SpatialDropout2D")]
        [InlineData("SpatialDropout3D")]
        [InlineData("GaussianDropout")]
        [InlineData("GaussianNoise")]
        [InlineData("AlphaDropout")]
        [InlineData("Activation")]
        [InlineData("ReLU")]
        [InlineData("LeakyReLU")]
        [InlineData("ELU")]
        [InlineData("Softmax")]
        [InlineData("ThresholdedReLU")]
        [InlineData("Masking")]
        [InlineData("Identity")]
        [InlineData("ActivityRegularization")]
        [InlineData("UnitNormalization")]
        public void ALayerThatKeepsItsInputShapeHasNoWeights(string className)
        {
            var plan = Plan(Keras3Sequential("[null,5,4]", Layer(className, "'name':'x'"), Layer("Dense", "'name':'d','units':2")));
            Assert.Equal("(4,2) (2)", string.Join(" ", plan.Weights.Select(w => Shape(w.Shape))));
        }

        /// <summary>Layers TensorFlow.js 4.22 does not register (model-formats.md §4.7; none has "tfjs" among its sources in
        /// Fixtures/models/layer-classes.tsv) are refused when planning for TensorFlow.js, naming the error tf.loadLayersModel gives.</summary>
        [Theory]
        [InlineData("GroupNormalization")]
        [InlineData("Conv1DTranspose")]
        [InlineData("DepthwiseConv1D")]
        [InlineData("SeparableConv1D")]
        [InlineData("ZeroPadding1D")]
        [InlineData("ZeroPadding3D")]
        [InlineData("MultiHeadAttention")]
        [InlineData("EinsumDense")]
        [InlineData("Normalization")]
        [InlineData("UnitNormalization")]
        [InlineData("Identity")]
        [InlineData("ActivityRegularization")]
        [InlineData("Cropping1D")]
        [InlineData("Cropping3D")]
        [InlineData("GlobalAveragePooling3D")]
        [InlineData("GlobalMaxPooling3D")]
        [InlineData("SpatialDropout2D")]
        [InlineData("SpatialDropout3D")]
        [InlineData("Subtract")]
        [InlineData("UpSampling1D")]
        [InlineData("UpSampling3D")]
        public void ALayerTensorFlowJsLacksIsRefusedForIt(string className)
        {
            var sources = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "models", "layer-classes.tsv"))
                .Single(l => l.StartsWith(className + "\t", StringComparison.Ordinal)).Split('\t')[1];
            Assert.DoesNotContain("tfjs", sources);
            var error = Fails(TfjsSequential("[null,5,4]", Layer(className, "'name':'x'")), WeightTarget.TensorFlowJs);
            Assert.Equal("UnsupportedLayer", error.ErrorId);
            Assert.Contains($"is not a TensorFlow.js 4.22 layer (tf.loadLayersModel reports \"Unknown layer: {className}\")", error.Message);
        }

        /// <summary>BatchNormalization's four weights take their own slots (model-formats.md §5: gamma, beta,
        /// moving_mean, moving_variance), and without them Keras's and TensorFlow.js's defaults: ones, zeros, zeros,
        /// ones.</summary>
        [Fact]
        public void BatchNormalizationWeightsTakeTheirOwnSlotsOrTheDefaults()
        {
            string Parts(ModelWeightPlan plan) => string.Join(" ", plan.Weights.Select(w => w.Path + "=" + string.Join("+", w.Parts.Select(p => p.Initializer.ClassName + ":" + (p.Slot ?? "-")))));
            var slots = "'name':'bn','moving_mean_initializer':{'class_name':'RandomNormal','config':{'seed':1}},'moving_variance_initializer':{'class_name':'Constant','config':{'value':2.0}}";
            Assert.Equal("seq/bn/gamma=Ones:gamma_initializer seq/bn/beta=Zeros:beta_initializer seq/bn/moving_mean=RandomNormal:moving_mean_initializer " +
                         "seq/bn/moving_variance=Constant:moving_variance_initializer", Parts(Plan(Keras3Sequential("[null,4]", Layer("BatchNormalization", slots)))));
            Assert.Equal("seq/bn/gamma=Ones:gamma_initializer seq/bn/beta=Zeros:beta_initializer seq/bn/moving_mean=Zeros:moving_mean_initializer " +
                         "seq/bn/moving_variance=Ones:moving_variance_initializer", Parts(Plan(Keras3Sequential("[null,4]", Layer("BatchNormalization", "'name':'bn'")))));
            var tfjs = Parts(Plan(TfjsSequential("[null,4]", Layer("BatchNormalization", "'name':'bn'")), WeightTarget.TensorFlowJs));
            Assert.Equal(new[] { "Ones", "Zeros", "Zeros", "Ones" }, tfjs.Split(' ').Select(w => w.Split('=')[1].Split(':')[0]));
            Assert.Equal(new[] { "gamma", "beta", "moving_mean", "moving_variance" }, tfjs.Split(' ').Select(w => w.Split('=')[0].Split('/').Last()));
        }

        /// <summary>TimeDistributed applies its layer to each step: on (None, 7, 4) a Dense(3) is built on (None, 4) and
        /// the output is (None, 7, 3), so the Flatten after it gives 21 features (model-formats.md §6).</summary>
        [Fact]
        public void TimeDistributedKeepsTheBatchAndTimeAxes()
        {
            var plan = Plan(Keras3Sequential("[null,7,4]", Layer("TimeDistributed", "'name':'td','layer':{'class_name':'Dense','config':{'name':'inner','units':3}}"),
                Layer("Flatten", "'name':'f'"), Layer("Dense", "'name':'d','units':2")));
            Assert.Equal("(4,3) (3) (21,2) (2)", string.Join(" ", plan.Weights.Select(w => Shape(w.Shape))));
        }

        [Fact]
        public void Keras3FunctionalFixtureNamesEveryWeightAndObjectAsKerasSavesThem()
        {
            var plan = ModelWeightPlan.Build(ModelConfig.ReadFile(ModelConfigTests.Fixture("keras3_functional.json")));
            // encoder is a nested Sequential (prefix encoder/, object layers/sequential, InputLayer hidden); proj has
            // build_config (None, 8), units 8: kernel (8, 8), bias (8,).
            // bi wraps LSTM(4) on (None, 5, 8): kernel (8, 4*4=16), recurrent (4, 16), bias (16,); weights on the cell.
            // td wraps Dense(3, use_bias false) built on (None, 8): kernel (8, 3); TensorFlow.js-style inner scope not used.
            // bn: build_config (None, 5, 3), axis -1: four (3,) vectors, the moving statistics non-trainable.
            var expected = string.Join("\n",
                "encoder/proj/kernel|layers/sequential/layers/dense/vars/0||(8,8)|T",
                "encoder/proj/bias|layers/sequential/layers/dense/vars/1||(8)|T",
                "bi/forward_lstm/lstm_cell/kernel|layers/bidirectional/forward_layer/cell/vars/0||(8,16)|T",
                "bi/forward_lstm/lstm_cell/recurrent_kernel|layers/bidirectional/forward_layer/cell/vars/1||(4,16)|T",
                "bi/forward_lstm/lstm_cell/bias|layers/bidirectional/forward_layer/cell/vars/2||(16)|T",
                "bi/backward_lstm/lstm_cell/kernel|layers/bidirectional/backward_layer/cell/vars/0||(8,16)|T",
                "bi/backward_lstm/lstm_cell/recurrent_kernel|layers/bidirectional/backward_layer/cell/vars/1||(4,16)|T",
                "bi/backward_lstm/lstm_cell/bias|layers/bidirectional/backward_layer/cell/vars/2||(16)|T",
                "td/td_dense/kernel|layers/time_distributed/layer/vars/0||(8,3)|T",
                "bn/gamma|layers/batch_normalization/vars/0||(3)|T",
                "bn/beta|layers/batch_normalization/vars/1||(3)|T",
                "bn/moving_mean|layers/batch_normalization/vars/2||(3)|N",
                "bn/moving_variance|layers/batch_normalization/vars/3||(3)|N");
            Assert.Equal(expected, Dump(plan));
            // Objects: root, then layers in list order depth first; Bidirectional's attributes A→Z (backward first).
            Assert.Equal(string.Join("\n",
                    "=classifier", "layers/input_layer=tokens", "layers/sequential=encoder", "layers/sequential/layers/dense=proj",
                    "layers/bidirectional=bi", "layers/bidirectional/backward_layer=backward_lstm", "layers/bidirectional/backward_layer/cell=lstm_cell",
                    "layers/bidirectional/forward_layer=forward_lstm", "layers/bidirectional/forward_layer/cell=lstm_cell",
                    "layers/time_distributed=td", "layers/time_distributed/layer=td_dense", "layers/batch_normalization=bn"),
                string.Join("\n", plan.KerasObjects.Select(o => o.Path + "=" + o.Name)));
            Assert.Equal("3.15", plan.KerasVersion);
            Assert.Equal("bi/forward_lstm", plan.Weights[2].Layer);
            Assert.Equal("LSTM", plan.Weights[2].LayerClass);
            Assert.Equal(DType.Float32, plan.Weights[2].DType);
        }

        [Fact]
        public void LstmBiasWithUnitForgetBiasIsThreeCallsAndOnes()
        {
            var plan = ModelWeightPlan.Build(ModelConfig.ReadFile(ModelConfigTests.Fixture("keras3_functional.json")));
            // unit_forget_bias absent: Keras default true. u = 4: bias_init (4,) at 0, ones (4,) at 4, bias_init (8,) at 8.
            // The slot feeds two calls of the layer, so the seed keys carry the weight path and the call.
            Assert.Equal("0:(4):Zeros:bias_initializer:bias_initializer/bias#0 4:(4):Ones:-:bias#1 8:(8):Zeros:bias_initializer:bias_initializer/bias#2",
                Parts(plan.Weights[4]));
            // The backward LSTM's bias_initializer is null: Keras uses glorot_uniform, even for a bias.
            Assert.Equal("0:(4):GlorotUniform:bias_initializer:bias_initializer/bias#0 4:(4):Ones:-:bias#1 8:(8):GlorotUniform:bias_initializer:bias_initializer/bias#2",
                Parts(plan.Weights[7]));
            Assert.Contains(plan.Notes, n => n.Rule == "NullInitializer" && n.Layer == "bi/backward_lstm" && n.Message.Contains("glorot_uniform"));
            // One slot, one call: the seed key is the slot.
            Assert.Equal("0:(8,16):GlorotUniform:kernel_initializer:kernel_initializer", Parts(plan.Weights[2]));
            Assert.Equal(1L, ((RandomInitializer)plan.Weights[2].Parts[0].Initializer).Seed);
        }

        [Fact]
        public void TfjsFixtureMlpPlansTfjsNamesAndShapes()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", "model_mlp.json");
            var plan = ModelWeightPlan.Build(ModelConfig.ReadFile(path), new ModelWeightOptions { Target = WeightTarget.TensorFlowJs });
            // hidden1: batch_input_shape (None, 8), units 16 → kernel (8,16); bn1 on (None,16): four (16,); hidden2 (16,8);
            // out: units 3 → (8,3). The Sequential is named mlp, so Keras 3 paths carry mlp/.
            var expected = string.Join("\n",
                "mlp/hidden1/kernel|layers/dense/vars/0|hidden1/kernel|(8,16)|T",
                "mlp/hidden1/bias|layers/dense/vars/1|hidden1/bias|(16)|T",
                "mlp/bn1/gamma|layers/batch_normalization/vars/0|bn1/gamma|(16)|T",
                "mlp/bn1/beta|layers/batch_normalization/vars/1|bn1/beta|(16)|T",
                "mlp/bn1/moving_mean|layers/batch_normalization/vars/2|bn1/moving_mean|(16)|N",
                "mlp/bn1/moving_variance|layers/batch_normalization/vars/3|bn1/moving_variance|(16)|N",
                "mlp/hidden2/kernel|layers/dense_1/vars/0|hidden2/kernel|(16,8)|T",
                "mlp/hidden2/bias|layers/dense_1/vars/1|hidden2/bias|(8)|T",
                "mlp/out/kernel|layers/dense_2/vars/0|out/kernel|(8,3)|T",
                "mlp/out/bias|layers/dense_2/vars/1|out/bias|(3)|T");
            Assert.Equal(expected, Dump(plan));
            Assert.Equal(11L, ((RandomInitializer)plan.Weights[0].Parts[0].Initializer).Seed);
            Assert.Equal("Constant", plan.Weights[7].Parts[0].Initializer.ClassName);
            // Keras target: no TensorFlow.js names.
            Assert.All(ModelWeightPlan.Build(ModelConfig.ReadFile(path)).Weights, w => Assert.Null(w.TfjsName));
        }

        [Fact]
        public void Keras2FunctionalPropagatesNestedListNodes()
        {
            // Keras 2 nested-list nodes; Conv2D on (None, 12, 12, 3), kernel 3, groups 1, valid: 12-3+1 = 10 → (None,10,10,8);
            // MaxPooling2D 2: floor((10-2)/2)+1 = 5 → (None,5,5,8); a second branch Conv2D 1x1 same, strides 2: ceil(12/2) = 6,
            // then cropping ((0,1),(0,1)) → 5; Concatenate on the channels: 8 + 4 = 12 → (None,5,5,12); Flatten 5*5*12 = 300;
            // Dense(2): kernel (300, 2).
            var json = "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'model','layers':[" +
                "{'class_name':'InputLayer','name':'in','config':{'batch_input_shape':[null,12,12,3],'name':'in'},'inbound_nodes':[]}," +
                "{'class_name':'Conv2D','name':'c1','config':{'name':'c1','filters':8,'kernel_size':[3,3],'padding':'valid'},'inbound_nodes':[[['in',0,0,{}]]]}," +
                "{'class_name':'MaxPooling2D','name':'p','config':{'name':'p','pool_size':[2,2],'strides':null},'inbound_nodes':[[['c1',0,0,{}]]]}," +
                "{'class_name':'Conv2D','name':'c2','config':{'name':'c2','filters':4,'kernel_size':1,'strides':2,'padding':'same','use_bias':false},'inbound_nodes':[[['in',0,0,{}]]]}," +
                "{'class_name':'Cropping2D','name':'crop','config':{'name':'crop','cropping':[[0,1],[0,1]]},'inbound_nodes':[[['c2',0,0,{}]]]}," +
                "{'class_name':'Concatenate','name':'cat','config':{'name':'cat','axis':-1},'inbound_nodes':[[['p',0,0,{}],['crop',0,0,{}]]]}," +
                "{'class_name':'Flatten','name':'f','config':{'name':'f'},'inbound_nodes':[[['cat',0,0,{}]]]}," +
                "{'class_name':'Dense','name':'out','config':{'name':'out','units':2},'inbound_nodes':[[['f',0,0,{}]]]}" +
                "],'input_layers':[['in',0,0]],'output_layers':[['out',0,0]]}}";
            var plan = Plan(json);
            Assert.Equal(string.Join("\n",
                "c1/kernel|layers/conv2d/vars/0||(3,3,3,8)|T",
                "c1/bias|layers/conv2d/vars/1||(8)|T",
                "c2/kernel|layers/conv2d_1/vars/0||(1,1,3,4)|T",
                "out/kernel|layers/dense/vars/0||(300,2)|T",
                "out/bias|layers/dense/vars/1||(2)|T"), Dump(plan));
            Assert.Equal("2.15.0", plan.KerasVersion);
            Assert.Contains(plan.KerasObjects, o => o.Path == "layers/input_layer" && o.Name == "in");
            Assert.Contains(plan.KerasObjects, o => o.Path == "layers/cropping2d" && o.Name == "crop");
        }

        [Fact]
        public void Keras3FunctionalReadsKerasTensorNodesAndNestedFunctional()
        {
            // Keras 3 {args, kwargs} nodes; a nested Functional 'inner' (Dense 6 on 4 features) called once from outside
            // (node index 1); its weights carry no model prefix; Add of two (None, 6) tensors; Dense 1 on 6.
            var kt = "{'class_name':'__keras_tensor__','config':{'shape':[null,4],'dtype':'float32','keras_history':['x',0,0]}}";
            var json = "{'module':'keras.src.models.functional','class_name':'Functional','config':{'name':'outer','layers':[" +
                "{'module':'keras.layers','class_name':'InputLayer','config':{'batch_shape':[null,4],'name':'x'},'name':'x','inbound_nodes':[]}," +
                "{'module':'keras.src.models.functional','class_name':'Functional','name':'inner','config':{'name':'inner','layers':[" +
                  "{'class_name':'InputLayer','config':{'batch_shape':[null,4],'name':'ix'},'name':'ix','inbound_nodes':[]}," +
                  "{'class_name':'Dense','config':{'name':'d','units':6},'name':'d','inbound_nodes':[{'args':[" + kt.Replace("'x'", "'ix'") + "],'kwargs':{}}]}]," +
                  "'input_layers':['ix',0,0],'output_layers':['d',0,0]},'inbound_nodes':[{'args':[" + kt + "],'kwargs':{}}]}," +
                "{'module':'keras.layers','class_name':'Dense','config':{'name':'side','units':6},'name':'side','inbound_nodes':[{'args':[" + kt + "],'kwargs':{}}]}," +
                "{'module':'keras.layers','class_name':'Add','config':{'name':'sum'},'name':'sum','inbound_nodes':[{'args':[[" +
                  "{'class_name':'__keras_tensor__','config':{'shape':[null,6],'keras_history':['inner',1,0]}}," +
                  "{'class_name':'__keras_tensor__','config':{'shape':[null,6],'keras_history':['side',0,0]}}]],'kwargs':{}}]}," +
                "{'module':'keras.layers','class_name':'Dense','config':{'name':'head','units':1},'name':'head','inbound_nodes':[{'args':[" +
                  "{'class_name':'__keras_tensor__','config':{'shape':[null,6],'keras_history':['sum',0,0]}}],'kwargs':{}}]}" +
                "],'input_layers':['x',0,0],'output_layers':['head',0,0]}}";
            var plan = Plan(json);
            Assert.Equal(string.Join("\n",
                "d/kernel|layers/functional/layers/dense/vars/0||(4,6)|T",
                "d/bias|layers/functional/layers/dense/vars/1||(6)|T",
                "side/kernel|layers/dense/vars/0||(4,6)|T",
                "side/bias|layers/dense/vars/1||(6)|T",
                "head/kernel|layers/dense_1/vars/0||(6,1)|T",
                "head/bias|layers/dense_1/vars/1||(1)|T"), Dump(plan));
            Assert.Equal(string.Join(",", "", "layers/input_layer", "layers/functional", "layers/functional/layers/input_layer",
                    "layers/functional/layers/dense", "layers/dense", "layers/add", "layers/dense_1"),
                string.Join(",", plan.KerasObjects.Select(o => o.Path)));
            Assert.Equal("inner/d", plan.Weights[0].Layer);
        }

        [Fact]
        public void ASharedLayerGetsWeightsOnceAndEachCallItsOwnOutput()
        {
            // 'shared' Dense(2) is called on a (None,3) and on b (None,5,3): weights once, kernel (3,2); its second call gives
            // (None,5,2). f flattens that second call (listed before b exists, so it must wait for it): 5*2 = 10 → out (10,1).
            var json = "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'m','layers':[" +
                "{'class_name':'InputLayer','config':{'batch_input_shape':[null,3],'name':'a'},'name':'a','inbound_nodes':[]}," +
                "{'class_name':'Dense','config':{'name':'shared','units':2},'name':'shared','inbound_nodes':[[['a',0,0,{}]],[['b',0,0,{}]]]}," +
                "{'class_name':'Flatten','config':{'name':'f'},'name':'f','inbound_nodes':[[['shared',1,0,{}]]]}," +
                "{'class_name':'Dense','config':{'name':'out','units':1},'name':'out','inbound_nodes':[[['f',0,0,{}]]]}," +
                "{'class_name':'InputLayer','config':{'batch_input_shape':[null,5,3],'name':'b'},'name':'b','inbound_nodes':[]}" +
                "],'input_layers':[['a',0,0],['b',0,0]],'output_layers':[['out',0,0]]}}";
            Assert.Equal(string.Join("\n",
                "shared/kernel|layers/dense/vars/0||(3,2)|T",
                "shared/bias|layers/dense/vars/1||(2)|T",
                "out/kernel|layers/dense_1/vars/0||(10,1)|T",
                "out/bias|layers/dense_1/vars/1||(1)|T"), Dump(Plan(json)));
        }

        [Fact]
        public void TfjsNamesDropNestedModelsAndDuplicatesAreRefused()
        {
            // TensorFlow.js: a nested Sequential's weights are named without its name: in_dense/kernel.
            var nested = "{'class_name':'Sequential','config':{'name':'inner','layers':[" +
                "{'class_name':'Dense','config':{'name':'in_dense','units':2,'batch_input_shape':[null,3]}}]}}";
            var json = "{'class_name':'Sequential','keras_version':'tfjs-layers 4.22.0','config':{'name':'outer','layers':[" +
                "{'class_name':'Dense','config':{'name':'first','units':3,'batch_input_shape':[null,5]}}," + nested + "]}}";
            var plan = Plan(json, WeightTarget.TensorFlowJs);
            // first (5,3); in_dense on 3 features: (3,2). Keras 3 paths: each Sequential prefixes its own name.
            Assert.Equal(string.Join("\n",
                "outer/first/kernel|layers/dense/vars/0|first/kernel|(5,3)|T",
                "outer/first/bias|layers/dense/vars/1|first/bias|(3)|T",
                "inner/in_dense/kernel|layers/sequential/layers/dense/vars/0|in_dense/kernel|(3,2)|T",
                "inner/in_dense/bias|layers/sequential/layers/dense/vars/1|in_dense/bias|(2)|T"), Dump(plan));

            var clash = json.Replace("'name':'in_dense'", "'name':'first'");
            var error = Fails(clash, WeightTarget.TensorFlowJs);
            Assert.Equal("TfjsDuplicateWeightName", error.ErrorId);
            Assert.Contains("first/kernel", error.Message);
        }

        [Fact]
        public void TfjsBidirectionalAndTimeDistributedNamesAndSharedSlots()
        {
            // The fixture's LSTM returns only its last output, so TimeDistributed gets (None, 3+3) of rank 2 and refuses it.
            var text = File.ReadAllText(ModelConfigTests.Fixture("tfjs_functional.json"));
            var options = new ModelWeightOptions { Target = WeightTarget.TensorFlowJs };
            var refused = Assert.Throws<InitializerException>(() => ModelWeightPlan.Build(ModelConfig.Parse(text, "tfjs_functional.json"), options));
            Assert.Equal("InvalidLayerShape", refused.ErrorId);
            Assert.Equal("td", refused.Target);
            Assert.Contains("(None, 6)", refused.Message);

            // With return_sequences: in (None, 7, 4); LSTM(3) both ways: kernel (4, 4*3=12), recurrent (3, 12), bias (12,)
            // (unit_forget_bias null → false in TensorFlow.js: one call); merge concat → (None, 7, 6); td's Dense(2) is
            // built on (None, 6): kernel (6, 2), named after the wrapper.
            var plan = ModelWeightPlan.Build(ModelConfig.Parse(text.Replace("\"units\": 3,", "\"units\": 3, \"return_sequences\": true,")), options);
            var expectedNames = plan.Weights.Select(w => w.TfjsName + Shape(w.Shape)).ToList();
            Assert.Equal(new[]
            {
                "bi/forward_lstm/kernel(4,12)", "bi/forward_lstm/recurrent_kernel(3,12)", "bi/forward_lstm/bias(12)",
                "bi/backward_lstm/kernel(4,12)", "bi/backward_lstm/recurrent_kernel(3,12)", "bi/backward_lstm/bias(12)",
                "td/kernel(6,2)", "td/bias(2)",
            }, expectedNames);
            // Both directions come from the one 'layer' config: its slots feed two calls each, told apart by direction.
            Assert.Equal("0:(4,12):VarianceScaling:kernel_initializer:kernel_initializer/forward_lstm/kernel", Parts(plan.Weights[0]));
            Assert.Equal("0:(4,12):VarianceScaling:kernel_initializer:kernel_initializer/backward_lstm/kernel", Parts(plan.Weights[3]));
            Assert.Equal("0:(12):Zeros:bias_initializer:bias_initializer/forward_lstm/bias", Parts(plan.Weights[2]));
            Assert.Equal("bi/lstm", plan.Weights[3].Layer);
        }
    }
}
