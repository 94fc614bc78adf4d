using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Initializers.Family;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>The one input path (issues 7 and 8): every cmdlet reads through the library's reader, line input is
    /// never re-read line by line unless each line is a whole document, errors name the file, element, line and
    /// column, and the same mistake gets the same ErrorId everywhere.</summary>
    public sealed class InputPathTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-input-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        private string Write(string name, string text)
        {
            var path = System.IO.Path.Combine(dir, name);
            File.WriteAllText(path, text);
            return path;
        }

        private static Hashtable Vars(params object[] pairs)
        {
            var h = new Hashtable();
            for (var i = 0; i < pairs.Length; i += 2)
            {
                h[pairs[i]] = pairs[i + 1];
            }

            return h;
        }

        [Fact]
        public void ABadYamlFileReadLineByLineGivesOneErrorAndNoInitializers()
        {
            // Before: the joined text failed (duplicate key), each line was then parsed on its own, and the cmdlet
            // emitted Constant(value=0.0), an error and Ones(): wrong initializers from a broken file.
            var path = Write("bad.yaml", "class_name: Constant\nconfig: {value: 5}\nclass_name: Ones\n");
            var run = Run.Script("Get-Content -LiteralPath $p | ConvertFrom-InitializerConfig", Vars("p", path));
            Assert.Empty(run.Output);
            var e = Assert.Single(run.Errors);
            Assert.StartsWith("DuplicateKey,", e.FullyQualifiedErrorId);
            Assert.Contains(path, e.Exception.Message);
            Assert.Contains("line 3, column 1", e.Exception.Message);

            var tensors = Run.Script("Get-Content -LiteralPath $p | ConvertFrom-InitializerConfig | New-Tensor -Shape 2", Vars("p", path));
            Assert.Empty(tensors.Output);
        }

        [Fact]
        public void JsonLinesAndNamesPerLineAreOneElementEach()
        {
            var run = Run.Ok("'{\"class_name\": \"Zeros\", \"config\": {}}', '{\"class_name\": \"Ones\", \"config\": {}}', 'glorot_uniform' | ConvertFrom-InitializerConfig");
            Assert.Equal(new[] { "Zeros", "Ones", "GlorotUniform" }, run.Output.Select(o => ((Initializer)o.BaseObject).ClassName));
        }

        [Fact]
        public void ABadJsonLineIsItsOwnErrorWithItsLineNumber()
        {
            // Every line is a whole JSON document, so each is one element; the bad one is reported at its own line.
            var path = Write("sweep.jsonl", "{\"class_name\": \"Zeros\", \"config\": {}}\n{\"class_name\": \"Ones\", \"config\": {\"x\": 1}}\n");
            var run = Run.Script("Get-Content -LiteralPath $p | ConvertFrom-InitializerConfig", Vars("p", path));
            Assert.Equal("Zeros", ((Initializer)Assert.Single(run.Output).BaseObject).ClassName);
            var e = Assert.Single(run.Errors);
            Assert.StartsWith("UnknownConfigKey,", e.FullyQualifiedErrorId);
            Assert.Contains($"'{path}', element 1, line 2, column 35", e.Exception.Message);
        }

        [Fact]
        public void ImportErrorsNameTheFileTheElementAndTheLineAndColumnOfTheValue()
        {
            var path = Write("sweep.yaml",
                "class_name: Constant\nconfig: {value: 1}\n---\nclass_name: RandomNormal\nconfig:\n  mean: 0\n  seed: 1.5\n---\nclass_name: Nope\n---\nclass_name: Ones\nconfig:\n  valeu: 1\n");
            var run = Run.Script("Import-InitializerConfig -LiteralPath $p", Vars("p", path));
            Assert.Equal("Constant", ((Initializer)Assert.Single(run.Output).BaseObject).ClassName);
            Assert.Equal(3, run.Errors.Count);
            Assert.StartsWith("InvalidSeed,", run.Errors[0].FullyQualifiedErrorId);
            Assert.StartsWith($"'{path}', element 1, line 7, column 9: ", run.Errors[0].Exception.Message);
            Assert.StartsWith("UnknownInitializer,", run.Errors[1].FullyQualifiedErrorId);
            Assert.StartsWith($"'{path}', element 2, line 9, column 13: ", run.Errors[1].Exception.Message);
            Assert.StartsWith("UnknownConfigKey,", run.Errors[2].FullyQualifiedErrorId);
            Assert.StartsWith($"'{path}', element 3, line 13, column 3: ", run.Errors[2].Exception.Message);
            Assert.Contains("line 13, column 3", run.Errors[2].ErrorDetails.Message);
        }

        [Fact]
        public void JsonArrayElementsAreLocatedToo()
        {
            var path = Write("two.json", "[\n  {\"class_name\": \"Zeros\", \"config\": {}},\n  {\"class_name\": \"RandomUniform\", \"config\": {\"minval\": \"a\"}}\n]\n");
            var e = Run.Script("Import-InitializerConfig -LiteralPath $p", Vars("p", path)).Error;
            Assert.StartsWith("InvalidConfigValue,", e.FullyQualifiedErrorId);
            Assert.StartsWith($"'{path}', element 1, line 3, column 56: ", e.Exception.Message);
        }

        [Fact]
        public void EachRawStringIsItsOwnSourceWithItsOwnLineNumbers()
        {
            var good = Write("good.yaml", "class_name: Zeros\nconfig: {}\n");
            var bad = Write("bad.yaml", "class_name: Ones\nconfig:\n  x: 1\n");
            var run = Run.Script("Get-Content -Raw -LiteralPath $g, $b | Test-InitializerConfig -Detailed", Vars("g", good, "b", bad));
            Assert.Equal(2, run.Output.Count);
            Assert.Equal(true, run.Output[0].Properties["Valid"].Value);
            Assert.Equal(good, run.Output[0].Properties["Source"].Value);
            Assert.Equal(false, run.Output[1].Properties["Valid"].Value);
            Assert.Equal(bad, run.Output[1].Properties["Source"].Value);
            Assert.Equal(3, run.Output[1].Properties["Line"].Value);
            Assert.Equal(3, run.Output[1].Properties["Column"].Value);
            Assert.Equal("UnknownConfigKey", run.Output[1].Properties["ErrorId"].Value);

            // Untagged strings with line breaks are separate texts as well.
            var anon = Run.Ok("\"class_name: Zeros`nconfig: {}\", \"class_name: Ones`nconfig: {}\" | ConvertFrom-InitializerConfig");
            Assert.Equal(2, anon.Output.Count);
        }

        [Fact]
        public void TestInitializerConfigChecksFilesFromGetChildItemAndPath()
        {
            Write("a.yaml", "class_name: Zeros\nconfig: {}\n");
            Write("b.yaml", "class_name: GlorotUniform\nconfig: {seed: 3}\n");
            Assert.Equal(true, Run.Ok("Get-ChildItem -LiteralPath $d -Filter *.yaml | Test-InitializerConfig", Vars("d", dir)).Single());
            Assert.Equal(true, Run.Ok("Test-InitializerConfig -Path (Join-Path $d '*.yaml')", Vars("d", dir)).Single());
            Assert.Equal(true, Run.Ok("Get-Item -LiteralPath (Join-Path $d 'a.yaml') | Test-InitializerConfig", Vars("d", dir)).Single());
            Write("c.yaml", "class_name: Zeros\nconfig: {x: 1}\n");
            Assert.Equal(false, Run.Ok("Get-ChildItem -LiteralPath $d -Filter *.yaml | Test-InitializerConfig", Vars("d", dir)).Single());

            var detailed = Run.Ok("Test-InitializerConfig -LiteralPath (Join-Path $d 'c.yaml') -Detailed", Vars("d", dir)).Output;
            var row = Assert.Single(detailed);
            Assert.Contains("Initializers.ConfigTestResult", row.TypeNames);
            Assert.Equal("UnknownConfigKey", row.Properties["ErrorId"].Value);
            Assert.Equal(2, row.Properties["Line"].Value);
            Assert.Equal(10, row.Properties["Column"].Value);

            // A path that names an initializer? No: with -Path it is a file, and a missing one is an error.
            var missing = Run.Script("Test-InitializerConfig -Path (Join-Path $d 'x.yaml')", Vars("d", dir));
            Assert.StartsWith("FileNotFound,", missing.Error.FullyQualifiedErrorId);
        }

        [Fact]
        public void AWildcardThatMatchesNothingIsAnError()
        {
            var run = Run.Script("Import-InitializerConfig (Join-Path $d '*.nomatch')", Vars("d", dir));
            Assert.StartsWith("FileNotFound,", run.Error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, run.Error.CategoryInfo.Category);
        }

        [Fact]
        public void ExportIntoAMissingFolderNamesTheDestinationNotATemporaryFile()
        {
            var target = System.IO.Path.Combine(dir, "missing", "c.json");
            var e = Run.Script("New-Initializer Zeros | Export-InitializerConfig -LiteralPath $t", Vars("t", target)).Error;
            Assert.StartsWith("DirectoryNotFound,", e.FullyQualifiedErrorId);
            Assert.Contains(target, e.Exception.Message);
            Assert.DoesNotContain(".tmp", e.Exception.Message);
        }

        [Fact]
        public void EveryCmdletTakesTheSameDocumentForms()
        {
            const string forms = "$forms = @(" +
                "'HeNormal', " +
                "@{ class_name = 'HeNormal'; config = @{ seed = 1 } }, " +
                "[pscustomobject]@{ class_name = 'HeNormal'; config = [pscustomobject]@{ seed = 1 } }, " +
                "'{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 1}}', " +
                "\"class_name: HeNormal`nconfig: {seed: 1}\", " +
                "(New-Initializer HeNormal -Seed 1))\n";
            foreach (var (cmdlet, type) in new[]
            {
                ("New-Initializer $f", typeof(HeNormal)),
                ("New-Tensor $f -Shape 2", typeof(Tensor)),
                ("Get-InitializerConfig $f", typeof(System.Collections.Specialized.OrderedDictionary)),
                ("ConvertTo-InitializerConfig $f | ConvertFrom-InitializerConfig", typeof(HeNormal)),
                ("ConvertFrom-InitializerConfig $f", typeof(HeNormal)),
                ("$f | Test-InitializerConfig", typeof(bool)),
            })
            {
                var run = Run.Ok(forms + "foreach ($f in $forms) { " + cmdlet + " }");
                Assert.Equal(6, run.Output.Count);
                Assert.All(run.Output, o => Assert.IsType(type, o.BaseObject));
            }
        }

        [Fact]
        public void NewInitializerTakesAPSCustomObjectConfig()
        {
            var i = (Initializer)Run.Ok("New-Initializer Constant -Config ('{\"value\": 2}' | ConvertFrom-Json)").Single()!;
            Assert.Equal(2L, Convert.ToInt64(i.GetConfig()["value"]));
        }

        [Fact]
        public void NewInitializerRefusesConfigOrSeedBesideAWholeDocument()
        {
            var e = Run.Script("New-Initializer @{ class_name = 'HeNormal'; config = @{} } -Seed 3").Error;
            Assert.StartsWith("ParameterWithDocument,", e.FullyQualifiedErrorId);
        }

        [Fact]
        public void ImportCsvRowsBindNameSeedAndConfigColumns()
        {
            var csv = Write("sweep.csv", "name,seed,scale,mode\nVarianceScaling,7,2.0,fan_avg\nHeNormal,8,,\n");
            var run = Run.Ok("Import-Csv -LiteralPath $p | New-Initializer", Vars("p", csv));
            var vs = Assert.IsType<VarianceScaling>(run.Output[0].BaseObject);
            Assert.Equal(2.0, vs.Scale);
            Assert.Equal("fan_avg", vs.Mode);
            Assert.Equal(7L, vs.Seed);
            var he = Assert.IsType<HeNormal>(run.Output[1].BaseObject);
            Assert.Equal(8L, he.Seed);
        }

        [Fact]
        public void ACsvColumnThatIsNoConfigKeyIsAnErrorNotDropped()
        {
            var csv = Write("sweep.csv", "name,seed,gain\nHeNormal,7,2.0\n");
            var e = Run.Script("Import-Csv -LiteralPath $p | New-Initializer", Vars("p", csv)).Error;
            Assert.StartsWith("UnknownConfigKey,", e.FullyQualifiedErrorId);
            Assert.Contains("'gain'", e.Exception.Message);
        }

        [Fact]
        public void ModelAndLayerConfigsSayWhatTheyAre()
        {
            var model = Write("model.json",
                "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": []}, \"keras_version\": \"3.5.0\", \"backend\": \"tensorflow\"}");
            var e = Run.Script("Import-InitializerConfig -LiteralPath $p", Vars("p", model)).Error;
            Assert.StartsWith("NotAnInitializerConfig,", e.FullyQualifiedErrorId);
            Assert.Contains("Keras model config (class 'Sequential')", e.Exception.Message);

            var layer = Run.Script("'{\"class_name\": \"Dense\", \"config\": {\"units\": 3, \"kernel_initializer\": \"glorot_uniform\"}}' | ConvertFrom-InitializerConfig").Error;
            Assert.StartsWith("NotAnInitializerConfig,", layer.FullyQualifiedErrorId);
            Assert.Contains("Keras layer config (class 'Dense')", layer.Exception.Message);
        }

        [Fact]
        public void AMissingClassNameIsTheSameErrorEverywhere()
        {
            foreach (var script in new[]
            {
                "New-Tensor @{ value = 3 } -Shape 2", "@{ value = 3 } | ConvertFrom-InitializerConfig",
                "'{\"value\": 3}' | ConvertFrom-InitializerConfig", "Get-InitializerConfig @{ value = 3 }",
            })
            {
                Assert.StartsWith("MissingClassName,", Run.Script(script).Error.FullyQualifiedErrorId);
            }
        }
    }
}
