using System;
using System.Collections;
using System.IO;
using System.Linq;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>Configs through text and files: every catalog entry round-trips, paths with brackets and wildcards,
    /// -Encoding as Set-Content writes it (moved from Pester: none of it needs the built module).</summary>
    public sealed class ConfigRoundTripTests : IDisposable
    {
        private readonly string dir = Path.Combine(Path.GetTempPath(), "initializers-tests-" + Guid.NewGuid().ToString("N"));

        public ConfigRoundTripTests() => Directory.CreateDirectory(dir);

        public void Dispose() => Directory.Delete(dir, true);

        private Run In(string script) => Run.Ok(script, new Hashtable { ["dir"] = dir });

        private static string[] Strings(Run run) => run.Output.Select(o => o.BaseObject.ToString()!).ToArray();

        [Theory]
        [InlineData("Json")]
        [InlineData("Yaml")]
        public void EveryCatalogEntryRoundTripsWithItsWholeConfig(string format)
        {
            // Seeded where the class takes a seed, so the seed has to survive too; the whole config is compared.
            var run = Run.Ok(
                "foreach ($info in Get-Initializer) {\n" +
                "  $seed = if ($info.ConfigKeys.Name -contains 'seed') { @{ Seed = 42 } } else { @{} }\n" +
                "  $required = @{}; $info.ConfigKeys | Where-Object Required | ForEach-Object { $required[$_.Name] = 0.5 }\n" +
                "  $i = New-Initializer $info.ClassName -Config $required @seed\n" +
                "  $back = $i | ConvertTo-InitializerConfig -Format $format | ConvertFrom-InitializerConfig\n" +
                "  [pscustomobject]@{ ClassName = $info.ClassName; Back = $back.ClassName; Written = $i | ConvertTo-InitializerConfig -Compress;\n" +
                "    Rewritten = $back | ConvertTo-InitializerConfig -Compress; Equal = $back.Equals($i) }\n" +
                "}",
                new Hashtable { ["format"] = format });
            Assert.NotEmpty(run.Output);
            foreach (var r in run.Output)
            {
                var name = (string)r.Properties["ClassName"].Value;
                Assert.Equal(name, r.Properties["Back"].Value);
                Assert.Equal(r.Properties["Written"].Value, r.Properties["Rewritten"].Value);
                Assert.True((bool)r.Properties["Equal"].Value, $"{name} must come back with its whole config");
            }
        }

        [Fact]
        public void YamlReadLineByLineFromGetContent()
        {
            var run = In(
                "$path = Join-Path $dir 'init.yaml'\n" +
                "Set-Content -LiteralPath $path -Value 'class_name: Constant', 'config:', '  value: 0.25'\n" +
                "$i = Get-Content -LiteralPath $path | ConvertFrom-InitializerConfig\n" +
                "$i.ClassName\n" +
                "(Get-InitializerConfig $i).value");
            Assert.Equal(new object[] { "Constant", 0.25 }, run.Output.Select(o => o.BaseObject));
        }

        [Fact]
        public void ExportAndImportThroughAPathWithBrackets()
        {
            var run = In(
                "$path = Join-Path $dir 'model[1].yaml'\n" +
                "'Zeros', 'Ones' | Export-InitializerConfig -LiteralPath $path\n" +
                "(Import-InitializerConfig -LiteralPath $path).ClassName -join ','\n" +
                "(Get-Item -LiteralPath $path | Import-InitializerConfig).ClassName -join ','\n" +
                "(Import-InitializerConfig -Path (Join-Path $dir 'model`[1`].yaml')).ClassName -join ','");
            Assert.Equal(new[] { "Zeros,Ones", "Zeros,Ones", "Zeros,Ones" }, Strings(run));
        }

        [Fact]
        public void PathExpandsWildcards()
        {
            var run = In(
                "'Zeros' | Export-InitializerConfig -Path (Join-Path $dir 'w1.json')\n" +
                "'Ones' | Export-InitializerConfig -Path (Join-Path $dir 'w2.json')\n" +
                "(Import-InitializerConfig -Path (Join-Path $dir 'w*.json')).ClassName");
            Assert.Equal(new[] { "Zeros", "Ones" }, Strings(run));
        }

        [Theory]
        [InlineData("ascii")]
        [InlineData("bigendianunicode")]
        [InlineData("bigendianutf32")]
        [InlineData("unicode")]
        [InlineData("utf8")]
        [InlineData("utf8BOM")]
        [InlineData("utf8NoBOM")]
        [InlineData("utf32")]
        public void EncodingWritesByteForByteAsSetContentAndReadsBack(string encoding)
        {
            var reference = Path.Combine(dir, $"set-content-{encoding}.json");
            var path = Path.Combine(dir, $"export-{encoding}.json");
            var run = Run.Ok(
                "Set-Content -LiteralPath $reference -Value (('Zeros' | ConvertTo-InitializerConfig) + \"`n\") -NoNewline -Encoding $encoding\n" +
                "'Zeros' | Export-InitializerConfig -LiteralPath $path -Encoding $encoding\n" +
                "(Import-InitializerConfig -LiteralPath $path -Encoding $encoding).ClassName",
                new Hashtable { ["reference"] = reference, ["path"] = path, ["encoding"] = encoding });
            Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(path));
            Assert.Equal("Zeros", run.Single());
        }

        [Fact]
        public void TestInitializerConfigGivesOneBooleanForJsonAndYaml()
        {
            Assert.Equal(true, Run.Ok("Test-InitializerConfig '{\"class_name\": \"Ones\", \"config\": {}}'").Single());
            Assert.Equal(true, Run.Ok("Test-InitializerConfig 'class_name: Ones'").Single());
            Assert.Equal(false, Run.Ok("Test-InitializerConfig '{\"class_name\": \"Onez\"}'").Single());
        }
    }
}
