using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Initializers.Family;
using Initializers.IO;
using Initializers.Tests.IO;
using Xunit;

namespace Initializers.Tests.Streaming
{
    /// <summary>Streaming writes give the bytes of Call plus the in-memory writers, leave nothing behind when cancelled,
    /// and reach past one array.</summary>
    public sealed class StreamingExportTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-stream-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

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
            StreamingExport.WriteNpy(Path.Combine(dir, "b.npy"), elements, options);
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a.npy")), File.ReadAllBytes(Path.Combine(dir, "b.npy")));

            foreach (var compress in new[] { false, true })
            {
                Npz.Write(Path.Combine(dir, "a.npz"), pairs, compress);
                StreamingExport.WriteNpz(Path.Combine(dir, "b.npz"), "kernel", elements, compress, options);
                Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a.npz")), File.ReadAllBytes(Path.Combine(dir, "b.npz")));
            }
        }

        [Fact]
        public void DeflatedNpzOfMegabytesEqualsTheInMemoryWriterWhateverTheChunkSize()
        {
            var init = new GlorotUniform(seed: 3);
            var tensor = init.Call(new[] { 700, 1000 });
            Npz.Write(Path.Combine(dir, "a.npz"), new[] { new KeyValuePair<string, Tensor>("w", tensor) }, compress: true);
            foreach (var chunk in new[] { 4096, 3 << 20 })
            {
                StreamingExport.WriteNpz(Path.Combine(dir, "b.npz"), "w", init.Elements(new long[] { 700, 1000 }), compress: true, new StreamingOptions { ChunkBytes = chunk });
                Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a.npz")), File.ReadAllBytes(Path.Combine(dir, "b.npz")));
            }
        }

        [Fact]
        public void ProgressCountsEveryByteOnce()
        {
            var reports = new List<(long Done, long Total)>();
            var path = Path.Combine(dir, "p.npy");
            StreamingExport.WriteNpy(path, new Ones().Elements(new long[] { 10_000 }, DType.Int32), new StreamingOptions { ChunkBytes = 4096, Progress = (d, t) => reports.Add((d, t)) });
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
                o => StreamingExport.WriteNpy(Path.Combine(dir, "c.npy"), elements, o),
                o => StreamingExport.WriteNpz(Path.Combine(dir, "c.npz"), "w", elements, true, o),
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
            var ex = Assert.Throws<InitializerException>(() => StreamingExport.WriteNpy(path, new Ones().Elements(new long[] { 100_000 }), options));
            Assert.Equal("FileWriteFailed", ex.ErrorId);
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Single(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void BFloat16IsRefusedBeforeAnyFileExists()
        {
            var ex = Assert.Throws<InitializerException>(() => StreamingExport.WriteNpy(Path.Combine(dir, "b.npy"), new Ones().Elements(new long[] { 3 }, DType.BFloat16)));
            Assert.Equal("UnsupportedDType", ex.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        /// <summary>A member over 4 GiB needs Zip64 records: 2^32 + 3 bool elements, deflated (the zeros compress to a few
        /// MB, so the test costs CPU, not disk). .NET's reader finds the 64-bit size, and Python's zipfile checks the
        /// CRC of all of it when present.</summary>
        [Fact]
        public void ADeflatedNpzMemberOverFourGiBGetsZip64RecordsAndReadsBack()
        {
            var count = (1L << 32) + 3;
            var path = Path.Combine(dir, "huge.npz");
            StreamingExport.WriteNpz(path, "mask", new Zeros().Elements(new[] { count }, DType.Bool), compress: true);
            var header = Npy.Header("|b1", new[] { count });
            using (var archive = new System.IO.Compression.ZipArchive(File.OpenRead(path)))
            {
                var entry = Assert.Single(archive.Entries);
                Assert.Equal("mask.npy", entry.FullName);
                Assert.Equal(header.Length + count, entry.Length);
                using var member = entry.Open();
                var head = new byte[header.Length];
                member.ReadExactly(head);
                Assert.Equal(header, head);
            }

            if (NumpyInteropTests.HasNumpy.Value)
            {
                var result = NumpyInteropTests.Run(
                    "import zipfile\n" +
                    $"z = zipfile.ZipFile(r'{path}')\n" +
                    "i = z.infolist()[0]\n" +
                    "print(i.file_size, z.testzip())\n");
                Assert.Equal($"{header.Length + count} None", result.Output.Trim());
            }
        }

        /// <summary>Past the array limit: 2^31 + 5 int8 elements (about 2.1 GB) stream into a .npy file whose header
        /// numpy would write and whose bytes at sampled positions are the element-range values; numpy reads it too when
        /// present.</summary>
        [Fact]
        public void AnInt8NpyOfMoreThan2To31ElementsStreamsAndReadsBackAtSampledPositions()
        {
            var shape = new[] { 306_783_379L, 7L };
            var count = shape[0] * shape[1];
            Assert.True(count > 1L << 31);
            var elements = new RandomUniform(-128, 128, seed: 2024).Elements(shape, DType.Int8);
            var path = Path.Combine(dir, "big.npy");
            var watch = Stopwatch.StartNew();
            StreamingExport.WriteNpy(path, elements);
            watch.Stop();
            Console.WriteLine($"streamed {count} int8 elements in {watch.Elapsed.TotalSeconds:F1} s ({count / 1e6 / watch.Elapsed.TotalSeconds:F0} MB/s)");

            var header = "{'descr': '|i1', 'fortran_order': False, 'shape': (" + shape[0] + ", 7), }";
            using (var file = File.OpenRead(path))
            {
                Assert.Equal(128 + count, file.Length);
                var head = new byte[128];
                file.ReadExactly(head);
                Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 }, head.Take(10));
                Assert.StartsWith(header, Encoding.ASCII.GetString(head, 10, 118));
                var random = new Random(5);
                var positions = new[] { 0L, 1, (1L << 31) - 1, 1L << 31, count - 1 }.Concat(Enumerable.Range(0, 200).Select(_ => (long)(random.NextDouble() * (count - 64))));
                var read = new byte[64];
                var expected = new byte[64];
                foreach (var p in positions)
                {
                    var n = (int)Math.Min(64, count - p);
                    file.Position = 128 + p;
                    file.ReadExactly(read, 0, n);
                    elements.FillBytes(p, expected.AsSpan(0, n));
                    Assert.True(expected.AsSpan(0, n).SequenceEqual(read.AsSpan(0, n)), $"bytes at element {p}");
                }
            }

            if (NumpyInteropTests.HasNumpy.Value)
            {
                var result = NumpyInteropTests.Run(
                    "import numpy as np\n" +
                    $"a = np.load(r'{path}', mmap_mode='r')\n" +
                    "print(a.dtype, a.shape, a.size, int(a[-1, -1]), int(a[306783378, 3]))\n");
                var last = new sbyte[1];
                var mid = new sbyte[1];
                elements.Fill(count - 1, last.AsSpan());
                elements.Fill((306783378L * 7) + 3, mid.AsSpan());
                Assert.Equal($"int8 ({shape[0]}, 7) {count} {last[0]} {mid[0]}", result.Output.Trim());
            }
        }
    }
}
