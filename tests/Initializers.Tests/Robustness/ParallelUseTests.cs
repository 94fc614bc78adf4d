using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Initializers.IO;
using Initializers.Serialization;
using Xunit;

namespace Initializers.Tests.Robustness
{
    /// <summary>Issue 15: initializers, the catalog, the readers and the writers are safe to use from many threads at
    /// once: the same results as one thread, no exception, and files never mixed.</summary>
    public sealed class ParallelUseTests : IDisposable
    {
        private static readonly string[] Names = { "RandomNormal", "RandomUniform", "TruncatedNormal", "GlorotUniform", "HeNormal", "Orthogonal", "Constant", "Identity" };

        private readonly string dir = Directory.CreateTempSubdirectory("init-parallel-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [Fact]
        public void SixtyFourMixedJobsOnManyThreadsGiveTheSequentialResults()
        {
            // One shared seeded initializer, plus catalog look-ups, config text round trips and file writes/reads.
            var shared = InitializerCatalog.Create("GlorotNormal", null, 20261130);
            var sequential = Enumerable.Range(0, 64).Select(i => Job(shared, i, "seq")).ToArray();
            var parallel = new string[64];
            Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = Job(shared, i, "par"));
            Assert.Equal(sequential, parallel);
        }

        [Fact]
        public void ConcurrentWritesToOneFileEndWithOneWholeFileAndNoTemporaries()
        {
            var path = Path.Combine(dir, "same.npy");
            var tensors = Enumerable.Range(0, 16).Select(i => InitializerCatalog.Create("Constant", new Dictionary<string, object?> { ["value"] = (double)i }).Call(new[] { 1 << 16 })).ToArray();
            Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => Npy.Write(path, tensors[i]));
            var read = Npy.Read(path);
            Assert.Contains(read, tensors);
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        }

        private string Job(Initializer shared, int i, string run)
        {
            var name = Names[i % Names.Length];
            var own = InitializerCatalog.Get(name).TakesSeed ? InitializerCatalog.Create(name, null, i) : InitializerCatalog.Create(name, null);
            var dtype = i % 2 == 0 ? DType.Float32 : DType.Float64;
            var a = shared.Call(new[] { 64 + i, 48 }, dtype);
            var b = own.Call(new[] { 40, 40 }, dtype);
            var text = InitializerText.Write(own, i % 3 == 0 ? ConfigFormat.Yaml : ConfigFormat.Json);
            var back = InitializerReader.ReadText(text).Single().Initializer!;
            var path = Path.Combine(dir, run + i + ".npz");
            Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("a", a), new KeyValuePair<string, Tensor>("b", b) });
            var files = Npz.Read(path);
            return string.Join(
                "|",
                Hash(a),
                Hash(b),
                text,
                back.Equals(own),
                files[0].Value.Equals(a) && files[1].Value.Equals(b));
        }

        private static string Hash(Tensor t)
        {
            var bytes = CancellationTests.NpyBytes(t);
            using var sha = System.Security.Cryptography.SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(bytes));
        }
    }
}
