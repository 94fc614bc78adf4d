using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>ConvertTo-/ConvertFrom-InitializerConfig. Expected texts are the Keras forms from the spec (section 9.3)
    /// with Python's json.dumps separators.</summary>
    public class ConvertToInitializerConfigTests
    {
        [Fact]
        public void Keras3CompressedJson()
        {
            var text = (string)Run.Ok("New-Initializer Constant @{ value = 3 } | ConvertTo-InitializerConfig -Compress").Single()!;
            Assert.Equal("{\"module\": \"keras.initializers\", \"class_name\": \"Constant\", \"config\": {\"value\": 3}, \"registered_name\": null}", text);
        }

        [Fact]
        public void Keras2CompressedJson()
        {
            var text = (string)Run.Ok("ConvertTo-InitializerConfig Zeros -Style Keras2 -Compress").Single()!;
            Assert.Equal("{\"class_name\": \"Zeros\", \"config\": {}}", text);
        }

        [Fact]
        public void SeveralInitializersGiveOneJsonArray()
        {
            var run = Run.Ok("'Zeros', 'Ones' | New-Initializer | ConvertTo-InitializerConfig -Style Keras2 -Compress");
            Assert.Equal("[{\"class_name\": \"Zeros\", \"config\": {}}, {\"class_name\": \"Ones\", \"config\": {}}]", (string)run.Single()!);
        }

        [Fact]
        public void AsArrayForOne()
        {
            var text = (string)Run.Ok("ConvertTo-InitializerConfig Zeros -Style Keras2 -Compress -AsArray").Single()!;
            Assert.Equal("[{\"class_name\": \"Zeros\", \"config\": {}}]", text);
        }

        [Fact]
        public void SeveralInitializersGiveAMultiDocumentYamlStream()
        {
            var text = (string)Run.Ok("'Zeros', 'Ones' | ConvertTo-InitializerConfig -Format Yaml -Style Keras2").Single()!;
            Assert.Contains("class_name: Zeros", text);
            Assert.Contains("class_name: Ones", text);
            Assert.Contains("---", text);
        }

        [Fact]
        public void YamlRoundTrip()
        {
            var run = Run.Ok("New-Initializer Constant @{ value = 1.5 } | ConvertTo-InitializerConfig -Format Yaml | ConvertFrom-InitializerConfig");
            var i = (Initializer)run.Single()!;
            Assert.Equal(1.5, System.Convert.ToDouble(i.GetConfig()["value"], CultureInfo.InvariantCulture));
        }

        [Fact]
        public void BadInputIsLeftOutWithAnError()
        {
            var run = Run.Script("'Zeros', 'Nope' | ConvertTo-InitializerConfig -Style Keras2 -Compress");
            Assert.Equal("{\"class_name\": \"Zeros\", \"config\": {}}", (string)run.Single()!);
            Assert.StartsWith("UnknownInitializer,", Assert.Single(run.Errors).FullyQualifiedErrorId);
        }
    }

    public class ConvertFromInitializerConfigTests
    {
        [Fact]
        public void JsonText()
        {
            var i = (Initializer)Run.Ok("'{\"class_name\": \"Constant\", \"config\": {\"value\": 3}}' | ConvertFrom-InitializerConfig").Single()!;
            Assert.Equal("Constant", i.ClassName);
            Assert.Equal(3, System.Convert.ToInt32(i.GetConfig()["value"]));
        }

        [Fact]
        public void JsonArrayGivesSeveral()
        {
            var run = Run.Ok("ConvertFrom-InitializerConfig '[{\"class_name\": \"Zeros\", \"config\": {}}, \"ones\"]'");
            Assert.Equal(new[] { "Zeros", "Ones" }, run.Output.Select(o => ((Initializer)o.BaseObject).ClassName));
        }

        [Fact]
        public void YamlStreamGivesOnePerDocument()
        {
            var run = Run.Ok("\"class_name: Zeros`nconfig: {}`n---`nclass_name: Ones`nconfig: {}\" | ConvertFrom-InitializerConfig");
            Assert.Equal(new[] { "Zeros", "Ones" }, run.Output.Select(o => ((Initializer)o.BaseObject).ClassName));
        }

        [Fact]
        public void YamlLineByLineAsFromGetContent()
        {
            var run = Run.Ok("'class_name: Constant', 'config:', '  value: 2' | ConvertFrom-InitializerConfig");
            var i = (Initializer)run.Single()!;
            Assert.Equal(2, System.Convert.ToInt32(i.GetConfig()["value"]));
        }

        [Fact]
        public void JsonLineByLineFromAFile()
        {
            var run = Run.Ok(
                "$p = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString() + '.json'); " +
                "Set-Content -LiteralPath $p -Value '{', '  \"class_name\": \"Ones\",', '  \"config\": {}', '}'; " +
                "try { Get-Content -LiteralPath $p | ConvertFrom-InitializerConfig } finally { Remove-Item -LiteralPath $p }");
            Assert.Equal("Ones", ((Initializer)run.Single()!).ClassName);
        }

        [Fact]
        public void OneJsonDocumentPerString()
        {
            var run = Run.Ok("'{\"class_name\": \"Zeros\"}', '{\"class_name\": \"Ones\"}' | ConvertFrom-InitializerConfig");
            Assert.Equal(new[] { "Zeros", "Ones" }, run.Output.Select(o => ((Initializer)o.BaseObject).ClassName));
        }

        [Fact]
        public void PSCustomObjectFromConvertFromJson()
        {
            var run = Run.Ok("'{\"class_name\": \"Constant\", \"config\": {\"value\": [1, 2]}}' | ConvertFrom-Json | ConvertFrom-InitializerConfig");
            var i = (Initializer)run.Single()!;
            Assert.Equal("Constant", i.ClassName);
            var t = i.Call(new[] { 2 });
            Assert.Equal(new[] { 1f, 2f }, (float[])t.ToArray());
        }

        [Fact]
        public void HashtableDocumentAndBareName()
        {
            var run = Run.Ok("@{ class_name = 'Ones'; config = @{} }, 'glorot_uniform' | ConvertFrom-InitializerConfig");
            Assert.Equal(new[] { "Ones", "GlorotUniform" }, run.Output.Select(o => ((Initializer)o.BaseObject).ClassName));
        }

        [Fact]
        public void ClassNameReadsPlainConfigs()
        {
            var i = (Initializer)Run.Ok("@{ value = 2 } | ConvertFrom-InitializerConfig -ClassName Constant").Single()!;
            Assert.Equal(2, i.GetConfig()["value"]);
        }

        [Fact]
        public void MalformedJsonGivesLineAndColumn()
        {
            var text = "{\n  \"class_name\": \"Zeros\",\n  \"config\": {";
            var run = Run.Script("$text | ConvertFrom-InitializerConfig", new System.Collections.Hashtable { ["text"] = text });
            var e = run.Error;
            Assert.StartsWith("ConfigParseFailed,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ParserError, e.CategoryInfo.Category);
            Assert.NotNull(e.ErrorDetails);
            Assert.Contains("line 3", e.ErrorDetails.Message);
            Assert.Contains("column", e.ErrorDetails.Message);
            Assert.Equal(text, e.TargetObject);
        }

        [Fact]
        public void MalformedYamlGivesLineAndColumn()
        {
            var e = Run.Script("\"class_name: Zeros`nconfig: [1, 2\" | ConvertFrom-InitializerConfig").Error;
            Assert.StartsWith("ConfigParseFailed,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ParserError, e.CategoryInfo.Category);
            Assert.Contains("line", e.ErrorDetails.Message);
            Assert.Contains("column", e.ErrorDetails.Message);
        }

        [Fact]
        public void UnknownKeyInTextIsInvalidData()
        {
            var e = Run.Script("'{\"class_name\": \"Constant\", \"config\": {\"valu\": 1}}' | ConvertFrom-InitializerConfig").Error;
            Assert.StartsWith("UnknownConfigKey,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Equal("valu", e.TargetObject);
        }

        [Fact]
        public void NaNInJsonWhereNotAllowed()
        {
            var e = Run.Script("'{\"class_name\": \"RandomNormal\", \"config\": {\"stddev\": NaN}}' | ConvertFrom-InitializerConfig").Error;
            Assert.StartsWith("InvalidConfigValue,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        }

        [Theory]
        [InlineData("'' | ConvertFrom-InitializerConfig")]
        [InlineData("'  ', '' | ConvertFrom-InitializerConfig")]
        [InlineData("@() | ConvertFrom-InitializerConfig")]
        [InlineData("ConvertFrom-InitializerConfig -InputObject $null")]
        public void EmptyInputIsATerminatingEmptyInputError(string script)
        {
            var e = Run.Script(script).Terminating;
            Assert.NotNull(e);
            Assert.StartsWith("EmptyInput,", e!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        }

        [Fact]
        public void GoodDocumentsSurviveABadOne()
        {
            var run = Run.Script("'[\"zeros\", \"nope\", \"ones\"]' | ConvertFrom-InitializerConfig");
            Assert.Equal(2, run.Output.Count);
            Assert.Equal("nope", Assert.Single(run.Errors).TargetObject);
        }
    }

    public class CultureTests
    {
        [Fact]
        public void NumbersAreCultureInvariantUnderGerman()
        {
            var previous = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            try
            {
                var run = Run.Ok(
                    "[System.Threading.Thread]::CurrentThread.CurrentCulture = 'de-DE'\n" +
                    "$i = 'class_name: Constant', 'config:', '  value: 1.5' | ConvertFrom-InitializerConfig\n" +
                    "[System.Threading.Thread]::CurrentThread.CurrentCulture.Name\n" +
                    "$i | ConvertTo-InitializerConfig -Style Keras2 -Compress\n" +
                    "(New-Tensor $i -Shape 2).ToArray()[0]");
                Assert.Equal("de-DE", (string)run.Output[0].BaseObject);
                Assert.Equal("{\"class_name\": \"Constant\", \"config\": {\"value\": 1.5}}", (string)run.Output[1].BaseObject);
                Assert.Equal(1.5f, (float)run.Output[2].BaseObject);
            }
            finally
            {
                CultureInfo.CurrentCulture = previous;
            }
        }
    }
}
