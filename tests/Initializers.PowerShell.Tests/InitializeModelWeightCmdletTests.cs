using System;
using System.Collections;
using System.IO;
using System.Linq;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>Initialize-ModelWeight: what it checks before it plans the model (these run without the planner):
    /// the destination's format, -NoClobber, the shard pair, an unreadable model, and -Format completion.</summary>
    public sealed class InitializeModelWeightCmdletTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-imw-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        internal static string Model => Path.Combine(AppContext.BaseDirectory, "Fixtures", "models", "keras3_dense_mlp.json");

        [Fact]
        public void ADestinationOfNoKnownFormatIsRefusedAndNothingIsWritten()
        {
            var run = Run.Script("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1", new Hashtable { ["model"] = Model, ["dest"] = Path.Combine(dir, "w.bin") });
            Assert.Equal("UnknownWeightFormat,Initializers.PowerShell.Commands.InitializeModelWeightCommand", run.Error.FullyQualifiedErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void NoClobberLeavesAnExistingFileAlone()
        {
            var dest = Path.Combine(dir, "w.safetensors");
            File.WriteAllText(dest, "old");
            var run = Run.Script("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1 -NoClobber", new Hashtable { ["model"] = Model, ["dest"] = dest });
            Assert.Equal("FileExists", run.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("old", File.ReadAllText(dest));
        }

        [Fact]
        public void NoClobberChecksTheShardFileNotTheIndexTheOtherShardsShare()
        {
            // Every shard process writes the same index, so shard 1 after shard 0 under -NoClobber must still run.
            var dest = Path.Combine(dir, "model.safetensors");
            var vars = new Hashtable { ["model"] = Model, ["dest"] = dest };
            Run.Ok("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1 -ShardIndex 0 -ShardCount 2 -NoClobber | Out-Null", vars);
            Run.Ok("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1 -ShardIndex 1 -ShardCount 2 -NoClobber | Out-Null", vars);
            Assert.True(File.Exists(Path.Combine(dir, "model-00002-of-00002.safetensors")));

            // The shard's own file is guarded.
            var run = Run.Script("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1 -ShardIndex 0 -ShardCount 2 -NoClobber", vars);
            Assert.Equal("FileExists", run.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(Path.Combine(dir, "model-00001-of-00002.safetensors"), run.Error.TargetObject);
        }

        [Theory]
        [InlineData("-ShardIndex 0")]
        [InlineData("-ShardCount 2")]
        [InlineData("-ShardIndex 2 -ShardCount 2")]
        public void AShardNeedsBothNumbersInRange(string shard)
        {
            var run = Run.Script("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1 " + shard, new Hashtable { ["model"] = Model, ["dest"] = Path.Combine(dir, "m.safetensors") });
            Assert.Equal("ShardOutOfRange", run.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void AnUnreadableModelStopsWithItsErrorId()
        {
            var bad = Path.Combine(dir, "bad.json");
            File.WriteAllText(bad, "{\"class_name\": ");
            var run = Run.Script("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1", new Hashtable { ["model"] = bad, ["dest"] = Path.Combine(dir, "m.safetensors") });
            Assert.NotNull(run.Terminating);
            Assert.False(File.Exists(Path.Combine(dir, "m.safetensors")));
        }

        [Theory]
        [InlineData("model.json")]
        [InlineData("m.weights.h5")]
        public void LayoutTorchIsRefusedForFormatsWithOneLayout(string file)
        {
            var run = Run.Script("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1 -Layout Torch", new Hashtable { ["model"] = Model, ["dest"] = Path.Combine(dir, file) });
            Assert.Equal("LayoutFormatUnsupported,Initializers.PowerShell.Commands.InitializeModelWeightCommand", run.Error.FullyQualifiedErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void LayoutTorchToATensorFlowJsModelIsRefusedForTheFormatBeforeThePlannerSeesTheLayers()
        {
            // A GRU with reset_after true is refused by the TensorFlow.js planner (TfjsUnsupportedGru); what the user
            // must hear first is that model.json has one layout.
            var gru = Path.Combine(dir, "gru.json");
            File.WriteAllText(gru, "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_shape\": [null, 5, 3]}},"
                + "{\"class_name\": \"GRU\", \"config\": {\"name\": \"gru\", \"units\": 4, \"reset_after\": true}}]}}");
            var dest = Path.Combine(dir, "out", "model.json");
            var run = Run.Script("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1 -Layout Torch", new Hashtable { ["model"] = gru, ["dest"] = dest });
            Assert.Equal("LayoutFormatUnsupported,Initializers.PowerShell.Commands.InitializeModelWeightCommand", run.Error.FullyQualifiedErrorId);
            Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        }

        [Fact]
        public void LayoutTorchWritesTheStateDictAndReportsTheTorchNames()
        {
            // keras3_dense_mlp: Sequential 'sequential', Dense 'dense' (8 -> 16) and 'dense_1' (16 -> 4).
            var dest = Path.Combine(dir, "m.safetensors");
            var run = Run.Ok("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 3 -Layout Torch", new Hashtable { ["model"] = Model, ["dest"] = dest });
            Assert.Equal(
                new[] { "sequential.dense.weight", "sequential.dense.bias", "sequential.dense_1.weight", "sequential.dense_1.bias" },
                run.Output.Select(o => string.Join(" ", (string[])o.Properties["TorchNames"].Value)));
            var read = Initializers.IO.TensorFile.Read(dest).ToDictionary(t => t.Key, t => t.Value);
            Assert.Equal(new[] { 16, 8 }, read["sequential.dense.weight"].Shape);
            Assert.Equal(new[] { 4, 16 }, read["sequential.dense_1.weight"].Shape);
        }

        [Fact]
        public void LayoutTorchConfirmsTheBytesOfTheTensorsPyTorchAdds()
        {
            // What -WhatIf and -Confirm show (here the same text as a -Verbose message) counted the Keras weights only.
            // By hand: LSTM(3) on 2 features, 72 float32 (288 bytes), and BatchNormalization on 3, 12 float32 (48 bytes):
            // 336 bytes in Keras's layout; PyTorch adds bias_hh_l0 (12 float32, 48 bytes) and num_batches_tracked (an
            // int64, 8 bytes): 392.
            var model = Path.Combine(dir, "lstm_bn.json");
            File.WriteAllText(model, "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_shape\": [null, 5, 2]}},"
                + "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"l\", \"units\": 3}},"
                + "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\"}}]}}");
            var dest = Path.Combine(dir, "m.safetensors");
            var run = Run.Ok("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1 -Layout Torch -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message", new Hashtable { ["model"] = model, ["dest"] = dest });
            Assert.Equal($"Performing the operation \"Create\" on target \"{dest} (7 weights, 392 bytes)\".", Assert.Single(run.Output).BaseObject);
        }

        [Theory]
        [InlineData("Yes")]
        [InlineData("No")]
        public void ConfirmAsksOnceForAModelsFileSet(string answer)
        {
            // -Confirm asked once per file: here the model.json, its shard and each of two stale shards (four prompts);
            // a 1 GB TensorFlow.js model asked about 250 times. keras3_dense_mlp's 848 bytes fit one 4 MiB shard.
            var folder = Directory.CreateDirectory(Path.Combine(dir, "tfjs")).FullName;
            var stale = new[] { Path.Combine(folder, "group1-shard1of2.bin"), Path.Combine(folder, "group1-shard2of2.bin") };
            foreach (var f in stale)
            {
                File.WriteAllText(f, "earlier");
            }

            var dest = Path.Combine(folder, "model.json");
            // The model.json being replaced names them (stale shards are the ones it named and the new one does not).
            File.WriteAllText(dest, "{\"weightsManifest\": [{\"paths\": [\"group1-shard1of2.bin\", \"group1-shard2of2.bin\"]}]}");
            var host = new PromptHost(answer);
            var run = Run.Script("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1 -Confirm", new Hashtable { ["model"] = Model, ["dest"] = dest }, host);
            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            var prompt = Assert.Single(host.Prompts);
            Assert.Equal("Confirm", prompt.Caption);
            Assert.Equal(
                "Are you sure you want to perform this action?\n"
                + $"Performing the operation \"Overwrite\" on target \"{dest} (4 weights, 848 bytes)\".\n"
                + "And 3 more file(s) of the set: Create 1, Remove stale shard 2 (-WhatIf lists each).",
                prompt.Message);
            Assert.Equal(4, run.Output.Count);
            var expected = answer == "Yes" ? new[] { "group1-shard1of1.bin", "model.json" } : new[] { "group1-shard1of2.bin", "group1-shard2of2.bin", "model.json" };
            Assert.Equal(expected, Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal));
            Assert.All(run.Output, o => Assert.Equal(answer == "Yes" ? dest : null, (string?)o.Properties["File"].Value));
        }

        [Fact]
        public void WhatIfStillListsEveryFileOfTheSet()
        {
            var folder = Directory.CreateDirectory(Path.Combine(dir, "tfjs")).FullName;
            File.WriteAllText(Path.Combine(folder, "group1-shard1of2.bin"), "earlier");
            var dest = Path.Combine(folder, "model.json");
            File.WriteAllText(dest, "{\"weightsManifest\": [{\"paths\": [\"group1-shard1of2.bin\", \"group1-shard2of2.bin\"]}]}");
            var host = new PromptHost("Yes");
            var run = Run.Script("Initialize-ModelWeight -LiteralPath $model -Destination $dest -Seed 1 -WhatIf | Out-Null", new Hashtable { ["model"] = Model, ["dest"] = dest }, host);
            Assert.Null(run.Terminating);
            Assert.Empty(host.Prompts);
            Assert.Equal(
                new[]
                {
                    $"What if: Performing the operation \"Overwrite\" on target \"{dest} (4 weights, 848 bytes)\".",
                    $"What if: Performing the operation \"Create\" on target \"{Path.Combine(folder, "group1-shard1of1.bin")}\".",
                    $"What if: Performing the operation \"Remove stale shard\" on target \"{Path.Combine(folder, "group1-shard1of2.bin")}\".",
                },
                host.Lines);
            Assert.Equal(new[] { "group1-shard1of2.bin", "model.json" }, Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal));
        }

        [Fact]
        public void LayoutCompletesKerasAndTorch()
        {
            var run = Run.Ok("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText", new Hashtable { ["line"] = "Initialize-ModelWeight -Layout " });
            Assert.Equal(new[] { "Keras", "Torch" }, run.Output.Select(o => (string)o.BaseObject));
        }

        [Fact]
        public void FormatCompletesTheFourLayouts()
        {
            var run = Run.Ok("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText", new Hashtable { ["line"] = "Initialize-ModelWeight -Format " });
            Assert.Equal(new[] { "KerasH5", "Npz", "Safetensors", "TensorFlowJs" }, run.Output.Select(o => (string)o.BaseObject));
        }
    }
}
