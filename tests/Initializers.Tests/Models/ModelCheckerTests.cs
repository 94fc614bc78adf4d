using System.Linq;
using Initializers.Models;
using Xunit;

namespace Initializers.Tests.Models
{
    /// <summary>Each rule of the CI gate fires on its own example, at the line and column of the text it names, and is
    /// silent on a clean model.</summary>
    public class ModelCheckerTests
    {
        private const string Seeded = "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 1}}";
        private const string Zeros = "{\"class_name\": \"Zeros\", \"config\": {}}";

        /// <summary>A Keras 2 Sequential holding <paramref name="layers"/> (one per line, from line 2).</summary>
        private static string Sequential(params string[] layers) =>
            "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [\n" + string.Join(",\n", layers) + "\n]}, \"keras_version\": \"2.15.0\"}";

        private static string Dense(string name, string kernel, string bias = Zeros, string extra = "") =>
            $"{{\"class_name\": \"Dense\", \"config\": {{\"name\": \"{name}\", \"units\": 3, {extra}\"kernel_initializer\": {kernel}, \"bias_initializer\": {bias}}}}}";

        /// <summary>Where <paramref name="marker"/> first occurs in <paramref name="text"/> (1-based), counted here
        /// from the text itself.</summary>
        private static (int?, int?) At(string text, string marker, int occurrence = 1)
        {
            var index = -1;
            for (var i = 0; i < occurrence; i++)
            {
                index = text.IndexOf(marker, index + 1, System.StringComparison.Ordinal);
            }

            var before = text.Substring(0, index);
            return (before.Count(c => c == '\n') + 1, index - before.LastIndexOf('\n'));
        }

        private static ModelFinding Single(string text, string rule)
        {
            var findings = ModelChecker.Check(ModelConfig.Parse(text));
            return Assert.Single(findings, f => f.Rule == rule);
        }

        [Fact]
        public void ACleanModelHasNoFindings()
        {
            Assert.Empty(ModelChecker.Check(ModelConfig.Parse(Sequential(Dense("d", Seeded)))));
        }

        [Fact]
        public void AKerasModelWithDefaultInitializersHasNoError()
        {
            var findings = ModelChecker.Check(ModelConfig.ReadFile(ModelConfigTests.Fixture("keras2_functional.json")));
            Assert.DoesNotContain(findings, f => f.Severity == FindingSeverity.Error);
            Assert.Equal(10, findings.Count(f => f.Rule == "UnseededInitializer"));
            Assert.Equal(new[] { "UnseededInitializer", "UnusedSlot" }, findings.Select(f => f.Rule).Distinct().OrderBy(r => r));
            Assert.All(findings, f => Assert.NotNull(f.Line));
        }

        [Fact]
        public void TheTensorFlowJsFixtureWarnsAboutItsNormalDistributions()
        {
            var path = System.IO.Path.Combine(System.AppContext.BaseDirectory, "Fixtures", "tfjs", "model_mlp.json");
            var findings = ModelChecker.Check(ModelConfig.ReadFile(path));
            // The "distribution": "normal" lines of hidden1 and hidden2 (grep -n), column of the value.
            Assert.Equal("TfjsVarianceScalingDistribution@17:31 TfjsVarianceScalingDistribution@92:31",
                string.Join(" ", findings.Select(f => $"{f.Rule}@{f.Line}:{f.Column}")));
            Assert.All(findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));
        }

        [Fact]
        public void UnresolvedInitializer()
        {
            var text = Sequential(Dense("d", "\"glorot_unifrom\""));
            var f = Single(text, "UnresolvedInitializer");
            Assert.Equal(FindingSeverity.Error, f.Severity);
            Assert.Equal(At(text, "\"glorot_unifrom\""), (f.Line, f.Column));
            Assert.Contains("UnknownInitializer", f.Message);
            Assert.Equal(("d", "kernel_initializer", "/config/layers/0/config/kernel_initializer"), (f.Layer, f.Slot, f.Pointer));
        }

        [Fact]
        public void UnresolvedKey()
        {
            var text = Sequential(Dense("d", "{\"class_name\": \"Ones\", \"config\": {\"value\": 1}}"));
            var f = Single(text, "UnresolvedInitializer");
            Assert.Equal(At(text, "\"value\""), (f.Line, f.Column));
            Assert.Contains("UnknownConfigKey", f.Message);
        }

        [Theory]
        [InlineData("{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 0, \"seed\": 1}}", "0")]
        [InlineData("{\"class_name\": \"VarianceScaling\", \"config\": {\"mode\": \"fan\", \"seed\": 1}}", "\"fan\"")]
        [InlineData("{\"class_name\": \"VarianceScaling\", \"config\": {\"distribution\": \"gauss\", \"seed\": 1}}", "\"gauss\"")]
        [InlineData("{\"class_name\": \"RandomNormal\", \"config\": {\"stddev\": -1, \"seed\": 1}}", "-1")]
        [InlineData("{\"class_name\": \"RandomUniform\", \"config\": {\"minval\": 1, \"maxval\": 0.5, \"seed\": 1}}", "0.5")]
        public void InvalidInitializerValue(string kernel, string value)
        {
            var text = Sequential(Dense("d", kernel));
            var f = Single(text, "InvalidInitializerValue");
            Assert.Equal(FindingSeverity.Error, f.Severity);
            Assert.Equal(At(text, ": " + value).Item2 + 2, f.Column);
            Assert.Equal(2, f.Line);
        }

        [Fact]
        public void IdentityNeeds2D()
        {
            var text = Sequential("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 2, \"kernel_size\": [3, 3], \"kernel_initializer\": \"identity\", \"bias_initializer\": \"zeros\"}}");
            var f = Single(text, "IdentityNeeds2D");
            Assert.Equal(FindingSeverity.Error, f.Severity);
            Assert.Equal(At(text, "\"identity\""), (f.Line, f.Column));
            Assert.Contains("rank 4", f.Message);
            Assert.Empty(ModelChecker.Check(ModelConfig.Parse(Sequential(Dense("d", "\"identity\"")))));
        }

        [Fact]
        public void OrthogonalNeedsRank2()
        {
            var orthogonal = "{\"class_name\": \"Orthogonal\", \"config\": {\"seed\": 2}}";
            var text = Sequential(Dense("d", Seeded, orthogonal));
            var f = Single(text, "OrthogonalNeedsRank2");
            Assert.Equal(At(text, orthogonal), (f.Line, f.Column));
            Assert.Equal("bias_initializer", f.Slot);
            Assert.Empty(ModelChecker.Check(ModelConfig.Parse(Sequential(Dense("d", orthogonal)))));
        }

        [Fact]
        public void UnseededInitializer()
        {
            var text = Sequential(Dense("d", "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}}"));
            var f = Single(text, "UnseededInitializer");
            Assert.Equal(FindingSeverity.Warning, f.Severity);
            Assert.Equal(At(text, "\"kernel_initializer\""), (f.Line, f.Column));
        }

        [Theory]
        [InlineData("normal", "without Keras's 0.8796 correction")]
        [InlineData("truncated_normal", "as uniform")]
        public void TfjsVarianceScalingDistribution(string distribution, string says)
        {
            var kernel = $"{{\"class_name\": \"VarianceScaling\", \"config\": {{\"scale\": 1, \"mode\": \"fan_in\", \"distribution\": \"{distribution}\", \"seed\": 1}}}}";
            var text = "{\"modelTopology\": " + Sequential(Dense("d", kernel)).Replace("2.15.0", "tfjs-layers 4.22.0") + "}";
            var f = Single(text, "TfjsVarianceScalingDistribution");
            Assert.Equal(FindingSeverity.Warning, f.Severity);
            Assert.Equal(At(text, "\"" + distribution + "\""), (f.Line, f.Column));
            Assert.Contains(says, f.Message);
            Assert.Empty(ModelChecker.Check(ModelConfig.Parse(text.Replace(distribution, "uniform"))));
        }

        /// <summary>TensorFlow.js's own normal-family classes (and their string identifiers) sample a truncated normal
        /// without the correction too; the uniform ones do not (initializers-spec §7.2).</summary>
        [Theory]
        [InlineData("{\"className\": \"GlorotNormal\", \"config\": {\"seed\": 1}}", true)]
        [InlineData("{\"className\": \"HeNormal\", \"config\": {\"seed\": 1}}", true)]
        [InlineData("{\"className\": \"LeCunNormal\", \"config\": {\"seed\": 1}}", true)]
        [InlineData("{\"class_name\": \"LecunNormal\", \"config\": {\"seed\": 1}}", true)]
        [InlineData("\"glorotNormal\"", true)]
        [InlineData("\"heNormal\"", true)]
        [InlineData("\"leCunNormal\"", true)]
        [InlineData("{\"className\": \"GlorotUniform\", \"config\": {\"seed\": 1}}", false)]
        [InlineData("{\"className\": \"RandomNormal\", \"config\": {\"seed\": 1}}", false)]
        public void TfjsNormalClassesAreTruncatedWithoutTheCorrection(string kernel, bool warned)
        {
            var text = "{\"modelTopology\": " + Sequential(Dense("d", kernel)).Replace("2.15.0", "tfjs-layers 4.22.0") + "}";
            var findings = ModelChecker.Check(ModelConfig.Parse(text)).Where(f => f.Rule == "TfjsVarianceScalingDistribution").ToList();
            if (!warned)
            {
                Assert.Empty(findings);
                return;
            }

            var f = Assert.Single(findings);
            Assert.Equal(At(text, kernel), (f.Line, f.Column));
            Assert.Contains("without Keras's 0.8796 correction", f.Message);
        }

        [Fact]
        public void FindingsOnOneLineAreInColumnOrder()
        {
            // kernel unseeded, then bias null, on the layer's one line: the null's finding comes after the kernel's.
            var text = Sequential(Dense("d", "\"glorot_uniform\"", "null"));
            var line = ModelChecker.Check(ModelConfig.Parse(text)).Where(f => f.Line == 2).ToList();
            Assert.Equal(new[] { "UnseededInitializer", "NullInitializer" }, line.Select(f => f.Rule));
            Assert.True(line[0].Column < line[1].Column);
        }

        [Fact]
        public void TfjsNormalSaysWhatEachReads()
        {
            var kernel = "{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 1, \"mode\": \"fan_in\", \"distribution\": \"normal\", \"seed\": 1}}";
            var text = "{\"modelTopology\": " + Sequential(Dense("d", kernel)).Replace("2.15.0", "tfjs-layers 4.22.0") + "}";
            Assert.Equal("kernel_initializer of layer 'd': TensorFlow.js samples VarianceScaling 'normal' as a truncated normal without Keras's 0.8796 " +
                         "correction (its std is about 0.88 of the intended one), while Keras reads the same config as a corrected truncated normal.",
                Single(text, "TfjsVarianceScalingDistribution").Message);
        }

        [Fact]
        public void NormalMeansTruncated()
        {
            var text = Sequential(Dense("d", "{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 2.0, \"mode\": \"fan_in\", \"distribution\": \"normal\", \"seed\": 1}}"));
            var f = Single(text, "NormalMeansTruncated");
            Assert.Equal(FindingSeverity.Warning, f.Severity);
            Assert.Equal(At(text, "\"normal\""), (f.Line, f.Column));
            Assert.Empty(ModelChecker.Check(ModelConfig.Parse(text.Replace("\"normal\"", "\"truncated_normal\""))));
        }

        [Fact]
        public void ConstantSizeMismatch()
        {
            var constant = "{\"class_name\": \"Constant\", \"config\": {\"value\": [1, 2]}}";
            var text = Sequential(Dense("d", Seeded, constant));
            var f = Single(text, "ConstantSizeMismatch");
            Assert.Equal(At(text, constant), (f.Line, f.Column));
            Assert.Contains("2 values", f.Message);
            Assert.Contains("asks for 3", f.Message);
            Assert.Empty(ModelChecker.Check(ModelConfig.Parse(text.Replace("[1, 2]", "[1, 2, 3]"))));
            // A Dense kernel sized from batch_input_shape: 4 x 3 = 12.
            var kernel = Sequential(Dense("k", "{\"class_name\": \"Constant\", \"config\": {\"value\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}}", Zeros, "\"batch_input_shape\": [null, 4], "));
            Assert.Contains("asks for 12", Single(kernel, "ConstantSizeMismatch").Message);
        }

        /// <summary>TensorFlow.js's camelCase sizes count too: an Embedding of inputDim 3 and outputDim 2 asks for 6.</summary>
        [Fact]
        public void ConstantSizeMismatchReadsCamelCaseSizes()
        {
            var text = "{\"modelTopology\": {\"className\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [\n" +
                       "{\"className\": \"Embedding\", \"config\": {\"name\": \"e\", \"inputDim\": 3, \"outputDim\": 2, " +
                       "\"embeddingsInitializer\": {\"className\": \"Constant\", \"config\": {\"value\": [1, 2]}}}}\n]}}}";
            Assert.Contains("asks for 6", Single(text, "ConstantSizeMismatch").Message);
        }

        /// <summary>What each finding says: the messages are Test-ModelConfig's output, so their substance (the slot, the
        /// layer, the class, the reason and the remedy) is checked in full, one layer per line.</summary>
        [Fact]
        public void EveryMessageNamesTheSlotTheLayerAndTheReason()
        {
            const string ones = "{\"class_name\": \"Ones\", \"config\": {}}";
            var text = Sequential(
                "{\"class_name\": \"MyLayer\", \"config\": {\"name\": \"custom\"}}",
                "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"lam\", \"function\": \"x\"}}",
                Dense("half", ones, Zeros, "\"use_bias\": false, \"dtype\": {\"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"mixed_float16\"}}, "),
                "{\"class_name\": \"SeparableConv2D\", \"config\": {\"name\": \"sep\", \"kernel_initializer\": " + Zeros + "}}",
                "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"center\": false, \"scale\": false, \"beta_initializer\": " + Zeros + ", \"gamma_initializer\": " + Zeros + "}}",
                Dense("nul", "null"),
                Dense("orth", ones, "{\"class_name\": \"Orthogonal\", \"config\": {\"seed\": 1}}"),
                "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"idc\", \"kernel_initializer\": {\"class_name\": \"Identity\", \"config\": {}}}}",
                Dense("unseeded", "\"glorot_uniform\""),
                Dense("c", ones, "{\"class_name\": \"Constant\", \"config\": {\"value\": [1, 2]}}"),
                Dense("vs", "{\"class_name\": \"VarianceScaling\", \"config\": {\"distribution\": \"normal\", \"seed\": 1}}"),
                Dense("s1", ones, "{\"class_name\": \"Ones\", \"config\": {}, \"shared_object_id\": 77}"),
                Dense("s2", ones, "{\"class_name\": \"Zeros\", \"config\": {}, \"shared_object_id\": 77}"));
            var messages = ModelChecker.Check(ModelConfig.Parse(text)).Select(f => f.Rule + ": " + f.Message).ToList();
            Assert.Equal(new[]
            {
                "UnknownLayerClass: Layer 'custom' has class 'MyLayer', which is not a Keras or TensorFlow.js layer (a custom class): its initializer slots were found by their key names, and nothing of it was run.",
                "LambdaLayer: Layer 'lam' is a Lambda layer: its function is serialized Python code, which was read, never run; any weights it makes are not listed.",
                "DTypePolicy: Layer 'half' uses the dtype policy 'mixed_float16', not float32: its weights are initialized in the policy's variable dtype.",
                "UnusedSlot: bias_initializer of layer 'half' is not used: the layer creates no weight from it (use_bias is false).",
                "UnusedSlot: kernel_initializer of layer 'sep' is not used: the layer creates no weight from it (a SeparableConv has depthwise and pointwise kernels; Keras 2 writes Conv's kernel_initializer anyway).",
                "UnusedSlot: beta_initializer of layer 'bn' is not used: the layer creates no weight from it (center is false or rms_scaling is true).",
                "UnusedSlot: gamma_initializer of layer 'bn' is not used: the layer creates no weight from it (scale is false).",
                "NullInitializer: kernel_initializer of layer 'nul' is null: Keras then uses glorot_uniform (even for a bias), TensorFlow.js the layer's own default.",
                "OrthogonalNeedsRank2: bias_initializer of layer 'orth' is Orthogonal, but the Dense weight it fills has rank 1; Orthogonal needs at least two dimensions.",
                "IdentityNeeds2D: kernel_initializer of layer 'idc' is Identity, but the Conv2D weight it fills has rank 4; Identity builds only 2-D matrices.",
                "UnseededInitializer: kernel_initializer of layer 'unseeded' (GlorotUniform) has no seed: its initial weights differ on every build. Set a seed (Set-ModelInitializer -Seed).",
                "ConstantSizeMismatch: bias_initializer of layer 'c' is a Constant list of 2 values, but the layer asks for 3 values; give a scalar or a list of that size.",
                "NormalMeansTruncated: kernel_initializer of layer 'vs': Keras reads VarianceScaling distribution 'normal' as 'truncated_normal' (TensorFlow.js: truncated without the correction; JAX: untruncated). Write 'truncated_normal' or 'untruncated_normal' to say which is meant.",
                "SharedInitializerConflict: bias_initializer of layer 's2' shares object 77 with bias_initializer of layer 's1' (line 13), but its config differs: Keras builds both from the first copy and ignores this one. Rewrite every copy, or remove shared_object_id from the changed one.",
            }, messages);
        }

        /// <summary>A finding about a part of a value sits where that part is, also when the value spans lines: the
        /// distribution's line, the misspelt name's line (not the key's).</summary>
        [Fact]
        public void FindingsInsideAValueSpanningLinesSitOnTheirOwnLine()
        {
            var text = Sequential(Dense("vs", "{\"class_name\": \"VarianceScaling\",\n \"config\": {\"seed\": 1,\n \"distribution\": \"normal\"}}"),
                                  Dense("typo", "\n\"glorot_unifrom\""));
            var findings = ModelChecker.Check(ModelConfig.Parse(text));
            Assert.Equal(At(text, "\"normal\""), findings.Where(f => f.Rule == "NormalMeansTruncated").Select(f => (f.Line, f.Column)).Single());
            Assert.Equal(At(text, "\"glorot_unifrom\""), findings.Where(f => f.Rule == "UnresolvedInitializer").Select(f => (f.Line, f.Column)).Single());
            Assert.EndsWith(" [UnknownInitializer]", findings.Single(f => f.Rule == "UnresolvedInitializer").Message);

            var tfjs = "{\"modelTopology\": " + Sequential(Dense("t", "{\"class_name\": \"VarianceScaling\",\n \"config\": {\"seed\": 1,\n \"distribution\": \"truncated_normal\"}}"))
                .Replace("2.15.0", "tfjs-layers 4.22.0") + "}";
            var f = Single(tfjs, "TfjsVarianceScalingDistribution");
            Assert.Equal(At(tfjs, "\"truncated_normal\""), (f.Line, f.Column));
            Assert.Equal("kernel_initializer of layer 't': TensorFlow.js reads VarianceScaling 'truncated_normal' as uniform: every distribution but 'normal' " +
                         "falls through to its uniform branch.", f.Message);
        }

        /// <summary>Findings are sorted by place, not by the order the checks run in: the shared-copy check runs last, yet
        /// its finding on the bias comes before the unseeded foo_initializer further right on the same line.</summary>
        [Fact]
        public void FindingsAreSortedByColumnWithinALine()
        {
            var text = Sequential("{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"kernel_initializer\": {\"class_name\": \"Ones\", \"config\": {}, \"shared_object_id\": 5}, " +
                                  "\"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}, \"shared_object_id\": 5}, \"foo_initializer\": \"glorot_uniform\"}}");
            Assert.Equal(new[] { "SharedInitializerConflict", "UnseededInitializer" }, ModelChecker.Check(ModelConfig.Parse(text)).Select(f => f.Rule));
        }

        [Fact]
        public void SharedInitializerConflict()
        {
            var first = "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 1}, \"shared_object_id\": 77}";
            var second = "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 2}, \"shared_object_id\": 77}";
            var text = Sequential(Dense("a", first), Dense("b", second));
            var f = Single(text, "SharedInitializerConflict");
            Assert.Equal(At(text, second), (f.Line, f.Column));
            Assert.Equal("b", f.Layer);
            Assert.Empty(ModelChecker.Check(ModelConfig.Parse(Sequential(Dense("a", first), Dense("b", first)))));
        }

        [Fact]
        public void InformationRules()
        {
            var text = Sequential(
                "{\"class_name\": \"MyLayer\", \"config\": {\"name\": \"mine\", \"gate_initializer\": " + Zeros + "}}",
                "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"fn\", \"function\": [\"4wEAAAAAAAAA\", null, null]}}",
                Dense("half", Seeded, Zeros, "\"dtype\": \"mixed_float16\", "),
                Dense("nobias", Seeded, Zeros, "\"use_bias\": false, "),
                Dense("nullkernel", "null"),
                "42",
                "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"inner\", \"layers\": []}}");
            var findings = ModelChecker.Check(ModelConfig.Parse(text));
            Assert.All(findings, f => Assert.Equal(FindingSeverity.Information, f.Severity));
            Assert.Equal(
                new[]
                {
                    ("UnknownLayerClass", At(text, "{\"class_name\": \"MyLayer\"")),
                    ("LambdaLayer", At(text, "{\"class_name\": \"Lambda\"")),
                    ("DTypePolicy", At(text, "\"mixed_float16\"")),
                    ("UnusedSlot", At(text, "\"bias_initializer\"", 2)),
                    ("NullInitializer", At(text, "\"kernel_initializer\"", 3)),
                    ("SkippedEntry", At(text, "42")),
                    ("EmptyModel", At(text, "\"config\": {\"name\": \"inner\"")),
                },
                findings.Select(f => (f.Rule, (f.Line, f.Column))));
            Assert.Equal("mine", ModelConfig.Parse(text).Slots[0].Layer); // an unknown class's slots are still found
        }

        [Fact]
        public void GitHubAnnotationEscapesAsTheRunnerExpects()
        {
            var f = new ModelFinding(FindingSeverity.Error, "R", "50% off\r\nnext", "a,b:c.json", 3, 7, null, null, null);
            Assert.Equal("::error file=a%2Cb%3Ac.json,line=3,col=7,title=R::50%25 off%0D%0Anext", f.GitHubAnnotation());
            Assert.Equal("Error R: 50% off\r\nnext", f.ToString());
            var inside = new ModelFinding(FindingSeverity.Warning, "W", "m", System.IO.Path.Combine(System.IO.Path.GetTempPath(), "models", "m.json"), 1, 2, null, null, null);
            Assert.Equal("::warning file=models/m.json,line=1,col=2,title=W::m", inside.GitHubAnnotation(System.IO.Path.GetTempPath()));
            Assert.Equal("::warning file=" + inside.SourceName + ",line=1,col=2,title=W::m", inside.GitHubAnnotation("/elsewhere"));
            Assert.Equal("::notice title=I::m", new ModelFinding(FindingSeverity.Information, "I", "m", null, null, null, null, null, null).GitHubAnnotation());
        }
    }
}
