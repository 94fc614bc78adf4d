using System;
using System.IO;
using System.Linq;
using Initializers.Models;
using Initializers.Models.Weights;
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

        private static ModelWeightPlan Plan(string fixture) =>
            ModelWeightPlan.Build(
                ModelConfig.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", fixture)),
                new ModelWeightOptions { Target = WeightTarget.TensorFlowJs });
    }
}
