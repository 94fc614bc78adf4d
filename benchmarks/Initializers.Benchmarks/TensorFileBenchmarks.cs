using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Initializers.Family;
using Initializers.IO;

namespace Initializers.Benchmarks
{
    /// <summary>Issue 10's I/O rows: a 1e8-element float32 tensor (400 MB) written with <see cref="Npy.Write(string, Tensor, bool)"/>
    /// and read with <see cref="Npy.Read(string)"/>, side by side with <c>File.WriteAllBytes</c> and
    /// <see cref="File.ReadAllBytes"/> of the same 400 MB. Npy.Write goes through AtomicFile (a temporary file flushed
    /// to disk, then a rename), so a third write row adds the same flush to WriteAllBytes's work. Reads come from the
    /// page cache when the machine has room for it (it has here): they measure the copy and parsing, not the disk.</summary>
    [Config(typeof(BenchConfig))]
    public class TensorFileBenchmarks
    {
        private const int N = 100_000_000;

        private string dir = string.Empty;
        private Tensor tensor = null!;
        private byte[] bytes = Array.Empty<byte>();

        [GlobalSetup]
        public void Setup()
        {
            dir = Directory.CreateTempSubdirectory("init-bench-io-").FullName;
            tensor = new RandomUniform(-1, 1, 7).Call(new[] { N });
            bytes = tensor.ToBytes();
            Npy.Write(Path.Combine(dir, "read.npy"), tensor);
            File.WriteAllBytes(Path.Combine(dir, "read.bin"), bytes);
        }

        [GlobalCleanup]
        public void Cleanup() => Directory.Delete(dir, recursive: true);

        [Benchmark(Description = "Npy.Write 1e8 float32 (atomic, flushed)")]
        public void NpyWrite() => Npy.Write(Path.Combine(dir, "write.npy"), tensor);

        [Benchmark(Description = "File.WriteAllBytes 400 MB")]
        public void WriteAllBytes() => File.WriteAllBytes(Path.Combine(dir, "write.bin"), bytes);

        [Benchmark(Description = "File.WriteAllBytes 400 MB + flush to disk")]
        public void WriteAllBytesFlushed()
        {
            using var stream = new FileStream(Path.Combine(dir, "flushed.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }

        [Benchmark(Description = "Npy.Read 1e8 float32")]
        public Tensor NpyRead() => Npy.Read(Path.Combine(dir, "read.npy"));

        [Benchmark(Description = "File.ReadAllBytes 400 MB")]
        public byte[] ReadAllBytes() => File.ReadAllBytes(Path.Combine(dir, "read.bin"));
    }
}
