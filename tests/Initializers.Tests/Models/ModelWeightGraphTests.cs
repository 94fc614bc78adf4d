using System.Linq;
using Initializers.Models;
using Initializers.Models.Weights;
using Xunit;
using static Initializers.Tests.Models.ModelWeightPlanTests;

namespace Initializers.Tests.Models
{
    /// <summary>How the planner walks a model's graph: where a Sequential gets its input shape, what a nested model is
    /// called with and passes on, which call of a shared nested model a node index names (model-formats.md §2.1 and
    /// §3: a nested Functional, and in Keras 2 and TensorFlow.js a nested Sequential, has one node of its own before the
    /// outer calls), and node forms that are rare but real. Shapes are worked out by hand in the comments.</summary>
    public class ModelWeightGraphTests
    {
        private static string Shapes(ModelWeightPlan plan) => string.Join(" ", plan.Weights.Select(w => w.Path + Shape(w.Shape)));

        private static string Dense(string name, int units, string more = "") =>
            "{'class_name':'Dense','config':{'name':'" + name + "','units':" + units + more + "}}";

        [Fact]
        public void AnErrorTheConfigReaderFoundStopsThePlanWithItsFileLineAndColumn()
        {
            // 'd' reads from 'ghost', which the model does not have: the reader's UnknownInboundLayer error, with its place.
            var text = "{\"class_name\": \"Functional\", \"keras_version\": \"2.15.0\", \"config\": {\"name\": \"m\", \"layers\": [\n" +
                "  {\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 3]}, \"inbound_nodes\": []},\n" +
                "    {\"class_name\": \"Dense\", \"name\": \"d\", \"config\": {\"name\": \"d\", \"units\": 2}, \"inbound_nodes\": [[[\"ghost\", 0, 0, {}]]]}\n" +
                "  ], \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"d\", 0, 0]]}}";
            var error = Assert.Throws<InitializerException>(() => ModelWeightPlan.Build(ModelConfig.Parse(text, "m.json")));
            Assert.Equal("UnknownInboundLayer", error.ErrorId);
            Assert.Equal("m.json", error.SourceName);
            Assert.Equal((3, 5), (error.Line, error.Column));
            Assert.Contains("'ghost'", error.Message);
        }

        /// <summary>Keras 3's <c>Model.get_config</c> writes the model's <c>trainable</c>; a frozen model's weights are
        /// all non-trainable, whatever its layers say.</summary>
        [Fact]
        public void AFrozenModelMakesEveryWeightNonTrainable()
        {
            var json = Keras3Sequential("[null,4]", Dense("d", 2)).Replace("'config':{'name':'seq',", "'config':{'name':'seq','trainable':false,");
            Assert.Equal("seq/d/kernel|layers/dense/vars/0||(4,2)|N\nseq/d/bias|layers/dense/vars/1||(2)|N", Dump(Plan(json)));
        }

        /// <summary>A Sequential without an InputLayer is built for the shape its config records: Keras 2 and Keras 3 write
        /// <c>build_input_shape</c> into the config (Sequential.get_config; from_config builds the model with it), Keras 3
        /// also writes the top-level <c>build_config</c>.</summary>
        [Theory]
        [InlineData("'config':{'name':'seq','build_input_shape':[null,5],'layers':[{0}]}")]
        [InlineData("'config':{'name':'seq','layers':[{0}]},'build_config':{'input_shape':[null,5]}")]
        public void ASequentialWithoutAnInputLayerIsBuiltForTheShapeItsConfigRecords(string form)
        {
            // Dense(3) on 5 features: kernel (5, 3).
            var json = "{'module':'keras','class_name':'Sequential'," + form.Replace("{0}", Dense("d", 3)) + "}";
            Assert.Equal("seq/d/kernel(5,3) seq/d/bias(3)", Shapes(Plan(json)));
        }

        /// <summary>An empty nested Sequential returns its input (Sequential.call runs no layer).</summary>
        [Fact]
        public void AnEmptyNestedSequentialPassesItsInputThrough()
        {
            // (None, 5) → Dense 3 → [] → Dense 1: kernels (5,3) and (3,1).
            var empty = "{'class_name':'Sequential','config':{'name':'empty','layers':[]}}";
            Assert.Equal("seq/d1/kernel(5,3) seq/d1/bias(3) seq/d3/kernel(3,1) seq/d3/bias(1)",
                Shapes(Plan(Keras3Sequential("[null,5]", Dense("d1", 3), empty, Dense("d3", 1)))));
        }

        [Fact]
        public void ASequentialInsideASequentialPassesItsOutputOn()
        {
            // (None, 5) → Dense 3 → inner [Dense 2] → Dense 1: kernels (5,3), (3,2), (2,1).
            var inner = "{'class_name':'Sequential','config':{'name':'inner','layers':[" + Dense("d2", 2) + "]}}";
            var plan = Plan(Keras3Sequential("[null,5]", Dense("d1", 3), inner, Dense("d3", 1)));
            Assert.Equal("seq/d1/kernel(5,3) seq/d1/bias(3) inner/d2/kernel(3,2) inner/d2/bias(2) seq/d3/kernel(2,1) seq/d3/bias(1)", Shapes(plan));
        }

        /// <summary>A nested model's output shape follows what it is called with: 'inner' takes images of any size
        /// (None, None, None, 3); called on (None, 8, 8, 3) its Conv2D(2, 3) gives 8-3+1 = 6 → (None, 6, 6, 2), which the
        /// outer Flatten makes 72 features. Keras 2 nodes, which record no shapes, so the 72 can only come from the call.</summary>
        [Fact]
        public void ANestedModelsOutputFollowsTheShapeItIsCalledWith()
        {
            var json = "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'outer','layers':[" +
                "{'class_name':'InputLayer','name':'img','config':{'name':'img','batch_input_shape':[null,8,8,3]},'inbound_nodes':[]}," +
                "{'class_name':'Functional','name':'inner','config':{'name':'inner','layers':[" +
                  "{'class_name':'InputLayer','name':'any','config':{'name':'any','batch_input_shape':[null,null,null,3]},'inbound_nodes':[]}," +
                  "{'class_name':'Conv2D','name':'c','config':{'name':'c','filters':2,'kernel_size':[3,3]},'inbound_nodes':[[['any',0,0,{}]]]}" +
                  "],'input_layers':[['any',0,0]],'output_layers':[['c',0,0]]},'inbound_nodes':[[['img',0,0,{}]]]}," +
                "{'class_name':'Flatten','name':'f','config':{'name':'f'},'inbound_nodes':[[['inner',1,0,{}]]]}," +
                "{'class_name':'Dense','name':'out','config':{'name':'out','units':1},'inbound_nodes':[[['f',0,0,{}]]]}" +
                "],'input_layers':[['img',0,0]],'output_layers':[['out',0,0]]}}";
            Assert.Equal("c/kernel(3,3,3,2) c/bias(2) out/kernel(72,1) out/bias(1)", Shapes(Plan(json)));
        }

        /// <summary>A shared sequence encoder (input (None, None, 4), Dense(2)) called on a (None, 3, 4) and on b (None, 5, 4):
        /// (None, 3, 2) and (None, 5, 2), which Flatten makes 6 and 10 features; Keras runs a nested model's graph on what
        /// each call passes in. Which node index names which call depends on the dialect
        /// and the class (model-formats.md §2.1, §3.3): the first outer call of a nested Keras 2 Sequential is node 1, of a
        /// nested Keras 3 Sequential node 0, of a nested Keras 3 Functional node 1. Each head reads the call its index
        /// names, so oa's kernel is (6, 1) and ob's (10, 1); a wrong offset swaps them.</summary>
        [Theory]
        [InlineData("keras2-sequential", 9)]
        [InlineData("keras3-sequential", 9)]
        [InlineData("keras3-functional", 10)]
        public void EachCallOfASharedNestedModelIsTheOneItsNodeIndexNames(string form, int objects)
        {
            var keras3 = form.StartsWith("keras3");
            var first = form == "keras3-sequential" ? 0 : 1;
            string Ref(string layer, int node, string shape) => keras3
                ? "{'args':[{'class_name':'__keras_tensor__','config':{'shape':" + shape + ",'keras_history':['" + layer + "'," + node + ",0]}}],'kwargs':{}}"
                : "[['" + layer + "'," + node + ",0,{}]]";
            string Input(string name, string shape) => keras3
                ? "{'class_name':'InputLayer','name':'" + name + "','config':{'name':'" + name + "','batch_shape':" + shape + "},'inbound_nodes':[]}"
                : "{'class_name':'InputLayer','name':'" + name + "','config':{'name':'" + name + "','batch_input_shape':" + shape + "},'inbound_nodes':[]}";
            string Triples(string name) => keras3 ? "['" + name + "',0,0]" : "[['" + name + "',0,0]]";
            var encoder = form switch
            {
                "keras3-functional" => "{'class_name':'Functional','name':'enc','config':{'name':'enc','layers':[" + Input("x", "[null,null,4]") + "," +
                    "{'class_name':'Dense','name':'e','config':{'name':'e','units':2},'inbound_nodes':[" + Ref("x", 0, "[null,null,4]") + "]}]," +
                    "'input_layers':['x',0,0],'output_layers':['e',0,0]}",
                "keras3-sequential" => "{'class_name':'Sequential','name':'enc','config':{'name':'enc','layers':[" + Input("x", "[null,null,4]") + "," + Dense("e", 2) + "]}",
                _ => "{'class_name':'Sequential','name':'enc','config':{'name':'enc','layers':[" + Dense("e", 2, ",'batch_input_shape':[null,null,4]") + "]}",
            };
            var json = "{'class_name':'Functional'," + (keras3 ? "'module':'keras.src.models.functional'" : "'keras_version':'2.15.0'") +
                ",'config':{'name':'m','layers':[" +
                Input("a", "[null,3,4]") + "," + Input("b", "[null,5,4]") + "," +
                encoder + ",'inbound_nodes':[" + Ref("a", 0, "[null,3,4]") + "," + Ref("b", 0, "[null,5,4]") + "]}," +
                "{'class_name':'Flatten','name':'fb','config':{'name':'fb'},'inbound_nodes':[" + Ref("enc", first + 1, "[null,5,2]") + "]}," +
                "{'class_name':'Flatten','name':'fa','config':{'name':'fa'},'inbound_nodes':[" + Ref("enc", first, "[null,3,2]") + "]}," +
                "{'class_name':'Dense','name':'oa','config':{'name':'oa','units':1},'inbound_nodes':[" + Ref("fa", 0, "[null,6]") + "]}," +
                "{'class_name':'Dense','name':'ob','config':{'name':'ob','units':1},'inbound_nodes':[" + Ref("fb", 0, "[null,10]") + "]}" +
                "],'input_layers':[" + (keras3 ? "['a',0,0],['b',0,0]" : "['a',0,0],['b',0,0]") + "],'output_layers':[" + Triples("oa").Trim('[', ']') + "]}}";
            var plan = Plan(json);
            Assert.Equal("enc/e/kernel(4,2) enc/e/bias(2) oa/kernel(6,1) oa/bias(1) ob/kernel(10,1) ob/bias(1)",
                string.Join(" ", plan.Weights.Select(w => w.Layer + "/" + w.Name + Shape(w.Shape))));
            // Objects once, whatever the number of calls: the root, a, b, enc and its layers (a Sequential hides its
            // InputLayer, a Functional does not), fb, fa, oa, ob.
            Assert.Equal(objects, plan.KerasObjects.Count);
            Assert.Equal(objects, plan.KerasObjects.Select(o => o.Path).Distinct().Count());
        }

        /// <summary>Keras lists layers in the order it built them, but a hand-edited or generated file need not: a layer
        /// listed before the ones it reads from waits for them, however long the chain.</summary>
        [Fact]
        public void LayersListedBeforeTheirInputsWaitForThem()
        {
            // in (None, 3) → d1 Dense 4 → d2 Dense 5 → d3 Dense 6, listed from the last to the first.
            var json = "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'m','layers':[" +
                "{'class_name':'Dense','name':'d3','config':{'name':'d3','units':6},'inbound_nodes':[[['d2',0,0,{}]]]}," +
                "{'class_name':'Dense','name':'d2','config':{'name':'d2','units':5},'inbound_nodes':[[['d1',0,0,{}]]]}," +
                "{'class_name':'Dense','name':'d1','config':{'name':'d1','units':4},'inbound_nodes':[[['in',0,0,{}]]]}," +
                "{'class_name':'InputLayer','name':'in','config':{'name':'in','batch_input_shape':[null,3]},'inbound_nodes':[]}" +
                "],'input_layers':[['in',0,0]],'output_layers':[['d3',0,0]]}}";
            // Weights in the order the layers are built: d1, d2, d3.
            Assert.Equal("d1/kernel(3,4) d1/bias(4) d2/kernel(4,5) d2/bias(5) d3/kernel(5,6) d3/bias(6)", Shapes(Plan(json)));
        }

        /// <summary>tf-keras writes a constant first argument as <c>["_CONSTANT_VALUE", -1, value, kwargs]</c> (a TFOpLambda
        /// such as <c>tf.multiply(2, x)</c>): the constant is no input to wait for, the kwargs' tensors are.</summary>
        [Fact]
        public void AConstantArgumentIsNoInputButItsKeywordTensorsAre()
        {
            // op reads 'a' through its y keyword and is skipped (the planner has no rule for it); d reads 'a': (3, 2).
            var json = "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'m','layers':[" +
                "{'class_name':'InputLayer','name':'a','config':{'name':'a','batch_input_shape':[null,3]},'inbound_nodes':[]}," +
                "{'class_name':'TFOpLambda','name':'op','config':{'name':'op','function':'math.multiply'},'inbound_nodes':[['_CONSTANT_VALUE',-1,2,{'y':['a',0,0],'name':null}]]}," +
                "{'class_name':'Dense','name':'d','config':{'name':'d','units':2},'inbound_nodes':[[['a',0,0,{}]]]}" +
                "],'input_layers':[['a',0,0]],'output_layers':[['op',0,0],['d',0,0]]}}";
            var plan = Plan(json, skip: true);
            Assert.Equal("d/kernel(3,2) d/bias(2)", Shapes(plan));
            Assert.Equal("op", Assert.Single(plan.Skipped).Path);
        }

        /// <summary>A reference of three elements, without the kwargs dict Keras 2 adds, is read like the four-element form.</summary>
        [Fact]
        public void AReferenceWithoutItsKwargsIsStillRead()
        {
            var json = "{'class_name':'Functional','keras_version':'2.15.0','config':{'name':'m','layers':[" +
                "{'class_name':'InputLayer','name':'a','config':{'name':'a','batch_input_shape':[null,3]},'inbound_nodes':[]}," +
                "{'class_name':'Dense','name':'d','config':{'name':'d','units':2},'inbound_nodes':[[['a',0,0]]]}" +
                "],'input_layers':[['a',0,0]],'output_layers':[['d',0,0]]}}";
            Assert.Equal("d/kernel(3,2) d/bias(2)", Shapes(Plan(json)));
        }

        /// <summary>Keras 3 records each tensor's shape in its <c>__keras_tensor__</c>. When the layer that made it has no
        /// known output (a custom layer, skipped), the next layer is sized from that record. TensorFlow.js computes
        /// shapes itself and never reads the record, so for that target the next layer has no input shape.</summary>
        [Fact]
        public void AKeras3TensorsRecordedShapeStandsInForAnUnknownOutput()
        {
            string Kt(string layer, string shape) =>
                "{'class_name':'__keras_tensor__','config':{'shape':" + shape + ",'dtype':'float32','keras_history':['" + layer + "',0,0]}}";
            var json = "{'module':'keras.src.models.functional','class_name':'Functional','config':{'name':'m','layers':[" +
                "{'class_name':'InputLayer','name':'x','config':{'name':'x','batch_shape':[null,4]},'inbound_nodes':[]}," +
                "{'module':null,'class_name':'MyLayer','registered_name':'MyLayer','name':'mine','config':{'name':'mine'},'inbound_nodes':[{'args':[" + Kt("x", "[null,4]") + "],'kwargs':{}}]}," +
                "{'class_name':'Dense','name':'d','config':{'name':'d','units':2},'inbound_nodes':[{'args':[" + Kt("mine", "[null,7]") + "],'kwargs':{}}]}" +
                "],'input_layers':['x',0,0],'output_layers':['d',0,0]}}";
            Assert.Equal("d/kernel(7,2) d/bias(2)", Shapes(Plan(json, skip: true)));

            var error = Assert.Throws<InitializerException>(() =>
                ModelWeightPlan.Build(Model(json), new ModelWeightOptions { Target = WeightTarget.TensorFlowJs, SkipUnsupported = true }));
            Assert.Equal("NoInputShape", error.ErrorId);
            Assert.Equal("d", error.Target);
        }
    }
}
