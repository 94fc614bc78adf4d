using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Initializers.Family;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.Streaming
{
    /// <summary>Streaming writes give the bytes of Call plus the in-memory writers, leave nothing behind when cancelled,
    /// and reach past one array.</summary>
    public sealed class StreamingExportTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-stream-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        /// <summary>The documented defaults: 4 MiB chunks, no progress, no cancellation, no overwrite of read-only files.</summary>
        [Fact]
        public void StreamingOptionsDefaultToFourMiBChunks()
        {
            var options = new StreamingOptions();
            Assert.Equal(4 * 1024 * 1024, options.ChunkBytes);
            Assert.Null(options.Progress);
            Assert.False(options.Cancellation.CanBeCanceled);
            Assert.False(options.OverwriteReadOnly);
        }

        /// <summary>Each dtype .npy holds, with an initializer that produces it (random where one accepts the dtype).</summary>
        public static IEnumerable<object[]> DTypes() => Initializers.DTypes.All
            .Where(d => d != DType.BFloat16 && d != DType.String)
            .Select(d => new object[] { d });

        internal static Initializer For(DType dtype) =>
            dtype.IsFloating() ? new TruncatedNormal(0.5, 2.0, seed: 77)
            : dtype.IsInteger() ? new RandomUniform(dtype >= DType.UInt8 ? 0 : -100, 100, seed: 77)
            : new Constant(1.25);

        [Theory]
        [MemberData(nameof(DTypes))]
        public void NpyAndNpzEqualCallThenTheInMemoryWriters(DType dtype)
        {
            var init = For(dtype);
            var shape = new[] { 3, 1001 };
            var tensor = init.Call(shape, dtype);
            var elements = init.Elements(new long[] { 3, 1001 }, dtype);
            var options = new StreamingOptions { ChunkBytes = 1000 }; // many chunks, a ragged last one
            var pairs = new[] { new KeyValuePair<string, Tensor>("kernel", tensor) };

            Npy.Write(Path.Combine(dir, "a.npy"), tensor);
            TensorFile.Write(Path.Combine(dir, "b.npy"), "arr_0", elements, null, options);
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a.npy")), File.ReadAllBytes(Path.Combine(dir, "b.npy")));

            foreach (var compress in new[] { false, true })
            {
                Npz.Write(Path.Combine(dir, "a.npz"), pairs, compress);
                TensorFile.Write(Path.Combine(dir, "b.npz"), "kernel", elements, new TensorWriteOptions { Compress = compress }, options);
                Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a.npz")), File.ReadAllBytes(Path.Combine(dir, "b.npz")));
            }
        }

        /// <summary>Each dtype safetensors holds: the real numeric ones, bfloat16 and bool.</summary>
        public static IEnumerable<object[]> SafetensorsDTypes() => Initializers.DTypes.All
            .Where(d => !d.IsComplex() && d != DType.String)
            .Select(d => new object[] { d });

        [Theory]
        [MemberData(nameof(SafetensorsDTypes))]
        public void SafetensorsEqualCallThenTheInMemoryWriter(DType dtype)
        {
            var init = For(dtype);
            var tensor = init.Call(new[] { 3, 1001 }, dtype);
            var elements = init.Elements(new long[] { 3, 1001 }, dtype);
            var metadata = new TensorWriteOptions { Metadata = new[] { new KeyValuePair<string, string>("owner", "ci") } };
            TensorFile.Write(Path.Combine(dir, "a.safetensors"), new[] { new KeyValuePair<string, Tensor>("kernel", tensor) }, metadata);
            TensorFile.Write(Path.Combine(dir, "b.safetensors"), "kernel", elements, metadata, new StreamingOptions { ChunkBytes = 1000 });
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a.safetensors")), File.ReadAllBytes(Path.Combine(dir, "b.safetensors")));
        }

        [Theory]
        [InlineData("w.npz")]
        [InlineData("w.safetensors")]
        [InlineData("w.npy")]
        public void TheProvenanceOfAStreamedFileRebuildsItsValues(string file)
        {
            // Unseeded: the record must carry the effective seed the streamed values came from.
            var init = Initializer.FromConfig("HeNormal", null);
            var path = Path.Combine(dir, file);
            TensorFile.Write(path, "w", init.Elements(new long[] { 40, 7 }, DType.Float64), new TensorWriteOptions { ProvenanceSidecar = file.EndsWith(".npy", StringComparison.Ordinal) });
            var read = Assert.Single(TensorFile.Read(path)).Value;
            var provenance = read.GetProvenance()!;
            Assert.Equal(new long[] { 40, 7 }, provenance.Shape);
            Assert.Equal(DType.Float64, provenance.DType);
            Assert.Equal(read, provenance.Rebuild());
        }

        [Fact]
        public void AStreamedNpyGetsTheSidecarOfTheInMemoryTensor()
        {
            var init = new GlorotUniform(seed: 5);
            var options = new TensorWriteOptions { ProvenanceSidecar = true };
            TensorFile.Write(Path.Combine(dir, "a.npy"), new[] { new KeyValuePair<string, Tensor>("a", init.Call(new[] { 4, 6 })) }, options);
            TensorFile.Write(Path.Combine(dir, "b.npy"), "b", init.Elements(new long[] { 4, 6 }), options);
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a.npy")), File.ReadAllBytes(Path.Combine(dir, "b.npy")));
            Assert.Equal(File.ReadAllText(TensorFile.SidecarPath(Path.Combine(dir, "a.npy"))), File.ReadAllText(TensorFile.SidecarPath(Path.Combine(dir, "b.npy"))));
        }

        [Theory]
        [InlineData("w.npy", TensorFileFormat.Npy)]
        [InlineData("w.safetensors", TensorFileFormat.Safetensors)]
        public void ShardsJoinToTheStreamedFile(string file, TensorFileFormat format)
        {
            var elements = new RandomNormal(seed: 6).Elements(new long[] { 9, 1001 }, format == TensorFileFormat.Npy ? DType.Float16 : DType.BFloat16);
            TensorFile.Write(Path.Combine(dir, "one" + Path.GetExtension(file)), "kernel", elements);
            foreach (var i in new[] { 2, 0, 1 })
            {
                TensorShards.WritePart(Path.Combine(dir, file), elements, i, 3, new StreamingOptions { ChunkBytes = 1000 }, format, "kernel");
            }

            TensorShards.Join(Path.Combine(dir, file));
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "one" + Path.GetExtension(file))), File.ReadAllBytes(Path.Combine(dir, file)));
        }

        [Theory]
        [InlineData(TensorFileFormat.Npz)]
        [InlineData(TensorFileFormat.Csv)]
        public void OnlyNpyAndSafetensorsAreSharded(TensorFileFormat format)
        {
            var ex = Assert.Throws<InitializerException>(() => TensorShards.WritePart(Path.Combine(dir, "w.bin"), new RandomNormal(seed: 6).Elements(new long[] { 9 }), 0, 2, null, format));
            Assert.Equal("ShardFormatUnsupported", ex.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void CsvIsNotStreamed()
        {
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Write(Path.Combine(dir, "b.csv"), "b", new Ones().Elements(new long[] { 3 })));
            Assert.Equal("StreamingFormatUnsupported", ex.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void DeflatedNpzOfMegabytesEqualsTheInMemoryWriterWhateverTheChunkSize()
        {
            var init = new GlorotUniform(seed: 3);
            var tensor = init.Call(new[] { 700, 1000 });
            Npz.Write(Path.Combine(dir, "a.npz"), new[] { new KeyValuePair<string, Tensor>("w", tensor) }, compress: true);
            foreach (var chunk in new[] { 4096, 3 << 20 })
            {
                TensorFile.Write(Path.Combine(dir, "b.npz"), "w", init.Elements(new long[] { 700, 1000 }), new TensorWriteOptions { Compress = true }, new StreamingOptions { ChunkBytes = chunk });
                Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a.npz")), File.ReadAllBytes(Path.Combine(dir, "b.npz")));
            }
        }

        [Fact]
        public void ProgressCountsEveryByteOnce()
        {
            var reports = new List<(long Done, long Total)>();
            var path = Path.Combine(dir, "p.npy");
            TensorFile.Write(path, "arr_0", new Ones().Elements(new long[] { 10_000 }, DType.Int32), null, new StreamingOptions { ChunkBytes = 4096, Progress = (d, t) => reports.Add((d, t)) });
            var size = new FileInfo(path).Length;
            Assert.All(reports, r => Assert.Equal(size, r.Total));
            Assert.Equal(size, reports[reports.Count - 1].Done);
            Assert.True(reports.Zip(reports.Skip(1), (a, b) => b.Done > a.Done).All(x => x));
            Assert.True(reports.Count >= 9);
        }

        [Fact]
        public void CancellingLeavesNeitherTargetNorTemporaryFile()
        {
            var elements = new RandomNormal(seed: 1).Elements(new long[] { 1000, 1000 });
            foreach (var write in new Action<StreamingOptions>[]
            {
                o => TensorFile.Write(Path.Combine(dir, "c.npy"), "arr_0", elements, null, o),
                o => TensorFile.Write(Path.Combine(dir, "c.npz"), "w", elements, new TensorWriteOptions { Compress = true }, o),
                o => TensorFile.Write(Path.Combine(dir, "c.safetensors"), "w", elements, null, o),
                o => TensorShards.WritePart(Path.Combine(dir, "c.npy"), elements, 1, 2, o),
            })
            {
                using var cancel = new CancellationTokenSource();
                var options = new StreamingOptions { ChunkBytes = 65536, Cancellation = cancel.Token, Progress = (done, total) => cancel.Cancel() };
                Assert.ThrowsAny<OperationCanceledException>(() => write(options));
                Assert.Empty(Directory.GetFileSystemEntries(dir));
            }
        }

        [Fact]
        public void AnErrorInTheMiddleLeavesTheOldFileWhole()
        {
            var path = Path.Combine(dir, "old.npy");
            File.WriteAllText(path, "old");
            var options = new StreamingOptions { ChunkBytes = 4096, Progress = (done, total) => throw new IOException("disk full") };
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Write(path, "arr_0", new Ones().Elements(new long[] { 100_000 }), null, options));
            Assert.Equal("FileWriteFailed", ex.ErrorId);
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Single(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void BFloat16IsRefusedBeforeAnyFileExists()
        {
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Write(Path.Combine(dir, "b.npy"), "arr_0", new Ones().Elements(new long[] { 3 }, DType.BFloat16)));
            Assert.Equal("UnsupportedDType", ex.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
    }
}
