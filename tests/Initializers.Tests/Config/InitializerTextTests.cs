using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Initializers.Config;
using Initializers.Family;
using Initializers.Serialization;
using Xunit;

namespace Initializers.Tests.Config
{
    public class InitializerTextTests
    {
        public static IEnumerable<object[]> EveryInitializer()
        {
            var all = new Initializer[]
            {
                new Zeros(), new Ones(), new Constant(0.5), new Constant(new object[] { new object[] { 1, 2 }, new object[] { 3, 4 } }), new Constant(7),
                new RandomUniform(-1, 1, 3), new RandomUniform(), new RandomNormal(0.5, 2, 0), new TruncatedNormal(seed: long.MaxValue),
                new VarianceScaling(2.0, "fan_out", "uniform", 9), new VarianceScaling(), new VarianceScaling(0.5, "fan_avg", "untruncated_normal", -4),
                new GlorotUniform(1), new GlorotNormal(), new HeUniform(2), new HeNormal(3), new LecunUniform(4), new LecunNormal(5),
                new GlorotUniform(6, new[] { 0, 1 }, new[] { -1 }), new Orthogonal(2.0, 7), new Orthogonal(), new Identity(0.5),
            };
            foreach (var init in all)
            {
                foreach (var format in new[] { ConfigFormat.Json, ConfigFormat.Yaml })
                {
                    foreach (var style in new[] { KerasStyle.Keras3, KerasStyle.Keras2 })
                    {
                        yield return new object[] { init, format, style };
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(EveryInitializer))]
        public void RoundTripGivesAnEqualInitializer(Initializer init, ConfigFormat format, KerasStyle style)
        {
            foreach (var compress in new[] { false, true })
            {
                var text = InitializerText.Write(init, format, style, compress);
                var back = InitializerText.Parse(text);
                Assert.Equal(init, Assert.Single(back));
                Assert.Equal(init.GetType(), back[0].GetType());
            }
        }

        [Fact]
        public void Keras3JsonLooksLikeKeras()
        {
            // Spec section 4.3, with our seed and the Keras 3 key order.
            Assert.Equal(
                "{\"module\": \"keras.initializers\", \"class_name\": \"RandomNormal\", \"config\": {\"seed\": 42, \"mean\": 0.0, \"stddev\": 0.05}, \"registered_name\": null}",
                InitializerText.Write(new RandomNormal(seed: 42), compress: true));
            Assert.Equal(
                "{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 2.0, \"mode\": \"fan_in\", \"distribution\": \"truncated_normal\", \"seed\": null}}",
                InitializerText.Write(new VarianceScaling(2.0), style: KerasStyle.Keras2, compress: true));
        }

        [Fact]
        public void YamlLooksLikeKerasInBlockStyle()
        {
            var yaml = InitializerText.Write(new Orthogonal(1.0, 3), ConfigFormat.Yaml);
            Assert.Equal("module: keras.initializers\nclass_name: Orthogonal\nconfig:\n  seed: 3\n  gain: 1.0\nregistered_name: null\n", yaml.Replace("\r\n", "\n"));
        }

        /// <summary>Spec section 4.1 (TF 2.0 / Keras 2 legacy), 4.3 (Keras 3) and 4.4 (TensorFlow.js), verbatim, with the
        /// initializer each one means: the whole config is compared (Initializer.Equals), not just the class.</summary>
        public static TheoryData<string, Initializer> KerasAndTfjsTexts() => new()
        {
            { "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}}", new GlorotUniform() },
            { "{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 2.0, \"mode\": \"fan_in\", \"distribution\": \"truncated_normal\", \"seed\": null}}", new VarianceScaling(2.0, "fan_in", "truncated_normal") },
            { "{\"class_name\": \"Orthogonal\", \"config\": {\"gain\": 1.0, \"seed\": null}}", new Orthogonal(1.0) },
            { "{\"class_name\": \"Constant\", \"config\": {\"value\": 0.5}}", new Constant(0.5) },
            { "{\"class_name\": \"Zeros\", \"config\": {}}", new Zeros() },
            { "{\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null, \"input_axes\": null, \"output_axes\": null}, \"registered_name\": null}", new GlorotUniform() },
            { "{\"module\": \"keras.initializers\", \"class_name\": \"VarianceScaling\", \"config\": {\"seed\": 42, \"scale\": 2.0, \"mode\": \"fan_in\", \"distribution\": \"truncated_normal\", \"input_axes\": null, \"output_axes\": null}, \"registered_name\": null}", new VarianceScaling(2.0, "fan_in", "truncated_normal", 42) },
            { "{\"module\": \"keras.initializers\", \"class_name\": \"RandomNormal\", \"config\": {\"seed\": null, \"mean\": 0.0, \"stddev\": 0.05}, \"registered_name\": null}", new RandomNormal(0.0, 0.05) },
            { "{\"module\": \"keras.initializers\", \"class_name\": \"Constant\", \"config\": {\"value\": 0.0}, \"registered_name\": null}", new Constant(0.0) },
            { "{\"module\": \"keras.initializers\", \"class_name\": \"OrthogonalInitializer\", \"config\": {\"seed\": null, \"gain\": 1.0}, \"registered_name\": null}", new Orthogonal(1.0) },
            { "{\"module\": \"keras.initializers\", \"class_name\": \"IdentityInitializer\", \"config\": {\"gain\": 1.0}, \"registered_name\": null}", new Identity(1.0) },
            { "{\"class_name\":\"VarianceScaling\",\"config\":{\"scale\":1,\"mode\":\"fan_avg\",\"distribution\":\"uniform\",\"seed\":null}}", new VarianceScaling(1.0, "fan_avg", "uniform") },
            { "{\"class_name\":\"RandomNormal\",\"config\":{\"mean\":0,\"stddev\":0.02,\"seed\":1}}", new RandomNormal(0.0, 0.02, 1) },
            { "{\"class_name\":\"Identity\",\"config\":{\"gain\":1}}", new Identity(1.0) },
            { "{\"class_name\":\"Identity\",\"config\":{\"gain\":1.0,\"dtype\":\"float32\"}}", new Identity(1.0) },
            { "\"glorot_uniform\"", new GlorotUniform() },
            { "he_normal", new HeNormal() },
            { "class_name: LecunNormal\nconfig:\n  seed: 7\n", new LecunNormal(7) },
        };

        [Theory]
        [MemberData(nameof(KerasAndTfjsTexts))]
        public void ReadsWhatKerasAndTfjsWrite(string text, Initializer expected)
        {
            var read = Assert.Single(InitializerText.Parse(text));
            Assert.Equal(expected, read);
            Assert.Equal(expected.GetType(), read.GetType());
        }

        [Fact]
        public void TfjsNormalMeansKerasTruncatedNormal()
        {
            var he = (VarianceScaling)InitializerText.Parse("{\"class_name\":\"VarianceScaling\",\"config\":{\"scale\":2,\"mode\":\"fan_in\",\"distribution\":\"normal\",\"seed\":null}}").Single();
            Assert.Equal((2.0, "fan_in", "truncated_normal"), (he.Scale, he.Mode, he.Distribution));
        }

        [Fact]
        public void EveryInitializerInTheTfjsModelLoads()
        {
            var model = (IDictionary)JsonText.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", "model_mlp.json")))!;
            var layers = (object?[])((IDictionary)model["config"]!)["layers"]!;
            var found = new List<Initializer>();
            foreach (var layer in layers.Cast<IDictionary>())
            {
                foreach (DictionaryEntry e in (IDictionary)layer["config"]!)
                {
                    if (((string)e.Key).EndsWith("_initializer", StringComparison.Ordinal))
                    {
                        found.Add(KerasConfig.FromDocument(e.Value));
                    }
                }
            }

            // 3 Dense layers × (kernel, bias) + BatchNormalization × 4 = 10 initializers, read by hand from the fixture.
            Assert.Equal(10, found.Count);
            Assert.Equal(new VarianceScaling(2.0, "fan_in", "truncated_normal", 11), found[0]);
            Assert.Equal(new Zeros(), found[1]);
            Assert.Equal(new Ones(), found[3]);
            Assert.Equal(new VarianceScaling(1.0, "fan_avg", "truncated_normal", 12), found[6]);
            Assert.Equal(new Constant(0.1), found[7]);
            Assert.Equal(new RandomUniform(-0.1, 0.1, 13), found[8]);
            Assert.Equal(new RandomNormal(0, 0.01, 14), found[9]);
        }

        [Fact]
        public void EveryNameTfjsAcceptsResolvesToTheSameClass()
        {
            var entries = (object?[])JsonText.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", "identifiers.json")))!;
            var checkedCount = 0;
            foreach (var entry in entries.Cast<IDictionary>())
            {
                var name = (string)entry["name"]!;
                var model = (IDictionary)entry["model_json_string"]!;
                if (!(bool)model["accepted"]! || name.Length == 0)
                {
                    continue;
                }

                var expected = ((string)model["instance_class"]!).Replace("LeCun", "Lecun");
                Assert.Equal(expected, InitializerCatalog.Get(name).ClassName);
                // What tfjs re-serialises loads too.
                KerasConfig.FromDocument(model["reserialized"]);
                checkedCount++;
            }

            Assert.True(checkedCount >= 30, $"only {checkedCount} names checked");
        }

        [Fact]
        public void AJsonArrayAndAMultiDocumentYamlStreamGiveSeveral()
        {
            Assert.Equal(new Initializer[] { new Zeros(), new Ones() }, InitializerText.Parse("[\"zeros\", {\"class_name\": \"Ones\", \"config\": {}}]"));
            Assert.Equal(new Initializer[] { new Zeros(), new Constant(2) }, InitializerText.Parse("class_name: Zeros\n---\nclass_name: Constant\nconfig: {value: 2}\n"));
            var all = new Initializer[] { new HeNormal(1), new Identity() };
            Assert.Equal(all, InitializerText.Parse(InitializerText.WriteAll(all, ConfigFormat.Yaml)));
            Assert.Equal(all, InitializerText.Parse(InitializerText.WriteAll(all, ConfigFormat.Json, KerasStyle.Keras2)));
        }

        [Fact]
        public void MalformedTextGivesLineAndColumn()
        {
            var json = Assert.Throws<InitializerException>(() => InitializerText.Parse("{\n  \"class_name\": \"Zeros\",\n  \"config\": {,}\n}"));
            Assert.Equal("ConfigParseFailed", json.ErrorId);
            Assert.Equal((3, 14), (json.Line, json.Column));
            Assert.Contains("line 3, column 14", json.Message);
            var yaml = Assert.Throws<InitializerException>(() => InitializerText.Parse("class_name: Zeros\nconfig: [1, 2\n"));
            Assert.Equal("ConfigParseFailed", yaml.ErrorId);
            Assert.NotNull(yaml.Line);
            Assert.Equal("EmptyInput", Assert.Throws<InitializerException>(() => InitializerText.Parse("  \n ")).ErrorId);
        }

        [Fact]
        public void YamlOneTwoCoreSchemaKeepsYesAndNoAsStrings()
        {
            // "off" is a string in YAML 1.2, so it is an unknown mode here, not the boolean false.
            var ex = Assert.Throws<InitializerException>(() => InitializerText.Parse("class_name: VarianceScaling\nconfig:\n  mode: off\n"));
            Assert.Equal("off", ex.Target);
        }

        [Fact]
        public void ParseDocumentsDetectsJsonOrFollowsTheFormatGiven()
        {
            // '[' starts JSON, which refuses a trailing comma; read as YAML, the same text is a flow sequence
            var json = Assert.Throws<InitializerException>(() => InitializerText.ParseDocuments("[1, 2,]"));
            Assert.StartsWith("Invalid JSON at line 1, column 7", json.Message);
            Assert.Equal(new object[] { 1, 2 }, (object?[])Assert.Single(InitializerText.ParseDocuments("[1, 2,]", ConfigFormat.Yaml))!);
            // white space before the '[' still means JSON
            Assert.Equal(new object[] { 1, 2 }, (object?[])Assert.Single(InitializerText.ParseDocuments("  [1, 2]"))!);
            // anything else is YAML, several documents included, unless JSON is asked for
            Assert.Equal(2, InitializerText.ParseDocuments("a: 1\n---\nb: 2").Count);
            Assert.StartsWith("Invalid JSON at line 1, column 1", Assert.Throws<InitializerException>(() => InitializerText.ParseDocuments("a: 1", ConfigFormat.Json)).Message);

            var empty = Assert.Throws<InitializerException>(() => InitializerText.ParseDocuments(" \n "));
            Assert.Equal("EmptyInput", empty.ErrorId);
            Assert.Equal("The config text is empty; expected JSON, YAML or an initializer name.", empty.Message);
        }

        [Fact]
        public void WriteAllGivesOneYamlDocumentEachAndWriteListOneSequence()
        {
            var all = new Initializer[] { new Zeros(), new Ones() };
            Assert.Equal(InitializerText.Write(all[0], ConfigFormat.Yaml) + "---\n" + InitializerText.Write(all[1], ConfigFormat.Yaml),
                InitializerText.WriteAll(all, ConfigFormat.Yaml));
            var list = Assert.IsType<object?[]>(Assert.Single(InitializerText.ParseDocuments(InitializerText.WriteList(all, ConfigFormat.Yaml))));
            Assert.Equal(2, list.Length);
            // a YAML block sequence, not JSON (which YAML reads as well)
            Assert.StartsWith("- module: keras.initializers\n  class_name: Zeros\n", InitializerText.WriteList(all, ConfigFormat.Yaml));
            // JSON has no documents: both are one array
            Assert.Equal(InitializerText.WriteList(all), InitializerText.WriteAll(all));
            Assert.StartsWith("[", InitializerText.WriteAll(all));
        }

        [Theory]
        [InlineData("model.json", ConfigFormat.Json)]
        [InlineData("MODEL.JSON", ConfigFormat.Json)]
        [InlineData("a/b.yaml", ConfigFormat.Yaml)]
        [InlineData("b.YML", ConfigFormat.Yaml)]
        [InlineData("b.Yaml", ConfigFormat.Yaml)]
        [InlineData("b.txt", null)]
        [InlineData("yaml", null)]
        public void FormatOfGoesByTheExtensionInAnyCase(string path, ConfigFormat? expected)
        {
            Assert.Equal(expected, InitializerText.FormatOf(path));
        }
    }
}
