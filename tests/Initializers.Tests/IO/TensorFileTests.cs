using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary>The one reader and writer over every format, and provenance: what Initializer.Call records, its JSON
    /// form, and where each format keeps it.</summary>
    public sealed class TensorFileTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-tf-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [Fact]
        public void CallRecordsTheInitializerWithItsEffectiveSeedTheDTypeAndTheShape()
        {
            var unseeded = (global::Initializers.Family.RandomInitializer)Initializer.FromConfig("RandomUniform", null);
            var tensor = unseeded.Call(new[] { 2, 3 }, DType.Float64);
            var provenance = tensor.GetProvenance()!;
            Assert.Equal("RandomUniform", provenance.Initializer.ClassName);
            Assert.Equal(unseeded.EffectiveSeed, provenance.Seed);
            Assert.Equal(unseeded.EffectiveSeed, provenance.Initializer.GetConfig()["seed"]);
            Assert.Equal(DType.Float64, provenance.DType);
            Assert.Equal(new long[] { 2, 3 }, provenance.Shape);
            Assert.Equal(tensor, provenance.Rebuild());
        }

        /// <summary>The module version as SemVer from Initializers.psd1 (ModuleVersion, then -Prerelease when there is one),
        /// found by walking up from the test binaries to the repository root.</summary>
        private static string ManifestVersion()
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(folder!.FullName, "Initializers.psd1")))
            {
                folder = folder.Parent;
            }

            var text = File.ReadAllText(Path.Combine(folder.FullName, "Initializers.psd1"));
            var version = System.Text.RegularExpressions.Regex.Match(text, @"ModuleVersion\s*=\s*'([^']+)'").Groups[1].Value;
            var pre = System.Text.RegularExpressions.Regex.Match(text, @"Prerelease\s*=\s*'([^']*)'").Groups[1].Value;
            return pre.Length == 0 ? version : version + "-" + pre;
        }

        [Fact]
        public void TheJsonRecordIsTheKerasDocumentWithSeedDTypeShapeAndVersion()
        {
            var tensor = Initializer.FromConfig("GlorotUniform", new Dictionary<string, object> { ["seed"] = 42 }).Call(new[] { 2, 3 });
            Assert.Equal(
                "{\"initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 42}, \"registered_name\": null}, " +
                "\"seed\": 42, \"dtype\": \"float32\", \"shape\": [2, 3], \"version\": \"" + ManifestVersion() + "\"}",
                tensor.GetProvenance()!.ToJson());
            var back = TensorProvenance.FromJson(tensor.GetProvenance()!.ToJson(), "x");
            Assert.Equal(tensor.GetProvenance()!.Initializer, back.Initializer);
            Assert.Equal("GlorotUniform(seed=42) float32 (2, 3)", back.ToString());
        }

        [Theory]
        [InlineData("[]")]
        [InlineData("{\"initializer\": \"Zeros\", \"dtype\": \"float32\", \"shape\": [2], \"version\": 1}")]
        [InlineData("{\"initializer\": \"NoSuchInitializer\", \"dtype\": \"float32\", \"shape\": [2], \"version\": \"0.1.0\"}")]
        [InlineData("{\"initializer\": \"Zeros\", \"dtype\": \"float32\", \"shape\": [-2], \"version\": \"0.1.0\"}")]
        [InlineData("{\"initializer\": {\"class_name\": \"RandomNormal\", \"config\": {\"seed\": 1}}, \"seed\": 2, \"dtype\": \"float32\", \"shape\": [2], \"version\": \"0.1.0\"}")]
        [InlineData("{\"initializer\": {\"class_name\": \"RandomNormal\", \"config\": {}}, \"seed\": null, \"dtype\": \"float32\", \"shape\": [2], \"version\": \"0.1.0\"}")]
        public void RecordsThatCannotRebuildTheirTensorAreProvenanceInvalid(string json) =>
            Assert.Equal("ProvenanceInvalid", Assert.Throws<InitializerException>(() => TensorProvenance.FromJson(json, "x")).ErrorId);

        [Fact]
        public void SettingAnElementClearsTheProvenance()
        {
            var tensor = Initializer.FromConfig("Ones", null).Call(new[] { 2 });
            Assert.NotNull(tensor.GetProvenance());
            tensor[0] = 5;
            Assert.Null(tensor.GetProvenance());
        }

        [Theory]
        [InlineData("a.npz", TensorFileFormat.Npz)]
        [InlineData("a.NPZ", TensorFileFormat.Npz)]
        [InlineData("a.safetensors", TensorFileFormat.Safetensors)]
        [InlineData("a.csv", TensorFileFormat.Csv)]
        [InlineData("a.npy", TensorFileFormat.Npy)]
        [InlineData("a.bin", TensorFileFormat.Npy)]
        public void TheFormatComesFromTheExtension(string name, TensorFileFormat format) => Assert.Equal(format, TensorFile.FormatOf(name));

        [Fact]
        public void ReadingTellsTheFormatByContentWhateverTheExtension()
        {
            var w = new KeyValuePair<string, Tensor>("w", SafetensorsTests.Sample(DType.Int32));
            foreach (var format in new[] { TensorFileFormat.Npy, TensorFileFormat.Npz, TensorFileFormat.Safetensors })
            {
                var path = Path.Combine(dir, format + ".bin");
                TensorFile.Write(path, new[] { w }, new TensorWriteOptions { Format = format });
                var back = TensorFile.Read(path);
                Assert.Equal(w.Value, back.Single().Value);
                Assert.Equal(format == TensorFileFormat.Npy ? format.ToString() : "w", back.Single().Key);
            }
        }

        [Fact]
        public void EveryFormatGivesTheProvenanceBackAndItRebuildsTheValuesBitForBit()
        {
            var tensor = Initializer.FromConfig("Orthogonal", new Dictionary<string, object> { ["gain"] = 0.5 }).Call(new[] { 3, 3 }, DType.Float64);
            foreach (var name in new[] { "o.npz", "o.safetensors", "o.npy", "o.csv" })
            {
                var path = Path.Combine(dir, name);
                TensorFile.Write(path, new[] { new KeyValuePair<string, Tensor>("o", tensor) }, new TensorWriteOptions { ProvenanceSidecar = name.EndsWith(".npy") || name.EndsWith(".csv") });
                var back = TensorFile.Read(path).Single();
                Assert.Equal("o", back.Key);
                Assert.Equal(tensor, back.Value);
                Assert.Equal("Orthogonal", back.Value.GetProvenance()!.Initializer.ClassName);
                Assert.Equal(tensor.ToBytes(), back.Value.GetProvenance()!.Rebuild().ToBytes());
            }
        }

#if !LIB_NETSTANDARD
        [Fact]
        public void TheNpzProvenanceMemberIsCheckedByItsCrcLikeTheArrays()
        {
            var path = Path.Combine(dir, "p.npz");
            Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("w", Initializer.FromConfig("Ones", null).Call(new[] { 2 })) });
            var bytes = File.ReadAllBytes(path);
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            var at = text.IndexOf("\"version\": \"0.1.0", StringComparison.Ordinal);
            Assert.True(at > 0);
            bytes[at + 16] = (byte)'1'; // still a valid record, with another version
            File.WriteAllBytes(path, bytes);
            var ex = Assert.Throws<InitializerException>(() => Npz.Read(path));
            Assert.Equal("NpzInvalid", ex.ErrorId);
            Assert.Contains(Npz.ProvenanceMember, ex.Message);
        }
#endif

        [Fact]
        public void TheNpySidecarLeavesTheNpyBytesAsNumpyWritesThem()
        {
            var tensor = Initializer.FromConfig("Constant", new Dictionary<string, object> { ["value"] = 2.5 }).Call(new[] { 2 });
            var plain = Path.Combine(dir, "plain.npy");
            var with = Path.Combine(dir, "with.npy");
            Npy.Write(plain, tensor);
            TensorFile.Write(with, new[] { new KeyValuePair<string, Tensor>("w", tensor) }, new TensorWriteOptions { ProvenanceSidecar = true });
            Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(with));
            Assert.Equal(tensor.GetProvenance()!.ToJson() + "\n", File.ReadAllText(with + ".json"));
            Assert.Null(Npy.Read(with).GetProvenance());
            Assert.Null(TensorFile.Read(plain).Single().Value.GetProvenance());
        }

        [Fact]
        public void WritingWithoutTheSidecarRemovesAStaleOne()
        {
            var path = Path.Combine(dir, "w.npy");
            var first = Initializer.FromConfig("Ones", null).Call(new[] { 2 });
            TensorFile.Write(path, new[] { new KeyValuePair<string, Tensor>("w", first) }, new TensorWriteOptions { ProvenanceSidecar = true });
            Assert.True(File.Exists(path + ".json"));
            TensorFile.Write(path, new[] { new KeyValuePair<string, Tensor>("w", Tensor.Zeros(new[] { 2 })) });
            Assert.False(File.Exists(path + ".json"));
            Assert.Null(TensorFile.Read(path).Single().Value.GetProvenance());
        }

        [Fact]
        public void ASidecarForATensorWithoutProvenanceIsRefusedBeforeWriting()
        {
            var path = Path.Combine(dir, "w.npy");
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Write(path, new[] { new KeyValuePair<string, Tensor>("w", Tensor.Zeros(new[] { 2 })) }, new TensorWriteOptions { ProvenanceSidecar = true }));
            Assert.Equal("ProvenanceUnavailable", ex.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void ASidecarThatDescribesAnotherShapeIsProvenanceInvalid()
        {
            var path = Path.Combine(dir, "w.npy");
            Npy.Write(path, Tensor.Zeros(new[] { 3 }));
            File.WriteAllText(path + ".json", Initializer.FromConfig("Zeros", null).Call(new[] { 2 }).GetProvenance()!.ToJson());
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Read(path));
            Assert.Equal("ProvenanceInvalid", ex.ErrorId);
            Assert.Contains("(2,)", ex.Message);
        }

        [Theory]
        [InlineData("two.npy", "NpyNeedsOneTensor")]
        [InlineData("two.csv", "CsvNeedsOneTensor")]
        public void SingleTensorFormatsRefuseSeveral(string name, string errorId)
        {
            var two = new[] { new KeyValuePair<string, Tensor>("a", Tensor.Zeros(new[] { 1 })), new KeyValuePair<string, Tensor>("b", Tensor.Zeros(new[] { 1 })) };
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Write(Path.Combine(dir, name), two));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Contains(".safetensors", ex.Message);
        }

        [Fact]
        public void MetadataIsForSafetensorsOnly()
        {
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Write(
                Path.Combine(dir, "m.npz"),
                new[] { new KeyValuePair<string, Tensor>("a", Tensor.Zeros(new[] { 1 })) },
                new TensorWriteOptions { Metadata = new[] { new KeyValuePair<string, string>("k", "v") } }));
            Assert.Equal("MetadataNotApplicable", ex.ErrorId);
        }
    }
}
