using System;
using System.IO;
using System.Linq;
#if !LIB_NETSTANDARD
using System.Text.Json;
#endif
using Initializers.Models;
using Initializers.Models.Weights;
#if !LIB_NETSTANDARD
using Initializers.Tests.IO;
#endif
using Xunit;
using static Initializers.Tests.Models.Weights.HandPlan;

namespace Initializers.Tests.Models.Weights
{
    /// <summary>The whole path of issue 12 with nothing built by hand: a real config through the planner
    /// (<see cref="ModelWeightPlan.Build"/>), the values (<see cref="ModelWeightValues"/>) and the one file switch
    /// (<see cref="ModelWeightFile.Write"/>), then loaded by real TensorFlow.js 4.22 (skipped without node and npm). The
    /// names and shapes are checked against the hand-worked plans of <see cref="TfjsModelFilesTests.FixturePlan"/>.</summary>
    public sealed class ModelWeightEndToEndTests : IDisposable
    {
        private const long BaseSeed = 7;

        private readonly string dir = Directory.CreateTempSubdirectory("init-mw-e2e-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [Theory]
        [InlineData("model_mlp.json")]
        [InlineData("keras3_conv_bn.json")]
        [InlineData("keras3_lstm.json")]
        public void ThePlannerGivesTheHandWorkedTensorFlowJsNamesAndShapes(string fixture)
        {
            var plan = Plan(fixture);
            var hand = TfjsModelFilesTests.FixturePlan(fixture);
            Assert.Equal(hand.Weights.Select(w => w.TfjsName + " " + string.Join(",", w.Shape) + " " + w.Trainable),
                plan.Weights.Select(w => w.TfjsName + " " + string.Join(",", w.Shape) + " " + w.Trainable));
        }

        [SkippableTheory]
        [InlineData("model_mlp.json")]
        [InlineData("keras3_conv_bn.json")]
        [InlineData("keras3_lstm.json")]
        public void TensorFlowJsLoadsWhatInitializeModelWeightWrites(string fixture)
        {
            Skip.If(TfjsInterop.Unavailable is not null, TfjsInterop.Unavailable);
            var plan = Plan(fixture);
            var model = Path.Combine(dir, "model.json");
            ModelWeightFile.Write(model, ModelWeightFormat.TensorFlowJs, plan, BaseSeed);

            var result = TfjsInterop.LoadWeights(model);
            Assert.True(result.ExitCode == 0, result.Output);
            var loaded = result.Output.Split('\n').Where(l => l.StartsWith("W ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToDictionary(p => p[1]);
            Assert.Equal(plan.Weights.Count, loaded.Count);
            foreach (var weight in plan.Weights)
            {
                var elements = ModelWeightValues.Create(weight, BaseSeed).Elements;
                var bytes = new byte[elements.ByteCount];
                elements.FillBytes(0, bytes);
                var line = loaded[weight.TfjsName!];
                Assert.Equal("[" + string.Join(",", weight.Shape) + "]", line[3]);
                Assert.True(Hex(bytes) == line[4], $"{weight.TfjsName}: the values TensorFlow.js loaded differ from ours");
            }
        }

#if !LIB_NETSTANDARD
        [SkippableFact]
        public void H5pyFindsTheKerasLayoutOfARealConfig()
        {
            Skip.IfNot(NumpyInteropTests.HasPython && NumpyInteropTests.Run("import h5py").ExitCode == 0,
                "/usr/bin/python3 with h5py is not installed (apt-get install python3-h5py)");

            // Keras 3 Sequential 'seq': InputLayer (7, 5), LSTM 'enc' (6 units), Dense 'head' (3). By hand from
            // model-formats §2.2 and §5: a Sequential's container omits the InputLayer; items are named by class (lstm,
            // dense); the LSTM's weights sit under its cell: kernel (5, 4·6), recurrent_kernel (6, 24), bias (24,);
            // Dense kernel (6, 3), bias (3,). Every object has a vars group named after the object (the cell: lstm_cell).
            var plan = ModelWeightPlan.Build(ModelConfig.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", "keras3_lstm.json")));
            var path = Path.Combine(dir, "m.weights.h5");
            ModelWeightFile.Write(path, ModelWeightFormat.KerasH5, plan, BaseSeed);
            var expected = new
            {
                file = path,
                shapes = new System.Collections.Generic.Dictionary<string, int[]>
                {
                    ["layers/lstm/cell/vars/0"] = new[] { 5, 24 },
                    ["layers/lstm/cell/vars/1"] = new[] { 6, 24 },
                    ["layers/lstm/cell/vars/2"] = new[] { 24 },
                    ["layers/dense/vars/0"] = new[] { 6, 3 },
                    ["layers/dense/vars/1"] = new[] { 3 },
                },
                names = new System.Collections.Generic.Dictionary<string, string>
                {
                    ["vars"] = "seq",
                    ["layers/lstm/vars"] = "enc",
                    ["layers/lstm/cell/vars"] = "lstm_cell",
                    ["layers/dense/vars"] = "head",
                },
                bins = plan.Weights.ToDictionary(w => w.KerasPath, w =>
                {
                    var elements = ModelWeightValues.Create(w, BaseSeed).Elements;
                    var bytes = new byte[elements.ByteCount];
                    elements.FillBytes(0, bytes);
                    var bin = Path.Combine(dir, w.KerasPath.Replace('/', '_') + ".bin");
                    File.WriteAllBytes(bin, bytes);
                    return bin;
                }),
            };
            var json = Path.Combine(dir, "expected.json");
            File.WriteAllText(json, JsonSerializer.Serialize(expected));
            var result = NumpyInteropTests.Run(
                "import h5py, json, numpy as np\n" +
                $"exp = json.load(open(r'{json}'))\n" +
                "f = h5py.File(exp['file'], 'r')\n" +
                "datasets, named = {}, {}\n" +
                "def visit(n, o):\n" +
                "    if isinstance(o, h5py.Dataset):\n" +
                "        datasets[n] = o\n" +
                "    elif 'name' in o.attrs:\n" +
                "        named[n] = o.attrs['name']\n" +
                "f.visititems(visit)\n" +
                "named['vars'] = f['vars'].attrs['name']\n" +
                "assert named == exp['names'], named\n" +
                "assert {n: list(d.shape) for n, d in datasets.items()} == exp['shapes'], {n: d.shape for n, d in datasets.items()}\n" +
                "for n, d in datasets.items():\n" +
                "    assert d.dtype == np.dtype('<f4') and d[()].tobytes() == open(exp['bins'][n], 'rb').read(), n\n" +
                "print('ok', len(datasets))\n");
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal("ok 5", result.Output.Trim());
        }
#endif

        private static ModelWeightPlan Plan(string fixture) =>
            ModelWeightPlan.Build(
                ModelConfig.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", fixture)),
                new ModelWeightOptions { Target = WeightTarget.TensorFlowJs });
    }
}
