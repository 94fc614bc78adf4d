using System.Linq;
using Initializers.Config;
using Initializers.Family;
using Initializers.Models.Weights;
using Xunit;
using static Initializers.Tests.Models.ModelWeightPlanTests;

namespace Initializers.Tests.Models
{
    /// <summary>Weights and output shapes of every supported layer, on hand-written models. Expected shapes follow the
    /// formulas of model-formats.md §5 and §6, worked out in the comments.</summary>
    public class ModelWeightLayerTests
    {
        private static string Shapes(ModelWeightPlan plan) => string.Join(" ", plan.Weights.Select(w => w.Path + Shape(w.Shape)));

        [Fact]
        public void ConvolutionFamily2D()
        {
            var json = Keras3Sequential("[null,8,8,4]",
                // groups 2, strides 2, same: kernel (3,3,4/2=2,6); length ceil(8/2) = 4 → (None,4,4,6)
                Layer("Conv2D", "'name':'c','filters':6,'kernel_size':[3,3],'strides':[2,2],'padding':'same','groups':2"),
                // transpose valid, s 2: 4*2 + max(3-2,0) = 9 → (None,9,9,3); kernel k+(f,in) = (3,3,3,6)
                Layer("Conv2DTranspose", "'name':'t','filters':3,'kernel_size':3,'strides':2,'padding':'valid'"),
                // depthwise valid k 2, dm 2: 9-2+1 = 8, channels 3*2 = 6 → (None,8,8,6); kernel (2,2,3,2), bias (6)
                Layer("DepthwiseConv2D", "'name':'dw','kernel_size':2,'depth_multiplier':2"),
                // separable same, dilation 2: ceil(8/1) = 8 → (None,8,8,5); depthwise (3,3,6,1), pointwise (1,1,6,5), bias (5)
                Layer("SeparableConv2D", "'name':'sep','filters':5,'kernel_size':3,'dilation_rate':2,'padding':'same'"),
                // pool 3, strides 2, valid: floor((8-3)/2)+1 = 3 → (None,3,3,5)
                Layer("MaxPooling2D", "'name':'mp','pool_size':3,'strides':2"),
                // rows 3+1+0 = 4, cols 3+2+2 = 7 → (None,4,7,5)
                Layer("ZeroPadding2D", "'name':'zp','padding':[[1,0],[2,2]]"),
                // (None,4,7,5) → (None,5); then Dense(1): kernel (5,1)
                Layer("GlobalAveragePooling2D", "'name':'gap'"),
                Layer("Dense", "'name':'d','units':1,'use_bias':false"));
            var plan = Plan(json);
            Assert.Equal("seq/c/kernel(3,3,2,6) seq/c/bias(6) seq/t/kernel(3,3,3,6) seq/t/bias(3) seq/dw/kernel(2,2,3,2) seq/dw/bias(6) " +
                "seq/sep/depthwise_kernel(3,3,6,1) seq/sep/pointwise_kernel(1,1,6,5) seq/sep/bias(5) seq/d/kernel(5,1)", Shapes(plan));
            Assert.Equal("layers/conv2d_transpose/vars/0", plan.Weights[2].KerasPath);
            Assert.Equal("layers/depthwise_conv2d/vars/1", plan.Weights[5].KerasPath);
            Assert.Equal("layers/separable_conv2d/vars/2", plan.Weights[8].KerasPath);
            Assert.Equal("layers/dense/vars/0", plan.Weights[9].KerasPath);
            Assert.Contains(plan.KerasObjects, o => o.Path == "layers/global_average_pooling2d");
            Assert.Contains(plan.KerasObjects, o => o.Path == "layers/zero_padding2d");
            Assert.Contains(plan.KerasObjects, o => o.Path == "layers/max_pooling2d");
            Assert.Equal("depthwise_initializer", plan.Weights[4].Parts[0].Slot);
            Assert.Equal("GlorotUniform", plan.Weights[4].Parts[0].Initializer.ClassName);
        }

        [Fact]
        public void TfjsIgnoresGroupsAndSizesCausalAsValidWithNotes()
        {
            // TensorFlow.js: groups ignored → kernel (3,3,4,6); DepthwiseConv2D weight named depthwise_kernel, default glorotNormal.
            var tfjs = Plan(TfjsSequential("[null,8,8,4]", Layer("Conv2D", "'name':'c','filters':6,'kernel_size':3,'padding':'same','groups':2"),
                Layer("DepthwiseConv2D", "'name':'dw','kernel_size':1")), WeightTarget.TensorFlowJs);
            Assert.Equal("(3,3,4,6)", Shape(tfjs.Weights[0].Shape));
            Assert.Equal("dw/depthwise_kernel", tfjs.Weights[2].TfjsName);
            Assert.Equal("seq/dw/kernel", tfjs.Weights[2].Path);
            Assert.Equal("GlorotNormal", tfjs.Weights[2].Parts[0].Initializer.ClassName);
            Assert.Contains(tfjs.Notes, n => n.Rule == "TfjsIgnoresGroups" && n.Layer == "c");

            // Causal Conv1D k 3 on length 10: Keras like same → 10, Flatten 10*4 = 40; TensorFlow.js like valid → 10-3+1 = 8, 8*4 = 32.
            var conv = Layer("Conv1D", "'name':'c','filters':4,'kernel_size':3,'padding':'causal'");
            var dense = Layer("Dense", "'name':'d','units':2");
            var flatten = Layer("Flatten", "'name':'f'");
            Assert.Equal("(40,2)", Shape(Plan(Keras3Sequential("[null,10,3]", conv, flatten, dense)).Weights[2].Shape));
            var js = Plan(TfjsSequential("[null,10,3]", conv, flatten, dense), WeightTarget.TensorFlowJs);
            Assert.Equal("(32,2)", Shape(js.Weights[2].Shape));
            Assert.Contains(js.Notes, n => n.Rule == "TfjsCausalAsValid" && n.Message.Contains("valid"));
            // Dense/Conv kernels default to glorotNormal in TensorFlow.js, glorot_uniform in Keras.
            Assert.Equal("GlorotNormal", js.Weights[0].Parts[0].Initializer.ClassName);
        }

        [Fact]
        public void ConvolutionFamily1DAnd3DChannelsFirst()
        {
            var oneD = Plan(Keras3Sequential("[null,6,2]",
                // same, s 1: L*s = 6 → (None,6,3); kernel (2, f=3, in=2)
                Layer("Conv1DTranspose", "'name':'t','filters':3,'kernel_size':2,'padding':'same'"),
                // valid k 3: 6-3+1 = 4 → (None,4,3); kernel (3,3,1), bias (3)
                Layer("DepthwiseConv1D", "'name':'dw','kernel_size':3"),
                // valid k 2 s 2: floor((4-2)/2)+1 = 2 → (None,2,2); depthwise (2,3,1), pointwise (1,3,2), bias (2)
                Layer("SeparableConv1D", "'name':'sep','filters':2,'kernel_size':2,'strides':2")));
            Assert.Equal("seq/t/kernel(2,3,2) seq/t/bias(3) seq/dw/kernel(3,3,1) seq/dw/bias(3) seq/sep/depthwise_kernel(2,3,1) " +
                "seq/sep/pointwise_kernel(1,3,2) seq/sep/bias(2)", Shapes(oneD));
            Assert.Equal("layers/conv1d_transpose/vars/0", oneD.Weights[0].KerasPath);

            var threeD = Plan(Keras3Sequential("[null,2,6,6,6]",
                // channels_first: in = dim 1 = 2; valid 6-3+1 = 4 → (None,4,4,4,4); kernel (3,3,3,2,4)
                Layer("Conv3D", "'name':'c','filters':4,'kernel_size':3,'data_format':'channels_first'"),
                // axis 1 → C = 4
                Layer("BatchNormalization", "'name':'bn','axis':1,'center':false"),
                // channels_first global pooling → (None, 4)
                Layer("GlobalMaxPooling3D", "'name':'g','data_format':'channels_first'"),
                Layer("Dense", "'name':'d','units':1")));
            Assert.Equal("seq/c/kernel(3,3,3,2,4) seq/c/bias(4) seq/bn/gamma(4) seq/bn/moving_mean(4) seq/bn/moving_variance(4) seq/d/kernel(4,1) seq/d/bias(1)",
                Shapes(threeD));
            // Without center, the indices shift: gamma 0, moving_mean 1, moving_variance 2.
            Assert.Equal("layers/batch_normalization/vars/2", threeD.Weights[4].KerasPath);
        }

        [Fact]
        public void EmbeddingAndRecurrentLayers()
        {
            var plan = Plan(Keras3Sequential("[null,7]",
                // embeddings (input_dim, output_dim) = (50,4), frozen; out (None,7,4)
                Layer("Embedding", "'name':'emb','input_dim':50,'output_dim':4,'trainable':false"),
                // GRU(5), reset_after absent = true: kernel (4,15), recurrent (5,15), bias (2,15); sequences → (None,7,5)
                Layer("GRU", "'name':'g1','units':5,'return_sequences':true"),
                // SimpleRNN(3): kernel (5,3), recurrent (3,3), bias (3,) → (None,7,3)
                Layer("SimpleRNN", "'name':'s','units':3,'return_sequences':true"),
                // GRU(2) reset_after false: kernel (3,6), recurrent (2,6), bias (6,)
                Layer("GRU", "'name':'g2','units':2,'reset_after':false")));
            Assert.Equal("seq/emb/embeddings(50,4) seq/g1/gru_cell/kernel(4,15) seq/g1/gru_cell/recurrent_kernel(5,15) seq/g1/gru_cell/bias(2,15) " +
                "seq/s/simple_rnn_cell/kernel(5,3) seq/s/simple_rnn_cell/recurrent_kernel(3,3) seq/s/simple_rnn_cell/bias(3) " +
                "seq/g2/gru_cell/kernel(3,6) seq/g2/gru_cell/recurrent_kernel(2,6) seq/g2/gru_cell/bias(6)", Shapes(plan));
            Assert.False(plan.Weights[0].Trainable);
            Assert.Equal("RandomUniform", plan.Weights[0].Parts[0].Initializer.ClassName);
            Assert.Equal(-0.05, ((RandomUniform)plan.Weights[0].Parts[0].Initializer).Minval);
            Assert.Equal("layers/gru/cell/vars/2", plan.Weights[3].KerasPath);
            Assert.Equal("layers/gru_1/cell/vars/0", plan.Weights[7].KerasPath);
            Assert.Equal("Orthogonal", plan.Weights[2].Parts[0].Initializer.ClassName);
            Assert.Contains(plan.KerasObjects, o => o.Path == "layers/simple_rnn/cell" && o.Name == "simple_rnn_cell");

            // TensorFlow.js refuses reset_after: true.
            var error = Assert.Throws<InitializerException>(() => Plan(
                TfjsSequential("[null,7,4]", Layer("GRU", "'name':'g','units':5,'reset_after':true")), WeightTarget.TensorFlowJs));
            Assert.Equal("TfjsUnsupportedGru", error.ErrorId);
            Assert.Equal("g", error.Target);
            // TensorFlow.js: unit_forget_bias absent is false (one bias call), and names carry no cell.
            var lstm = Plan(TfjsSequential("[null,7,4]", Layer("LSTM", "'name':'l','units':2")), WeightTarget.TensorFlowJs);
            Assert.Equal("l/bias", lstm.Weights[2].TfjsName);
            Assert.Single(lstm.Weights[2].Parts);
            // Keras: unit_forget_bias explicitly null is falsy: one call.
            Assert.Single(Plan(Keras3Sequential("[null,7,4]", Layer("LSTM", "'name':'l','units':2,'unit_forget_bias':null"))).Weights[2].Parts);
        }

        [Fact]
        public void NormalizationLayersAndPReLU()
        {
            var plan = Plan(Keras3Sequential("[null,4,6]",
                Layer("LayerNormalization", "'name':'ln','axis':[-1]"),               // gamma, beta (6,)
                Layer("LayerNormalization", "'name':'ln2','axis':[1,2],'rms_scaling':true"), // gamma only, (4,6)
                Layer("GroupNormalization", "'name':'gn','groups':3"),                // 3 divides 6: gamma, beta (6,)
                Layer("PReLU", "'name':'p','shared_axes':[1]"),                       // input[1:] = (4,6), axis 1 shared → (1,6)
                Layer("Normalization", "'name':'n','axis':-1,'mean':null,'variance':null"), // mean, variance (6,), count ()
                Layer("Dense", "'name':'d','units':2")));                             // Dense on rank 3 uses the last axis: (6,2)
            Assert.Equal("seq/ln/gamma(6) seq/ln/beta(6) seq/ln2/gamma(4,6) seq/gn/gamma(6) seq/gn/beta(6) seq/p/alpha(1,6) " +
                "seq/n/mean(6) seq/n/variance(6) seq/n/count() seq/d/kernel(6,2) seq/d/bias(2)", Shapes(plan));
            var count = plan.Weights[8];
            Assert.Equal(DType.Int64, count.DType);
            Assert.False(count.Trainable);
            Assert.Equal("layers/normalization/vars/2", count.KerasPath);
            Assert.Equal("layers/p_re_lu/vars/0", plan.Weights[5].KerasPath);
            Assert.Equal("layers/layer_normalization_1/vars/0", plan.Weights[2].KerasPath);

            var error = Assert.Throws<InitializerException>(() => Plan(Keras3Sequential("[null,4,6]", Layer("GroupNormalization", "'name':'gn','groups':4"))));
            Assert.Equal("InvalidLayerShape", error.ErrorId);
            Assert.Contains("groups=4", error.Message);
        }

        private static string MhaModel(string version) =>
            "{'module':'keras.src.models.functional','class_name':'Functional','keras_version':'" + version + "','config':{'name':'m','layers':[" +
            "{'class_name':'InputLayer','config':{'batch_shape':[null,5,16],'name':'q'},'name':'q','inbound_nodes':[]}," +
            "{'class_name':'InputLayer','config':{'batch_shape':[null,3,8],'name':'v'},'name':'v','inbound_nodes':[]}," +
            "{'class_name':'MultiHeadAttention','config':{'name':'mha','num_heads':2,'key_dim':4,'kernel_initializer':'glorot_uniform'},'name':'mha','inbound_nodes':[{'args':[" +
            "{'class_name':'__keras_tensor__','config':{'shape':[null,5,16],'keras_history':['q',0,0]}}," +
            "{'class_name':'__keras_tensor__','config':{'shape':[null,3,8],'keras_history':['v',0,0]}}],'kwargs':{}}]}," +
            "{'class_name':'Dense','config':{'name':'d','units':1},'name':'d','inbound_nodes':[{'args':[" +
            "{'class_name':'__keras_tensor__','config':{'shape':[null,5,16],'keras_history':['mha',0,0]}}],'kwargs':{}}]}" +
            "],'input_layers':[['q',0,0],['v',0,0]],'output_layers':['d',0,0]}}";

        [Fact]
        public void MultiHeadAttentionProjectionsAndKerasVersionFans()
        {
            // H = 2, K = 4, V = K = 4, Dq = 16, Dv = Dk = 8 (key defaults to value), O = Dq = 16:
            // query (16,2,4)+(2,4); key (8,2,4)+(2,4); value (8,2,4)+(2,4); output (2,4,16)+(16,). Output (None,5,16) → Dense (16,1).
            var plan = Plan(MhaModel("3.15.1"));
            Assert.Equal("mha/query/kernel(16,2,4) mha/query/bias(2,4) mha/key/kernel(8,2,4) mha/key/bias(2,4) mha/value/kernel(8,2,4) mha/value/bias(2,4) " +
                "mha/attention_output/kernel(2,4,16) mha/attention_output/bias(16) d/kernel(16,1) d/bias(1)", Shapes(plan));
            Assert.Equal("layers/multi_head_attention/query_dense/vars/0", plan.Weights[0].KerasPath);
            Assert.Equal("layers/multi_head_attention/output_dense/vars/1", plan.Weights[7].KerasPath);
            Assert.Equal("kernel_initializer/query/kernel", plan.Weights[0].Parts[0].SeedKey);
            Assert.Equal("bias_initializer/attention_output/bias", plan.Weights[7].Parts[0].SeedKey);
            Assert.Equal(new[] { "", "layers/input_layer", "layers/input_layer_1", "layers/multi_head_attention", "layers/multi_head_attention/key_dense",
                    "layers/multi_head_attention/output_dense", "layers/multi_head_attention/query_dense", "layers/multi_head_attention/value_dense",
                    "layers/multi_head_attention/_dropout_layer", "layers/multi_head_attention/_softmax", "layers/dense" },
                plan.KerasObjects.Select(o => o.Path));
            // Keras 3.15 fans: query fan_in = D = 16, fan_out = H*K = 8; output fan_in = H*V = 8, fan_out = 16.
            var query = (VarianceScaling)plan.Weights[0].Parts[0].Initializer;
            Assert.Equal(new[] { 0 }, query.InputAxes);
            Assert.Equal(new[] { 1, 2 }, query.OutputAxes);
            Assert.Equal((16.0, 8.0), Fans.Compute(new[] { 16, 2, 4 }, query.InputAxes, query.OutputAxes));
            var output = (VarianceScaling)plan.Weights[6].Parts[0].Initializer;
            Assert.Equal(new[] { 0, 1 }, output.InputAxes);
            Assert.Equal(new[] { 2 }, output.OutputAxes);
            Assert.Equal("3.15.1", plan.KerasVersion);

            // Keras 3.14 keeps the generic rule: no axes (rank 3: fan_in = 16*2 = 32... receptive field × dims).
            var old = Plan(MhaModel("3.14.0"));
            Assert.Null(((VarianceScaling)old.Weights[0].Parts[0].Initializer).InputAxes);
            // The option wins over the file.
            Assert.NotNull(((VarianceScaling)Plan(MhaModel("3.14.0"), version: "3.15").Weights[0].Parts[0].Initializer).InputAxes);

            // TensorFlow.js has no public MultiHeadAttention.
            Assert.Equal("UnsupportedLayer", Assert.Throws<InitializerException>(() => Plan(MhaModel("3.15.1"), WeightTarget.TensorFlowJs)).ErrorId);
        }

        [Fact]
        public void MultiHeadAttentionValueAsKeras2Keyword()
        {
            // Keras 2 node: mha(q, value=v) → [['q',0,0,{'value':['v',0,0]}]]; same shapes as above.
            var json = "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'m','layers':[" +
                "{'class_name':'InputLayer','config':{'batch_input_shape':[null,5,16],'name':'q'},'name':'q','inbound_nodes':[]}," +
                "{'class_name':'InputLayer','config':{'batch_input_shape':[null,3,8],'name':'v'},'name':'v','inbound_nodes':[]}," +
                "{'class_name':'MultiHeadAttention','config':{'name':'mha','num_heads':2,'key_dim':4,'value_dim':3,'output_shape':[7]},'name':'mha'," +
                "'inbound_nodes':[[['q',0,0,{'value':['v',0,0]}]]]}],'input_layers':[['q',0,0],['v',0,0]],'output_layers':[['mha',0,0]]}}";
            var plan = Plan(json);
            // V = 3, O = (7,): value (8,2,3)+(2,3); output (2,3,7)+(7,)
            Assert.Equal("mha/query/kernel(16,2,4) mha/query/bias(2,4) mha/key/kernel(8,2,4) mha/key/bias(2,4) mha/value/kernel(8,2,3) mha/value/bias(2,3) " +
                "mha/attention_output/kernel(2,3,7) mha/attention_output/bias(7)", Shapes(plan));
            // Keras 2 keeps the generic fans.
            Assert.Null(((VarianceScaling)plan.Weights[0].Parts[0].Initializer).InputAxes);
        }

        [Fact]
        public void EinsumDenseShapesFromTheEquation()
        {
            // "abc,cd->abd" on (None,5,8), output_shape [null,6]: c from the input = 8, d from the output = 6 → kernel (8,6); bias_axes d → (6,)
            var plan = Plan(Keras3Sequential("[null,5,8]", Layer("EinsumDense", "'name':'e','equation':'abc,cd->abd','output_shape':[null,6],'bias_axes':'d'"),
                // left-elided "...b,bc->...c" on (None,None,6): b = 6 (input), c = 3 (output) → kernel (6,3)
                Layer("EinsumDense", "'name':'e2','equation':'...b,bc->...c','output_shape':3")));
            Assert.Equal("seq/e/kernel(8,6) seq/e/bias(6) seq/e2/kernel(6,3)", Shapes(plan));
            var kernel = (VarianceScaling)plan.Weights[0].Parts[0].Initializer;
            Assert.Equal(new[] { 0 }, kernel.InputAxes);
            Assert.Equal(new[] { 1 }, kernel.OutputAxes);
            Assert.Equal("layers/einsum_dense_1/vars/0", plan.Weights[2].KerasPath);
        }

        [Fact]
        public void ShapeOnlyLayersPassShapesOn()
        {
            var plan = Plan(Keras3Sequential("[null,2,3,4]",
                Layer("Permute", "'name':'perm','dims':[3,1,2]"),        // (None,4,2,3)
                Layer("Reshape", "'name':'r','target_shape':[-1,6]"),    // 4*2*3 = 24 values, 24/6 = 4 → (None,4,6)
                Layer("Flatten", "'name':'f'"),                          // (None,24)
                Layer("RepeatVector", "'name':'rv','n':3"),              // (None,3,24)
                Layer("UpSampling1D", "'name':'up','size':2"),           // (None,6,24)
                Layer("Cropping1D", "'name':'crop','cropping':[1,2]"),   // 6-1-2 = 3 → (None,3,24)
                Layer("ZeroPadding1D", "'name':'zp','padding':1"),       // 3+2 = 5 → (None,5,24)
                Layer("AveragePooling1D", "'name':'ap','pool_size':2,'strides':1,'padding':'same'"), // ceil(5/1) = 5
                Layer("Dropout", "'name':'drop','rate':0.5"),
                Layer("Activation", "'name':'act','activation':'relu'"),
                Layer("GlobalMaxPooling1D", "'name':'gmp'"),             // (None,24)
                Layer("Dense", "'name':'d','units':2")));                // kernel (24,2)
            Assert.Equal("seq/d/kernel(24,2) seq/d/bias(2)", Shapes(plan));
            Assert.Equal(13, plan.KerasObjects.Count); // the root and 12 layers; the InputLayer is hidden in a Sequential
        }

        [Fact]
        public void AddAndConcatenateCheckTheirInputs()
        {
            static string Merge(string cls, string a, string b, string extra = "") =>
                "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'m','layers':[" +
                "{'class_name':'InputLayer','config':{'batch_input_shape':" + a + ",'name':'a'},'name':'a','inbound_nodes':[]}," +
                "{'class_name':'InputLayer','config':{'batch_input_shape':" + b + ",'name':'b'},'name':'b','inbound_nodes':[]}," +
                "{'class_name':'" + cls + "','config':{'name':'m'" + extra + "},'name':'m','inbound_nodes':[[['a',0,0,{}],['b',0,0,{}]]]}," +
                "{'class_name':'Dense','config':{'name':'d','units':1},'name':'d','inbound_nodes':[[['m',0,0,{}]]]}" +
                "],'input_layers':[['a',0,0],['b',0,0]],'output_layers':[['d',0,0]]}}";

            // Broadcast (None,1,3) + (None,4,3) → (None,4,3): Dense (3,1). Concatenate axis 1: 2 + 3 = 5, last dim 3 → Dense (3,1);
            // Concatenate axis -1 of (None,2,3) and (None,2,5) → (None,2,8): Dense (8,1).
            Assert.Equal("(3,1)", Shape(Plan(Merge("Add", "[null,1,3]", "[null,4,3]")).Weights[0].Shape));
            Assert.Equal("(3,1)", Shape(Plan(Merge("Concatenate", "[null,2,3]", "[null,3,3]", ",'axis':1")).Weights[0].Shape));
            Assert.Equal("(8,1)", Shape(Plan(Merge("Concatenate", "[null,2,3]", "[null,2,5]")).Weights[0].Shape));

            var add = Assert.Throws<InitializerException>(() => Plan(Merge("Add", "[null,3]", "[null,4]")));
            Assert.Equal("ShapeMismatch", add.ErrorId);
            Assert.Contains("(None, 3) and (None, 4)", add.Message);
            var cat = Assert.Throws<InitializerException>(() => Plan(Merge("Concatenate", "[null,2,3]", "[null,3,3]")));
            Assert.Equal("ShapeMismatch", cat.ErrorId);
            Assert.Equal("m", cat.Target);
        }

        [Fact]
        public void RightElidedEinsumKeepsTheTrailingDimensions()
        {
            // "ab...,bc->ac..." on (None,5,8), output_shape 4: one elided dim (8) appended → output (None,4,8);
            // kernel b = 5 (input), c = 4 (output) → (5,4); bias_axes c → (4,) then 1 per elided dim → (4,1).
            var plan = Plan(Keras3Sequential("[null,5,8]", Layer("EinsumDense", "'name':'e','equation':'ab...,bc->ac...','output_shape':4,'bias_axes':'c'"),
                Layer("Flatten", "'name':'f'"), Layer("Dense", "'name':'d','units':1")));
            Assert.Equal("seq/e/kernel(5,4) seq/e/bias(4,1) seq/d/kernel(32,1) seq/d/bias(1)", Shapes(plan)); // Flatten 4*8 = 32
        }

        [Fact]
        public void Keras2AliasesMultiAxisBatchNormAndKeepdims()
        {
            // Convolution2D is Keras 3's Conv2D (object conv2d); 'same' keeps (None,3,4,·) with 2 filters.
            // BatchNormalization over axes [1,2] of (None,3,4,2): parameters keep the rank, 1 off the axes → (1,3,4,1).
            // GlobalAveragePooling2D keepdims → (None,1,1,2); Flatten → 2; Dense (2,1).
            var json = "{'class_name':'Sequential','keras_version':'2.4.0','config':{'name':'s','layers':[" +
                "{'class_name':'Convolution2D','config':{'name':'c','filters':2,'kernel_size':1,'padding':'same','batch_input_shape':[null,3,4,5]}}," +
                "{'class_name':'BatchNormalization','config':{'name':'bn','axis':[1,2]}}," +
                "{'class_name':'GlobalAveragePooling2D','config':{'name':'g','keepdims':true}}," +
                "{'class_name':'Flatten','config':{'name':'f'}}," +
                "{'class_name':'Dense','config':{'name':'d','units':1}}]}}";
            var plan = Plan(json);
            Assert.Equal("s/c/kernel(1,1,5,2) s/c/bias(2) s/bn/gamma(1,3,4,1) s/bn/beta(1,3,4,1) s/bn/moving_mean(1,3,4,1) s/bn/moving_variance(1,3,4,1) " +
                "s/d/kernel(2,1) s/d/bias(1)", Shapes(plan));
            Assert.Equal("layers/conv2d/vars/0", plan.Weights[0].KerasPath);
        }

        [Fact]
        public void UnsupportedOptionsAreUnsupportedLayers()
        {
            var renorm = Assert.Throws<InitializerException>(() => Plan(Keras3Sequential("[null,4]", Layer("BatchNormalization", "'name':'bn','renorm':true"))));
            Assert.Equal("UnsupportedLayer", renorm.ErrorId);
            Assert.Contains("renorm", renorm.Message);
            var gate = Assert.Throws<InitializerException>(() => Plan(Keras3Sequential("[null,4,8]",
                "{'class_name':'MultiHeadAttention','config':{'name':'mha','num_heads':1,'key_dim':2,'use_gate':true},'build_config':{'shapes_dict':{'query_shape':[null,4,8],'value_shape':[null,4,8]}}}")));
            Assert.Equal("UnsupportedLayer", gate.ErrorId);
            Assert.Equal("mha", gate.Target);
        }

        [Theory]
        [InlineData(10, 3, 1, 1, "valid", 8L)]   // 10-3+1
        [InlineData(10, 3, 2, 1, "valid", 4L)]   // floor(7/2)+1
        [InlineData(10, 3, 1, 2, "valid", 6L)]   // k_eff = 2*2+1 = 5: 10-5+1
        [InlineData(10, 3, 3, 1, "same", 4L)]    // ceil(10/3)
        [InlineData(10, 3, 1, 4, "causal", 10L)] // like same
        [InlineData(3, 5, 1, 1, "valid", -1L)]   // 3-5+1: refused by the caller
        public void ConvLengthFollowsKeras(long length, long kernel, long stride, long dilation, string padding, long expected) =>
            Assert.Equal(expected, ShapePlanner.ConvLength(length, kernel, stride, dilation, padding));

        [Theory]
        [InlineData(4, 3, 2, 1, "valid", null, 9L)]  // 4*2 + max(3-2, 0)
        [InlineData(4, 3, 2, 1, "same", null, 8L)]   // 4*2
        [InlineData(4, 3, 2, 1, "valid", 1L, 10L)]   // (4-1)*2 + 3 + 1
        [InlineData(4, 3, 2, 1, "same", 1L, 8L)]     // (4-1)*2 + (3 mod 2) + 1
        [InlineData(4, 2, 1, 3, "valid", null, 7L)]  // k_eff = 3*1+1 = 4: 4*1 + max(4-1, 0)
        public void DeconvLengthFollowsKeras(long length, long kernel, long stride, long dilation, string padding, long? outputPadding, long expected) =>
            Assert.Equal(expected, ShapePlanner.DeconvLength(length, kernel, stride, dilation, padding, outputPadding));

        [Fact]
        public void UnknownLengthStaysUnknown() => Assert.Null(ShapePlanner.ConvLength(null, 3, 1, 1, "same"));

        [Theory]
        [InlineData("Conv2DTranspose", "conv2d_transpose")]
        [InlineData("PReLU", "p_re_lu")]
        [InlineData("SimpleRNN", "simple_rnn")]
        [InlineData("LSTM", "lstm")]
        [InlineData("BatchNormalization", "batch_normalization")]
        [InlineData("MultiHeadAttention", "multi_head_attention")]
        [InlineData("GlobalAveragePooling2D", "global_average_pooling2d")]
        [InlineData("InputLayer", "input_layer")]
        [InlineData("ConvLSTM2D", "conv_lstm2d")]
        public void KerasObjectNamesAreKerasSnakeCase(string className, string expected) => Assert.Equal(expected, Names.ToKerasSnakeCase(className));
    }
}
