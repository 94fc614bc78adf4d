using System.Linq;
using Initializers.Models;
using Initializers.Models.Weights;
using Xunit;
using static Initializers.Tests.Models.ModelWeightPlanTests;

namespace Initializers.Tests.Models
{
    /// <summary>The planner's errors: each has its stable ErrorId, names the layer (Target = its path) and, for a
    /// config read from text, the line and column of the layer's entry.</summary>
    public class ModelWeightErrorTests
    {
        private static InitializerException Fails(string json, WeightTarget target = WeightTarget.Keras) =>
            Assert.Throws<InitializerException>(() => Plan(json, target));

        [Fact]
        public void Keras2YamlSequentialTakesItsShapeFromTheFirstLayer()
        {
            // Old Keras 2 YAML (config is a bare list): conv2d_1 has batch_input_shape (None,28,28,1), 8 filters 3x3 valid:
            // kernel (3,3,1,8), 28-3+1 = 26; Flatten 26*26*8 = 5408; Dense(10): kernel (5408,10). The unnamed model is "sequential".
            var plan = ModelWeightPlan.Build(ModelConfig.ReadFile(ModelConfigTests.Fixture("keras2_sequential.yaml")));
            Assert.Equal("sequential/conv2d_1/kernel(3,3,1,8) sequential/conv2d_1/bias(8) sequential/dense_1/kernel(5408,10) sequential/dense_1/bias(10)",
                string.Join(" ", plan.Weights.Select(w => w.Path + Shape(w.Shape))));
            Assert.Equal("2.2.4", plan.KerasVersion);
            Assert.Equal("sequential", plan.KerasObjects[0].Name);
        }

        [Fact]
        public void UnsupportedLayerNamesTheLayerAndItsClassUnlessSkipped()
        {
            var json = Keras3Sequential("[null,4]", Layer("Dense", "'name':'d1','units':4"), Layer("Lambda", "'name':'lam','function':'x'"),
                "{'class_name':'Dense','config':{'name':'d2','units':3},'build_config':{'input_shape':[null,4]}}");
            var error = Fails(json);
            Assert.Equal("UnsupportedLayer", error.ErrorId);
            Assert.Equal("lam", error.Target);
            Assert.Contains("'lam' (Lambda)", error.Message);
            Assert.Contains("SkipUnsupported", error.Message);

            // Skipped: listed, noted, and the next layer is still planned from its build_config: (4,3).
            var plan = Plan(json, skip: true);
            Assert.Equal("lam", Assert.Single(plan.Skipped).Path);
            Assert.Contains(plan.Notes, n => n.Rule == "UnsupportedLayer" && n.Layer == "lam");
            Assert.Equal("seq/d1/kernel(4,4) seq/d1/bias(4) seq/d2/kernel(4,3) seq/d2/bias(3)", string.Join(" ", plan.Weights.Select(w => w.Path + Shape(w.Shape))));

            // Without a build_config the next layer has no input shape.
            var unknown = Assert.Throws<InitializerException>(() => Plan(json.Replace(",'build_config':{'input_shape':[null,4]}", ""), skip: true));
            Assert.Equal("NoInputShape", unknown.ErrorId);
            Assert.Equal("d2", unknown.Target);
        }

        [Fact]
        public void NoInputShapeGivesTheLayerLineAndColumn()
        {
            // A Keras 2 Sequential with no batch_input_shape anywhere: the Dense cannot be sized.
            var text = "{\n  \"class_name\": \"Sequential\",\n  \"keras_version\": \"2.15.0\",\n  \"config\": {\"name\": \"s\", \"layers\": [\n" +
                "    {\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2}}\n  ]}\n}";
            var error = Assert.Throws<InitializerException>(() => ModelWeightPlan.Build(ModelConfig.Parse(text, "m.json")));
            Assert.Equal("NoInputShape", error.ErrorId);
            Assert.Equal("d", error.Target);
            Assert.Equal(5, error.Line);    // the layer's entry starts on line 5, column 5
            Assert.Equal(5, error.Column);
            Assert.Equal("m.json", error.SourceName);
            Assert.StartsWith("'m.json', line 5, column 5: Layer 'd' (Dense)", error.Message);
            Assert.Contains("batch_input_shape", error.Message);
        }

        /// <summary>A convolution needs batch, spatial dimensions and channels, in the order its data_format says; the
        /// message says which order it expected.</summary>
        [Theory]
        [InlineData("Conv2D", "", "expects an input of rank 4 (batch, 2 spatial dimensions, then channels); got shape (None, 8, 3).")]
        [InlineData("Conv2D", ",'data_format':'channels_first'", "expects an input of rank 4 (batch, channels, then 2 spatial dimensions); got shape (None, 8, 3).")]
        [InlineData("Conv3D", "", "expects an input of rank 5 (batch, 3 spatial dimensions, then channels); got shape (None, 8, 3).")]
        public void AConvolutionNamesTheRankAndOrderItExpects(string className, string extra, string says)
        {
            var error = Fails(Keras3Sequential("[null,8,3]", Layer(className, "'name':'c','filters':2,'kernel_size':3" + extra)));
            Assert.Equal("InvalidLayerShape", error.ErrorId);
            Assert.EndsWith(says, error.Message);
        }

        [Fact]
        public void InvalidLayerShapeForZeroDimensionsAndTooShortInputs()
        {
            var zero = Fails(Keras3Sequential("[null,0]", Layer("Dense", "'name':'d','units':2")));
            Assert.Equal("InvalidLayerShape", zero.ErrorId);
            Assert.Contains("(None, 0)", zero.Message);

            var negative = Fails(Keras3Sequential("[null,4]", Layer("Dense", "'name':'d','units':-2")));
            Assert.Equal("InvalidLayerShape", negative.ErrorId);
            Assert.Equal("d", negative.Target);

            // Conv1D kernel 5, valid, on length 3: 3-5+1 = -1 ≤ 0, which Keras refuses.
            var shortInput = Fails(Keras3Sequential("[null,3,2]", Layer("Conv1D", "'name':'c','filters':1,'kernel_size':5")));
            Assert.Equal("InvalidLayerShape", shortInput.ErrorId);
            Assert.Contains("-1", shortInput.Message);

            // A recurrent layer needs rank 3.
            Assert.Equal("InvalidLayerShape", Fails(Keras3Sequential("[null,3]", Layer("LSTM", "'name':'l','units':2"))).ErrorId);
            // Reshape to a size that does not divide: 6 values into (-1, 4).
            Assert.Equal("InvalidLayerShape", Fails(Keras3Sequential("[null,6]", Layer("Reshape", "'name':'r','target_shape':[-1,4]"))).ErrorId);
            // strides > 1 with dilation > 1.
            Assert.Equal("InvalidLayerShape", Fails(Keras3Sequential("[null,9,2]", Layer("Conv1D", "'name':'c','filters':1,'kernel_size':2,'strides':2,'dilation_rate':2"))).ErrorId);
            // groups must divide the channels: 3 channels, groups 2.
            Assert.Equal("InvalidLayerShape", Fails(Keras3Sequential("[null,9,3]", Layer("Conv1D", "'name':'c','filters':4,'kernel_size':2,'groups':2"))).ErrorId);
        }

        [Theory]
        [InlineData("LayerNormalization", "'name':'n','axis':'last'", "axis")]
        [InlineData("LayerNormalization", "'name':'n','axis':[1.5]", "axis")]
        [InlineData("BatchNormalization", "'name':'n','axis':'x'", "axis")]
        [InlineData("BatchNormalization", "'name':'n','axis':[1,'x']", "axis")]
        [InlineData("PReLU", "'name':'n','shared_axes':[null]", "shared_axes")]
        [InlineData("ZeroPadding1D", "'name':'n','padding':[[1,'x']]", "padding")]
        [InlineData("MultiHeadAttention", "'name':'n','num_heads':2,'key_dim':2,'output_shape':['x']", "output_shape")]
        [InlineData("EinsumDense", "'name':'n','equation':'ab,bc->ac','output_shape':'x'", "output_shape")]
        public void AConfigValueThatIsNotAnIntegerIsInvalidLayerShapeNamingTheKey(string cls, string config, string key)
        {
            // Before: a raw FormatException/InvalidCastException, or a silent 0 or rounding.
            var error = Fails(Keras3Sequential("[null,3,4]", Layer(cls, config)));
            Assert.Equal("InvalidLayerShape", error.ErrorId);
            Assert.Equal("n", error.Target);
            Assert.Contains(key, error.Message);
        }

        [Fact]
        public void ABrokenGraphOrInitializerStopsThePlan()
        {
            // The reader's structural errors (a duplicate layer name) stop the plan with their rule as ErrorId.
            var duplicate = Fails(Keras3Sequential("[null,4]", Layer("Dense", "'name':'d','units':1"), Layer("Dense", "'name':'d','units':1")));
            Assert.Equal("DuplicateLayerName", duplicate.ErrorId);

            // An initializer that does not resolve stops the plan with the reader's error (layer, slot, position).
            var bad = Fails(Keras3Sequential("[null,4]", Layer("Dense", "'name':'d','units':1,'kernel_initializer':{'class_name':'NoSuchInit','config':{}}")));
            Assert.Contains("layer 'd'", bad.Message);
            Assert.Contains("kernel_initializer", bad.Message);

            // A node that reads a tensor nobody produces.
            var json = "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'m','layers':[" +
                "{'class_name':'InputLayer','config':{'batch_input_shape':[null,2],'name':'a'},'name':'a','inbound_nodes':[]}," +
                "{'class_name':'Dense','config':{'name':'d','units':1},'name':'d','inbound_nodes':[[['d',0,0,{}]]]}" +
                "],'input_layers':[['a',0,0]],'output_layers':[['d',0,0]]}}";
            Assert.Equal("LayerGraphCycle", Fails(json).ErrorId);
        }

        [Fact]
        public void DuplicateKerasVariablePathsAreRefused()
        {
            // Two nested Functionals each with a Dense 'd': both variables are d/kernel (a Functional adds no scope).
            static string Inner(string name) =>
                "{'class_name':'Functional','name':'" + name + "','config':{'name':'" + name + "','layers':[" +
                "{'class_name':'InputLayer','config':{'batch_input_shape':[null,2],'name':'i'},'name':'i','inbound_nodes':[]}," +
                "{'class_name':'Dense','config':{'name':'d','units':2},'name':'d','inbound_nodes':[[['i',0,0,{}]]]}]," +
                "'input_layers':[['i',0,0]],'output_layers':[['d',0,0]]},'inbound_nodes':[[['a',0,0,{}]]]}";
            var json = "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'m','layers':[" +
                "{'class_name':'InputLayer','config':{'batch_input_shape':[null,2],'name':'a'},'name':'a','inbound_nodes':[]}," +
                Inner("one") + "," + Inner("two") + "],'input_layers':[['a',0,0]],'output_layers':[['one',1,0],['two',1,0]]}}";
            var error = Fails(json);
            Assert.Equal("DuplicateWeightPath", error.ErrorId);
            Assert.Contains("d/kernel", error.Message);
        }
    }
}
