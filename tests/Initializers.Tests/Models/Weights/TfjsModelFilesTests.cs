using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Initializers.Family;
using Initializers.IO;
using Initializers.Models;
using Initializers.Models.Weights;
using Initializers.Serialization;
using Initializers.Tests.IO;
using Xunit;
using static Initializers.Tests.Models.Weights.HandPlan;

namespace Initializers.Tests.Models.Weights
{
    /// <summary>The TensorFlow.js writer: model.json, the manifest and the shards, checked byte for byte here and loaded
    /// by real TensorFlow.js 4.22 (<see cref="TfjsInterop"/>; skipped without node and npm).</summary>
    public sealed class TfjsModelFilesTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-tfjs-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        private static ModelConfig Fixture(string name) => ModelConfig.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", name));

        /// <summary>Plans by hand for the fixtures; TensorFlow.js names are the layer name and the weight name
        /// (model-formats §4.4: no cell name for LSTM), shapes from §5.</summary>
        public static ModelWeightPlan FixturePlan(string name)
        {
            ModelWeight W(string tfjs, long[] shape, Initializer initializer, bool trainable = true) =>
                Weight(tfjs, "layers/x/vars/0", tfjs, shape, initializer, trainable: trainable);
            var weights = name switch
            {
                // Sequential tfjs: Dense hidden1 (8→16), BatchNormalization bn1, Dropout, Dense hidden2 (16→8), Dense out (8→3).
                "model_mlp.json" => new List<ModelWeight>
                {
                    W("hidden1/kernel", new long[] { 8, 16 }, new HeNormal(11)),
                    W("hidden1/bias", new long[] { 16 }, new Zeros()),
                    W("bn1/gamma", new long[] { 16 }, new Ones()),
                    W("bn1/beta", new long[] { 16 }, new Zeros()),
                    W("bn1/moving_mean", new long[] { 16 }, Normal(21), false),
                    W("bn1/moving_variance", new long[] { 16 }, new Ones(), false),
                    W("hidden2/kernel", new long[] { 16, 8 }, new GlorotNormal(12)),
                    W("hidden2/bias", new long[] { 8 }, new Constant(0.1)),
                    W("out/kernel", new long[] { 8, 3 }, new RandomUniform(-0.1, 0.1, 13)),
                    W("out/bias", new long[] { 3 }, Normal(14)),
                },

                // Keras 3 functional: Input (32, 32, 3) → Conv2D c1 (64, 3×3, valid) → BatchNormalization bn → Flatten
                // (30·30·64 = 57600) → Dense d (40): 9.2 MB, three 4 MiB shards, d/kernel straddling two boundaries.
                "keras3_conv_bn.json" => new List<ModelWeight>
                {
                    W("c1/kernel", new long[] { 3, 3, 3, 64 }, new HeNormal(1)),
                    W("c1/bias", new long[] { 64 }, new Zeros()),
                    W("bn/gamma", new long[] { 64 }, new Ones()),
                    W("bn/beta", new long[] { 64 }, new Zeros()),
                    W("bn/moving_mean", new long[] { 64 }, Normal(2), false),
                    W("bn/moving_variance", new long[] { 64 }, new Ones(), false),
                    W("d/kernel", new long[] { 57600, 40 }, new LecunNormal(5)),
                    W("d/bias", new long[] { 40 }, Normal(3)),
                },

                // Keras 3 Sequential: Input (7, 5) → LSTM enc (6) → Dense head (3).
                _ => new List<ModelWeight>
                {
                    W("enc/kernel", new long[] { 5, 24 }, Glorot(1)),
                    W("enc/recurrent_kernel", new long[] { 6, 24 }, new Orthogonal(seed: 2)),
                    W("enc/bias", new long[] { 24 }, Normal(3)),
                    W("head/kernel", new long[] { 6, 3 }, Glorot(4)),
                    W("head/bias", new long[] { 3 }, new Zeros()),
                },
            };
            return Plan(Fixture(name), weights);
        }

        [SkippableTheory]
        [InlineData("model_mlp.json", 1)]
        [InlineData("keras3_conv_bn.json", 3)]
        [InlineData("keras3_lstm.json", 1)]
        public void TensorFlowJsLoadsTheModelWithEveryWeightBitForBit(string fixture, int shards)
        {
            Skip.If(TfjsInterop.Unavailable is not null, TfjsInterop.Unavailable);
            var plan = FixturePlan(fixture);
            var model = Path.Combine(dir, "model.json");
            var written = TfjsModelFiles.Write(model, plan, Values);
            Assert.Equal(shards + 1, written.Count);

            var result = TfjsInterop.LoadWeights(model);
            Assert.True(result.ExitCode == 0, result.Output);
            var loaded = result.Output.Split('\n').Where(l => l.StartsWith("W ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToDictionary(p => p[1]);
            Assert.Equal(plan.Weights.Select(w => w.TfjsName).OrderBy(n => n, StringComparer.Ordinal), loaded.Keys.OrderBy(n => n, StringComparer.Ordinal));
            foreach (var weight in plan.Weights)
            {
                var line = loaded[weight.TfjsName!];
                Assert.Equal("float32", line[2]);
                Assert.Equal("[" + string.Join(",", weight.Shape) + "]", line[3]);
                Assert.True(Hex(Bytes(weight)) == line[4], $"{weight.TfjsName}: the values TensorFlow.js loaded differ from ours");
            }
        }

        [Fact]
        public void ModelJsonHasTheLayersModelKeysAndOneManifestGroupInPlanOrder()
        {
            var plan = FixturePlan("keras3_conv_bn.json");
            var model = Path.Combine(dir, "model.json");
            var written = TfjsModelFiles.Write(model, plan, Values);
            var json = (IDictionary)JsonText.Parse(File.ReadAllText(model))!;
            Assert.Equal(new[] { "format", "generatedBy", "convertedBy", "modelTopology", "weightsManifest" }, json.Keys.Cast<string>());
            Assert.Equal("layers-model", json["format"]);
            // A Keras 3 file states no keras_version; TensorFlow.js's converter writes "keras v<version>" when there is one.
            Assert.Null(json["generatedBy"]);
            var bytes = File.ReadAllBytes(model);
            Assert.Equal((byte)'{', bytes[0]); // no byte order mark
            Assert.Equal(new[] { (byte)'}', (byte)'\n' }, bytes[^2..]);
            Assert.StartsWith("Initializers v", (string)json["convertedBy"]!);
            var group = (IDictionary)Assert.Single((object?[])json["weightsManifest"]!)!;
            Assert.Equal(new object?[] { "group1-shard1of3.bin", "group1-shard2of3.bin", "group1-shard3of3.bin" }, (object?[])group["paths"]!);
            var weights = ((object?[])group["weights"]!).Cast<IDictionary>().ToList();
            Assert.Equal(plan.Weights.Select(w => w.TfjsName), weights.Select(w => (string?)w["name"]));
            Assert.Equal(new[] { 57600L, 40L }, ((object?[])weights[6]["shape"]!).Select(d => Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.All(weights, w => Assert.Equal("float32", w["dtype"]));
            Assert.Equal(new[] { model }.Concat(new[] { 1, 2, 3 }.Select(i => Path.Combine(dir, $"group1-shard{i}of3.bin"))), written);
            Assert.Equal(new[] { 4L << 20, 4L << 20, (plan.Weights.Sum(w => w.ByteCount)) - (8L << 20) }, written.Skip(1).Select(f => new FileInfo(f).Length));
        }

        /// <summary>generatedBy names the library that wrote the source config, as TensorFlow.js's converter does:
        /// "keras v2.15.0" for a Keras 2 file, the tfjs-layers version for a TensorFlow.js one.</summary>
        [Theory]
        [InlineData("2.15.0", "keras v2.15.0")]
        [InlineData("tfjs-layers 4.22.0", "tfjs-layers 4.22.0")]
        public void GeneratedByNamesTheLibraryThatWroteTheConfig(string kerasVersion, string generatedBy)
        {
            var config = ModelConfig.Parse(("{'class_name':'Sequential','keras_version':'" + kerasVersion + "','config':{'name':'s','layers':[" +
                "{'class_name':'Dense','config':{'name':'d','units':2,'batch_input_shape':[null,3]}}]}}").Replace('\'', '"'));
            var plan = ModelWeightPlan.Build(config, new ModelWeightOptions { Target = WeightTarget.TensorFlowJs });
            var model = Path.Combine(dir, "model.json");
            TfjsModelFiles.Write(model, plan, Values);
            Assert.Equal(generatedBy, ((IDictionary)JsonText.Parse(File.ReadAllText(model))!)["generatedBy"]);
        }

        public static IEnumerable<object[]> ShardSizes() => new[] { 1, 3, 5, 7, 64, 1000 }.Select(n => new object[] { n });

        [Theory]
        [MemberData(nameof(ShardSizes))]
        public void TheShardsConcatenateToEveryWeightsBytesInManifestOrderWhateverTheShardSize(int shardBytes)
        {
            // Bool (1 byte) between 4-byte weights puts element boundaries off the shard boundaries.
            var plan = Plan(FixturePlan("model_mlp.json").Config, new[]
            {
                Weight("a/kernel", "layers/a/vars/0", "a/kernel", new long[] { 3, 5 }, Glorot(9)),
                Weight("a/mask", "layers/a/vars/1", "a/mask", new long[] { 7 }, new Ones(), DType.Bool),
                Weight("a/index", "layers/a/vars/2", "a/index", new long[] { 2, 3 }, new Constant(-7), DType.Int32),
                Weight("a/empty", "layers/a/vars/3", "a/empty", new long[] { 0, 4 }, new Zeros()),
                Weight("a/scalar", "layers/a/vars/4", "a/scalar", Array.Empty<long>(), Normal(4)),
            });
            var written = TfjsModelFiles.Write(Path.Combine(dir, "model.json"), plan, Values, new StreamingOptions { ChunkBytes = 8 }, shardBytes: shardBytes);
            var expected = plan.Weights.SelectMany(Bytes).ToArray();
            var count = (expected.Length + shardBytes - 1) / shardBytes;
            Assert.Equal(Enumerable.Range(1, count).Select(i => Path.Combine(dir, $"group1-shard{i}of{count}.bin")), written.Skip(1));
            Assert.Equal(expected, written.Skip(1).SelectMany(File.ReadAllBytes).ToArray());
            Assert.All(written.Skip(1).Take(count - 1), f => Assert.Equal(shardBytes, new FileInfo(f).Length));
        }

        [Fact]
        public void ADTypeTensorFlowJsCannotHoldIsRefusedAndNothingIsWritten()
        {
            var plan = Plan(FixturePlan("model_mlp.json").Config, new[] { Weight("a/kernel", "layers/a/vars/0", "a/kernel", new long[] { 3 }, Glorot(9), DType.Float64) });
            var ex = Assert.Throws<InitializerException>(() => TfjsModelFiles.Write(Path.Combine(dir, "model.json"), plan, Values));
            Assert.Equal("TfjsDTypeUnsupported", ex.ErrorId);
            Assert.Equal("The weight 'a/kernel' is float64; TensorFlow.js weights are float32, int32 or bool.", ex.Message);
            Assert.Equal(Path.Combine(dir, "model.json"), ex.SourceName);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void APlanWithoutTensorFlowJsNamesOrWithDuplicatesIsRefused()
        {
            var config = FixturePlan("model_mlp.json").Config;
            var unnamed = Plan(config, new[] { Weight("a/kernel", "layers/a/vars/0", null, new long[] { 3 }, Glorot(9)) });
            var missing = Assert.Throws<InitializerException>(() => TfjsModelFiles.Write(Path.Combine(dir, "model.json"), unnamed, Values));
            Assert.Equal("TfjsNameMissing", missing.ErrorId);
            Assert.Equal("The weight 'a/kernel' has no TensorFlow.js name: the plan was not made for TensorFlow.js (plan it with ModelWeightOptions.Target = TensorFlowJs).", missing.Message);
            Assert.Equal(Path.Combine(dir, "model.json"), missing.SourceName);
            var twice = Plan(config, new[]
            {
                Weight("a/kernel", "layers/a/vars/0", "d/kernel", new long[] { 3 }, Glorot(9)),
                Weight("b/kernel", "layers/b/vars/0", "d/kernel", new long[] { 3 }, Glorot(9)),
            });
            var ex = Assert.Throws<InitializerException>(() => TfjsModelFiles.Write(Path.Combine(dir, "model.json"), twice, Values));
            Assert.Equal("TfjsDuplicateWeightName", ex.ErrorId);
            Assert.Equal("Two weights are named 'd/kernel' for TensorFlow.js, which matches weights by name and refuses duplicates (two nested models with a layer of the same name). Rename one layer.", ex.Message);
            Assert.Equal(Path.Combine(dir, "model.json"), ex.SourceName);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void ACancelledWriteLeavesTheOldFilesWholeAndNoTemporaryFile()
        {
            var model = Path.Combine(dir, "model.json");
            TfjsModelFiles.Write(model, FixturePlan("model_mlp.json"), Values, shardBytes: 256);
            var before = Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal).Select(f => (f, Hex(File.ReadAllBytes(f)))).ToList();

            using var source = new CancellationTokenSource();
            var calls = 0;
            var streaming = new StreamingOptions
            {
                ChunkBytes = 16,
                Cancellation = source.Token,
                Progress = (_, _) =>
                {
                    if (++calls == 20)
                    {
                        source.Cancel();
                    }
                },
            };
            var other = Plan(FixturePlan("model_mlp.json").Config, FixturePlan("model_mlp.json").Weights.Select(w => Weight(w.Path, w.KerasPath, w.TfjsName, w.Shape.ToArray(), Normal(99))).ToList());
            Assert.ThrowsAny<OperationCanceledException>(() => TfjsModelFiles.Write(model, other, Values, streaming, shardBytes: 256));
            Assert.Equal(before, Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal).Select(f => (f, Hex(File.ReadAllBytes(f)))).ToList());
        }

        [Fact]
        public void ShardsThatTheReplacedModelJsonNamedAndTheNewOneDoesNotAreRemovedAndNothingElse()
        {
            // Any file named like a shard (group2-shard3of3.bin here) was removed, though no model.json of this
            // target named it: the shards of another model in the folder were lost.
            // model_mlp's 10 weights hold 371 float32 values, 1,484 bytes: 6 shards of 256 bytes, then 1 shard of 4 MiB.
            var model = Path.Combine(dir, "model.json");
            var plan = FixturePlan("model_mlp.json");
            Assert.Equal(6, TfjsModelFiles.Write(model, plan, Values, shardBytes: 256).Count - 1);
            var keep = new[] { "group1-shard1of6.bin.bak", "group01-shard1of6.bin", "group1-shard01of6.bin", "group1-shard1of6.bin.tmp", "notes.txt" };
            foreach (var name in keep)
            {
                File.WriteAllText(Path.Combine(dir, name), "not a shard this writer wrote");
            }

            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.WriteAllText(Path.Combine(dir, "sub", "group1-shard2of6.bin"), "below the folder");
            File.WriteAllText(Path.Combine(dir, "group2-shard3of3.bin"), "another group, the exact pattern, named by no model.json");

            var prepared = ModelWeightFile.Prepare(model, ModelWeightFormat.TensorFlowJs, plan, 1);
            var stale = Enumerable.Range(1, 6).Select(i => $"group1-shard{i}of6.bin").Select(n => Path.Combine(dir, n)).OrderBy(f => f, StringComparer.Ordinal);
            Assert.Equal(stale, prepared.StaleFiles);
            Assert.Equal(new[] { model, Path.Combine(dir, "group1-shard1of1.bin") }, prepared.Files);

            Assert.Equal(prepared.Files, prepared.Write());
            Assert.Equal(
                keep.Append("model.json").Append("group1-shard1of1.bin").Append("group2-shard3of3.bin").OrderBy(f => f, StringComparer.Ordinal),
                Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal));
            Assert.True(File.Exists(Path.Combine(dir, "sub", "group1-shard2of6.bin")));
        }

        [SkippableFact]
        public void AStaleShardThatCannotBeRemovedIsAnErrorNamingItAfterTheNewFilesAreInPlace()
        {
            // As root, chattr +i (immutable) makes unlink(2) fail for real.
            Skip.IfNot(OperatingSystem.IsLinux() && Environment.UserName == "root", "needs root for chattr +i");
            // An earlier output of 2 shards (1,484 bytes in 1,000-byte shards); the second cannot be removed.
            var model = Path.Combine(dir, "model.json");
            TfjsModelFiles.Write(model, FixturePlan("model_mlp.json"), Values, shardBytes: 1000);
            var stale = Path.Combine(dir, "group1-shard2of2.bin");
            Initializers.Tests.IO.AtomicFileTests.Run("chattr", $"+i \"{stale}\"");
            try
            {
                var error = Assert.Throws<InitializerException>(() => TfjsModelFiles.Write(model, FixturePlan("model_mlp.json"), Values));
                Assert.Equal("TfjsStaleShardNotRemoved", error.ErrorId);
                Assert.Equal(ErrorKind.WriteError, error.Kind);
                Assert.Equal(stale, error.Target);
            }
            finally
            {
                Initializers.Tests.IO.AtomicFileTests.Run("chattr", $"-i \"{stale}\"");
            }

            Assert.Equal(new[] { "group1-shard1of1.bin", "group1-shard2of2.bin", "model.json" }, Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal));
        }

        [SkippableFact]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public void AFolderThatCannotBeListedIsFolderReadFailedNamingItBeforeAnythingIsWritten()
        {
            // Directory.EnumerateFiles threw its own UnauthorizedAccessException out of Prepare (and the writer). The
            // folder has no read permission (search only), and the listing runs on a thread without the capabilities
            // that let root ignore that, so opendir(2) fails for real.
            Skip.If(WithoutFilePermissionOverride.Unavailable is not null, WithoutFilePermissionOverride.Unavailable);
            var folder = Directory.CreateDirectory(Path.Combine(dir, "locked")).FullName;
            var model = Path.Combine(folder, "model.json");
            File.WriteAllText(Path.Combine(folder, "group1-shard1of2.bin"), "earlier");
            var plan = FixturePlan("model_mlp.json");
            File.SetUnixFileMode(folder, UnixFileMode.UserExecute);
            try
            {
                InitializerException? prepare = null;
                InitializerException? write = null;
                WithoutFilePermissionOverride.Run(() =>
                {
                    prepare = Assert.Throws<InitializerException>(() => ModelWeightFile.Prepare(model, ModelWeightFormat.TensorFlowJs, plan, 1));
                    write = Assert.Throws<InitializerException>(() => TfjsModelFiles.Write(model, plan, Values));
                });
                foreach (var error in new[] { prepare!, write! })
                {
                    Assert.Equal("FolderReadFailed", error.ErrorId);
                    Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
                    Assert.Equal(folder, error.Target);
                    Assert.Contains($"'{folder}'", error.Message, StringComparison.Ordinal);
                    Assert.IsType<UnauthorizedAccessException>(error.InnerException);
                }
            }
            finally
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Assert.Equal(new[] { "group1-shard1of2.bin" }, Directory.GetFiles(folder).Select(f => Path.GetFileName(f)));
        }

        [Fact]
        public void AFailedWriteRemovesNoStaleShard()
        {
            var model = Path.Combine(dir, "model.json");
            TfjsModelFiles.Write(model, FixturePlan("model_mlp.json"), Values, shardBytes: 256);
            var before = Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal).ToList();
            using var source = new CancellationTokenSource();
            source.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => TfjsModelFiles.Write(model, FixturePlan("model_mlp.json"), Values, new StreamingOptions { Cancellation = source.Token }));
            Assert.Equal(before, Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal));
        }

        [Fact]
        public void AShardThatAnotherModelJsonOfTheFolderNamesIsRefusedBeforeAnythingIsWritten()
        {
            // b.json replaced a.json's group1-shard1of1.bin with its own bytes: a.json then loaded b's weights.
            var a = Path.Combine(dir, "a.json");
            TfjsModelFiles.Write(a, FixturePlan("model_mlp.json"), Values);
            var before = Snapshot();
            var b = Path.Combine(dir, "b.json");
            var other = Plan(FixturePlan("model_mlp.json").Config, FixturePlan("model_mlp.json").Weights.Select(w => Weight(w.Path, w.KerasPath, w.TfjsName, w.Shape.ToArray(), Normal(99))).ToList());
            var shard = Path.Combine(dir, "group1-shard1of1.bin");
            foreach (var write in new Action[]
            {
                () => TfjsModelFiles.Write(b, other, Values, overwriteReadOnly: true),
                () => ModelWeightFile.Prepare(b, ModelWeightFormat.TensorFlowJs, other, 1),
            })
            {
                var ex = Assert.Throws<InitializerException>(write);
                Assert.Equal("TfjsShardInUse", ex.ErrorId);
                Assert.Equal(ErrorKind.ResourceExists, ex.Kind);
                Assert.Equal(shard, ex.Target);
                Assert.Contains($"'{a}'", ex.Message, StringComparison.Ordinal);
                Assert.Contains($"'{shard}'", ex.Message, StringComparison.Ordinal);
                Assert.Contains("each model into its own folder", ex.Message, StringComparison.Ordinal);
                Assert.Equal(before, Snapshot());
            }
        }

        [Fact]
        public void AnotherModelJsonsShardsAreNotStaleForThisOne()
        {
            // a.json: 6 shards of 256 bytes. b.json's one shard (group1-shard1of1.bin) is not a's, and the write removed
            // a's six as shards b does not name: a's files were lost.
            var a = Path.Combine(dir, "a.json");
            TfjsModelFiles.Write(a, FixturePlan("model_mlp.json"), Values, shardBytes: 256);
            var before = Snapshot();
            var b = Path.Combine(dir, "b.json");
            Assert.Empty(ModelWeightFile.Prepare(b, ModelWeightFormat.TensorFlowJs, FixturePlan("model_mlp.json"), 1).StaleFiles);
            Assert.Equal(new[] { b, Path.Combine(dir, "group1-shard1of1.bin") }, TfjsModelFiles.Write(b, FixturePlan("model_mlp.json"), Values));
            Assert.Equal(before, Snapshot().Where(f => f.Item1 == a || f.Item1.Contains("of6", StringComparison.Ordinal)).ToList());
            Assert.Equal(9, Directory.GetFiles(dir).Length);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("not json")]
        [InlineData("{\"weightsManifest\": 3}")]
        [InlineData("[\"group1-shard2of2.bin\"]")]
        [InlineData("{\"weightsManifest\": [{\"paths\": [\"sub/group1-shard2of2.bin\", \"../group1-shard2of2.bin\", \"group1-shard2of2.bin.tmp\"]}]}")]
        public void OnlyShardsThatTheOldTargetNamesInItsFolderAreStale(string? oldTarget)
        {
            // A missing, unreadable or non-model old target names nothing; a path it names outside its folder, or not
            // named as shards are, is never removed. The shard-named files here were removed whoever had written them.
            var model = Path.Combine(dir, "m", "model.json");
            Directory.CreateDirectory(Path.Combine(dir, "m", "sub"));
            if (oldTarget is not null)
            {
                File.WriteAllText(model, oldTarget);
            }

            foreach (var file in new[] { "m/group1-shard2of2.bin", "m/sub/group1-shard2of2.bin", "group1-shard2of2.bin", "m/group1-shard2of2.bin.tmp" })
            {
                File.WriteAllText(Path.Combine(dir, file), "kept");
            }

            Assert.Empty(ModelWeightFile.Prepare(model, ModelWeightFormat.TensorFlowJs, FixturePlan("model_mlp.json"), 1).StaleFiles);
            TfjsModelFiles.Write(model, FixturePlan("model_mlp.json"), Values);
            Assert.Equal("kept", File.ReadAllText(Path.Combine(dir, "m", "group1-shard2of2.bin")));
            Assert.Equal("kept", File.ReadAllText(Path.Combine(dir, "m", "sub", "group1-shard2of2.bin")));
            Assert.Equal("kept", File.ReadAllText(Path.Combine(dir, "group1-shard2of2.bin")));
        }

        [Fact]
        public void AStaleShardThatAnotherModelJsonNamesIsKeptAndJsonThatIsNoModelIsIgnored()
        {
            // model.json had 6 shards; other.json (by hand) names the sixth, so it is another model's file, not stale.
            // A JSON that does not parse, one without weightsManifest (a Hugging Face index naming the new shard) and a
            // folder named *.json are not models.
            var model = Path.Combine(dir, "model.json");
            TfjsModelFiles.Write(model, FixturePlan("model_mlp.json"), Values, shardBytes: 256);
            File.WriteAllText(Path.Combine(dir, "other.json"), "{\"format\": \"layers-model\", \"weightsManifest\": [{\"paths\": [\"./group1-shard6of6.bin\"], \"weights\": []}]}");
            File.WriteAllText(Path.Combine(dir, "broken.json"), "{\"weightsManifest\": [{\"paths\": [\"group1-shard1of1.bin\"]}");
            File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"), "{\"weight_map\": {\"x\": \"group1-shard1of1.bin\"}}");
            Directory.CreateDirectory(Path.Combine(dir, "folder.json"));
            var prepared = ModelWeightFile.Prepare(model, ModelWeightFormat.TensorFlowJs, FixturePlan("model_mlp.json"), 1);
            Assert.Equal(Enumerable.Range(1, 5).Select(i => Path.Combine(dir, $"group1-shard{i}of6.bin")), prepared.StaleFiles);
            prepared.Write();
            Assert.Equal(
                new[] { "broken.json", "group1-shard1of1.bin", "group1-shard6of6.bin", "model.json", "model.safetensors.index.json", "other.json" },
                Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal));
        }

        [Fact]
        public void AJsonFileOver64MiBIsNotReadForItsManifest()
        {
            // The same manifest refuses the write when the file is small (AShardThatAnotherModelJson...); padded with
            // JSON whitespace to 64 MiB + 1 byte, it is skipped unread.
            var big = Path.Combine(dir, "big.json");
            PaddedManifest(big, (64L << 20) + 1);
            TfjsModelFiles.Write(Path.Combine(dir, "model.json"), FixturePlan("model_mlp.json"), Values);
            File.WriteAllBytes(big, OtherManifest);
            var ex = Assert.Throws<InitializerException>(() => TfjsModelFiles.Write(Path.Combine(dir, "model.json"), FixturePlan("model_mlp.json"), Values));
            Assert.Equal("TfjsShardInUse", ex.ErrorId);
        }

        [Fact]
        public void AJsonFileOfExactly64MiBIsStillReadForItsManifest()
        {
            // The limit is "larger than 64 MiB": a file of exactly 64 MiB is read, and its manifest protects its shard.
            var big = Path.Combine(dir, "big.json");
            PaddedManifest(big, 64L << 20);
            var ex = Assert.Throws<InitializerException>(() => TfjsModelFiles.Write(Path.Combine(dir, "model.json"), FixturePlan("model_mlp.json"), Values));
            Assert.Equal("TfjsShardInUse", ex.ErrorId);
            Assert.Equal(Path.Combine(dir, "group1-shard1of1.bin"), ex.Target);
        }

        /// <summary>Another model's manifest, naming the shard that model_mlp.json's one-shard write also writes.</summary>
        private static readonly byte[] OtherManifest = Encoding.UTF8.GetBytes("{\"weightsManifest\": [{\"paths\": [\"group1-shard1of1.bin\"], \"weights\": []}]}");

        /// <summary>Writes <see cref="OtherManifest"/> padded with JSON whitespace to exactly <paramref name="length"/> bytes.</summary>
        private static void PaddedManifest(string path, long length)
        {
            using (var stream = File.Create(path))
            {
                stream.Write(OtherManifest, 0, OtherManifest.Length);
                var spaces = Enumerable.Repeat((byte)' ', 1 << 20).ToArray();
                for (var left = length - OtherManifest.Length; left > 0; left -= spaces.Length)
                {
                    stream.Write(spaces, 0, (int)Math.Min(left, spaces.Length));
                }
            }

            Assert.Equal(length, new FileInfo(path).Length);
        }

        private List<(string, string)> Snapshot() => Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal).Select(f => (f, Hex(File.ReadAllBytes(f)))).ToList();

        [Fact]
        public void AShardPathThatCannotBeWrittenStopsTheWriteBeforeAnyFileChanges()
        {
            var model = Path.Combine(dir, "model.json");
            File.WriteAllText(model, "old");
            Directory.CreateDirectory(Path.Combine(dir, "group1-shard2of3.bin"));
            var ex = Assert.Throws<InitializerException>(() => TfjsModelFiles.Write(model, FixturePlan("keras3_conv_bn.json"), Values));
            Assert.Equal("PathIsDirectory", ex.ErrorId);
            Assert.Equal("old", File.ReadAllText(model));
            Assert.Equal(new[] { "model.json" }, Directory.GetFiles(dir).Select(Path.GetFileName));
        }
    }
}
