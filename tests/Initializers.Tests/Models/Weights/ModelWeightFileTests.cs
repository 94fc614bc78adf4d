using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Initializers.IO;
using Initializers.Models.Weights;
using Initializers.Serialization;
using Initializers.Statistics;
using Initializers.Tests.IO;
using Initializers.Torch;
using Xunit;

namespace Initializers.Tests.Models.Weights
{
    /// <summary>Model weights written as .safetensors, .npz and the Hugging Face sharded layout, through the one tensor
    /// writer. One class: the disk-space hook is static. In the "AtomicFile hook" collection with AtomicFileTests: both
    /// set the static <see cref="Initializers.IO.AtomicFile.BeforeCommit"/>.</summary>
    [Collection(AtomicFileHook.Name)]
    public sealed class ModelWeightFileTests : IDisposable
    {
        private const string NoNumpy = "/usr/bin/python3 with numpy is not installed (apt-get install python3-numpy)";
        private readonly string dir = Directory.CreateTempSubdirectory("init-weights-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [Theory]
        [InlineData("m.safetensors")]
        [InlineData("m.npz")]
        public void EveryWeightReadsBackAsItsCallsConcatenated(string file)
        {
            var plan = WeightPlans.Small();
            var path = Path.Combine(dir, file);
            var written = ModelWeightFile.Write(path, ModelWeightFile.FormatOf(path), plan, 77);
            Assert.Equal(new[] { path }, written);
            var read = TensorFile.Read(path).ToDictionary(t => t.Key, t => t.Value);
            Assert.Equal(plan.Weights.Select(w => w.Path).OrderBy(n => n, StringComparer.Ordinal), read.Keys.OrderBy(n => n, StringComparer.Ordinal));
            foreach (var weight in plan.Weights)
            {
                Assert.Equal(weight.Shape, read[weight.Path].Shape.Select(d => (long)d));
                Assert.Equal(WeightPlans.Reference(weight, 77), read[weight.Path].ToBytes());
            }

            // One-call weights carry their provenance (initializer with its effective seed); the 3-part bias none.
            Assert.Equal(SeedDerivation.Derive(77, "dense", "kernel_initializer"), read["dense/kernel"].GetProvenance()!.Seed);
            Assert.Null(read["lstm/lstm_cell/bias"].GetProvenance());
        }

        [Fact]
        public void ManyStreamedTensorsWriteTheBytesOfTheInMemoryTensors()
        {
            // The multi-tensor streaming write goes through the same writers: the file equals the in-memory one.
            var a = WeightPlans.Init("HeNormal", 5);
            var b = WeightPlans.Init("Orthogonal", 6);
            foreach (var ext in new[] { ".safetensors", ".npz" })
            {
                var streamed = Path.Combine(dir, "s" + ext);
                var memory = Path.Combine(dir, "m" + ext);
                TensorFile.Write(streamed, new[] { new KeyValuePair<string, TensorElements>("a", a.Elements(new long[] { 30, 7 })), new KeyValuePair<string, TensorElements>("b", b.Elements(new long[] { 4, 4 })) }, null, new StreamingOptions { ChunkBytes = 16 });
                TensorFile.Write(memory, new[] { new KeyValuePair<string, Tensor>("a", a.Call(new[] { 30, 7 })), new KeyValuePair<string, Tensor>("b", b.Call(new[] { 4, 4 })) });
                Assert.Equal(File.ReadAllBytes(memory), File.ReadAllBytes(streamed));
            }
        }

        [Fact]
        public void SafetensorsMetadataRecordsTheModelHashTheSeedsAndTheVersion()
        {
            var plan = WeightPlans.Small();
            var path = Path.Combine(dir, "m.safetensors");
            ModelWeightFile.Write(path, ModelWeightFormat.Safetensors, plan, -9, new ModelWeightWriteOptions { ModelSha256 = "ab12" });
            Safetensors.Read(path, null, out var metadata);
            var meta = metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
            Assert.Equal("pt", meta["format"]);
            Assert.Equal("ab12", meta["initializers.model_sha256"]);
            Assert.Equal("-9", meta["initializers.base_seed"]);
            Assert.Equal("3.15", meta["initializers.keras_version"]);
            Assert.Equal(TensorProvenance.CurrentVersion, meta["initializers.version"]);
            var seeds = (IDictionary)JsonText.Parse(meta["initializers.seeds"])!;
            Assert.Equal(SeedDerivation.Derive(-9, "dense", "kernel_initializer"), Convert.ToInt64(seeds["dense/kernel"]));
            Assert.Null(seeds["dense/bias"]);
            Assert.Equal(11L, Convert.ToInt64(seeds["dense_1/bias"]));
            var lstm = (object?[])seeds["lstm/lstm_cell/bias"]!;
            Assert.Equal(SeedDerivation.Derive(-9, "lstm", "bias_initializer/bias#0"), Convert.ToInt64(lstm[0]));
            Assert.Null(lstm[1]);
            Assert.Equal(SeedDerivation.Derive(-9, "lstm", "bias_initializer/bias#2"), Convert.ToInt64(lstm[2]));
        }

        [Fact]
        public void ShardsAreBalancedByBytesLargestFirst()
        {
            // Bytes 400, 240, 200, 160, 40 (float32 counts 100, 60, 50, 40, 10) into two shards, by hand:
            // 400 -> s0; 240 -> s1; 200 -> s1 (440); 160 -> s0 (560); 40 -> s1 (480). Three: 400 -> s0; 240 -> s1;
            // 200 -> s2; 160 -> s2 (360); 40 -> s1 (280).
            var init = WeightPlans.Init("Zeros");
            var weights = new[] { 10, 100, 50, 60, 40 }.Select((n, i) => WeightPlans.Whole("w" + i + "/kernel", "w" + i, new long[] { n }, init, "kernel_initializer")).ToList();
            Assert.Equal(new[] { 1, 0, 1, 1, 0 }, ModelWeightFile.AssignShards(weights, 2));
            Assert.Equal(new[] { 1, 0, 2, 1, 2 }, ModelWeightFile.AssignShards(weights, 3));
            Assert.Equal(new[] { 0, 0, 0, 0, 0 }, ModelWeightFile.AssignShards(weights, 1));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(7)]
        public void TheShardsTogetherHoldTheTensorsOfOneRunInTheHuggingFaceLayout(int count)
        {
            var plan = WeightPlans.Small();
            var one = Path.Combine(dir, "one", "model.safetensors");
            Directory.CreateDirectory(Path.GetDirectoryName(one)!);
            ModelWeightFile.Write(one, ModelWeightFormat.Safetensors, plan, 5);
            var whole = Safetensors.Read(one).ToDictionary(t => t.Key, t => t.Value.ToBytes());

            var destination = Path.Combine(dir, "model.safetensors");
            var union = new Dictionary<string, byte[]>();
            for (var i = 0; i < count; i++)
            {
                var files = ModelWeightFile.Write(destination, ModelWeightFormat.Safetensors, plan, 5, new ModelWeightWriteOptions { ShardIndex = i, ShardCount = count });
                var shard = Path.Combine(dir, $"model-{i + 1:D5}-of-{count:D5}.safetensors");
                Assert.Equal(new[] { shard, Path.Combine(dir, "model.safetensors.index.json") }, files);
                foreach (var t in Safetensors.Read(shard))
                {
                    union.Add(t.Key, t.Value.ToBytes());
                }
            }

            Assert.False(File.Exists(destination));
            Assert.Equal(whole.Keys.OrderBy(k => k, StringComparer.Ordinal), union.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var name in whole.Keys)
            {
                Assert.Equal(whole[name], union[name]);
            }

            var index = (IDictionary)JsonText.Parse(File.ReadAllText(Path.Combine(dir, "model.safetensors.index.json")))!;
            Assert.Equal(plan.Weights.Sum(w => w.ByteCount), Convert.ToInt64(((IDictionary)index["metadata"]!)["total_size"]));
            var map = (IDictionary)index["weight_map"]!;
            Assert.Equal(plan.Weights.Count, map.Count);
            foreach (DictionaryEntry entry in map)
            {
                Assert.Contains((string)entry.Key, Safetensors.Read(Path.Combine(dir, (string)entry.Value!)).Select(t => t.Key));
            }
        }

        [Fact]
        public void AShardAndItsIndexAreCommittedTogetherSoAFailedIndexLeavesTheOldShard()
        {
            // The shard was renamed into place before the index was written: an index that then failed left a new shard
            // beside an old (or no) index. Now both are new or both as they were.
            var plan = WeightPlans.Small();
            var destination = Path.Combine(dir, "model.safetensors");
            var options = new ModelWeightWriteOptions { ShardIndex = 0, ShardCount = 2 };
            var shard = Path.Combine(dir, "model-00001-of-00002.safetensors");
            var index = Path.Combine(dir, "model.safetensors.index.json");
            ModelWeightFile.Write(destination, ModelWeightFormat.Safetensors, plan, 5, options);
            var shardBefore = File.ReadAllBytes(shard);
            File.WriteAllText(index, "{\"weight_map\": {}}\n");
            AtomicFile.BeforeCommit = (_, target) =>
            {
                if (target == index)
                {
                    throw new IOException("injected index failure");
                }
            };
            try
            {
                var error = Assert.Throws<InitializerException>(() => ModelWeightFile.Write(destination, ModelWeightFormat.Safetensors, plan, 6, options));
                Assert.Equal("FileWriteFailed", error.ErrorId);
                Assert.Equal(index, error.Target);
            }
            finally
            {
                AtomicFile.BeforeCommit = null;
            }

            Assert.Equal(shardBefore, File.ReadAllBytes(shard));
            Assert.Equal("{\"weight_map\": {}}\n", File.ReadAllText(index));
            Assert.Equal(new[] { shard, index }.OrderBy(f => f, StringComparer.Ordinal), Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal));

            // And without the fault both are replaced.
            ModelWeightFile.Write(destination, ModelWeightFormat.Safetensors, plan, 6, options);
            Assert.NotEqual(shardBefore, File.ReadAllBytes(shard));
            Assert.Equal(ModelWeightFile.Index(plan, destination, 2), File.ReadAllText(index));
        }

        [Fact]
        public void APreparedWriteListsTheFilesAndValuesItWrites()
        {
            // The cmdlet confirms, guards and reports from Prepare; Write must write exactly that.
            var plan = WeightPlans.Small();
            var destination = Path.Combine(dir, "model.npz");
            var options = new ModelWeightWriteOptions { ShardIndex = 1, ShardCount = 2 };
            var prepared = ModelWeightFile.Prepare(destination, ModelWeightFormat.Npz, plan, 5, options);
            var assigned = ModelWeightFile.AssignShards(plan.Weights, 2);
            Assert.Equal(plan.Weights.Where((w, i) => assigned[i] == 1).Select(w => w.Path), prepared.Values.Select(v => v.Weight.Path));
            Assert.Equal(prepared.Values.Sum(v => v.Weight.ByteCount), prepared.Bytes);
            Assert.Empty(prepared.StaleFiles);
            Assert.Equal(prepared.Files, prepared.Write());
            Assert.Equal(prepared.Values.Select(v => v.Weight.Path), Npz.Read(prepared.Files[0]).Select(t => t.Key));
        }

        [Theory]
        [InlineData(ModelWeightFormat.TensorFlowJs, "model.json")]
        [InlineData(ModelWeightFormat.KerasH5, "m.weights.h5")]
        public void TheTensorFlowJsAndKerasLayoutsAreNotSharded(ModelWeightFormat format, string file)
        {
            var path = Path.Combine(dir, file);
            Assert.Equal(format, ModelWeightFile.FormatOf(path));
            var options = new ModelWeightWriteOptions { ShardIndex = 0, ShardCount = 2 };
            var error = Assert.Throws<InitializerException>(() => ModelWeightFile.Write(path, format, WeightPlans.Small(), 1, options));
            Assert.Equal("ShardFormatUnsupported", error.ErrorId);
            Assert.Equal($"Cannot write '{path}' in shards: the {format} layout is one set of files; shard .safetensors or .npz instead.", error.Message);
            Assert.Equal(path, error.SourceName);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void FormatsFollowTheName()
        {
            Assert.Equal(ModelWeightFormat.Safetensors, ModelWeightFile.FormatOf("a/B.SafeTensors"));
            Assert.Equal(ModelWeightFormat.Npz, ModelWeightFile.FormatOf("w.npz"));
            Assert.Equal(ModelWeightFormat.KerasH5, ModelWeightFile.FormatOf("m.weights.h5"));
            Assert.Equal(ModelWeightFormat.TensorFlowJs, ModelWeightFile.FormatOf("web/model.json"));
            var unknown = Assert.Throws<InitializerException>(() => ModelWeightFile.FormatOf("m.h5"));
            Assert.Equal("UnknownWeightFormat", unknown.ErrorId);
            Assert.Equal("Cannot tell the weight format of 'm.h5' from its name: use .safetensors, .npz, .weights.h5 (Keras 3) or model.json (TensorFlow.js), or give the format.", unknown.Message);
            Assert.Equal("m.h5", unknown.SourceName);
            Assert.Equal("UnknownWeightFormat", Assert.Throws<InitializerException>(() => ModelWeightFile.FormatOf("m.npy")).ErrorId);
        }

        [Fact]
        public void TooLittleDiskIsRefusedBeforeAnythingIsWritten()
        {
            var plan = WeightPlans.Small();
            var needed = plan.Weights.Sum(w => w.ByteCount);
            var path = Path.Combine(dir, "m.safetensors");
            // Only this test's folder is short of space: other classes that prepare writes run at the same time.
            ModelWeightFile.FreeSpace = folder => folder.StartsWith(dir, StringComparison.Ordinal) ? needed : ModelWeightFile.DefaultFreeSpace(folder);
            try
            {
                var error = Assert.Throws<InitializerException>(() => ModelWeightFile.Write(path, ModelWeightFormat.Safetensors, plan, 1));
                Assert.Equal("InsufficientDiskSpace", error.ErrorId);
                Assert.Contains(path, error.Message);
                Assert.Empty(Directory.GetFileSystemEntries(dir));
                ModelWeightFile.FreeSpace = _ => 1L << 40;
                ModelWeightFile.Write(path, ModelWeightFormat.Safetensors, plan, 1);
                Assert.True(File.Exists(path));
            }
            finally
            {
                ModelWeightFile.FreeSpace = ModelWeightFile.DefaultFreeSpace;
            }
        }

        [Theory]
        [InlineData(ModelWeightFormat.Npz, "m.npz", DType.BFloat16)]
        [InlineData(ModelWeightFormat.Safetensors, "m.safetensors", DType.Complex64)]
        public void ADTypeTheFormatCannotHoldLeavesNoFile(ModelWeightFormat format, string file, DType dtype)
        {
            var plan = WeightPlans.Plan(new[]
            {
                WeightPlans.Whole("a/kernel", "a", new long[] { 4 }, WeightPlans.Init("Ones"), "kernel_initializer"),
                WeightPlans.Whole("b/kernel", "b", new long[] { 4 }, WeightPlans.Init("Ones"), "kernel_initializer", dtype),
            });
            var path = Path.Combine(dir, file);
            var error = Assert.Throws<InitializerException>(() => ModelWeightFile.Write(path, format, plan, 1));
            Assert.Equal("UnsupportedDType", error.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void ACancelledWriteLeavesTheOldFileAndNoTemporary()
        {
            var path = Path.Combine(dir, "m.safetensors");
            File.WriteAllText(path, "old");
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => ModelWeightFile.Write(path, ModelWeightFormat.Safetensors, WeightPlans.Small(), 1, null, new StreamingOptions { Cancellation = cancel.Token }));
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Single(Directory.GetFileSystemEntries(dir));
        }

        [Theory]
        [InlineData(null, 2, "none of 2")]
        [InlineData(2, 2, "2 of 2")]
        [InlineData(-1, 2, "-1 of 2")]
        [InlineData(0, 0, "0 of 0")]
        [InlineData(1, null, "1 of none")]
        public void AShardOutsideItsCountIsRefused(int? index, int? count, string got)
        {
            var path = Path.Combine(dir, "m.safetensors");
            var error = Assert.Throws<InitializerException>(() => ModelWeightFile.Write(path, ModelWeightFormat.Safetensors, WeightPlans.Small(), 1, new ModelWeightWriteOptions { ShardIndex = index, ShardCount = count }));
            Assert.Equal("ShardOutOfRange", error.ErrorId);
            Assert.Equal($"A shard is index i of count n, with n at least 1 and i from 0 to n - 1; got index {got}.", error.Message);
            Assert.Equal(path, error.SourceName);
            Assert.Equal(index ?? count, error.Target);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void ProgressCountsTheBytesOfTheWholeNpz()
        {
            var plan = WeightPlans.Small();
            var reports = new List<(long Done, long Total)>();
            ModelWeightFile.Write(Path.Combine(dir, "m.npz"), ModelWeightFormat.Npz, plan, 1, null, new StreamingOptions { Progress = (d, t) => reports.Add((d, t)) });
            var total = plan.Weights.Sum(w => w.ByteCount);
            Assert.All(reports, r => Assert.Equal(total, r.Total));
            Assert.Equal(reports.Select(r => r.Done).OrderBy(d => d), reports.Select(r => r.Done));
            Assert.Equal(total, reports[reports.Count - 1].Done);
        }

        [Fact]
        public void MeasuringAWeightStopsWhenItsTokenIsCancelled()
        {
            // Measuring makes the whole weight again; Initialize-ModelWeight -Measure passes its stop token here.
            var values = ModelWeightValues.Create(WeightPlans.Small().Weights[0], 1);
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => values.Measure(cancel.Token));
            using var live = new CancellationTokenSource();
            Assert.Equal(values.Measure().Std, values.Measure(live.Token).Std);
        }

        [Fact]
        public void GlorotAndHeStdFollowTheRealFans()
        {
            // Glorot uniform: std = sqrt(2 / (fan_in + fan_out)); He normal: sqrt(2 / fan_in) (truncated, so the
            // stddev Keras asks for is sqrt(2 / fan_in) / 0.8796..., and the values' std is sqrt(2 / fan_in)).
            var plan = WeightPlans.Plan(new[]
            {
                WeightPlans.Whole("d/kernel", "d", new long[] { 300, 200 }, WeightPlans.Init("GlorotUniform"), "kernel_initializer"),
                WeightPlans.Whole("e/kernel", "e", new long[] { 250, 100 }, WeightPlans.Init("HeNormal"), "kernel_initializer"),
            });
            var path = Path.Combine(dir, "m.safetensors");
            ModelWeightFile.Write(path, ModelWeightFormat.Safetensors, plan, 2026);
            var read = Safetensors.Read(path).ToDictionary(t => t.Key, t => t.Value);
            var glorot = TensorStatistics.Measure(read["d/kernel"]);
            var he = TensorStatistics.Measure(read["e/kernel"]);
            // 60000 and 25000 samples: the relative standard error of a std estimate is about 1/sqrt(2n) < 0.5 %.
            Assert.InRange(glorot.Std, Math.Sqrt(2.0 / 500) * 0.98, Math.Sqrt(2.0 / 500) * 1.02);
            Assert.InRange(he.Std, Math.Sqrt(2.0 / 250) * 0.98, Math.Sqrt(2.0 / 250) * 1.02);
            Assert.InRange(glorot.Mean, -0.003, 0.003);
        }

        [SkippableFact]
        public void NumpyReadsTheNpzAndTheSafetensorsBitForBit()
        {
            Skip.IfNot(NumpyInteropTests.HasNumpy.Value, NoNumpy);
            var plan = WeightPlans.Small();
            var npz = Path.Combine(dir, "m.npz");
            var st = Path.Combine(dir, "m.safetensors");
            ModelWeightFile.Write(npz, ModelWeightFormat.Npz, plan, 31);
            ModelWeightFile.Write(st, ModelWeightFormat.Safetensors, plan, 31);
            var result = NumpyInteropTests.Run(
                "import numpy as np, json, struct\n" +
                $"z = np.load(r'{npz}')\n" +
                $"b = open(r'{st}', 'rb').read()\n" +
                "n = struct.unpack('<Q', b[:8])[0]\n" +
                "h = json.loads(b[8:8 + n].decode('utf-8'))\n" +
                "h.pop('__metadata__')\n" +
                "for name in sorted(h):\n" +
                "    e = h[name]\n" +
                "    s, t = e['data_offsets']\n" +
                "    a = np.frombuffer(b[8 + n + s:8 + n + t], dtype='<f4').reshape(e['shape'])\n" +
                "    assert a.tobytes() == z[name].tobytes() and a.shape == z[name].shape, name\n" +
                "    print(name, list(a.shape), a.tobytes().hex())\n");
            Assert.True(result.ExitCode == 0, result.Output);
            var expected = plan.Weights.OrderBy(w => w.Path, StringComparer.Ordinal)
                .Select(w => $"{w.Path} [{string.Join(", ", w.Shape)}] {string.Concat(WeightPlans.Reference(w, 31).Select(x => x.ToString("x2")))}");
            Assert.Equal(expected, result.Output.TrimEnd('\n').Split('\n'));
        }

        /// <summary>A Keras 3 Sequential on (5, 2) sequences: LSTM 'l' of 3 units, then BatchNormalization 'bn' on its
        /// 3 features.</summary>
        private static ModelWeightPlan LstmBatchNormPlan() => Models.ModelWeightPlanTests.Plan(Models.ModelWeightPlanTests.Keras3Sequential(
            "[null,5,2]",
            Models.ModelWeightPlanTests.Layer("LSTM", "'name':'l','units':3"),
            Models.ModelWeightPlanTests.Layer("BatchNormalization", "'name':'bn'")));

        [Fact]
        public void PrepareRefusesATorchLayoutTheMappingCannotWriteBeforeAnythingIsConfirmed()
        {
            // The mapping ran only in the writer (and in the cmdlet): Prepare, which the cmdlet confirms from, accepted it.
            var plan = Models.ModelWeightPlanTests.Plan(Models.ModelWeightPlanTests.Keras3Sequential("[null,3]", Models.ModelWeightPlanTests.Layer("PReLU", "'name':'x'")));
            var path = Path.Combine(dir, "m.safetensors");
            var error = Assert.Throws<InitializerException>(() => ModelWeightFile.Prepare(path, ModelWeightFormat.Safetensors, plan, 1, new ModelWeightWriteOptions { Layout = WeightLayout.Torch }));
            Assert.Equal("TorchLayoutUnsupported", error.ErrorId);
            Assert.Equal("x", error.Target);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void APreparedTorchWriteCountsTheTensorsPyTorchAdds()
        {
            // By hand: LSTM(3) on 2 features: kernel (2, 12), recurrent_kernel (3, 12), bias (12,): 72 float32, 288 bytes;
            // BatchNormalization on 3 features: gamma, beta, moving_mean, moving_variance (3,): 48 bytes. Keras: 336.
            // PyTorch adds bias_hh_l0 (12,) float32, 48 bytes, and num_batches_tracked, a 0-d int64, 8 bytes: 392.
            var plan = LstmBatchNormPlan();
            var path = Path.Combine(dir, "m.safetensors");
            var keras = ModelWeightFile.Prepare(path, ModelWeightFormat.Safetensors, plan, 1);
            Assert.Equal(336, keras.Bytes);
            Assert.Null(keras.Torch);
            var prepared = ModelWeightFile.Prepare(path, ModelWeightFormat.Safetensors, plan, 1, new ModelWeightWriteOptions { Layout = WeightLayout.Torch });
            Assert.Equal(392, prepared.Bytes);
            Assert.Equal(
                new[] { "seq.l.weight_ih_l0", "seq.l.weight_hh_l0", "seq.l.bias_ih_l0", "seq.l.bias_hh_l0", "seq.bn.weight", "seq.bn.bias", "seq.bn.running_mean", "seq.bn.running_var", "seq.bn.num_batches_tracked" },
                prepared.Torch!.Select(t => t.Name));
            prepared.Write();
            var written = TensorFile.Read(path).ToList();
            Assert.Equal(prepared.Torch!.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal), written.Select(t => t.Key).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(392, written.Sum(t => (long)t.Value.ToBytes().Length));
        }

        [Fact]
        public void ChangingTheOptionsAfterPrepareChangesNothingWritten()
        {
            // The prepared write kept the caller's object: a Layout, hash or shard set afterwards was what Write used.
            var plan = WeightPlans.Small();
            var path = Path.Combine(dir, "m.safetensors");
            var options = new ModelWeightWriteOptions { ModelSha256 = "ab12" };
            var prepared = ModelWeightFile.Prepare(path, ModelWeightFormat.Safetensors, plan, 3, options);
            options.ModelSha256 = "ff00";
            options.Layout = WeightLayout.Torch;
            options.ShardIndex = 0;
            options.ShardCount = 2;
            prepared.Options.ModelSha256 = "ee00";
            Assert.Equal("ab12", prepared.Options.ModelSha256);
            Assert.Equal(WeightLayout.Keras, prepared.Options.Layout);
            Assert.Equal(new[] { path }, prepared.Write());
            Assert.Equal(new[] { "m.safetensors" }, Directory.GetFiles(dir).Select(f => Path.GetFileName(f)));
            Assert.Equal(plan.Weights.Select(w => w.Path).OrderBy(n => n, StringComparer.Ordinal), TensorFile.Read(path).Select(t => t.Key).OrderBy(n => n, StringComparer.Ordinal));
            Safetensors.Read(path, null, out var metadata);
            var meta = metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
            Assert.Equal("ab12", meta[ModelWeightFile.ModelSha256Key]);
            Assert.False(meta.ContainsKey(TorchStateDict.LayoutKey));
        }

        [Fact]
        public void AConfirmedStaleShardThatAnotherModelNamesByTheTimeOfTheWriteIsKept()
        {
            // The confirmed list was removed as it stood: a model.json written into the folder while the user was asked,
            // naming one of those shards, lost it.
            var model = Path.Combine(dir, "model.json");
            var shard = Path.Combine(dir, "group1-shard2of2.bin");
            File.WriteAllText(shard, "earlier");
            File.WriteAllText(model, "{\"weightsManifest\": [{\"paths\": [\"group1-shard1of2.bin\", \"group1-shard2of2.bin\"]}]}");
            var prepared = ModelWeightFile.Prepare(model, ModelWeightFormat.TensorFlowJs, TfjsModelFilesTests.FixturePlan("model_mlp.json"), 1);
            Assert.Equal(new[] { shard }, prepared.StaleFiles);
            File.WriteAllText(Path.Combine(dir, "other.json"), "{\"weightsManifest\": [{\"paths\": [\"group1-shard2of2.bin\"]}]}");
            prepared.Write();
            Assert.Equal("earlier", File.ReadAllText(shard));
            Assert.Equal(new[] { "group1-shard1of1.bin", "group1-shard2of2.bin", "model.json", "other.json" }, Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal));
        }

        [Fact]
        public void OnlyTheStaleShardsListedWhenPreparedAreRemoved()
        {
            // The stale shards were listed again at write time: a shard that appeared after the user confirmed the list
            // was removed without being shown.
            var model = Path.Combine(dir, "model.json");
            var confirmed = Path.Combine(dir, "group1-shard1of2.bin");
            var later = Path.Combine(dir, "group1-shard2of3.bin");
            File.WriteAllText(confirmed, "earlier");
            // The model.json being replaced names both; only the shard that exists when the write is prepared is stale.
            File.WriteAllText(model, "{\"weightsManifest\": [{\"paths\": [\"group1-shard1of2.bin\", \"group1-shard2of3.bin\"]}]}");
            var prepared = ModelWeightFile.Prepare(model, ModelWeightFormat.TensorFlowJs, TfjsModelFilesTests.FixturePlan("model_mlp.json"), 1);
            Assert.Equal(new[] { confirmed }, prepared.StaleFiles);
            File.WriteAllText(later, "appeared after the list was confirmed");
            prepared.Write();
            Assert.False(File.Exists(confirmed));
            Assert.Equal("appeared after the list was confirmed", File.ReadAllText(later));
            Assert.Equal(new[] { "group1-shard1of1.bin", "group1-shard2of3.bin", "model.json" }, Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal));
        }
    }
}
