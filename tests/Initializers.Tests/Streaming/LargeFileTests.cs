#if !LIB_NETSTANDARD
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Initializers.Family;
using Initializers.IO;
using Initializers.Tests.IO;
using Xunit;

namespace Initializers.Tests.Streaming
{
    /// <summary>Streaming past the limits of memory: more than 2^31 elements, a zip member over 4 GiB. They run once,
    /// against the net8.0 build (LIB_NETSTANDARD leaves them out): the I/O path they cover is the same in both builds,
    /// and the element ranges they write are checked against both builds by <see cref="ElementRangeTests"/> and
    /// <see cref="StreamingExportTests"/>.</summary>
    public sealed class LargeFileTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-large-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        /// <summary>A member over 4 GiB needs Zip64 records: 2^32 + 3 bool elements, deflated (the zeros compress to a few
        /// MB, so the test costs CPU, not disk). .NET's reader finds the 64-bit size, and Python's zipfile checks the
        /// CRC of all of it when present.</summary>
        [Fact]
        public void ADeflatedNpzMemberOverFourGiBGetsZip64RecordsAndReadsBack()
        {
            var count = (1L << 32) + 3;
            var path = Path.Combine(dir, "huge.npz");
            TensorFile.Write(path, "mask", new Zeros().Elements(new[] { count }, DType.Bool), new TensorWriteOptions { Compress = true });
            var header = Npy.Header("|b1", new[] { count });
            using (var archive = new System.IO.Compression.ZipArchive(File.OpenRead(path)))
            {
                // The tensor, then the provenance record, whose shape holds the dimension past 32 bits.
                Assert.Equal(new[] { "mask.npy", Npz.ProvenanceMember }, archive.Entries.Select(e => e.FullName));
                using (var record = new StreamReader(archive.Entries[1].Open()))
                {
                    Assert.Contains("\"shape\": [4294967299]", record.ReadToEnd());
                }

                var entry = archive.Entries[0];
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
            TensorFile.Write(path, "arr_0", elements);
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
#endif
