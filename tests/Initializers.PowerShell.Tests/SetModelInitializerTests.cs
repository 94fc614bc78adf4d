using System;
using System.Collections;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>Set-ModelInitializer hosted in a runspace: reseeding and replacing slots in place or into a
    /// destination, -WhatIf, -Force/-NoClobber, -PassThru, the pipeline from Get-ModelInitializer, shared initializers
    /// and .keras archives. Derived seeds were computed with sha256sum and python (see SeedDerivationTests): base 42
    /// gives dense/kernel_initializer 23861153 and dense_1/kernel_initializer 1612078339.</summary>
    [Collection("AtomicFile hook")]
    public sealed class SetModelInitializerTests : IDisposable
    {
        private const string Model =
            "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": [" +
            "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 4, \"use_bias\": true, " +
            "\"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}, \"registered_name\": null}, " +
            "\"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", \"config\": {}, \"registered_name\": null}}}, " +
            "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 2, \"use_bias\": true, " +
            "\"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}, \"registered_name\": null}, " +
            "\"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"RandomNormal\", \"config\": {\"seed\": 5, \"mean\": 0.0, \"stddev\": 0.050}, \"registered_name\": null}}}]}}";

        private readonly string dir = Directory.CreateTempSubdirectory("init-setmodel-").FullName;

        public void Dispose()
        {
            foreach (var f in Directory.GetFiles(dir))
            {
                File.SetAttributes(f, FileAttributes.Normal);
            }

            Directory.Delete(dir, recursive: true);
        }

        private string ModelFile(string name = "m.json", string text = Model)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, text);
            return path;
        }

        private Run In(string script) => Run.Script(script, new Hashtable { ["dir"] = dir });

        [Fact]
        public void SeedSeedsTheUnseededRandomSlotsInPlaceAndChangesNothingElse()
        {
            var path = ModelFile();
            var run = In("Set-ModelInitializer -Path (Join-Path $dir 'm.json') -Seed 42");
            Assert.Empty(run.Errors);
            Assert.Null(run.Terminating);
            Assert.Empty(run.Output);
            Assert.Equal(Model.Replace("{\"seed\": null}, \"registered_name\": null}, \"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\"",
                    "{\"seed\": 23861153}, \"registered_name\": null}, \"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\"")
                .Replace("{\"seed\": null}", "{\"seed\": 1612078339}"), File.ReadAllText(path));
        }

        [Fact]
        public void InitializerReplacesTheFilteredSlotsIntoADestinationAndLeavesTheInputAlone()
        {
            var path = ModelFile();
            var run = In("Set-ModelInitializer (Join-Path $dir 'm.json') -Destination (Join-Path $dir 'out.json') -Layer dense_* -Slot *kernel* -Initializer @{ class_name = 'HeNormal'; config = @{ seed = 3 } } -PassThru | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.Layer, $_.Slot, $_.Initializer, $_.File }");
            Assert.Empty(run.Errors);
            Assert.Equal(Model, File.ReadAllText(path));
            var output = Path.Combine(dir, "out.json");
            Assert.Equal(new object[] { $"dense_1|kernel_initializer|HeNormal(seed=3)|{output}" }, run.Output.Select(o => o.BaseObject));
            Assert.Equal(Model.Replace("{\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}, \"registered_name\": null}, \"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"RandomNormal\"",
                "{\"module\": \"keras.initializers\", \"class_name\": \"HeNormal\", \"config\": {\"seed\": 3}, \"registered_name\": null}, \"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"RandomNormal\""), File.ReadAllText(output));
        }

        [Fact]
        public void ClassNameFiltersByTheCurrentInitializerAndNothingMatchedCopiesTheFileByteForByte()
        {
            var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Model.Replace(", ", ",\r\n "))).ToArray();
            var path = Path.Combine(dir, "bom.json");
            File.WriteAllBytes(path, bytes);
            var run = In("Set-ModelInitializer (Join-Path $dir 'bom.json') (Join-Path $dir 'copy.json') -ClassName Orthogonal -Seed 1");
            Assert.Empty(run.Errors);
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(dir, "copy.json")));

            In("Set-ModelInitializer (Join-Path $dir 'bom.json') -ClassName Random* -Initializer Ones");
            Assert.Equal(Encoding.UTF8.GetPreamble(), File.ReadAllBytes(path).Take(3));
            var text = File.ReadAllText(path);
            Assert.Contains("\"class_name\": \"Ones\"", text);
            Assert.DoesNotContain("RandomNormal", text);
            Assert.Equal(2, text.Split("GlorotUniform").Length - 1);
        }

        [Fact]
        public void WhatIfWritesNothingAndForceAndNoClobberGuardTheDestination()
        {
            var path = ModelFile();
            Assert.Empty(In("Set-ModelInitializer (Join-Path $dir 'm.json') -Seed 42 -WhatIf").Errors);
            Assert.Equal(Model, File.ReadAllText(path));

            var target = ModelFile("ro.json", "{}");
            File.SetAttributes(target, FileAttributes.ReadOnly);
            Assert.Equal("FileReadOnly,Initializers.PowerShell.Commands.SetModelInitializerCommand",
                In("Set-ModelInitializer (Join-Path $dir 'm.json') (Join-Path $dir 'ro.json') -Seed 42").Error.FullyQualifiedErrorId);
            Assert.Equal("{}", File.ReadAllText(target));
            Assert.Equal("FileExists,Initializers.PowerShell.Commands.SetModelInitializerCommand",
                In("Set-ModelInitializer (Join-Path $dir 'm.json') (Join-Path $dir 'ro.json') -Seed 42 -Force -NoClobber").Error.FullyQualifiedErrorId);
            Assert.Empty(In("Set-ModelInitializer (Join-Path $dir 'm.json') (Join-Path $dir 'ro.json') -Seed 42 -Force").Errors);
            Assert.Contains("1612078339", File.ReadAllText(target));
            Assert.True(File.GetAttributes(target).HasFlag(FileAttributes.ReadOnly));
        }

        [Fact]
        public void SlotsPipedFromGetModelInitializerAreTheOnesChanged()
        {
            var path = ModelFile();
            var run = In("Get-ModelInitializer (Join-Path $dir 'm.json') | Where-Object Layer -EQ dense | Set-ModelInitializer -Seed 42 -PassThru | ForEach-Object { '{0}|{1}|{2}' -f $_.Layer, $_.Slot, $_.Seed }");
            Assert.Empty(run.Errors);
            Assert.Null(run.Terminating);
            Assert.Equal(new object[] { "dense|kernel_initializer|23861153" }, run.Output.Select(o => o.BaseObject));
            Assert.Contains("{\"seed\": null}", File.ReadAllText(path));
        }

        [Fact]
        public void SharedCopiesAreRewrittenTogether()
        {
            var shared = Model.Replace("{\"seed\": null}, \"registered_name\": null}", "{\"seed\": null}, \"registered_name\": null, \"shared_object_id\": 77}");
            var path = ModelFile("s.json", shared);
            var run = In("Set-ModelInitializer (Join-Path $dir 's.json') -Layer dense -Slot kernel* -Initializer LecunNormal -PassThru | ForEach-Object { '{0}|{1}' -f $_.Layer, $_.ClassName }");
            Assert.Empty(run.Errors);
            Assert.Equal(new object[] { "dense|LecunNormal", "dense_1|LecunNormal" }, run.Output.Select(o => o.BaseObject));
            Assert.Equal(2, File.ReadAllText(path).Split("\"class_name\": \"LecunNormal\", \"config\": {\"seed\": null}, \"registered_name\": null, \"shared_object_id\": 77}").Length - 1);

            File.WriteAllText(path, shared.Replace("\"units\": 2, \"use_bias\": true, \"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\"",
                "\"units\": 2, \"use_bias\": true, \"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotNormal\""));
            var before = File.ReadAllText(path);
            Assert.Equal("SharedInitializerConflict,Initializers.PowerShell.Commands.SetModelInitializerCommand",
                In("Set-ModelInitializer (Join-Path $dir 's.json') -Layer dense -Seed 1").Error.FullyQualifiedErrorId);
            Assert.Equal(before, File.ReadAllText(path));
        }

        [Fact]
        public void KerasArchivesGetANewConfigAndKeepTheirOtherMembers()
        {
            var path = Path.Combine(dir, "m.keras");
            var weights = Enumerable.Range(0, 3000).Select(i => (byte)(i % 253)).ToArray();
            using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
            {
                foreach (var (name, data) in new[] { ("metadata.json", Encoding.UTF8.GetBytes("{\"keras_version\": \"3.5.0\"}")), ("config.json", Encoding.UTF8.GetBytes(Model)), ("model.weights.h5", weights) })
                {
                    using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                    stream.Write(data, 0, data.Length);
                }
            }

            var run = In("Set-ModelInitializer (Join-Path $dir 'm.keras') (Join-Path $dir 'n.keras') -Seed 42 -PassThru | ForEach-Object Seed");
            Assert.Empty(run.Errors);
            Assert.Equal(new object[] { 23861153L, 1612078339L }, run.Output.Select(o => o.BaseObject));
            using var copy = ZipFile.OpenRead(Path.Combine(dir, "n.keras"));
            Assert.Equal(new[] { "metadata.json", "config.json", "model.weights.h5" }, copy.Entries.Select(e => e.FullName));
            using var member = copy.GetEntry("model.weights.h5")!.Open();
            var read = new MemoryStream();
            member.CopyTo(read);
            Assert.Equal(weights, read.ToArray());
        }

        [Fact]
        public void WithoutInitializerOrSeedThereIsNothingToDo()
        {
            ModelFile();
            Assert.Equal("NoChangeRequested,Initializers.PowerShell.Commands.SetModelInitializerCommand",
                In("Set-ModelInitializer (Join-Path $dir 'm.json') -Layer dense").Error.FullyQualifiedErrorId);
        }
    }
}
