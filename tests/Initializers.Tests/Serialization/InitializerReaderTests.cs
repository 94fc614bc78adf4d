using System.Linq;
using Initializers.Family;
using Initializers.Serialization;
using Xunit;

namespace Initializers.Tests.Serialization
{
    /// <summary>The one reader: one result per element, one error for text that does not parse, and every error placed
    /// at the offending key or value (positions counted by hand from the texts below).</summary>
    public sealed class InitializerReaderTests
    {
        [Fact]
        public void LinesThatAreNotEachADocumentAreOneTextAndAParseErrorGivesNothingElse()
        {
            var results = InitializerReader.ReadLines(new[] { "class_name: Constant", "config: {value: 5}", "class_name: Ones" });
            var only = Assert.Single(results);
            Assert.Null(only.Initializer);
            Assert.Equal("DuplicateKey", only.Error!.ErrorId);
            Assert.Equal(3, only.Line);
            Assert.Equal(1, only.Column);
        }

        [Fact]
        public void JsonLinesGiveOneElementPerLineWithItsLine()
        {
            var results = InitializerReader.ReadLines(new[] { "{\"class_name\": \"Zeros\"}", "", "{\"class_name\": \"RandomNormal\", \"config\": {\"stddev\": \"x\"}}" });
            Assert.Equal(2, results.Count);
            Assert.IsType<Zeros>(results[0].Initializer);
            Assert.Equal(0, results[0].ElementIndex);
            Assert.Equal(1, results[0].Line);
            var error = results[1].Error!;
            Assert.Equal("InvalidConfigValue", error.ErrorId);
            Assert.Equal(1, results[1].ElementIndex);
            Assert.Equal(3, error.Line);
            Assert.Equal(53, error.Column);
            Assert.StartsWith("element 1, line 3, column 53: RandomNormal argument 'stddev' must be a number", error.Message);
        }

        [Fact]
        public void PrettyJsonOverSeveralLinesIsOneDocument()
        {
            var results = InitializerReader.ReadLines(new[] { "{", "  \"class_name\": \"Ones\",", "  \"config\": {}", "}" });
            Assert.IsType<Ones>(Assert.Single(results).Initializer);
        }

        [Fact]
        public void NamesOnePerLineAreElements()
        {
            var results = InitializerReader.ReadLines(new[] { "zeros", "glorot_uniform" });
            Assert.Equal(new[] { "Zeros", "GlorotUniform" }, results.Select(r => r.Initializer!.ClassName));
        }

        [Fact]
        public void ErrorsNameTheSourceAndTheKeyOrValue()
        {
            const string text = "- class_name: RandomNormal\n  config:\n    stddev: -1\n- class_name: Ones\n  config: {fanIn: 2}\n- class_name: glorot_uniform\n  config: {seed: 1}\n";
            var results = InitializerReader.ReadText(text, new ReadOptions("sweep.yaml"));
            Assert.Equal(3, results.Count);

            var stddev = results[0].Error!;
            Assert.Equal("InvalidConfigValue", stddev.ErrorId);
            Assert.Equal((3, 13), (stddev.Line!.Value, stddev.Column!.Value));
            Assert.Equal("sweep.yaml", stddev.SourceName);
            Assert.Equal(0, stddev.ElementIndex);
            Assert.StartsWith("'sweep.yaml', element 0, line 3, column 13: RandomNormal argument 'stddev' must be >= 0", stddev.Message);

            var key = results[1].Error!;
            Assert.Equal("UnknownConfigKey", key.ErrorId);
            Assert.Equal((5, 12), (key.Line!.Value, key.Column!.Value));

            Assert.IsType<GlorotUniform>(results[2].Initializer);
            Assert.Equal(2, results[2].ElementIndex);
            Assert.Equal(6, results[2].Line);
        }

        [Fact]
        public void AnUnknownClassIsPlacedAtItsName()
        {
            var error = InitializerReader.ReadText("{\n  \"class_name\": \"GlorotUnifrom\",\n  \"config\": {}\n}").Single().Error!;
            Assert.Equal("UnknownInitializer", error.ErrorId);
            Assert.Equal((2, 17), (error.Line!.Value, error.Column!.Value));
            Assert.Contains("Did you mean 'GlorotUniform'", error.Message);
        }

        [Theory]
        [InlineData("\r\n")]
        [InlineData("\r")]
        [InlineData("\n")]
        public void JsonLineBreaksOfEveryKindCountOnceInAnErrorsPlace(string lineBreak)
        {
            var text = "{" + lineBreak + "  \"class_name\": \"GlorotUnifrom\"," + lineBreak + "  \"config\": {}" + lineBreak + "}";
            var error = InitializerReader.ReadText(text).Single().Error!;
            Assert.Equal((2, 17), (error.Line!.Value, error.Column!.Value));
        }

        [Fact]
        public void CamelCaseKeysArePlacedWhereTheConfigSpelledThem()
        {
            var error = InitializerReader.ReadText("{\"class_name\": \"VarianceScaling\", \"config\": {\"inputAxes\": \"x\"}}").Single().Error!;
            Assert.Equal("InvalidConfigValue", error.ErrorId);
            Assert.Equal((1, 59), (error.Line!.Value, error.Column!.Value));
        }

        [Fact]
        public void AnErrorInsideAnAliasIsPlacedAtTheAlias()
        {
            // element 1 is a copy of element 0: its keys were never written where the copy stands, so the error is
            // placed at the alias, not at the anchored original and not nowhere
            var results = InitializerReader.ReadText("- &a {class_name: RandomNormal, config: {stddev: x}}\n- *a\n");
            Assert.Equal((1, 50), (results[0].Error!.Line!.Value, results[0].Error!.Column!.Value));
            Assert.Equal((2, 3), (results[1].Error!.Line!.Value, results[1].Error!.Column!.Value));
            Assert.StartsWith("element 1, line 2, column 3: RandomNormal argument 'stddev' must be a number", results[1].Error!.Message);
        }

        [Fact]
        public void ATrailingDocumentMarkerIsAllowed()
        {
            var results = InitializerReader.ReadText("class_name: Zeros\nconfig: {}\n---\n");
            Assert.IsType<Zeros>(Assert.Single(results).Initializer);
            Assert.Equal("EmptyInput", InitializerReader.ReadText("---\n---\n").Single().Error!.ErrorId);
        }

        [Fact]
        public void TreesAndPlainConfigsGoThroughTheSameReader()
        {
            var existing = new Ones();
            var results = InitializerReader.ReadTree(new object?[] { existing, "he_normal", null });
            Assert.Same(existing, results[0].Initializer);
            Assert.IsType<HeNormal>(results[1].Initializer);
            Assert.Equal("EmptyInput", results[2].Error!.ErrorId);
            Assert.Equal(2, results[2].Error!.ElementIndex);

            var plain = InitializerReader.ReadText("{\"value\": 4}", new ReadOptions(className: "Constant")).Single();
            Assert.Equal(4L, System.Convert.ToInt64(((Constant)plain.Initializer!).GetConfig()["value"]));
            var missing = InitializerReader.ReadText("{\"value\": 4}").Single().Error!;
            Assert.Equal("MissingClassName", missing.ErrorId);
        }

        [Fact]
        public void ReadFileUsesTheExtensionAndNamesTheFile()
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "init-reader-" + System.Guid.NewGuid().ToString("N") + ".yaml");
            System.IO.File.WriteAllText(path, "{\"class_name\": \"Zeros\", \"config\": {}}");
            try
            {
                Assert.IsType<Zeros>(InitializerReader.ReadFile(path).Single().Initializer);
            }
            finally
            {
                System.IO.File.Delete(path);
            }

            var missing = InitializerReader.ReadFile(path).Single().Error!;
            Assert.Equal("FileOpenFailed", missing.ErrorId);
            Assert.Equal(ErrorKind.ReadError, missing.Kind);
            Assert.Contains(path, missing.Message);
        }

        [Fact]
        public void BlankTextIsEmptyInput()
        {
            var error = Assert.Single(InitializerReader.ReadText("  \t ")).Error!;
            Assert.Equal("EmptyInput", error.ErrorId);
            Assert.Equal("The config text is empty; expected JSON, YAML or an initializer name.", error.Message);
        }

        [Fact]
        public void ABareNameIsReadAsANameOnlyWhenNoFormatIsGiven()
        {
            Assert.IsType<GlorotUniform>(Assert.Single(InitializerReader.ReadText("GlorotUniform")).Initializer);
            // told it is JSON, the same text is a JSON text that does not parse
            var error = Assert.Single(InitializerReader.ReadText("GlorotUniform", new ReadOptions(format: ConfigFormat.Json))).Error!;
            Assert.Equal("ConfigParseFailed", error.ErrorId);
            Assert.Contains("Invalid JSON at line 1, column 1", error.Message);
        }

        [Fact]
        public void ANameAfterSpacesIsPlacedAtItsFirstLetter()
        {
            var result = Assert.Single(InitializerReader.ReadText("   NoSuchInit"));
            Assert.Equal("UnknownInitializer", result.Error!.ErrorId);
            Assert.Equal((1, 4), (result.Line!.Value, result.Column!.Value));
        }

        [Fact]
        public void APlainConfigMustBeADictionary()
        {
            var error = Assert.Single(InitializerReader.ReadText("5", new ReadOptions(className: "Zeros"))).Error!;
            Assert.Equal("InvalidConfig", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidType, error.Kind);
            Assert.EndsWith("A plain config for Zeros must be a dictionary; got 5 (Int32).", error.Message);
        }

        [Fact]
        public void ANullDocumentIsThePlainConfigsDefaults()
        {
            // one YAML document that is null ('~'): with a class name, that class with its default config; only when
            // there are several documents are the empty ones left out
            Assert.IsType<Ones>(Assert.Single(InitializerReader.ReadText("~", new ReadOptions(className: "Ones"))).Initializer);
            Assert.IsType<Ones>(Assert.Single(InitializerReader.ReadText("~\n---\n{}\n", new ReadOptions(className: "Ones"))).Initializer);
        }

        [Fact]
        public void OnlyTextStartingWithABracketOrQuoteLooksLikeJson()
        {
            Assert.False(InitializerText.LooksLikeJson(""));
            Assert.False(InitializerText.LooksLikeJson(" \n\t"));
            Assert.False(InitializerText.LooksLikeJson("a: 1"));
            Assert.True(InitializerText.LooksLikeJson("\n {}"));
            Assert.True(InitializerText.LooksLikeJson("[]"));
            Assert.True(InitializerText.LooksLikeJson("\"Zeros\""));
        }

        [Fact]
        public void AParseErrorKeepsTheParsersMessageAndAConfigErrorWithNoPlaceHasNoPrefix()
        {
            // the parser's message already says where; nothing goes in front of it
            var parse = Assert.Single(InitializerReader.ReadText("[1, 2,]")).Error!;
            Assert.StartsWith("Invalid JSON at line 1, column 7: expected a value", parse.Message);
            var tree = Assert.Single(InitializerReader.ReadTree(new System.Collections.Specialized.OrderedDictionary { { "class_name", "NoSuchInit" } })).Error!;
            Assert.StartsWith("Unknown initializer 'NoSuchInit'.", tree.Message);
            Assert.Equal("The YAML text holds only empty documents.", Assert.Single(InitializerReader.ReadText("---\n---\n")).Error!.Message);
        }

        [Fact]
        public void TheOptionsGivenAreTheOptionsUsed()
        {
            var ones = new ReadOptions(className: "Ones");
            Assert.IsType<Ones>(Assert.Single(InitializerReader.ReadLines(new[] { "~" }, ones)).Initializer);
            Assert.Equal(new Constant(2), Assert.Single(InitializerReader.ReadTree(new System.Collections.Specialized.OrderedDictionary { { "value", 2 } }, new ReadOptions(className: "Constant"))).Initializer);
        }

        [Fact]
        public void LinesAreElementsOnlyWhenEveryLineIsADocumentOfItsOwn()
        {
            // one JSON line and one YAML line: one text (which is not valid JSON)
            var mixed = InitializerReader.ReadLines(new[] { "{\"class_name\": \"Zeros\"}", "class_name: Ones" });
            Assert.Equal("ConfigParseFailed", Assert.Single(mixed).Error!.ErrorId);
            // lines that look like JSON but parse only together: one text, two elements of its array
            var split = InitializerReader.ReadLines(new[] { "[{\"class_name\": \"Zeros\"},", "{\"class_name\": \"Ones\"}]" });
            Assert.Equal(new Initializer?[] { new Zeros(), new Ones() }, split.Select(r => r.Initializer));
            // YAML asked for: the lines are one YAML stream, never JSON lines
            var yaml = InitializerReader.ReadLines(new[] { "{\"class_name\": \"Zeros\"}", "{\"class_name\": \"Ones\"}" }, new ReadOptions(format: ConfigFormat.Yaml));
            Assert.Equal("ConfigParseFailed", Assert.Single(yaml).Error!.ErrorId);
        }

        [Fact]
        public void ReadFileTakesTheGivenFormatSourceAndEncodingOverThePaths()
        {
            var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ir-" + System.Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(dir);
            try
            {
                // a .json file holding YAML, read as YAML because the options say so
                var json = System.IO.Path.Combine(dir, "a.json");
                System.IO.File.WriteAllText(json, "class_name: Zeros\n");
                Assert.IsType<Zeros>(Assert.Single(InitializerReader.ReadFile(json, options: new ReadOptions(format: ConfigFormat.Yaml))).Initializer);
                // a .yaml file whose text starts like JSON: the extension says YAML
                var yaml = System.IO.Path.Combine(dir, "b.yaml");
                System.IO.File.WriteAllText(yaml, "{class_name: Ones}\n");
                Assert.IsType<Ones>(Assert.Single(InitializerReader.ReadFile(yaml)).Initializer);
                // the source name given is the one errors name (the unknown name stands at column 13)
                var bad = System.IO.Path.Combine(dir, "c.yaml");
                System.IO.File.WriteAllText(bad, "class_name: NoSuchInit\n");
                Assert.StartsWith("'custom', line 1, column 13: Unknown initializer", Assert.Single(InitializerReader.ReadFile(bad, options: new ReadOptions(sourceName: "custom"))).Error!.Message);
                // UTF-16 without a byte order mark, read with the encoding given
                var utf16 = System.IO.Path.Combine(dir, "d.yaml");
                System.IO.File.WriteAllBytes(utf16, new System.Text.UnicodeEncoding(false, false).GetBytes("class_name: Zeros\n"));
                Assert.IsType<Zeros>(Assert.Single(InitializerReader.ReadFile(utf16, new System.Text.UnicodeEncoding(false, false))).Initializer);
            }
            finally
            {
                System.IO.Directory.Delete(dir, true);
            }
        }
    }
}
