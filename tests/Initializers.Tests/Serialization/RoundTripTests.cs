using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Initializers.Serialization;
using Xunit;
using static Initializers.Tests.Serialization.Trees;

namespace Initializers.Tests.Serialization
{
    /// <summary>Parse(Write(tree)) gives back the same tree, for JSON (indented and compressed) and YAML.</summary>
    public class RoundTripTests
    {
        private static readonly string[] TrickyStrings =
        {
            "", " ", "  lead", "trail  ", "yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "False", "null", "Null", "~",
            "0", "1", "-1", "+1", "007", "1e3", "265", "3.10", ".5", "1.", ".inf", "-.Inf", ".nan", "NaN", "Infinity", "-Infinity",
            "0x1F", "0o17", "1_000", "2024-01-01", "1:30", "<<", "=",
            "a: b", "a:b", "key:", "#comment", "a #b", "- x", "-", "--- x", "---", "...", "[x]", "{x: y}", "x, y", "&anchor", "*alias",
            "!tag", "!!str", "%YAML", "@at", "`tick", "|", ">", "?", "? x", ",", "'", "\"", "it's", "say \"hi\"",
            "line1\nline2", "trailing\n", "\n", "\r\n", "tab\there", "\t", "\u0001\u001f", "back\\slash", "/",
            "é ü ß", "日本語", "\U0001F600", "\u00a0nbsp", "\u2028", "\uFEFFbom",
            "relu", "glorot_uniform", "keras.initializers", new string('x', 300), string.Join(" ", new string[60]) + "words",
        };

        public static IEnumerable<object?[]> Trees_()
        {
            yield return new object?[] { null };
            yield return new object?[] { true };
            yield return new object?[] { "relu" };
            yield return new object?[] { 0 };
            yield return new object?[] { Map() };
            yield return new object?[] { Seq() };
            yield return new object?[]
            {
                Map("module", "keras.initializers", "class_name", "RandomNormal",
                    "config", Map("seed", null, "mean", 0.0, "stddev", 0.05), "registered_name", null),
            };
            yield return new object?[]
            {
                Map("ints", Seq(0, 1, -1, int.MaxValue, int.MinValue, (long)int.MaxValue + 1, (long)int.MinValue - 1,
                        long.MaxValue, long.MinValue, (BigInteger)long.MaxValue + 1, (BigInteger)long.MinValue - 1,
                        BigInteger.Pow(10, 40)),
                    "doubles", Seq(0.0, -0.0, 1.0, -1.0, 0.1, 1e-7, 3.10, 0.05, 1e20, 1e300, -1e-300, double.Epsilon,
                        double.MaxValue, double.MinValue, 1.0 / 3.0, 2147483648.0, 123456789.125,
                        double.NaN, double.PositiveInfinity, double.NegativeInfinity),
                    "bools", Seq(true, false),
                    "nulls", Seq(null, Seq((object?)null), Map("x", null))),
            };
            yield return new object?[] { TrickyStrings.Cast<object?>().ToArray() };
            var keyed = Map();
            foreach (var key in TrickyStrings)
            {
                keyed.Add(key, key);
            }
            yield return new object?[] { keyed };
            yield return new object?[]
            {
                Map("a", Map("b", Map("c", Seq(Seq(Seq(1, Map()), Seq()), Map("d", Seq(Map("e", "f"), Map("g", Seq(Map()))))))),
                    "A", Seq(Map("x", 1, "X", 2), Seq(Seq()), "end")),
            };
        }

        [Theory]
        [MemberData(nameof(Trees_))]
        public void Json_Indented(object? tree)
        {
            Trees.Equal(tree, JsonText.Parse(JsonText.Write(tree, compress: false)));
        }

        [Theory]
        [MemberData(nameof(Trees_))]
        public void Json_Compressed(object? tree)
        {
            var text = JsonText.Write(tree, compress: true);
            Assert.DoesNotContain("\n", text);
            Trees.Equal(tree, JsonText.Parse(text));
        }

        [Theory]
        [MemberData(nameof(Trees_))]
        public void Yaml(object? tree)
        {
            Trees.Equal(tree, Assert.Single(YamlText.Parse(YamlText.Write(tree))));
        }

        [Fact]
        public void Yaml_MultiDocument()
        {
            var documents = new List<object?>();
            foreach (var row in Trees_())
            {
                documents.Add(row[0]);
            }
            var read = YamlText.Parse(YamlText.WriteAll(documents));
            Assert.Equal(documents.Count, read.Count);
            for (var i = 0; i < documents.Count; i++)
            {
                Trees.Equal(documents[i], read[i]);
            }
        }

        [Fact]
        public void TreeAtTheDepthLimit_RoundTrips_OneLevelMoreIsRefused()
        {
            object? tree = Seq();
            for (var i = 1; i < TreeLimits.MaxDepth; i++)
            {
                tree = Seq(tree);
            }
            Trees.Equal(tree, JsonText.Parse(JsonText.Write(tree, compress: false)));
            Trees.Equal(tree, JsonText.Parse(JsonText.Write(tree, compress: true)));
            Trees.Equal(tree, Assert.Single(YamlText.Parse(YamlText.Write(tree))));

            object? deeper = Seq(tree);
            Assert.Equal("NestingTooDeep", Assert.Throws<InitializerException>(() => JsonText.Write(deeper)).ErrorId);
            Assert.Equal("NestingTooDeep", Assert.Throws<InitializerException>(() => YamlText.Write(deeper)).ErrorId);
        }

        [Fact]
        public void LoneSurrogate_JsonEscapesIt_YamlRefusesIt()
        {
            Trees.Equal("a\ud800b", JsonText.Parse(JsonText.Write("a\ud800b")));
            var error = Assert.Throws<InitializerException>(() => YamlText.Write(Map("k", "a\ud800b")));
            Assert.Equal("InvalidString", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, error.Kind);
        }

        [Fact]
        public void JsonWrittenThenReadAsYaml_WithoutSpecialFloats()
        {
            // JSON is YAML 1.2, except for Python's NaN/Infinity tokens, which YAML reads as strings.
            var tree = Map("a", Seq(1, -0.5, 1e-7, 2147483648L, "yes", "x\ny", "\U0001F600", null, true), "b", Map(), "c", Seq());
            Trees.Equal(tree, Assert.Single(YamlText.Parse(JsonText.Write(tree, compress: false))));
            Trees.Equal(tree, Assert.Single(YamlText.Parse(JsonText.Write(tree, compress: true))));
        }
    }
}
