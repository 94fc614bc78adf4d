using System.Linq;
using Initializers.Models.Weights;
using Xunit;
using static Initializers.Tests.Models.ModelWeightPlanTests;

namespace Initializers.Tests.Models
{
    /// <summary>Per-layer rules in full: every weight's name in both targets, its slot and default initializer, and the
    /// messages of the refusals. Names and defaults follow Keras 3 (<c>keras/src/layers/convolutional</c>,
    /// <c>rnn</c>) and TensorFlow.js 4.22 (<c>tfjs-layers/src/layers/convolutional*.ts</c>, <c>recurrent.ts</c>), as
    /// model-formats.md §5 lists them; shapes by hand in the comments.</summary>
    public class ModelWeightRuleTests
    {
        private static string Full(ModelWeightPlan plan) =>
            string.Join("\n", plan.Weights.Select(w => $"{w.Path}|{w.KerasPath}|{w.TfjsName}|{Shape(w.Shape)}|{Parts(w)}"));

        private static InitializerException Fails(string json, WeightTarget target = WeightTarget.Keras) =>
            Assert.Throws<InitializerException>(() => Plan(json, target));

        /// <summary>SeparableConv2D(5, 3, depth_multiplier 2) on (None, 6, 6, 3): depthwise (3, 3, 3, 2), pointwise
        /// (1, 1, 3·2 = 6, 5), bias (5); both kernels default to glorot_uniform in both libraries.</summary>
        [Fact]
        public void ASeparableConvolutionNamesBothKernelsAndTheirSlots()
        {
            var sep = Layer("SeparableConv2D", "'name':'sep','filters':5,'kernel_size':3,'depth_multiplier':2");
            Assert.Equal(string.Join("\n",
                "seq/sep/depthwise_kernel|layers/separable_conv2d/vars/0||(3,3,3,2)|0:(3,3,3,2):GlorotUniform:depthwise_initializer:depthwise_initializer",
                "seq/sep/pointwise_kernel|layers/separable_conv2d/vars/1||(1,1,6,5)|0:(1,1,6,5):GlorotUniform:pointwise_initializer:pointwise_initializer",
                "seq/sep/bias|layers/separable_conv2d/vars/2||(5)|0:(5):Zeros:bias_initializer:bias_initializer"),
                Full(Plan(Keras3Sequential("[null,6,6,3]", sep))));
            Assert.Equal("sep/depthwise_kernel GlorotUniform,sep/pointwise_kernel GlorotUniform,sep/bias Zeros",
                string.Join(",", Plan(TfjsSequential("[null,6,6,3]", sep), WeightTarget.TensorFlowJs).Weights.Select(w => w.TfjsName + " " + w.Parts[0].Initializer.ClassName)));
        }

        /// <summary>DepthwiseConv2D(3, depth_multiplier 2) on (None, 6, 6, 3): Keras 3 names the weight <c>kernel</c>,
        /// TensorFlow.js <c>depthwise_kernel</c> (glorotNormal by default there); bias 3·2 = 6; output (None, 4, 4, 6),
        /// so a Dense(1) after Flatten has 96 inputs.</summary>
        [Fact]
        public void ADepthwiseConvolutionsKernelIsNamedAfterEachLibrary()
        {
            var dw = Layer("DepthwiseConv2D", "'name':'dw','kernel_size':3,'depth_multiplier':2");
            var tail = new[] { Layer("Flatten", "'name':'f'"), Layer("Dense", "'name':'d','units':1,'use_bias':false") };
            Assert.Equal(string.Join("\n",
                "seq/dw/kernel|layers/depthwise_conv2d/vars/0||(3,3,3,2)|0:(3,3,3,2):GlorotUniform:depthwise_initializer:depthwise_initializer",
                "seq/dw/bias|layers/depthwise_conv2d/vars/1||(6)|0:(6):Zeros:bias_initializer:bias_initializer",
                "seq/d/kernel|layers/dense/vars/0||(96,1)|0:(96,1):GlorotUniform:kernel_initializer:kernel_initializer"),
                Full(Plan(Keras3Sequential("[null,6,6,3]", new[] { dw }.Concat(tail).ToArray()))));
            Assert.Equal("dw/depthwise_kernel(3,3,3,2) GlorotNormal,dw/bias(6) Zeros,d/kernel(96,1) GlorotNormal",
                string.Join(",", Plan(TfjsSequential("[null,6,6,3]", dw, tail), WeightTarget.TensorFlowJs).Weights
                    .Select(w => w.TfjsName + Shape(w.Shape) + " " + w.Parts[0].Initializer.ClassName)));
        }

        /// <summary>Conv2DTranspose(2, 3, strides 2, valid) on (None, 4, 4, 3): Keras with output_padding 1 gives
        /// (4−1)·2 + 3 + 1 = 10, TensorFlow.js (no output_padding) 4·2 + max(3−2, 0) = 9; with dilation 2 and strides 1,
        /// Keras widens the kernel to 3 + 2·1 = 5: 4 + 5 − 1 = 8, TensorFlow.js ignores dilation: 4 + 3 − 1 = 6. The Dense
        /// after Flatten has 10·10·2 = 200, 9·9·2 = 162, 8·8·2 = 128 and 6·6·2 = 72 inputs.</summary>
        [Theory]
        [InlineData("'strides':2,'output_padding':[1,1]", 200, 162)]
        [InlineData("'dilation_rate':2", 128, 72)]
        public void ATransposedConvolutionsLengthFollowsEachLibrary(string options, int keras, int tfjs)
        {
            var t = Layer("Conv2DTranspose", "'name':'t','filters':2,'kernel_size':3,'padding':'valid'," + options);
            var flatten = Layer("Flatten", "'name':'f'");
            var dense = Layer("Dense", "'name':'d','units':1");
            Assert.Equal($"({keras},1)", Shape(Plan(Keras3Sequential("[null,4,4,3]", t, flatten, dense)).Weights[2].Shape));
            Assert.Equal($"({tfjs},1)", Shape(Plan(TfjsSequential("[null,4,4,3]", t, flatten, dense), WeightTarget.TensorFlowJs).Weights[2].Shape));
        }

        /// <summary>channels_first puts the channels after the batch: Conv2D(4, 3) on (None, 3, 8, 8) is (None, 4, 6, 6), which
        /// a Permute((2, 3, 1)) makes (None, 6, 6, 4); a Dense(1) there takes the 4 channels.</summary>
        [Fact]
        public void ChannelsFirstOutputsPutTheChannelsSecond()
        {
            var plan = Plan(Keras3Sequential("[null,3,8,8]",
                Layer("Conv2D", "'name':'c','filters':4,'kernel_size':3,'data_format':'channels_first'"),
                Layer("Permute", "'name':'p','dims':[2,3,1]"),
                Layer("Dense", "'name':'d','units':1")));
            Assert.Equal("(3,3,3,4) (4) (4,1) (1)", string.Join(" ", plan.Weights.Select(w => Shape(w.Shape))));
        }

        /// <summary>Keras's refusals of a convolution's options, each with its message.</summary>
        [Theory]
        [InlineData("Conv2D", "[null,8,8,3]", "'filters':2,'kernel_size':3,'padding':'full'", "has padding 'full'; expected valid or same (causal only for Conv1D).")]
        [InlineData("Conv2D", "[null,8,8,3]", "'filters':2,'kernel_size':3,'padding':'causal'", "has padding 'causal'; expected valid or same (causal only for Conv1D).")]
        [InlineData("Conv1DTranspose", "[null,8,3]", "'filters':2,'kernel_size':3,'padding':'causal'", "has padding 'causal'; expected valid or same (causal only for Conv1D).")]
        [InlineData("DepthwiseConv1D", "[null,8,3]", "'kernel_size':3,'padding':'causal'", "has padding 'causal'; expected valid or same (causal only for Conv1D).")]
        [InlineData("SeparableConv1D", "[null,8,3]", "'filters':2,'kernel_size':3,'padding':'causal'", "has padding 'causal'; expected valid or same (causal only for Conv1D).")]
        // Keras checks max(strides) > 1 and max(dilation_rate) > 1, on any axes.
        [InlineData("Conv2D", "[null,8,8,3]", "'filters':2,'kernel_size':3,'strides':[2,1],'dilation_rate':[1,2]",
            "has strides [2, 1] and dilation_rate [1, 2]; Keras refuses strides > 1 together with dilation > 1.")]
        // 8-3+1 = 6 rows, 2-3+1 = 0 columns: the second spatial axis.
        [InlineData("Conv2D", "[null,8,2,3]", "'filters':2,'kernel_size':3",
            "would have an output length of 0 on spatial axis 2 (input (None, 8, 2, 3), kernel_size 3, strides 1, dilation 1, padding 'valid'); Keras refuses it. The input is too small for this kernel.")]
        [InlineData("Conv2D", "[null,8,8,6]", "'filters':8,'kernel_size':3,'groups':4",
            "has groups=4, which must divide both the input channels (6) and filters (8).")]
        public void AConvolutionsRefusalNamesTheOption(string className, string input, string config, string says)
        {
            var error = Fails(Keras3Sequential(input, Layer(className, "'name':'c'," + config)));
            Assert.Equal("InvalidLayerShape", error.ErrorId);
            Assert.Equal("c", error.Target);
            Assert.EndsWith($"Layer 'c' ({className}) " + says, error.Message);
        }

        /// <summary>A causal Conv1D is fine in Keras (it pads on the left) and for TensorFlow.js only gets a note.</summary>
        [Fact]
        public void ACausalConv1DIsAllowed() =>
            Assert.Equal("(3,3,2)", Shape(Plan(Keras3Sequential("[null,8,3]", Layer("Conv1D", "'name':'c','filters':2,'kernel_size':3,'padding':'causal'"))).Weights[0].Shape));

        [Fact]
        public void TensorFlowJsIgnoringGroupsIsANoteThatSaysWhatTheKernelGets()
        {
            var plan = Plan(TfjsSequential("[null,8,8,4]", Layer("Conv2D", "'name':'c','filters':6,'kernel_size':3,'groups':2")), WeightTarget.TensorFlowJs);
            Assert.Equal("Layer 'c' (Conv2D) has groups=2; TensorFlow.js ignores groups, so its kernel has 4 input channels instead of 4/2.",
                Assert.Single(plan.Notes, n => n.Rule == "TfjsIgnoresGroups").Message);
        }

        /// <summary>return_state: an LSTM outputs [output, h, c], a GRU [output, h], each state (None, units)
        /// (keras/src/layers/rnn/rnn.py). LSTM(3) with return_sequences on (None, 5, 2) gives (None, 5, 3), which Flatten
        /// makes 15; its c state feeds a Dense(1): (3, 1). A GRU(4) with return_state on that sequence: its h state feeds a
        /// Dense(1): (4, 1). A reference to a third GRU output names nothing, so that Dense has no input shape.</summary>
        [Fact]
        public void RecurrentLayersReturnTheirStatesAfterTheOutput()
        {
            string Entry(string cls, string name, string config, string from) =>
                "{'class_name':'" + cls + "','name':'" + name + "','config':{'name':'" + name + "'" + config + "},'inbound_nodes':[[[" + from + ",{}]]]}";
            var json = "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'m','layers':[" +
                "{'class_name':'InputLayer','name':'in','config':{'name':'in','batch_input_shape':[null,5,2]},'inbound_nodes':[]}," +
                Entry("LSTM", "l", ",'units':3,'return_sequences':true,'return_state':true", "'in',0,0") + "," +
                Entry("Flatten", "f", "", "'l',0,0") + "," +
                Entry("Dense", "a", ",'units':1", "'f',0,0") + "," +
                Entry("Dense", "b", ",'units':1", "'l',0,2") + "," +
                Entry("GRU", "g", ",'units':4,'return_state':true", "'l',0,0") + "," +
                Entry("Dense", "c", ",'units':1", "'g',0,1") +
                "],'input_layers':[['in',0,0]],'output_layers':[['a',0,0],['b',0,0],['c',0,0]]}}";
            var plan = Plan(json);
            Assert.Equal("a(15,1) b(3,1) c(4,1)",
                string.Join(" ", plan.Weights.Where(w => w.Layer.Length == 1 && w.Name == "kernel" && "abc".Contains(w.Layer)).Select(w => w.Layer + Shape(w.Shape))));

            var error = Fails(json.Replace("'g',0,1", "'g',0,2"));
            Assert.Equal("NoInputShape", error.ErrorId);
            Assert.Equal("c", error.Target);
        }

        /// <summary>A recurrent layer without return_sequences outputs (None, units); with it, (None, timesteps, units), the
        /// timesteps taken from its input.</summary>
        [Fact]
        public void ReturnSequencesKeepsTheTimesteps()
        {
            var plan = Plan(Keras3Sequential("[null,6,2]",
                Layer("SimpleRNN", "'name':'r','units':3,'return_sequences':true,'use_bias':false"),
                Layer("Flatten", "'name':'f'"),
                Layer("Dense", "'name':'d','units':1")));
            // No bias for r; Flatten 6·3 = 18.
            Assert.Equal("seq/r/simple_rnn_cell/kernel(2,3) seq/r/simple_rnn_cell/recurrent_kernel(3,3) seq/d/kernel(18,1) seq/d/bias(1)",
                string.Join(" ", plan.Weights.Select(w => w.Path + Shape(w.Shape))));
        }

        /// <summary>EinsumDense shapes as Keras 3 computes them. Every expected kernel, bias and output shape below is the
        /// output of <c>_analyze_einsum_string</c> from keras/src/layers/core/einsum_dense.py, run under python3 on these
        /// arguments (tools/einsum-shapes.py prints them); the output shape is checked through a Flatten and a Dense(1), whose
        /// kernel has its product of rows.</summary>
        [Theory]
        [InlineData("ab,bc->ac", "8", "c", "[null,3]", "(3,8) (8)", 8)]
        [InlineData("abc,cd->abd", "[5,8]", "bd", "[null,5,3]", "(3,8) (5,8)", 40)]
        [InlineData("abc,cd->abd", "[5,8]", "b", "[null,5,3]", "(3,8) (5,1)", 40)]
        [InlineData("abc,cde->abde", "[5,2,4]", "be", "[null,5,3]", "(3,2,4) (5,1,4)", 40)]
        [InlineData("abcd,cde->abe", "[7,4]", "e", "[null,7,3,6]", "(3,6,4) (4)", 28)]
        [InlineData("...b,bc->...c", "8", "c", "[null,6,3]", "(3,8) (8)", 48)]
        [InlineData("...ab,bc->...ac", "[5,8]", "ac", "[null,6,5,3]", "(3,8) (5,8)", 240)]
        [InlineData("ab...,bc->ac...", "8", "c", "[null,3,4,5]", "(3,8) (8,1,1)", 160)]
        [InlineData("ab...,bc->ac...", "8", null, "[null,3,4,5]", "(3,8)", 160)]
        public void EinsumDenseShapesAreKerasOwn(string equation, string outputShape, string? biasAxes, string input, string weights, int flat)
        {
            var plan = Plan(Keras3Sequential(input,
                Layer("EinsumDense", "'name':'e','equation':'" + equation + "','output_shape':" + outputShape + (biasAxes is null ? "" : ",'bias_axes':'" + biasAxes + "'")),
                Layer("Flatten", "'name':'f'"),
                Layer("Dense", "'name':'d','units':1,'use_bias':false")));
            Assert.Equal(weights, string.Join(" ", plan.Weights.Where(w => w.Layer == "e").Select(w => Shape(w.Shape))));
            Assert.Equal($"({flat},1)", Shape(plan.Weights.Last().Shape));
            Assert.Equal("seq/e/kernel|layers/einsum_dense/vars/0|0:" + weights.Split(' ')[0].Replace(" ", "") + ":GlorotUniform:kernel_initializer:kernel_initializer",
                plan.Weights[0].Path + "|" + plan.Weights[0].KerasPath + "|" + Parts(plan.Weights[0]));
        }

        /// <summary>With '...' on the left, Keras inserts the elided input dimensions one by one at position 1, so they come
        /// out reversed: "...b,bc->...c" on (None, 4, 5, 3) gives (None, 5, 4, 8) (the same python3 run). A Conv2D with a
        /// (5, 1) kernel on that is (None, 1, 4, 1), so the Dense after Flatten has 4 inputs; in the unreversed order the
        /// convolution would not fit.</summary>
        [Fact]
        public void LeftElidedEinsumDimensionsComeOutReversedAsInKeras()
        {
            var plan = Plan(Keras3Sequential("[null,4,5,3]",
                Layer("EinsumDense", "'name':'e','equation':'...b,bc->...c','output_shape':8"),
                Layer("Conv2D", "'name':'c','filters':1,'kernel_size':[5,1],'use_bias':false"),
                Layer("Flatten", "'name':'f'"),
                Layer("Dense", "'name':'d','units':1,'use_bias':false")));
            Assert.Equal("(3,8) (5,1,8,1) (4,1)", string.Join(" ", plan.Weights.Select(w => Shape(w.Shape))));
        }

        /// <summary>The equations Keras refuses (each refusal checked with the same python3 run), with the planner's messages.</summary>
        [Theory]
        [InlineData("a.b,bc->ac", null, "has equation 'a.b,bc->ac', which is not of the form 'ab,bc->ac'")]
        [InlineData("ab,bc->ad", null, "has equation 'ab,bc->ad': an output dimension comes from neither the input nor the weight")]
        [InlineData("ab,bcd->ac", null, "has equation 'ab,bcd->ac': weight dimension 'd' is in neither the input nor the output.")]
        [InlineData("ab,bc->ac", "d", "has bias_axes 'd', which must be output dimensions of 'ab,bc->ac'.")]
        public void AnEinsumKerasRefusesIsRefused(string equation, string? biasAxes, string says)
        {
            var error = Fails(Keras3Sequential("[null,3]",
                Layer("EinsumDense", "'name':'e','equation':'" + equation + "','output_shape':8" + (biasAxes is null ? "" : ",'bias_axes':'" + biasAxes + "'"))));
            Assert.Equal("InvalidLayerShape", error.ErrorId);
            Assert.Contains("Layer 'e' (EinsumDense) " + says, error.Message);
        }

        /// <summary>Output shapes of the layers without weights, by hand from Keras 3's compute_output_shape
        /// (keras/src/layers/pooling, reshaping): pooling floor((n − pool)/strides) + 1 (valid) or ceil(n/strides) (same),
        /// strides defaulting to the pool; global pooling drops the spatial axes (keepdims keeps them as 1); padding and
        /// cropping add or take their amounts, with Keras's defaults (ZeroPadding 1 a side; Cropping1D/3D 1, Cropping2D
        /// 0); upsampling multiplies; Reshape fills its one −1; Permute reorders the axes after the batch.</summary>
        [Theory]
        [InlineData("[null,7,7,3]", "MaxPooling2D", "", "(None, 3, 3, 3)")]
        [InlineData("[null,10,4]", "AveragePooling1D", "'pool_size':3,'strides':1,'padding':'same'", "(None, 10, 4)")]
        [InlineData("[null,10,4]", "AveragePooling1D", "'pool_size':3,'strides':2", "(None, 4, 4)")]
        [InlineData("[null,3,7,5]", "MaxPooling2D", "'padding':'same','data_format':'channels_first'", "(None, 3, 4, 3)")]
        [InlineData("[null,4,6,8,2]", "MaxPooling3D", "", "(None, 2, 3, 4, 2)")]
        [InlineData("[null,4,5,3]", "GlobalAveragePooling2D", "", "(None, 3)")]
        [InlineData("[null,3,7]", "GlobalMaxPooling1D", "'data_format':'channels_first'", "(None, 3)")]
        [InlineData("[null,4,5,3]", "GlobalAveragePooling2D", "'keepdims':true", "(None, 1, 1, 3)")]
        [InlineData("[null,3,4,5]", "GlobalAveragePooling2D", "'keepdims':true,'data_format':'channels_first'", "(None, 3, 1, 1)")]
        [InlineData("[null,4,5,3]", "ZeroPadding2D", "", "(None, 6, 7, 3)")]
        [InlineData("[null,4,5,3]", "ZeroPadding2D", "'padding':2", "(None, 8, 9, 3)")]
        [InlineData("[null,4,5,3]", "ZeroPadding2D", "'padding':[1,2]", "(None, 6, 9, 3)")]
        [InlineData("[null,4,5,3]", "ZeroPadding2D", "'padding':[[1,0],[2,3]]", "(None, 5, 10, 3)")]
        [InlineData("[null,3,4,5]", "ZeroPadding2D", "'padding':1,'data_format':'channels_first'", "(None, 3, 6, 7)")]
        [InlineData("[null,5,3]", "ZeroPadding1D", "'padding':[1,2]", "(None, 8, 3)")]
        [InlineData("[null,5,3]", "ZeroPadding1D", "'padding':3", "(None, 11, 3)")]
        [InlineData("[null,2,2,2,1]", "ZeroPadding3D", "'padding':[[1,1],[0,0],[2,0]]", "(None, 4, 2, 4, 1)")]
        [InlineData("[null,4,5,3]", "Cropping2D", "'cropping':[[1,0],[0,2]]", "(None, 3, 3, 3)")]
        [InlineData("[null,4,5,3]", "Cropping2D", "", "(None, 4, 5, 3)")]
        [InlineData("[null,6,3]", "Cropping1D", "'cropping':[1,2]", "(None, 3, 3)")]
        [InlineData("[null,6,3]", "Cropping1D", "", "(None, 4, 3)")]
        [InlineData("[null,4,4,4,2]", "Cropping3D", "", "(None, 2, 2, 2, 2)")]
        [InlineData("[null,3,4,2]", "UpSampling2D", "", "(None, 6, 8, 2)")]
        [InlineData("[null,3,4,2]", "UpSampling2D", "'size':[2,3]", "(None, 6, 12, 2)")]
        [InlineData("[null,2,3,4]", "UpSampling2D", "'data_format':'channels_first'", "(None, 2, 6, 8)")]
        [InlineData("[null,4,2]", "UpSampling1D", "'size':3", "(None, 12, 2)")]
        [InlineData("[null,1,2,3,1]", "UpSampling3D", "'size':2", "(None, 2, 4, 6, 1)")]
        [InlineData("[null,3,4]", "Reshape", "'target_shape':[2,-1]", "(None, 2, 6)")]
        [InlineData("[null,3,4]", "Reshape", "'target_shape':[12]", "(None, 12)")]
        [InlineData("[null,null,4]", "Reshape", "'target_shape':[-1,2]", "(None, None, 2)")]
        [InlineData("[null,3,4]", "Permute", "'dims':[2,1]", "(None, 4, 3)")]
        [InlineData("[null,3,4,5]", "Permute", "'dims':[3,1,2]", "(None, 5, 3, 4)")]
        [InlineData("[null,6]", "RepeatVector", "'n':3", "(None, 3, 6)")]
        [InlineData("[null,2,3]", "Flatten", "", "(None, 6)")]
        public void ShapeOnlyLayersGiveKerasOutputShapes(string input, string className, string config, string output)
        {
            var plan = Plan(Keras3Sequential(input, Layer(className, "'name':'x'" + (config.Length == 0 ? "" : "," + config))));
            Assert.Empty(plan.Weights);
            Assert.Equal(output, plan.OutputShapes["x"]);
        }

        /// <summary>The refusals of the shape-only layers, with their messages.</summary>
        [Theory]
        [InlineData("[null,8,2,3]", "MaxPooling2D", "'pool_size':3", "would have an output length of 0 on spatial axis 2 (input (None, 8, 2, 3), pool_size 3")]
        [InlineData("[null,6,3]", "Cropping1D", "'cropping':[3,3]", "would leave 0 on spatial axis 1 of input (None, 6, 3).")]
        [InlineData("[null,6,4,3]", "Cropping2D", "'cropping':[[0,0],[2,2]]", "would leave 0 on spatial axis 2 of input (None, 6, 4, 3).")]
        [InlineData("[null,6,3]", "ZeroPadding1D", "'padding':'x'", "has padding='x'; expected an integer, a pair per axis or a list of pairs.")]
        [InlineData("[null,3,4]", "Reshape", "'target_shape':[-1,-1]", "has target_shape (-1, -1): dimensions must be positive, with at most one -1.")]
        [InlineData("[null,3,4]", "Reshape", "'target_shape':[6,0]", "has target_shape (6, 0): dimensions must be positive, with at most one -1.")]
        [InlineData("[null,3,4]", "Reshape", "'target_shape':[6,-2]", "has target_shape (6, -2): dimensions must be positive, with at most one -1.")]
        [InlineData("[null,3,4]", "Reshape", "'target_shape':[5]", "cannot reshape (None, 3, 4) (12 values) to target_shape (5,) (5 values).")]
        [InlineData("[null,3,4]", "Reshape", "'target_shape':[5,-1]", "cannot reshape (None, 3, 4) (12 values) to target_shape (5, -1).")]
        [InlineData("[null,3,4]", "Reshape", "'target_shape':'x'", "has target_shape 'x'")]
        [InlineData("[null,3,4]", "Permute", "'dims':[1,1]", "has dims [1, 1]; expected a permutation of 1..2")]
        [InlineData("[null,3,4]", "Permute", "'dims':[1,3]", "has dims [1, 3]; expected a permutation of 1..2")]
        [InlineData("[null,3,4]", "Permute", "'dims':[1]", "has dims [1]; expected a permutation of 1..2")]
        [InlineData("[null,3,4]", "Permute", "'dims':[0,1]", "has dims [0, 1]; expected a permutation of 1..2")]
        [InlineData("[null,4,6]", "LayerNormalization", "'axis':[2,-1]", "has the axis 2 twice in its axis list; Keras refuses a duplicate axis.")]
        [InlineData("[null,4,6]", "BatchNormalization", "'axis':[1,1]", "has the axis 1 twice in its axis list; Keras refuses a duplicate axis.")]
        public void AShapeOnlyLayersRefusalNamesTheOption(string input, string className, string config, string says)
        {
            var error = Fails(Keras3Sequential(input, Layer(className, "'name':'x'," + config)));
            Assert.Equal("InvalidLayerShape", error.ErrorId);
            Assert.Contains($"Layer 'x' ({className}) " + says, error.Message);
        }

        /// <summary>Merging two inputs (Keras 3 base_merge.py, merging/concatenate.py): element-wise layers broadcast
        /// right-aligned (1 takes the other, None stays None), the batch is the one known batch size; Concatenate adds
        /// the axis and needs the rest equal.</summary>
        [Theory]
        [InlineData("Add", "", "[null,3,4]", "[null,1,4]", "(None, 3, 4)")]
        [InlineData("Multiply", "", "[null,4]", "[null,3,4]", "(None, 3, 4)")]
        [InlineData("Maximum", "", "[null,3,1]", "[null,null,5]", "(None, None, 5)")]
        [InlineData("Subtract", "", "[2,3]", "[null,3]", "(2, 3)")]
        [InlineData("Concatenate", "'axis':-1", "[null,3,4]", "[null,3,5]", "(None, 3, 9)")]
        [InlineData("Concatenate", "'axis':1", "[null,3,4]", "[null,2,4]", "(None, 5, 4)")]
        [InlineData("Concatenate", "'axis':1", "[null,null,4]", "[null,3,4]", "(None, None, 4)")]
        public void MergingLayersGiveKerasOutputShapes(string className, string config, string a, string b, string output) =>
            Assert.Equal(output, Plan(TwoInputs(className, config, a, b)).OutputShapes["x"]);

        [Theory]
        [InlineData("Add", "", "[null,3]", "[null,4]", "ShapeMismatch", "cannot combine inputs of shapes (None, 3) and (None, 4): dimensions 3 and 4 differ.")]
        [InlineData("Concatenate", "'axis':1.0", "[null,3]", "[null,3]", "InvalidLayerShape", "has axis holding 1.0; expected an integer.")]
        [InlineData("Concatenate", "'axis':-1", "[null,3]", "[null,3,4]", "ShapeMismatch", "cannot concatenate inputs of different ranks: (None, 3), (None, 3, 4).")]
        [InlineData("Concatenate", "'axis':3", "[null,3,4]", "[null,3,4]", "InvalidLayerShape", "has axis=3; its inputs of rank 3 have no such axis.")]
        [InlineData("Concatenate", "'axis':-4", "[null,3,4]", "[null,3,4]", "InvalidLayerShape", "has axis=-4; its inputs of rank 3 have no such axis.")]
        [InlineData("Concatenate", "'axis':-1", "[null,3,4]", "[null,2,5]", "ShapeMismatch", "cannot concatenate inputs of shapes (None, 3, 4), (None, 2, 5) along axis 2: axis 1 differs.")]
        public void MergingIncompatibleShapesIsRefused(string className, string config, string a, string b, string errorId, string says)
        {
            var error = Fails(TwoInputs(className, config, a, b));
            Assert.Equal("x", error.Target);
            Assert.Equal(errorId, error.ErrorId);
            Assert.EndsWith($"Layer 'x' ({className}) " + says, error.Message, System.StringComparison.Ordinal);
        }

        private static string TwoInputs(string className, string config, string a, string b) =>
            "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'m','layers':[" +
            "{'class_name':'InputLayer','name':'a','config':{'name':'a','batch_input_shape':" + a + "},'inbound_nodes':[]}," +
            "{'class_name':'InputLayer','name':'b','config':{'name':'b','batch_input_shape':" + b + "},'inbound_nodes':[]}," +
            "{'class_name':'" + className + "','name':'x','config':{'name':'x'" + (config.Length == 0 ? "" : "," + config) + "},'inbound_nodes':[[['a',0,0,{}],['b',0,0,{}]]]}" +
            "],'input_layers':[['a',0,0],['b',0,0]],'output_layers':[['x',0,0]]}}";

        /// <summary>A layer's dtype policy sets its variables' dtype: a mixed policy keeps float32 variables (Keras
        /// mixed_float16/mixed_bfloat16 compute in 16 bits and store in 32), a policy dict gives its name, a plain name
        /// itself.</summary>
        [Theory]
        [InlineData("'mixed_float16'", DType.Float32)]
        [InlineData("'float64'", DType.Float64)]
        [InlineData("'bfloat16'", DType.BFloat16)]
        [InlineData("{'module':'keras','class_name':'DTypePolicy','config':{'name':'float16'},'registered_name':null}", DType.Float16)]
        [InlineData("{'module':'keras','class_name':'DTypePolicy','config':{'name':'mixed_bfloat16'},'registered_name':null}", DType.Float32)]
        public void ALayersDTypePolicySetsItsWeightsDType(string dtype, DType expected)
        {
            var plan = Plan(Keras3Sequential("[null,3]", Layer("Dense", "'name':'d','units':2,'dtype':" + dtype)));
            Assert.All(plan.Weights, w => Assert.Equal(expected, w.DType));
        }

        private static string Dumped(ModelWeightPlan plan) =>
            string.Join("\n", plan.Weights.Select(w => $"{w.Path}|{w.KerasPath}|{w.TfjsName}|{Shape(w.Shape)}|{(w.Trainable ? "T" : "N")}|{w.DType}|{Parts(w)}"));

        /// <summary>The normalization layers' weights in full (Keras 3 keras/src/layers/normalization, preprocessing
        /// normalization.py; tf.keras's BatchNormalization): gamma (ones), beta (zeros), BatchNormalization's moving
        /// statistics after them, not trainable; Normalization's mean, variance and int64 count, fixed values, not
        /// trainable, no slots; PReLU's alpha (zeros) over the non-shared axes. On (None, 4, 6).</summary>
        [Fact]
        public void NormalizationWeightsInFull()
        {
            var plan = Plan(Keras3Sequential("[null,4,6]",
                Layer("BatchNormalization", "'name':'bn'"),
                Layer("LayerNormalization", "'name':'ln','scale':false"),
                Layer("GroupNormalization", "'name':'gn','groups':-1,'center':false"),
                Layer("Normalization", "'name':'n','axis':null"),
                Layer("PReLU", "'name':'p','shared_axes':2")));
            Assert.Equal(string.Join("\n",
                "seq/bn/gamma|layers/batch_normalization/vars/0||(6)|T|Float32|0:(6):Ones:gamma_initializer:gamma_initializer",
                "seq/bn/beta|layers/batch_normalization/vars/1||(6)|T|Float32|0:(6):Zeros:beta_initializer:beta_initializer",
                "seq/bn/moving_mean|layers/batch_normalization/vars/2||(6)|N|Float32|0:(6):Zeros:moving_mean_initializer:moving_mean_initializer",
                "seq/bn/moving_variance|layers/batch_normalization/vars/3||(6)|N|Float32|0:(6):Ones:moving_variance_initializer:moving_variance_initializer",
                "seq/ln/beta|layers/layer_normalization/vars/0||(6)|T|Float32|0:(6):Zeros:beta_initializer:beta_initializer",
                // groups -1: one group per channel.
                "seq/gn/gamma|layers/group_normalization/vars/0||(6)|T|Float32|0:(6):Ones:gamma_initializer:gamma_initializer",
                // axis None: one mean and variance for the whole input.
                "seq/n/mean|layers/normalization/vars/0||()|N|Float32|0:():Zeros:-:mean",
                "seq/n/variance|layers/normalization/vars/1||()|N|Float32|0:():Ones:-:variance",
                // Keras's dtype "int" is int64 on the TensorFlow backend (int32 on the others); the plan follows TensorFlow.
                "seq/n/count|layers/normalization/vars/2||()|N|Int64|0:():Zeros:-:count",
                // shared_axes 2 (one int): (4, 1).
                "seq/p/alpha|layers/p_re_lu/vars/0||(4,1)|T|Float32|0:(4,1):Zeros:alpha_initializer:alpha_initializer"), Dumped(plan));
        }

        /// <summary>An adapted Normalization (mean and variance in its config) has no weights to initialize; the shapes
        /// and group counts Keras refuses are refused.</summary>
        [Theory]
        [InlineData("Normalization", "'axis':-1,'mean':[0,0,0,0,0,0],'variance':[1,1,1,1,1,1]", null)]
        [InlineData("GroupNormalization", "'groups':4", "has groups=4")]
        [InlineData("GroupNormalization", "'groups':12", "has groups=12")]
        [InlineData("GroupNormalization", "'groups':0", "has groups=0")]
        public void NormalizationOptions(string className, string config, string? refused)
        {
            var json = Keras3Sequential("[null,4,6]", Layer(className, "'name':'x'," + config));
            if (refused is null)
            {
                Assert.Empty(Plan(json).Weights);
                return;
            }

            var error = Fails(json);
            Assert.Equal("InvalidLayerShape", error.ErrorId);
            Assert.Contains("Layer 'x' (GroupNormalization) " + refused, error.Message);
        }

        /// <summary>Bidirectional (Keras 3 rnn/bidirectional.py): merge_mode concat doubles the last axis, sum/mul/ave keep
        /// it, None returns both directions; with return_state the states follow, forward then backward. A given
        /// backward_layer keeps its own name; frozen directions give non-trainable weights.</summary>
        [Theory]
        [InlineData("'merge_mode':'concat'", "(None, 5, 6)")]
        [InlineData("", "(None, 5, 6)")]
        [InlineData("'merge_mode':'sum'", "(None, 5, 3)")]
        [InlineData("'merge_mode':'ave'", "(None, 5, 3)")]
        [InlineData("'merge_mode':null", "(None, 5, 3) (None, 5, 3)")]
        public void BidirectionalMergesItsDirections(string mode, string output)
        {
            var plan = Plan(Keras3Sequential("[null,5,2]", Layer("Bidirectional", "'name':'bi','layer':{'class_name':'LSTM','config':{'name':'l','units':3,'return_sequences':true}}" +
                (mode.Length == 0 ? "" : "," + mode))));
            Assert.Equal(output, plan.OutputShapes["bi"]);
        }

        [Fact]
        public void BidirectionalStatesAndItsBackwardLayer()
        {
            var plan = Plan(Keras3Sequential("[null,5,2]", Layer("Bidirectional", "'name':'bi'," +
                "'layer':{'class_name':'GRU','config':{'name':'f','units':2,'return_state':true,'trainable':false}}," +
                "'backward_layer':{'class_name':'GRU','config':{'name':'b','units':2,'return_state':true,'go_backwards':true,'trainable':false}}")));
            // Output (None, 2+2), then forward h and backward h.
            Assert.Equal("(None, 4) (None, 2) (None, 2)", plan.OutputShapes["bi"]);
            Assert.Equal("seq/bi/forward_f/gru_cell/kernel seq/bi/forward_f/gru_cell/recurrent_kernel seq/bi/forward_f/gru_cell/bias " +
                "seq/bi/b/gru_cell/kernel seq/bi/b/gru_cell/recurrent_kernel seq/bi/b/gru_cell/bias", string.Join(" ", plan.Weights.Select(w => w.Path)));
            Assert.All(plan.Weights, w => Assert.False(w.Trainable));
            Assert.Equal("layers/bidirectional/backward_layer/cell/vars/0", plan.Weights[3].KerasPath);
        }

        /// <summary>TimeDistributed runs its layer on every step: the inner layer sees the input without axis 1, and the
        /// output puts axis 1 back. Conv2D(2, 3) on steps of (8, 8, 3): (6, 6, 2) per step. The inner layer's trainable and
        /// dtype apply.</summary>
        [Fact]
        public void TimeDistributedRunsItsLayerOnEveryStep()
        {
            var plan = Plan(Keras3Sequential("[null,5,8,8,3]", Layer("TimeDistributed", "'name':'td','layer':{'class_name':'Conv2D','config':{'name':'c','filters':2,'kernel_size':3,'trainable':false,'dtype':'float64'}}")));
            Assert.Equal("(None, 5, 6, 6, 2)", plan.OutputShapes["td"]);
            Assert.Equal("seq/td/c/kernel|layers/time_distributed/layer/vars/0||(3,3,3,2)|N|Float64|0:(3,3,3,2):GlorotUniform:kernel_initializer:kernel_initializer\n" +
                "seq/td/c/bias|layers/time_distributed/layer/vars/1||(2)|N|Float64|0:(2):Zeros:bias_initializer:bias_initializer", Dumped(plan));
        }

        /// <summary>A wrapper without its layer cannot be planned.</summary>
        [Theory]
        [InlineData("Bidirectional")]
        [InlineData("TimeDistributed")]
        public void AWrapperWithoutItsLayerIsRefused(string className)
        {
            var error = Fails(Keras3Sequential("[null,5,2]", Layer(className, "'name':'w'")));
            Assert.Equal("InvalidLayerShape", error.ErrorId);
            Assert.EndsWith($"Layer 'w' ({className}) has no 'layer' to wrap.", error.Message);
        }

        /// <summary>MultiHeadAttention called with query, value and key (Keras 2 keywords), no biases and an output_shape:
        /// H = 2, K = 4, V = 3, Dq = 8, Dv = 5, Dk = 3, O = 7: query (8, 2, 4), key (3, 2, 4), value (5, 2, 3), output
        /// (2, 3, 7); the output is (None, 4, 7).</summary>
        [Fact]
        public void MultiHeadAttentionWithAKeyOfItsOwn()
        {
            var json = "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'m','layers':[" +
                "{'class_name':'InputLayer','config':{'batch_input_shape':[null,4,8],'name':'q'},'name':'q','inbound_nodes':[]}," +
                "{'class_name':'InputLayer','config':{'batch_input_shape':[null,6,5],'name':'v'},'name':'v','inbound_nodes':[]}," +
                "{'class_name':'InputLayer','config':{'batch_input_shape':[null,6,3],'name':'k'},'name':'k','inbound_nodes':[]}," +
                "{'class_name':'MultiHeadAttention','config':{'name':'mha','num_heads':2,'key_dim':4,'value_dim':3,'output_shape':7,'use_bias':false},'name':'mha'," +
                "'inbound_nodes':[[['q',0,0,{'value':['v',0,0],'key':['k',0,0]}]]]}],'input_layers':[['q',0,0],['v',0,0],['k',0,0]],'output_layers':[['mha',0,0]]}}";
            var plan = Plan(json);
            Assert.Equal("mha/query/kernel(8,2,4) mha/key/kernel(3,2,4) mha/value/kernel(5,2,3) mha/attention_output/kernel(2,3,7)",
                string.Join(" ", plan.Weights.Select(w => w.Path + Shape(w.Shape))));
            Assert.Equal("(None, 4, 7)", plan.OutputShapes["mha"]);
        }

        /// <summary>The refusals of the option readers every rule shares, with their messages.</summary>
        [Theory]
        [InlineData("[null,3]", "Dense", "'units':0", "has units=0; it must be positive.")]
        [InlineData("[null,3]", "Dense", "'units':'x'", "has no integer 'units' (got 'x')")]
        [InlineData("[null,8,8,3]", "Conv2D", "'filters':2,'kernel_size':[3]", "has kernel_size=[3]; expected an integer or a list of 2.")]
        [InlineData("[null,8,8,3]", "Conv2D", "'filters':2,'kernel_size':[3,null]", "has kernel_size=[3, None]; expected an integer or a list of 2.")]
        [InlineData("[null,8,8,3]", "Conv2D", "'filters':2,'kernel_size':[3,0]", "has kernel_size=[3, 0]; every v")]
        [InlineData("[null,8,8,3]", "Conv2D", "'filters':2,'kernel_size':3,'strides':[1,-1]", "has strides=[1, -1]; every v")]
        [InlineData("[null,4,6]", "LayerNormalization", "'axis':5", "needs axis 5 (the normalized axis) of its input, but the input shape (None, 4, 6) has rank 3.")]
        [InlineData("[null,4,6]", "LayerNormalization", "'axis':-4", "needs axis -4 (the normalized axis) of its input, but the input shape (None, 4, 6) has rank 3.")]
        [InlineData("[null,4,6]", "LayerNormalization", "'axis':10000000000", "has axis=10000000000; it is not an axis of any input.")]
        [InlineData("[null,4,6]", "LayerNormalization", "'axis':[1,3]", "needs axis 3 (the normalized axis) of its input, but the input shape (None, 4, 6) has rank 3.")]
        [InlineData("[null,4,6]", "BatchNormalization", "'axis':[1,5]", "needs axis 5 (the normalized axes) of its input, but the input shape (None, 4, 6) has rank 3.")]
        [InlineData("[null,4,6]", "BatchNormalization", "'axis':-4", "needs axis -4 (the normalized axis) of its input, but the input shape (None, 4, 6) has rank 3.")]
        [InlineData("[null,null]", "Dense", "'units':2", "needs its last dimension, the features (axis -1) of its input shape (None, None), which is unknown (None).")]
        [InlineData("[null,6]", "RepeatVector", "", "has no integer 'n' (got None)")]
        public void ASharedOptionsRefusalNamesIt(string input, string className, string config, string says)
        {
            var error = Fails(Keras3Sequential(input, Layer(className, "'name':'x'" + (config.Length == 0 ? "" : "," + config))));
            Assert.Contains($"Layer 'x' ({className}) " + says, error.Message);
        }

        /// <summary>Keras 3 builds a layer for the shape in its build_config (its weights follow it) and then calls it on
        /// what it is given (its output follows that): a Dense built for (None, 8) and called on (None, 5, 8) has a (8, 2)
        /// kernel and gives (None, 5, 2). TensorFlow.js ignores build_config. MultiHeadAttention records a shapes_dict;
        /// a multi-input layer a list of shapes.</summary>
        [Fact]
        public void AKeras3LayerIsBuiltForItsBuildConfigAndCalledOnItsInput()
        {
            string Kt(string layer, string shape) => "{'class_name':'__keras_tensor__','config':{'shape':" + shape + ",'keras_history':['" + layer + "',0,0]}}";
            var json = "{'module':'keras.src.models.functional','class_name':'Functional','config':{'name':'m','layers':[" +
                "{'class_name':'InputLayer','config':{'batch_shape':[null,5,8],'name':'x'},'name':'x','inbound_nodes':[]}," +
                "{'class_name':'Dense','config':{'name':'d','units':2},'build_config':{'input_shape':[null,8]},'name':'d','inbound_nodes':[{'args':[" + Kt("x", "[null,5,8]") + "],'kwargs':{}}]}," +
                "{'class_name':'MultiHeadAttention','config':{'name':'mha','num_heads':1,'key_dim':2},'build_config':{'shapes_dict':{'query_shape':[null,5,2],'value_shape':[null,5,2],'key_shape':[null,5,2]}}," +
                  "'name':'mha','inbound_nodes':[{'args':[" + Kt("d", "[null,5,2]") + "],'kwargs':{'value':" + Kt("d", "[null,5,2]") + "}}]}," +
                "{'class_name':'Concatenate','config':{'name':'cat','axis':-1},'build_config':{'input_shape':[[null,5,2],[null,5,2]]},'name':'cat','inbound_nodes':[{'args':[[" + Kt("mha", "[null,5,2]") + "," + Kt("d", "[null,5,2]") + "]],'kwargs':{}}]}" +
                "],'input_layers':['x',0,0],'output_layers':['cat',0,0]}}";
            var plan = Plan(json);
            Assert.Equal("(8,2)", Shape(plan.Weights[0].Shape));
            Assert.Equal("(None, 5, 2)", plan.OutputShapes["d"]);
            Assert.Equal("mha/query/kernel(2,1,2) mha/key/kernel(2,1,2) mha/value/kernel(2,1,2) mha/attention_output/kernel(1,2,2)",
                string.Join(" ", plan.Weights.Where(w => w.Layer == "mha" && w.Name == "kernel").Select(w => w.Path + Shape(w.Shape))));
            Assert.Equal("(None, 5, 4)", plan.OutputShapes["cat"]);
        }

        /// <summary>Defaults that differ between the libraries: TensorFlow.js's GRU has no reset_after (bias (3u,)); an LSTM
        /// with unit_forget_bias set is three calls, the forget quarter ones (absent, it is one call: EmbeddingAndRecurrentLayers).</summary>
        [Fact]
        public void TensorFlowJsRecurrentDefaults()
        {
            var gru = Plan(TfjsSequential("[null,7,4]", Layer("GRU", "'name':'g','units':2")), WeightTarget.TensorFlowJs);
            Assert.Equal("(6)", Shape(gru.Weights[2].Shape));
            var lstm = Plan(TfjsSequential("[null,7,4]", Layer("LSTM", "'name':'l','units':2,'unit_forget_bias':true")), WeightTarget.TensorFlowJs);
            Assert.Equal("0:(2):Zeros:bias_initializer:bias_initializer/bias#0 2:(2):Ones:-:bias#1 4:(4):Zeros:bias_initializer:bias_initializer/bias#2", Parts(lstm.Weights[2]));
        }

        /// <summary>A slot given as null: Keras replaces it with glorot_uniform whatever the layer's default, and the plan
        /// says so when the default was another; TensorFlow.js takes the layer's default.</summary>
        [Fact]
        public void ANullSlotIsGlorotUniformInKeras()
        {
            var plan = Plan(Keras3Sequential("[null,3]", Layer("Dense", "'name':'d','units':2,'kernel_initializer':null,'bias_initializer':null")));
            Assert.Equal("GlorotUniform GlorotUniform", string.Join(" ", plan.Weights.Select(w => w.Parts[0].Initializer.ClassName)));
            var note = Assert.Single(plan.Notes, n => n.Rule == "NullInitializer");
            Assert.Equal("Layer 'd' (Dense) has bias_initializer: null, which Keras replaces with glorot_uniform (not the layer's default Zeros).", note.Message);
            var tfjs = Plan(TfjsSequential("[null,3]", Layer("Dense", "'name':'d','units':2,'kernel_initializer':null,'bias_initializer':null")), WeightTarget.TensorFlowJs);
            Assert.Equal("GlorotNormal Zeros", string.Join(" ", tfjs.Weights.Select(w => w.Parts[0].Initializer.ClassName)));
        }
    }
}
