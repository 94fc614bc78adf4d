using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using Initializers.Serialization;
using Xunit;
using static Initializers.Tests.Serialization.Trees;

namespace Initializers.Tests.Serialization
{
    public class JsonTextTests
    {
        private const string KerasRandomNormal =
            "{\"module\": \"keras.initializers\", \"class_name\": \"RandomNormal\", \"config\": {\"seed\": null, \"mean\": 0.0, \"stddev\": 0.05}, \"registered_name\": null}";

        private static OrderedDictionary KerasRandomNormalTree() => Map(
            "module", "keras.initializers",
            "class_name", "RandomNormal",
            "config", Map("seed", null, "mean", 0.0, "stddev", 0.05),
            "registered_name", null);

        // ---- reading ----

        [Fact]
        public void Parse_KerasConfig_GivesOrderedTree()
        {
            Trees.Equal(KerasRandomNormalTree(), JsonText.Parse(KerasRandomNormal));
        }

        [Theory]
        [InlineData("0", 0)]
        [InlineData("-0", 0)]
        [InlineData("7", 7)]
        [InlineData("-2147483648", int.MinValue)]
        [InlineData("2147483647", int.MaxValue)]
        public void Parse_SmallIntegers_AreInt(string text, int expected)
        {
            Trees.Equal(expected, JsonText.Parse(text));
        }

        [Fact]
        public void Parse_LargeIntegers_AreLongThenBigInteger()
        {
            Trees.Equal(2147483648L, JsonText.Parse("2147483648"));
            Trees.Equal(-2147483649L, JsonText.Parse("-2147483649"));
            Trees.Equal(long.MaxValue, JsonText.Parse("9223372036854775807"));
            Trees.Equal(BigInteger.Parse("9223372036854775808", CultureInfo.InvariantCulture), JsonText.Parse("9223372036854775808"));
            Trees.Equal(BigInteger.Parse("-123456789012345678901234567890", CultureInfo.InvariantCulture),
                JsonText.Parse("-123456789012345678901234567890"));
        }

        [Theory]
        [InlineData("0.0", 0.0)]
        [InlineData("1.0", 1.0)]
        [InlineData("3.10", 3.1)]
        [InlineData("0.05", 0.05)]
        [InlineData("1e-07", 1e-7)]
        [InlineData("1E+2", 100.0)]
        [InlineData("1e2", 100.0)]
        [InlineData("-2.5e-3", -0.0025)]
        [InlineData("1e400", double.PositiveInfinity)]
        public void Parse_NonIntegerLiterals_AreDouble(string text, double expected)
        {
            Trees.Equal(expected, JsonText.Parse(text));
        }

        [Fact]
        public void Parse_NegativeZero_KeepsSign()
        {
            Trees.Equal(-0.0, JsonText.Parse("-0.0"));
        }

        [Fact]
        public void Parse_PythonSpecialFloats()
        {
            Trees.Equal(Seq(double.NaN, double.PositiveInfinity, double.NegativeInfinity), JsonText.Parse("[NaN, Infinity, -Infinity]"));
        }

        [Fact]
        public void Parse_Strings_DecodeEscapes()
        {
            Trees.Equal("a\"b\\c/d\b\f\n\r\t\u00e9\U0001F600", JsonText.Parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\""));
            Trees.Equal("日本", JsonText.Parse("\"日本\""));
            // the edges of each hexadecimal range, both cases: 0 9 a f A F
            Trees.Equal("\u09af\u0AF0\uFfaF", JsonText.Parse("\"\\u09af\\u0AF0\\uFfaF\""));
        }

        [Fact]
        public void Parse_Literals_AndWhitespace()
        {
            Trees.Equal(Seq(true, false, null, Seq(), Map()), JsonText.Parse(" \t\r\n[true ,false,\nnull , [ ] , { } ]\r\n "));
        }

        [Fact]
        public void Parse_KeysAreCaseSensitive()
        {
            Trees.Equal(Map("seed", 1, "Seed", 2), JsonText.Parse("{\"seed\": 1, \"Seed\": 2}"));
        }

        [Fact]
        public void Parse_ByteOrderMark_IsIgnored()
        {
            Trees.Equal(1, JsonText.Parse("\uFEFF1"));
        }

        [Fact]
        public void Parse_UnderGermanCulture_IsInvariant()
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                Trees.Equal(Seq(0.5, 1234.25), JsonText.Parse("[0.5, 1234.25]"));
                Assert.Equal("[0.5, 1234.25, 1.0]", JsonText.Write(Seq(0.5, 1234.25, 1.0), compress: true));
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        // ---- errors (positions counted by hand) ----

        [Theory]
        // line 3 is '  "b": 2 x': the x is column 10
        [InlineData("{\n  \"a\": 1,\n  \"b\": 2 x\n}", 3, 10, "expected ',' or '}' after an object member, found 'x'")]
        [InlineData("[1, 2,]", 1, 7, "expected a value")]
        [InlineData("{\"a\": 1,}", 1, 9, "expected a string key in double quotes, found '}'")]
        [InlineData("{'a': 1}", 1, 2, "expected a string key in double quotes, found '''")]
        [InlineData("{\"a\" 1}", 1, 6, "expected ':' after an object key, found '1'")]
        [InlineData("[1 2]", 1, 4, "expected ',' or ']' after an array element, found '2'")]
        [InlineData("\"abc", 1, 5, "expected '\"' to close the string, found the end of the text")]
        [InlineData("\"a\tb\"", 1, 3, "control character")]
        [InlineData("\"\\x\"", 1, 3, "after a backslash, found 'x'")]
        [InlineData("\"\\u12G4\"", 1, 6, "four hexadecimal digits")]
        [InlineData("01", 1, 2, "leading zero")]
        [InlineData("-", 1, 2, "expected a digit, found the end of the text")]
        [InlineData("1.", 1, 3, "expected a digit after the decimal point")]
        [InlineData("1e+", 1, 4, "expected a digit in the exponent")]
        [InlineData("+1", 1, 1, "expected a value")]
        [InlineData(".5", 1, 1, "expected a value")]
        [InlineData("{} {}", 1, 4, "expected the end of the text after the value, found '{'")]
        [InlineData("nul", 1, 1, "expected a value (object, array, string, number, true, false or null), found 'nul'")]
        [InlineData("True", 1, 1, "found 'True'")]
        [InlineData("[nan]", 1, 2, "found 'nan'")]
        [InlineData("[-inf]", 1, 2, "found '-inf'")]
        [InlineData("nullx", 1, 1, "found 'nullx'")]
        // a word runs over every ASCII letter, the edges of both ranges too: 'z', 'Z' and 'A' belong to it
        [InlineData("truez", 1, 1, "found 'truez'")]
        [InlineData("[falseZ]", 1, 2, "found 'falseZ'")]
        [InlineData("NaNA", 1, 1, "found 'NaNA'")]
        // ...and stops at the characters just outside them ('`', '{', '@', '['), which then stand where a ',' or the end belongs
        [InlineData("[true`]", 1, 6, "expected ',' or ']' after an array element, found '`'")]
        [InlineData("true{", 1, 5, "expected the end of the text after the value, found '{'")]
        [InlineData("[null@]", 1, 6, "found '@'")]
        [InlineData("[NaN[]", 1, 5, "expected ',' or ']' after an array element, found '['")]
        // a \u escape cut short by the end of the text: the parser's error, at the end
        [InlineData("\"\\u12", 1, 6, "expected four hexadecimal digits after '\\u', found the end of the text")]
        [InlineData("\"\\u", 1, 4, "expected four hexadecimal digits after '\\u', found the end of the text")]
        [InlineData("[\n\n   ,]", 3, 4, "expected a value")]
        // CRLF counts as one line break; line 2 is '  "a": tru' and the t is column 8
        [InlineData("{\r\n  \"a\": tru\r\n}", 2, 8, "found 'tru'")]
        // a lone CR also ends a line
        [InlineData("[1,\r2,\r\u0001]", 3, 1, "found U+0001")]
        public void Parse_Malformed_ReportsLineAndColumn(string text, int line, int column, string expected)
        {
            var error = Assert.Throws<InitializerException>(() => JsonText.Parse(text));
            Assert.Equal("ConfigParseFailed", error.ErrorId);
            Assert.Equal(ErrorKind.ParserError, error.Kind);
            Assert.Equal(line, error.Line);
            Assert.Equal(column, error.Column);
            Assert.Same(text, error.Target);
            Assert.Contains($"Invalid JSON at line {line}, column {column}: ", error.Message);
            Assert.Contains(expected, error.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   \r\n\t ")]
        public void Parse_EmptyText_IsEmptyInput(string text)
        {
            var error = Assert.Throws<InitializerException>(() => JsonText.Parse(text));
            Assert.Equal("EmptyInput", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, error.Kind);
            Assert.Equal("The JSON text is empty.", error.Message);
        }

        [Fact]
        public void Parse_DuplicateKey_NamesKeyLineAndColumn()
        {
            var error = Assert.Throws<InitializerException>(() => JsonText.Parse("{\"seed\": 1,\n \"seed\": 2}"));
            Assert.Equal("DuplicateKey", error.ErrorId);
            Assert.Equal("seed", error.Target);
            Assert.Equal(2, error.Line);
            Assert.Equal(2, error.Column);
            Assert.Contains("'seed'", error.Message);
            Assert.Contains("line 2, column 2", error.Message);
        }

        [Fact]
        public void Parse_NestingAtLimit_Succeeds()
        {
            var depth = TreeLimits.MaxDepth;
            var tree = JsonText.Parse(new string('[', depth) + new string(']', depth));
            for (var i = 1; i < depth; i++)
            {
                tree = Assert.Single((object?[])tree!);
            }
            Assert.Empty((object?[])tree!);
        }

        [Fact]
        public void Parse_NestingBeyondLimit_FailsWithoutStackOverflow()
        {
            var error = Assert.Throws<InitializerException>(() => JsonText.Parse(new string('[', TreeLimits.MaxDepth + 1)));
            Assert.Equal("NestingTooDeep", error.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, error.Kind);
            Assert.Equal(TreeLimits.MaxDepth + 1, error.Column);

            error = Assert.Throws<InitializerException>(() => JsonText.Parse(new string('{', 1) + string.Concat(System.Linq.Enumerable.Repeat("\"a\":{", 200_000))));
            Assert.Equal("NestingTooDeep", error.ErrorId);
        }

        [Fact]
        public void Parse_ObjectNestingAtLimitSucceedsAndOneMoreLevelFails()
        {
            var depth = TreeLimits.MaxDepth;
            string Nested(int levels) => string.Concat(System.Linq.Enumerable.Repeat("{\"a\": ", levels - 1)) + "{}" + new string('}', levels - 1);
            var tree = JsonText.Parse(Nested(depth));
            for (var i = 1; i < depth; i++)
            {
                tree = ((IDictionary)tree!)["a"];
            }
            Assert.Empty((IDictionary)tree!);
            var error = Assert.Throws<InitializerException>(() => JsonText.Parse(Nested(depth + 1)));
            Assert.Equal("NestingTooDeep", error.ErrorId);
            Assert.Equal((depth * 6) + 1, error.Column); // the opening brace of level depth + 1: each level before it is {"a": plus a space
            Assert.Equal($"JSON nests deeper than 1000 levels at line 1, column {(depth * 6) + 1}.", error.Message);
        }

        [Fact]
        public void Parse_ALongBareWordIsShownCutAfter20Characters()
        {
            Assert.Contains("'abcdefghijklmnopqrst...'", Assert.Throws<InitializerException>(() => JsonText.Parse("[abcdefghijklmnopqrstu]")).Message);
            var exact = Assert.Throws<InitializerException>(() => JsonText.Parse("[abcdefghijklmnopqrst]")).Message;
            Assert.Contains("'abcdefghijklmnopqrst'", exact);
            Assert.DoesNotContain("...", exact);
        }

        [Theory]
        [InlineData("{\r\n\"a\": x}", 2, 6)] // CR LF is one line break
        [InlineData("{\r\"a\": x}", 2, 6)] // so is a lone CR
        [InlineData("{\n\r\n\r\"a\": x}", 4, 6)]
        [InlineData("\"abc\ndef\"", 1, 5)] // the line break inside the string is the error: it stands on line 1
        [InlineData("[1,\r", 2, 1)] // the end of the text, after a lone CR
        public void Parse_ErrorsCountEachLineBreakOnce(string text, int line, int column)
        {
            var error = Assert.Throws<InitializerException>(() => JsonText.Parse(text));
            Assert.Equal((line, column), (error.Line, error.Column));
            Assert.Contains($"line {line}, column {column}", error.Message);
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"a\": 1}")]
        [InlineData("[]")]
        [InlineData("[1]")]
        public void Parse_SiblingContainersDoNotAddUpTowardTheNestingLimit(string sibling)
        {
            // Each container leaves its level when it closes, empty or not: more siblings than the limit are two levels deep.
            var count = TreeLimits.MaxDepth + 5;
            var tree = (object?[])JsonText.Parse("[" + string.Join(", ", System.Linq.Enumerable.Repeat(sibling, count)) + "]")!;
            Assert.Equal(count, tree.Length);
        }

        // ---- the real TensorFlow.js fixture ----

        [Fact]
        public void Parse_TfjsModelFixture()
        {
            var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", "model_mlp.json"));
            var model = Assert.IsType<OrderedDictionary>(JsonText.Parse(text));
            Assert.Equal(new[] { "class_name", "config", "keras_version", "backend" }, new ArrayList(model.Keys).ToArray());
            Assert.Equal("Sequential", model["class_name"]);
            Assert.Equal("tfjs-layers 4.22.0", model["keras_version"]);

            var layers = (object?[])((OrderedDictionary)model["config"]!)["layers"]!;
            Assert.Equal(5, layers.Length); // Dense, BatchNormalization, Dropout, Dense, Dense
            OrderedDictionary Config(int layer) => (OrderedDictionary)((OrderedDictionary)layers[layer]!)["config"]!;

            Trees.Equal(Map("class_name", "VarianceScaling",
                    "config", Map("scale", 2, "mode", "fan_in", "distribution", "normal", "seed", 11)),
                Config(0)["kernel_initializer"]);
            Trees.Equal(Map("class_name", "Zeros", "config", Map()), Config(0)["bias_initializer"]);
            Trees.Equal(Seq(null, 8), Config(0)["batch_input_shape"]);
            Trees.Equal(-1, Config(1)["axis"]);
            Trees.Equal(0.99, Config(1)["momentum"]);
            Trees.Equal(0.001, Config(1)["epsilon"]);
            Trees.Equal(0.2, Config(2)["rate"]);
            Trees.Equal(Map("class_name", "Constant", "config", Map("value", 0.1)), Config(3)["bias_initializer"]);
            Trees.Equal(Map("class_name", "VarianceScaling",
                    "config", Map("scale", 1, "mode", "fan_avg", "distribution", "normal", "seed", 12)),
                Config(3)["kernel_initializer"]);
            Trees.Equal(Map("class_name", "RandomUniform", "config", Map("minval", -0.1, "maxval", 0.1, "seed", 13)),
                Config(4)["kernel_initializer"]);
            Trees.Equal(Map("class_name", "RandomNormal", "config", Map("mean", 0, "stddev", 0.01, "seed", 14)),
                Config(4)["bias_initializer"]);
        }

        // ---- writing ----

        [Fact]
        public void Write_Compressed_MatchesPythonJsonDumps()
        {
            Assert.Equal(KerasRandomNormal, JsonText.Write(KerasRandomNormalTree(), compress: true));
        }

        [Fact]
        public void Write_Indented_UsesTwoSpaces()
        {
            var tree = Map("a", 1, "b", Seq(true, null), "c", Map(), "d", Seq(), "e", "x\"y", "f", Map("g", Seq(Map())));
            var expected =
                "{\n" +
                "  \"a\": 1,\n" +
                "  \"b\": [\n" +
                "    true,\n" +
                "    null\n" +
                "  ],\n" +
                "  \"c\": {},\n" +
                "  \"d\": [],\n" +
                "  \"e\": \"x\\\"y\",\n" +
                "  \"f\": {\n" +
                "    \"g\": [\n" +
                "      {}\n" +
                "    ]\n" +
                "  }\n" +
                "}";
            Assert.Equal(expected, JsonText.Write(tree, compress: false));
            Assert.Equal("{\"a\": 1, \"b\": [true, null], \"c\": {}, \"d\": [], \"e\": \"x\\\"y\", \"f\": {\"g\": [{}]}}",
                JsonText.Write(tree, compress: true));
        }

        [Theory]
        [InlineData(1.0, "1.0")]
        [InlineData(0.0, "0.0")]
        [InlineData(-0.0, "-0.0")]
        [InlineData(0.1, "0.1")]
        [InlineData(0.05, "0.05")]
        [InlineData(3.10, "3.1")]
        [InlineData(-2.5, "-2.5")]
        [InlineData(1e-7, "1e-07")]
        [InlineData(1e20, "1e+20")]
        [InlineData(123456.0, "123456.0")]
        [InlineData(double.NaN, "NaN")]
        [InlineData(double.PositiveInfinity, "Infinity")]
        [InlineData(double.NegativeInfinity, "-Infinity")]
        public void Write_Doubles_LookLikeFloats(double value, string expected)
        {
            Assert.Equal(expected, JsonText.Write(value));
        }

        [Fact]
        public void Write_OtherNumberTypes()
        {
            Assert.Equal("0.1", JsonText.Write(0.1f));
            Assert.Equal("2.0", JsonText.Write(2f));
            Assert.Equal("2.0", JsonText.Write(2m));
            Assert.Equal("2.50", JsonText.Write(2.50m));
            Assert.Equal("7", JsonText.Write((byte)7));
            Assert.Equal("-7", JsonText.Write((short)-7));
            Assert.Equal("18446744073709551615", JsonText.Write(ulong.MaxValue));
            Assert.Equal("2147483648", JsonText.Write((long)int.MaxValue + 1));
            Assert.Equal("9223372036854775808", JsonText.Write((BigInteger)long.MaxValue + 1));
        }

        [Fact]
        public void Write_AnyDictionaryAndList()
        {
            var table = new Hashtable { { 1, new List<int> { 1, 2 } } };
            Assert.Equal("{\"1\": [1, 2]}", JsonText.Write(table, compress: true));
            var dictionary = new Dictionary<string, object?> { { "k", new[] { "x" } }, { "n", 'c' } };
            Assert.Equal("{\"k\": [\"x\"], \"n\": \"c\"}", JsonText.Write(dictionary, compress: true));
        }

        [Fact]
        public void Write_Strings_EscapedPerJson()
        {
            Assert.Equal("\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001 \\u001f / é 日本 \U0001F600\"",
                JsonText.Write("q\" b\\ \b\f\n\r\t \u0001 \u001f / é 日本 \U0001F600"));
            // a lone surrogate is escaped, so the output stays encodable
            Assert.Equal("\"a\\ud800b\"", JsonText.Write("a\ud800b"));
        }

        [Fact]
        public void Write_UnsupportedType_IsInvalidType()
        {
            var error = Assert.Throws<InitializerException>(() => JsonText.Write(Map("when", new DateTime(2024, 1, 1))));
            Assert.Equal("UnsupportedType", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidType, error.Kind);
            Assert.Contains("System.DateTime", error.Message);
        }

        [Fact]
        public void Write_SelfContainingTree_FailsCleanly()
        {
            var list = new List<object?>();
            list.Add(list);
            var error = Assert.Throws<InitializerException>(() => JsonText.Write(list));
            Assert.Equal("NestingTooDeep", error.ErrorId);
        }

        [Fact]
        public void Write_NonFiniteKeys_AreWrittenAsPythonsJsonWritesThem()
        {
            // Python 3.11: json.dumps({float('nan'): 1, float('inf'): 2, float('-inf'): 3})
            var map = new System.Collections.Specialized.OrderedDictionary { { double.NaN, 1 }, { double.PositiveInfinity, 2 }, { double.NegativeInfinity, 3 } };
            Assert.Equal("{\"NaN\": 1, \"Infinity\": 2, \"-Infinity\": 3}", JsonText.Write(map, compress: true));

            var error = Assert.Throws<InitializerException>(() => JsonText.Write(new System.Collections.Hashtable { { new object?[] { 1 }, 1 } }, compress: true));
            Assert.Equal("UnsupportedKey", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidType, error.Kind);
            Assert.Equal("A mapping key must be a scalar, not a sequence.", error.Message);
        }

        [Theory]
        [InlineData("maps")]
        [InlineData("sequences")]
        [InlineData("mixed")]
        public void Write_NestingAtLimit_Succeeds_BeyondLimit_Fails(string kind)
        {
            var depth = TreeLimits.MaxDepth;
            Trees.Equal(Nested(kind, depth), JsonText.Parse(JsonText.Write(Nested(kind, depth), compress: true)));
            var error = Assert.Throws<InitializerException>(() => JsonText.Write(Nested(kind, depth + 1), compress: true));
            Assert.Equal("NestingTooDeep", error.ErrorId);
            Assert.Equal("The tree nests deeper than 1000 levels, or contains itself.", error.Message);
        }

        [Theory]
        // one flag per UTF-16 unit: is it half of a surrogate pair without its other half? H stands for U+D800 and L
        // for U+DC00 (xunit cannot carry lone surrogates in test data)
        [InlineData("aH", "01")]
        [InlineData("HL", "00")]
        [InlineData("La", "10")]
        [InlineData("aL", "01")]
        [InlineData("LH", "11")]
        [InlineData("HHL", "100")]
        public void LoneSurrogatesAreFoundAtEitherEnd(string pattern, string expected)
        {
            var text = pattern.Replace('H', '\uD800').Replace('L', '\uDC00');
            Assert.Equal(expected, string.Concat(Enumerable.Range(0, text.Length).Select(i => TreeValue.IsLoneSurrogate(text, i) ? '1' : '0')));
        }
    }
}
