using System;
using System.Collections;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>Get-ModelInitializer and Test-ModelConfig: every input path (-Path, -LiteralPath, text, Get-Content
    /// lines, files from Get-ChildItem, dictionaries, .keras archives), the filters, the properties a rewriter binds
    /// by name, and the ErrorIds of bad input.</summary>
    public sealed class ModelCmdletTests : IDisposable
    {
        // Slot keys at line 3 column 5, line 4 column 5, line 6 column 5 and line 7 column 5.
        private const string Model =
            "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"mlp\", \"layers\": [\n" +
            "  {\"class_name\": \"Dense\", \"config\": {\"name\": \"hidden\", \"units\": 4,\n" +
            "    \"kernel_initializer\": {\"class_name\": \"HeNormal\", \"config\": {\"seed\": 42}},\n" +
            "    \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}}},\n" +
            "  {\"class_name\": \"Dense\", \"config\": {\"name\": \"out\", \"units\": 1, \"use_bias\": false,\n" +
            "    \"kernel_initializer\": {\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}},\n" +
            "    \"bias_initializer\": null}}]}, \"keras_version\": \"2.15.0\"}";

        private readonly string dir = Directory.CreateTempSubdirectory("init-model-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        private string Write(string name, string text)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, text);
            return path;
        }

        private string Archive(string name, string? config)
        {
            var path = Path.Combine(dir, name);
            using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
            using (var writer = new StreamWriter(zip.CreateEntry("metadata.json", CompressionLevel.NoCompression).Open()))
            {
                writer.Write("{\"keras_version\": \"3.6.0\"}");
            }

            if (config is not null)
            {
                using var writer = new StreamWriter(zip.CreateEntry("config.json", CompressionLevel.NoCompression).Open());
                writer.Write(config);
            }

            return path;
        }

        private static Hashtable Vars(string name, object value) => new() { [name] = value };

        private static string Rows(Run run) =>
            string.Join("\n", run.Output.Select(o => $"{o.Properties["Layer"].Value}|{o.Properties["Slot"].Value}|{o.Properties["ClassName"].Value}|" +
                                                     $"{o.Properties["Line"].Value}:{o.Properties["Column"].Value}|{o.Properties["File"].Value}"));

        [Fact]
        public void OneObjectPerSlotWithEveryProperty()
        {
            var file = Write("m.json", Model);
            var run = Run.Ok("Get-ModelInitializer $f", Vars("f", file));
            Assert.Equal(
                $"hidden|kernel_initializer|HeNormal|3:5|{file}\nhidden|bias_initializer|Zeros|4:5|{file}\n" +
                $"out|kernel_initializer|GlorotUniform|6:5|{file}\nout|bias_initializer||7:5|{file}",
                Rows(run));
            var kernel = run.Output[0];
            Assert.Equal("Initializers.ModelInitializer", kernel.TypeNames[0]);
            Assert.Equal("Dense", kernel.Properties["LayerClass"].Value);
            Assert.Equal(42L, kernel.Properties["Seed"].Value);
            Assert.Equal(true, kernel.Properties["Seeded"].Value);
            Assert.Equal("/config/layers/0/config/kernel_initializer", kernel.Properties["Pointer"].Value);
            Assert.Equal(file, kernel.Properties["Path"].Value);
            Assert.Equal("Initializers.Family.HeNormal", kernel.Properties["Initializer"].Value!.GetType().FullName);
            Assert.Equal(false, run.Output[2].Properties["Seeded"].Value);
            Assert.Null(run.Output[1].Properties["Seeded"].Value);
            Assert.Null(run.Output[3].Properties["Initializer"].Value);
            Assert.Equal(true, run.Output[3].Properties["Unused"].Value);
        }

        [Fact]
        public void LayerAndSlotTakeWildcards()
        {
            var file = Write("m.json", Model);
            Assert.Equal("out|kernel_initializer|GlorotUniform|6:5|" + file, Rows(Run.Ok("Get-ModelInitializer $f -Layer O* -Slot kern*", Vars("f", file))));
            Assert.Equal(2, Run.Ok("Get-ModelInitializer -LiteralPath $f -Slot bias*, nothing", Vars("f", file)).Output.Count);
        }

        [Fact]
        public void LinesFromGetContentTextFilesAndDictionariesReadAlike()
        {
            var file = Write("m.json", Model);
            var fromPath = Rows(Run.Ok("Get-ModelInitializer $f", Vars("f", file)));
            Assert.Equal(fromPath, Rows(Run.Ok("Get-Content $f | Get-ModelInitializer", Vars("f", file))));
            Assert.Equal(fromPath, Rows(Run.Ok("Get-ChildItem $f | Get-ModelInitializer", Vars("f", file))));
            Assert.Equal(fromPath.Replace(file, ""), Rows(Run.Ok("$t | Get-ModelInitializer", Vars("t", Model))));
            var tree = Run.Ok("$t | ConvertFrom-Json | Get-ModelInitializer", Vars("t", Model));
            Assert.Equal("hidden|kernel_initializer|HeNormal|:|", Rows(tree).Split('\n')[0]);
        }

        [Fact]
        public void KerasArchivesReadTheirConfigJson()
        {
            var keras = Archive("m.keras", Model);
            Assert.Equal(Rows(Run.Ok("Get-ModelInitializer $f", Vars("f", Write("m.json", Model)))).Replace(Path.Combine(dir, "m.json"), keras),
                Rows(Run.Ok("Get-ModelInitializer $f", Vars("f", keras))));
            Assert.Equal("KerasArchiveNoConfig", Run.Script("Get-ModelInitializer $f", Vars("f", Archive("none.keras", null))).Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("KerasArchiveInvalid", Run.Script("Get-ModelInitializer $f", Vars("f", Write("bad.keras", "not a zip"))).Error.FullyQualifiedErrorId.Split(',')[0]);
        }

        [Theory]
        [InlineData("{\"class_name\": \"Dense\", \"config\": {}}", "NotAModelConfig")]
        [InlineData("{\"class_name\": \"Sequential\", \"config\": {\"layers\": []}}", "NoLayers")]
        [InlineData("{\"class_name\": \"Sequential\",\n \"config\": {\"layers\": [}}", "ConfigParseFailed")]
        public void BadModelsAreNonTerminatingErrorsWithStableIds(string text, string errorId)
        {
            var run = Run.Script("Get-ModelInitializer $f; 'after'", Vars("f", Write("bad.json", text)));
            Assert.Null(run.Terminating);
            Assert.Equal(errorId, run.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("bad.json", run.Error.Exception.Message);
            Assert.Equal("after", run.Output.Last().BaseObject);
        }

        [Fact]
        public void DuplicateLayerNamesAreErrorsAndTheSlotsAreStillListed()
        {
            var text = "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [\n" +
                       "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"kernel_initializer\": \"ones\"}},\n" +
                       "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"kernel_initializer\": \"zeros\"}}]}}";
            var run = Run.Script("Get-ModelInitializer $f", Vars("f", Write("dup.json", text)));
            Assert.Equal("DuplicateLayerName", run.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("line 3, column 1", run.Error.Exception.Message);
            Assert.Equal(2, run.Output.Count);
        }

        [Fact]
        public void TestModelConfigWritesFindingsWithFileAndPosition()
        {
            var file = Write("m.json", Model.Replace("\"HeNormal\"", "\"Identity\"").Replace("{\"seed\": 42}", "{}"));
            var run = Run.Ok("Test-ModelConfig $f", Vars("f", file));
            Assert.Equal(
                "Warning UnseededInitializer 6:5 out kernel_initializer\nInformation UnusedSlot 7:5 out bias_initializer\n" +
                "Information NullInitializer 7:5 out bias_initializer",
                string.Join("\n", run.Output.Select(o => $"{o.Properties["Severity"].Value} {o.Properties["Rule"].Value} {o.Properties["Line"].Value}:{o.Properties["Column"].Value} {o.Properties["Layer"].Value} {o.Properties["Slot"].Value}")));
            Assert.All(run.Output, o => Assert.Equal(file, o.Properties["File"].Value));
            Assert.All(run.Output, o => Assert.Equal("Initializers.ModelFinding", o.TypeNames[0]));
            Assert.Equal(true, Run.Ok("Test-ModelConfig $f -Quiet", Vars("f", file)).Single());
        }

        [Fact]
        public void TestModelConfigReportsUnreadableModelsAsErrorFindings()
        {
            var file = Write("bad.json", "{\"class_name\": \"Sequential\",\n \"config\": {\"layers\": [}}");
            var finding = Run.Ok("Test-ModelConfig -LiteralPath $f", Vars("f", file)).Output.Single();
            Assert.Equal("Error ConfigParseFailed 2:24", $"{finding.Properties["Severity"].Value} {finding.Properties["Rule"].Value} {finding.Properties["Line"].Value}:{finding.Properties["Column"].Value}");
            Assert.Equal(false, Run.Ok("Test-ModelConfig $f -Quiet", Vars("f", file)).Single());
            var missing = Run.Script("Test-ModelConfig (Join-Path $d nothing.json) -Quiet", Vars("d", dir));
            Assert.Equal("FileNotFound", missing.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(false, missing.Single());
            Assert.Equal(false, Run.Ok("@() | Test-ModelConfig -Quiet").Single());
        }
    }
}
