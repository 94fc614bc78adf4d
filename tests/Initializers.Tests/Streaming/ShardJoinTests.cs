using System;
using System.Collections;
using System.IO;
using System.Linq;
using Initializers.Family;
using Initializers.IO;
using Initializers.Serialization;
using Xunit;

namespace Initializers.Tests.Streaming
{
    /// <summary>Sharded exports (<see cref="TensorShards"/>): what a part's description records, which arguments a
    /// shard refuses, and every way a join finds the parts beside a file wrong, each with its message. Sizes by hand: a
    /// float32 (9, 5) .npy has a 128-byte header and 180 bytes of data, 308 in all; two shards split the 45 elements
    /// 22 + 23, so part 0 is the header and 88 bytes (216), part 1 92 bytes at offset 216.</summary>
    public sealed class ShardJoinTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-shard-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        private string File_ => Path.Combine(dir, "w.npy");

        private static TensorElements Elements(long seed = 6) => new RandomNormal(seed: seed).Elements(new long[] { 9, 5 });

        private static InitializerException Fails(Action action) => Assert.Throws<InitializerException>(action);

        [Fact]
        public void APartsDescriptionRecordsItsRunPlaceAndTensor()
        {
            var part = TensorShards.WritePart(File_, Elements(), 1, 2);
            Assert.Equal(File_ + ".part-00001-of-00002", part);
            var info = (IDictionary)JsonText.Parse(File.ReadAllText(part + ".json"))!;
            Assert.Equal(new[] { "run", "format", "file", "index", "count", "offset", "length", "size", "initializer", "shape", "dtype" }, info.Keys.Cast<string>());
            Assert.Matches("^[0-9a-f]{16}$", (string)info["run"]!);
            Assert.Equal(("npy", "w.npy", "float32"), ((string)info["format"]!, (string)info["file"]!, (string)info["dtype"]!));
            Assert.Equal("1 2 216 92 308", string.Join(" ", new[] { "index", "count", "offset", "length", "size" }.Select(k => Convert.ToInt64(info[k], System.Globalization.CultureInfo.InvariantCulture))));
            Assert.Equal("9 5", string.Join(" ", ((object?[])info["shape"]!).Select(d => Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture))));
            Assert.Equal(new RandomNormal(seed: 6).ToString(), info["initializer"]);
            Assert.Equal(92, new FileInfo(part).Length);
            Assert.Equal(216, new FileInfo(TensorShards.WritePart(File_, Elements(), 0, 2)).Length);
        }

        /// <summary>The run id ties the parts of one file: it changes with the format, the safetensors name, the
        /// initializer or its seed, the shape, the dtype and the count, and with nothing else.</summary>
        [Fact]
        public void TheRunIdChangesWithWhatMakesAnotherFile()
        {
            var elements = Elements();
            var id = TensorShards.RunId(elements, 2, TensorFileFormat.Npy, "a");
            Assert.Equal(id, TensorShards.RunId(Elements(), 2, TensorFileFormat.Npy, "b"));
            Assert.NotEqual(id, TensorShards.RunId(elements, 2, TensorFileFormat.Safetensors, "a"));
            Assert.NotEqual(TensorShards.RunId(elements, 2, TensorFileFormat.Safetensors, "a"), TensorShards.RunId(elements, 2, TensorFileFormat.Safetensors, "b"));
            Assert.NotEqual(id, TensorShards.RunId(Elements(7), 2, TensorFileFormat.Npy, "a"));
            Assert.NotEqual(id, TensorShards.RunId(new RandomNormal(seed: 6).Elements(new long[] { 5, 9 }), 2, TensorFileFormat.Npy, "a"));
            Assert.NotEqual(id, TensorShards.RunId(new RandomNormal(seed: 6).Elements(new long[] { 9, 5 }, DType.Float64), 2, TensorFileFormat.Npy, "a"));
            Assert.NotEqual(id, TensorShards.RunId(elements, 3, TensorFileFormat.Npy, "a"));
        }

        [Theory]
        [InlineData(0, 0, "ShardCount 0 is out of range: give 1 to 99999.")]
        [InlineData(0, 100000, "ShardCount 100000 is out of range: give 1 to 99999.")]
        [InlineData(2, 2, "ShardIndex 2 is out of range for 2 shards: give 0 to 1.")]
        [InlineData(-1, 2, "ShardIndex -1 is out of range for 2 shards: give 0 to 1.")]
        public void AShardOutsideItsCountIsRefused(int index, int count, string says)
        {
            var error = Fails(() => TensorShards.WritePart(File_, Elements(), index, count));
            Assert.Equal(("ShardOutOfRange", says), (error.ErrorId, error.Message));
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void AnUnseededOrUnsplittableShardIsRefused()
        {
            var unseeded = Fails(() => TensorShards.WritePart(File_, new RandomNormal().Elements(new long[] { 3 }), 0, 2));
            Assert.Equal("ShardNeedsSeed", unseeded.ErrorId);
            Assert.StartsWith("RandomNormal has no seed, so each process would draw its own and the parts would not fit together.", unseeded.Message);
            var npz = Fails(() => TensorShards.WritePart(Path.Combine(dir, "w.npz"), Elements(), 0, 2, null, TensorFileFormat.Npz));
            Assert.Equal("Shards write byte ranges of a .npy or .safetensors file; a npz file cannot be split that way (its checksums and compression need all of its data).", npz.Message);
            Assert.Equal(Path.Combine(dir, "w.npz"), npz.SourceName);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void AJoinReportsProgressAndRemovesThePartsUnlessKept()
        {
            TensorShards.WritePart(File_, Elements(), 0, 2);
            TensorShards.WritePart(File_, Elements(), 1, 2);
            var last = (0L, 0L);
            TensorShards.Join(File_, new StreamingOptions { Progress = (done, total) => last = (done, total) }, keepParts: true);
            Assert.Equal((308L, 308L), last);
            Assert.Equal(5, Directory.GetFiles(dir).Length);
            var joined = File.ReadAllBytes(File_);
            File.Delete(File_);
            TensorShards.Join(File_);
            Assert.Equal(joined, File.ReadAllBytes(File_));
            Assert.Equal(new[] { "w.npy" }, Directory.GetFiles(dir).Select(Path.GetFileName));
            Assert.Equal(Npy.Read(File_).ToBytes(), Elements().Initializer.Call(new[] { 9, 5 }).ToBytes());
        }

        [Fact]
        public void NoPartsIsShardNotFound()
        {
            var error = Fails(() => TensorShards.Join(File_));
            Assert.Equal("ShardNotFound", error.ErrorId);
            Assert.Equal($"No parts of '{File_}' were found (files named w.npy.part-NNNNN-of-NNNNN beside it).", error.Message);
            Assert.Equal(File_, error.SourceName);
        }

        [Fact]
        public void PartsWithoutDescriptionsOrMissingPartsAreShardMissing()
        {
            var part = TensorShards.WritePart(File_, Elements(), 0, 2);
            File.Delete(part + ".json");
            var unfinished = Fails(() => TensorShards.Join(File_));
            Assert.Equal("ShardMissing", unfinished.ErrorId);
            Assert.Equal($"'{File_}' is incomplete: none of its 1 part file(s) has a description, so every shard is unfinished. Run the shards again.", unfinished.Message);

            TensorShards.WritePart(File_, Elements(), 0, 2);
            var missing = Fails(() => TensorShards.Join(File_));
            Assert.Equal("ShardMissing", missing.ErrorId);
            Assert.Equal($"'{File_}' is incomplete: 1 of 2 parts are missing or unfinished (w.npy.part-00001-of-00002). Run those shards (-ShardIndex 1) again.", missing.Message);
            Assert.False(File.Exists(File_));
        }

        [Fact]
        public void PartsOfDifferentRunsAreShardRunMismatch()
        {
            TensorShards.WritePart(File_, Elements(6), 0, 2);
            TensorShards.WritePart(File_, Elements(7), 1, 2);
            var error = Fails(() => TensorShards.Join(File_));
            Assert.Equal("ShardRunMismatch", error.ErrorId);
            Assert.StartsWith($"The parts beside '{File_}' come from different runs, so they do not form one file: run ", error.Message);
            Assert.Contains("shape (9, 5), 2 parts): 0", error.Message);
            Assert.Contains("shape (9, 5), 2 parts): 1", error.Message);
            Assert.EndsWith("Remove the parts of the run you do not want and write the missing ones again.", error.Message);

            // One run, but a stray part of another count.
            foreach (var f in Directory.GetFiles(dir))
            {
                File.Delete(f);
            }

            TensorShards.WritePart(File_, Elements(), 0, 2);
            TensorShards.WritePart(File_, Elements(), 1, 2);
            File.WriteAllText(File_ + ".part-00002-of-00003", "stray");
            var stray = Fails(() => TensorShards.Join(File_));
            Assert.Equal("ShardRunMismatch", stray.ErrorId);
            Assert.Contains("4 file(s) of 2 parts", stray.Message); // two parts and their descriptions
            Assert.Contains("1 file(s) of 3 parts", stray.Message);
        }

        [Fact]
        public void APartOfTheWrongLengthOrABrokenDescriptionIsShardInvalid()
        {
            TensorShards.WritePart(File_, Elements(), 0, 2);
            var part = TensorShards.WritePart(File_, Elements(), 1, 2);
            File.WriteAllBytes(part, new byte[90]);
            var error = Fails(() => TensorShards.Join(File_));
            Assert.Equal("ShardInvalid", error.ErrorId);
            Assert.Equal("The part 'w.npy.part-00001-of-00002' holds 90 bytes at offset 216; its run expects 92 at offset 216 of 308. Write that shard again.", error.Message);
            Assert.Equal(File_, error.SourceName);

            TensorShards.WritePart(File_, Elements(), 1, 2);
            File.WriteAllText(part + ".json", "{\"run\": ");
            var broken = Fails(() => TensorShards.Join(File_));
            Assert.Equal("ShardInvalid", broken.ErrorId);
            Assert.StartsWith($"The part description '{part}.json' cannot be read: ", broken.Message);
            Assert.False(File.Exists(File_));
        }

        [Fact]
        public void NullArgumentsAreArgumentNullExceptions()
        {
            Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => TensorShards.WritePart(null!, Elements(), 0, 1)).ParamName);
            // Before any other check: an unseeded initializer would otherwise be ShardNeedsSeed.
            Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => TensorShards.WritePart(null!, new RandomNormal().Elements(new long[] { 2 }), 0, 1)).ParamName);
            Assert.Equal("elements", Assert.Throws<ArgumentNullException>(() => TensorShards.WritePart(File_, null!, 0, 1)).ParamName);
            Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => TensorShards.Join(null!)).ParamName);
            Assert.Empty(Directory.GetFiles(dir));
        }

        /// <summary>The missing parts are listed up to ten, then "...".</summary>
        [Fact]
        public void MoreThanTenMissingPartsAreListedUpToTen()
        {
            TensorShards.WritePart(File_, Elements(), 0, 12);
            var error = Fails(() => TensorShards.Join(File_));
            Assert.Equal("ShardMissing", error.ErrorId);
            Assert.Equal(
                $"'{File_}' is incomplete: 11 of 12 parts are missing or unfinished (" + string.Join(", ", Enumerable.Range(1, 10).Select(i => $"w.npy.part-{i:D5}-of-00012")) + ", ...). Run those shards (-ShardIndex 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) again.",
                error.Message);
        }

        /// <summary>Rewrites one field of a part's description, as a stale or edited description would hold it.</summary>
        private static void Edit(string part, string key, object? value)
        {
            var tree = (System.Collections.Specialized.OrderedDictionary)JsonText.Parse(File.ReadAllText(part + ".json"))!;
            if (value is null)
            {
                tree.Remove(key);
            }
            else
            {
                tree[key] = value;
            }

            File.WriteAllText(part + ".json", JsonText.Write(tree));
        }

        /// <summary>Each field of a description is checked against the others: the offset, the file size of the run,
        /// and the sum of the parts.</summary>
        [Fact]
        public void ADescriptionWhoseOffsetOrSizeDoesNotFitIsShardInvalid()
        {
            var first = TensorShards.WritePart(File_, Elements(), 0, 2);
            var second = TensorShards.WritePart(File_, Elements(), 1, 2);
            Edit(second, "offset", 217L);
            Assert.Equal("The part 'w.npy.part-00001-of-00002' holds 92 bytes at offset 217; its run expects 92 at offset 216 of 308. Write that shard again.", Fails(() => TensorShards.Join(File_)).Message);

            TensorShards.WritePart(File_, Elements(), 1, 2);
            Edit(second, "size", 400L);
            Assert.Equal("The part 'w.npy.part-00001-of-00002' holds 92 bytes at offset 216; its run expects 92 at offset 216 of 308. Write that shard again.", Fails(() => TensorShards.Join(File_)).Message);

            // Every description claims a larger file than its parts make.
            Edit(first, "size", 400L);
            var error = Fails(() => TensorShards.Join(File_));
            Assert.Equal("ShardInvalid", error.ErrorId);
            Assert.Equal($"The parts of '{File_}' hold 308 bytes; the file has 400.", error.Message);
            Assert.False(File.Exists(File_));
        }

        /// <summary>A part that grows while the parts are joined is caught by the count of bytes read, and nothing is
        /// written.</summary>
        [Fact]
        public void APartThatChangesDuringTheJoinIsShardInvalid()
        {
            TensorShards.WritePart(File_, Elements(), 0, 2);
            var second = TensorShards.WritePart(File_, Elements(), 1, 2);
            var calls = 0;
            var options = new StreamingOptions
            {
                Progress = (done, total) =>
                {
                    if (calls++ == 0)
                    {
                        File.AppendAllText(second, "xy");
                    }
                },
            };
            var error = Fails(() => TensorShards.Join(File_, options));
            Assert.Equal("ShardInvalid", error.ErrorId);
            Assert.Equal($"The parts of '{File_}' changed while they were joined: 310 bytes were read, 308 expected.", error.Message);
            Assert.False(File.Exists(File_));
            Assert.True(File.Exists(second));
        }

        /// <summary>A description without a shape (an older or edited one) is still named in a run mismatch.</summary>
        [Fact]
        public void ARunMismatchNamesADescriptionWithoutAShape()
        {
            TensorShards.WritePart(File_, Elements(6), 0, 2);
            var second = TensorShards.WritePart(File_, Elements(7), 1, 2);
            Edit(second, "shape", null);
            var error = Fails(() => TensorShards.Join(File_));
            Assert.Equal("ShardRunMismatch", error.ErrorId);
            Assert.Contains("shape ?, 2 parts): 1", error.Message);
            Assert.Contains("shape (9, 5), 2 parts): 0", error.Message);
        }

        /// <summary>One shard, and the most shards, are allowed (the count's range ends are inclusive); a part's
        /// description is a text file ending in a newline.</summary>
        [Fact]
        public void OneShardAndTheMostShardsAreAllowed()
        {
            var only = TensorShards.WritePart(File_, Elements(), 0, 1);
            Assert.Equal(308, new FileInfo(only).Length);
            Assert.EndsWith("}\n", File.ReadAllText(only + ".json"));
            TensorShards.Join(File_);
            Assert.Equal(Elements().Initializer.Call(new[] { 9, 5 }).ToBytes(), Npy.Read(File_).ToBytes());

            var first = TensorShards.WritePart(Path.Combine(dir, "many.npy"), Elements(), 0, TensorShards.MaxShards);
            Assert.EndsWith(".part-00000-of-99999", first);
            Assert.Equal(128, new FileInfo(first).Length); // the header, and none of the 45 elements
        }

        /// <summary>Ten missing parts are all listed, with no "..."; a join in a folder that does not exist finds no parts.</summary>
        [Fact]
        public void TenMissingPartsAreListedInFull()
        {
            TensorShards.WritePart(File_, Elements(), 0, 11);
            var error = Fails(() => TensorShards.Join(File_));
            Assert.EndsWith("w.npy.part-00010-of-00011). Run those shards (-ShardIndex 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) again.", error.Message);
            Assert.Equal(File_, error.SourceName);

            var nowhere = Path.Combine(dir, "no-such-folder", "w.npy");
            var none = Fails(() => TensorShards.Join(nowhere));
            Assert.Equal("ShardNotFound", none.ErrorId);
        }

        /// <summary>A shard that is written again removes its old description first, so a write that stops half way
        /// leaves the part unfinished, never complete with stale contents.</summary>
        [Fact]
        public void ARewrittenShardThatIsCancelledLeavesNoDescription()
        {
            var part = TensorShards.WritePart(File_, Elements(), 1, 2);
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => TensorShards.WritePart(File_, Elements(), 1, 2, new StreamingOptions { Cancellation = cancelled.Token }));
            Assert.False(File.Exists(part + ".json"));
        }

        /// <summary>A join stops when cancelled and leaves the parts as they were.</summary>
        [Fact]
        public void ACancelledJoinLeavesThePartsAndWritesNothing()
        {
            TensorShards.WritePart(File_, Elements(), 0, 2);
            TensorShards.WritePart(File_, Elements(), 1, 2);
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => TensorShards.Join(File_, new StreamingOptions { Cancellation = cancelled.Token }));
            Assert.False(File.Exists(File_));
            Assert.Equal(4, Directory.GetFiles(dir).Length);
        }

        /// <summary>Each shard reports its own progress: bytes of its part, ending at the part's length.</summary>
        [Fact]
        public void EachShardReportsProgressOverItsOwnPart()
        {
            foreach (var (index, length) in new[] { (0, 216L), (1, 92L) })
            {
                var calls = new System.Collections.Generic.List<(long Done, long Total)>();
                TensorShards.WritePart(File_, Elements(), index, 2, new StreamingOptions { Progress = (done, total) => calls.Add((done, total)) });
                Assert.NotEmpty(calls);
                Assert.Equal((length, length), calls[calls.Count - 1]);
                Assert.All(calls, c => Assert.Equal(length, c.Total));
            }
        }

        /// <summary>Run mismatches name each run's initializer and shape, separated by "; ", without the count of files
        /// per part count (which is for one run with stray parts); every join error names the file.</summary>
        [Fact]
        public void ARunMismatchNamesEachRunsInitializer()
        {
            TensorShards.WritePart(File_, Elements(6), 0, 2);
            TensorShards.WritePart(File_, Elements(7), 1, 2);
            var error = Fails(() => TensorShards.Join(File_));
            Assert.Contains("(RandomNormal(mean=0.0, stddev=0.05, seed=6), shape (9, 5), 2 parts): 0", error.Message);
            Assert.Contains("(RandomNormal(mean=0.0, stddev=0.05, seed=7), shape (9, 5), 2 parts): 1", error.Message);
            Assert.Matches(@"one file: run [0-9a-f]{16} \(RandomNormal[^;]*\): [01]; run [0-9a-f]{16} \(RandomNormal[^;]*\): [01]\. Remove the parts", error.Message);
            Assert.DoesNotContain("file(s) of", error.Message);
            Assert.Equal(File_, error.SourceName);

            foreach (var f in Directory.GetFiles(dir))
            {
                File.Delete(f);
            }

            var part = TensorShards.WritePart(File_, Elements(), 0, 2);
            File.Delete(part + ".json");
            Assert.Equal(File_, Fails(() => TensorShards.Join(File_)).SourceName);
            TensorShards.WritePart(File_, Elements(), 0, 2);
            File.WriteAllText(part + ".json", "{");
            Assert.Equal(File_, Fails(() => TensorShards.Join(File_)).SourceName);
        }

        /// <summary>The run id is a contract between machines and versions: parts written by one version join with
        /// parts of the next. Its text is documented (format, initializer with its seed, shape, dtype, count, one per
        /// line); the expected value is the SHA-256 of that text, computed with python3's hashlib from the text
        /// "npy\nRandomNormal(mean=0.0, stddev=0.05, seed=6)\n(9, 5)\nfloat32\n2" ("safetensors w" first for the other).</summary>
        [Fact]
        public void TheRunIdIsTheHashOfItsDocumentedText()
        {
            Assert.Equal("32e05184aa7454d0", TensorShards.RunId(Elements(), 2, TensorFileFormat.Npy, "a"));
            Assert.Equal("59a6a60f35d4909b", TensorShards.RunId(Elements(), 2, TensorFileFormat.Safetensors, "w"));
        }
    }
}
