using System;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text;
using Initializers.Serialization;
using Xunit;
using static Initializers.Tests.Serialization.Trees;

namespace Initializers.Tests.Serialization
{
    public class YamlTextTests
    {
        private static object? ParseOne(string text) => Assert.Single(YamlText.Parse(text));

        // ---- core schema (expected values from https://yaml.org/spec/1.2.2/#1032-tag-resolution) ----

        [Theory]
        [InlineData("~")]
        [InlineData("null")]
        [InlineData("Null")]
        [InlineData("NULL")]
        [InlineData("")]
        public void Plain_NullForms(string scalar)
        {
            Trees.Equal(Map("a", null), ParseOne("a: " + scalar + "\n"));
        }

        [Theory]
        [InlineData("true", true)]
        [InlineData("True", true)]
        [InlineData("TRUE", true)]
        [InlineData("false", false)]
        [InlineData("False", false)]
        [InlineData("FALSE", false)]
        public void Plain_BoolForms(string scalar, bool expected)
        {
            Trees.Equal(expected, ParseOne(scalar));
        }

        [Theory]
        [InlineData("yes")]
        [InlineData("no")]
        [InlineData("on")]
        [InlineData("off")]
        [InlineData("y")]
        [InlineData("n")]
        [InlineData("Yes")]
        [InlineData("OFF")]
        [InlineData("tRUE")]
        [InlineData("nULL")]
        [InlineData("1_000")]
        [InlineData("0b101")]
        [InlineData("1:30")]
        [InlineData("0o8")]
        [InlineData("0x")]
        [InlineData("0X1F")]
        [InlineData("+0x1F")]
        [InlineData("1e")]
        [InlineData(".")]
        [InlineData(".InF")]
        [InlineData("inf")]
        [InlineData("nan")]
        [InlineData("-.nan")]
        [InlineData("2024-01-01")]
        [InlineData("relu")]
        public void Plain_OtherWords_StayStrings(string scalar)
        {
            Trees.Equal(Map("k", scalar), ParseOne("k: " + scalar + "\n"));
        }

        [Theory]
        [InlineData("0", 0)]
        [InlineData("-0", 0)]
        [InlineData("+12", 12)]
        [InlineData("007", 7)]
        [InlineData("-2147483648", int.MinValue)]
        [InlineData("0o17", 15)]
        [InlineData("0x1F", 31)]
        [InlineData("0xff", 255)]
        [InlineData("0x9", 9)]
        [InlineData("0x90", 144)]
        [InlineData("0o7", 7)]
        public void Plain_Integers(string scalar, int expected)
        {
            Trees.Equal(expected, ParseOne(scalar));
        }

        [Fact]
        public void Parse_AByteOrderMark_IsNotPartOfTheText()
        {
            // YAML 1.2 (5.2) allows a BOM at the start of a stream; it was read as part of the first key ("\uFEFFa")
            var tree = (OrderedDictionary)YamlText.Parse("\uFEFFa: 1\nb: [x]\n")[0]!;
            Assert.Equal(new object[] { "a", "b" }, tree.Keys.Cast<object>().ToArray());
            Assert.Equal("x", YamlText.Parse("\uFEFFx")[0]);
            // an error's column on the first line is counted as an editor shows it, without the mark
            var ex = Assert.Throws<InitializerException>(() => YamlText.Parse("\uFEFFa: [1"));
            Assert.StartsWith("Invalid YAML at line 1, column ", ex.Message);
            Assert.Equal(ex.Message, Assert.Throws<InitializerException>(() => YamlText.Parse("a: [1")).Message);
        }

        [Fact]
        public void Plain_LargeIntegers_AreLongThenBigInteger()
        {
            Trees.Equal(2147483648L, ParseOne("2147483648"));
            Trees.Equal(long.MinValue, ParseOne("-9223372036854775808"));
            Trees.Equal((BigInteger)long.MaxValue + 1, ParseOne("9223372036854775808"));
            Trees.Equal((BigInteger)long.MaxValue + 1, ParseOne("0x8000000000000000"));
            // the largest long in hexadecimal and octal is still a long
            Trees.Equal(long.MaxValue, ParseOne("0x7FFFFFFFFFFFFFFF"));
            Trees.Equal(long.MaxValue, ParseOne("0o777777777777777777777"));
            Trees.Equal(4294967296L, ParseOne("0o40000000000"));
        }

        [Theory]
        [InlineData("1.0", 1.0)]
        [InlineData("3.10", 3.1)]
        [InlineData("0.05", 0.05)]
        [InlineData("1e3", 1000.0)]
        [InlineData("1E3", 1000.0)]
        [InlineData("1.0e-07", 1e-7)]
        [InlineData("1e-07", 1e-7)]
        [InlineData("+1.5", 1.5)]
        [InlineData(".5", 0.5)]
        [InlineData("-.5", -0.5)]
        [InlineData("1.", 1.0)]
        [InlineData(".inf", double.PositiveInfinity)]
        [InlineData("+.Inf", double.PositiveInfinity)]
        [InlineData("-.INF", double.NegativeInfinity)]
        [InlineData(".nan", double.NaN)]
        [InlineData(".NaN", double.NaN)]
        [InlineData(".NAN", double.NaN)]
        public void Plain_Floats(string scalar, double expected)
        {
            Trees.Equal(expected, ParseOne(scalar));
        }

        [Fact]
        public void Plain_NegativeZeroFloat_KeepsSign()
        {
            Trees.Equal(-0.0, ParseOne("-0.0"));
        }

        [Fact]
        public void QuotedScalars_AreAlwaysStrings()
        {
            Trees.Equal(Seq("1", "true", "null", "", "yes", ".inf", "1.5"),
                ParseOne("- '1'\n- \"true\"\n- 'null'\n- ''\n- \"yes\"\n- '.inf'\n- \"1.5\"\n"));
        }

        [Fact]
        public void BlockScalars_AreStrings()
        {
            Trees.Equal(Map("a", "12\n", "b", "true"), ParseOne("a: |\n  12\nb: >-\n  true\n"));
        }

        [Fact]
        public void ExplicitTags_ForceTheType()
        {
            Trees.Equal(Map("a", "123", "b", 42, "c", 1.0, "d", true, "e", null, "f", "x", "g", 31, "h", double.NegativeInfinity),
                ParseOne("a: !!str 123\nb: !!int '42'\nc: !!float 1\nd: !!bool \"true\"\ne: !!null ''\nf: ! x\ng: !!int 0x1F\nh: !!float -.inf\n"));
        }

        [Fact]
        public void CollectionTags_AndPythonTuple_AreAccepted()
        {
            Trees.Equal(Map("shape", Seq(3, 3), "m", Map("a", 1), "s", Seq()),
                ParseOne("shape: !!python/tuple [3, 3]\nm: !!map {a: 1}\ns: !!seq []\n"));
        }

        [Theory]
        [InlineData("a: !!int abc\n", 1, 4, "'abc' is not a valid !!int")]
        [InlineData("a: !!bool yes\n", 1, 4, "'yes' is not a valid !!bool")]
        [InlineData("a: !!float 1.2.3\n", 1, 4, "!!float")]
        [InlineData("a: !!null 0\n", 1, 4, "!!null")]
        [InlineData("a: 1\nb: !custom x\n", 2, 4, "'!custom' is not supported on a scalar")]
        [InlineData("a: !!timestamp 2001-12-14\n", 1, 4, "tag:yaml.org,2002:timestamp")]
        [InlineData("a: !!set {x: null}\n", 1, 4, "is not supported on a mapping")]
        [InlineData("a: !!str [1]\n", 1, 4, "the tag 'tag:yaml.org,2002:str' is not supported on a sequence")]
        [InlineData("a: !!seq {b: 1}\n", 1, 4, "the tag 'tag:yaml.org,2002:seq' is not supported on a mapping")]
        public void BadTags_AreParseErrors(string text, int line, int column, string expected)
        {
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(text));
            Assert.Equal("ConfigParseFailed", error.ErrorId);
            Assert.Equal(line, error.Line);
            Assert.Equal(column, error.Column);
            Assert.Contains(expected, error.Message);
        }

        [Fact]
        public void KeysKeepOrderAndCase()
        {
            var map = Assert.IsType<OrderedDictionary>(ParseOne("z: 1\nSeed: 2\nseed: 3\na: 4\n"));
            Assert.Equal(new object[] { "z", "Seed", "seed", "a" }, map.Keys.Cast<object>().ToArray());
        }

        [Fact]
        public void KeysAreTheScalarText()
        {
            Trees.Equal(Map("1", "one", "true", "t", "null", "n", "0x10", "h"), ParseOne("1: one\ntrue: t\nnull: n\n0x10: h\n"));
        }

        [Fact]
        public void UnderGermanCulture_NumbersAreInvariant()
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                Trees.Equal(Map("a", 1.5, "b", 1234.25, "c", "1,5", "d", 1e-7), ParseOne("a: 1.5\nb: 1234.25\nc: 1,5\nd: 1e-7\n"));
                Assert.Equal("- 0.5\n- 1234.25\n- 2.0\n- 1.0e-07\n", YamlText.Write(Seq(0.5, 1234.25, 2.0, 1e-7)));
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        // ---- documents ----

        [Fact]
        public void MultiDocumentStream_GivesEveryDocument()
        {
            var documents = YamlText.Parse("---\na: 1\n---\n- x\n...\n---\nplain\n--- 2\n");
            Assert.Equal(4, documents.Count);
            Trees.Equal(Map("a", 1), documents[0]);
            Trees.Equal(Seq("x"), documents[1]);
            Trees.Equal("plain", documents[2]);
            Trees.Equal(2, documents[3]);
        }

        [Fact]
        public void ExplicitEmptyDocument_IsNull()
        {
            Trees.Equal(null, ParseOne("---\n"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("   \n\n")]
        [InlineData("# only a comment\n")]
        public void EmptyStream_IsEmptyInput(string text)
        {
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(text));
            Assert.Equal("EmptyInput", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, error.Kind);
            Assert.Equal("The YAML text holds no document (it is empty or only comments).", error.Message);
        }

        [Fact]
        public void JsonDocument_IsReadAsYaml()
        {
            const string json = "{\"module\": \"keras.initializers\", \"class_name\": \"RandomNormal\", \"config\": {\"seed\": null, \"mean\": 0.0, \"stddev\": 0.05}, \"registered_name\": null}";
            Trees.Equal(Map("module", "keras.initializers", "class_name", "RandomNormal",
                    "config", Map("seed", null, "mean", 0.0, "stddev", 0.05), "registered_name", null),
                ParseOne(json));
            Trees.Equal(Seq(1, -2, 1.5, 1e-7, true, false, null, "s", Seq(), Map()),
                ParseOne("[1, -2, 1.5, 1e-07, true, false, null, \"s\", [], {}]"));
        }

        [Fact]
        public void TfjsFixture_ReadsTheSameAsYamlAndAsJson()
        {
            var text = System.IO.File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", "model_mlp.json"));
            Trees.Equal(JsonText.Parse(text), ParseOne(text));
        }

        // ---- anchors and aliases ----

        [Fact]
        public void Alias_IsACopyOfTheAnchoredNode()
        {
            var map = Assert.IsType<OrderedDictionary>(ParseOne("base: &b {mean: 0.0, stddev: 0.05}\nother: *b\nname: &n x\nagain: *n\n"));
            Trees.Equal(Map("base", Map("mean", 0.0, "stddev", 0.05), "other", Map("mean", 0.0, "stddev", 0.05), "name", "x", "again", "x"), map);
            Assert.NotSame(map["base"], map["other"]);
        }

        [Fact]
        public void AnchoredKey_AliasIsTheKeyText()
        {
            // an anchor on a key names the key's scalar; its alias elsewhere is that text
            Trees.Equal(Map("a", 1, "b", "a"), ParseOne("&k a: 1\nb: *k\n"));
        }

        [Fact]
        public void UnknownAlias_IsParseError()
        {
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse("a: &x 1\nb: *y\n"));
            Assert.Equal("ConfigParseFailed", error.ErrorId);
            Assert.Equal(2, error.Line);
            Assert.Equal(4, error.Column);
            Assert.Contains("'*y'", error.Message);
        }

        [Fact]
        public void NodeLimit_CountsAliasCopies()
        {
            // root map 1 + seq a 1 + its 2 items + seq b 1 + two copies of a (1 + 2 each) = 11 nodes
            const string text = "a: &a [1, 2]\nb: [*a, *a]\n";
            Trees.Equal(Map("a", Seq(1, 2), "b", Seq(Seq(1, 2), Seq(1, 2))), Assert.Single(YamlText.Parse(text, maxNodes: 11)));
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(text, maxNodes: 10));
            Assert.Equal("TooManyNodes", error.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, error.Kind);
            // the eleventh node is the second alias's copy, at '*a' of line 2
            Assert.Equal(2, error.Line);
            Assert.Equal(9, error.Column);
            Assert.Equal("The YAML text expands to more than 10 nodes (reached at line 2, column 9); aliases that repeat anchored nodes many times can cause this.", error.Message);
        }

        [Fact]
        public void BillionLaughs_StopsAtTheNodeLimit()
        {
            var text = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            for (var name = 'b'; name <= 'i'; name++)
            {
                var previous = (char)(name - 1);
                var alias = "*" + previous;
                text.Append(name).Append(": &").Append(name).Append(" [")
                    .Append(string.Join(",", Enumerable.Repeat(alias, 9))).Append("]\n");
            }
            // 9^9 = 387,420,489 strings if fully expanded
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(text.ToString()));
            Assert.Equal("TooManyNodes", error.ErrorId);
            Assert.Contains("1000000", error.Message);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        }

        // ---- errors (positions counted by hand; YamlDotNet marks are 1-based) ----

        [Fact]
        public void DuplicateKey_NamesKeyLineAndColumn()
        {
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse("seed: 1\nmean: 0.0\nseed: 2\n"));
            Assert.Equal("DuplicateKey", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, error.Kind);
            Assert.Equal("seed", error.Target);
            Assert.Equal(3, error.Line);
            Assert.Equal(1, error.Column);
            Assert.Contains("'seed'", error.Message);
            Assert.Contains("line 3, column 1", error.Message);

            error = Assert.Throws<InitializerException>(() => YamlText.Parse("{a: 1, 'a': 2}"));
            Assert.Equal("DuplicateKey", error.ErrorId);
            Assert.Equal(1, error.Line);
            Assert.Equal(8, error.Column);
        }

        [Theory]
        [InlineData("[1, 2]: x\n", 1, 1, "not a sequence")]
        [InlineData("? {a: 1}\n: x\n", 1, 3, "not a mapping")]
        [InlineData("k: &k a\n*k : x\n", 2, 1, "not an alias")]
        public void NonScalarKey_IsParseError(string text, int line, int column, string expected)
        {
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(text));
            Assert.Equal("ConfigParseFailed", error.ErrorId);
            Assert.Equal(line, error.Line);
            Assert.Equal(column, error.Column);
            Assert.Contains("a mapping key must be a scalar", error.Message);
            Assert.Contains(expected, error.Message);
        }

        [Theory]
        // the unterminated quote starts at column 4 of 'a: 'x'
        [InlineData("a: 'x\n", 1, 4)]
        // 'key: value: x': the second ':' is column 11
        [InlineData("key: value: x\n", 1, 11)]
        // the less-indented '- 2' starts at column 2 of line 3
        [InlineData("a:\n  - 1\n - 2\n", 3, 2)]
        // the unknown escape is in the quoted scalar that starts at column 4
        [InlineData("x: \"\\q\"\n", 1, 4)]
        // a flow collection closed before the error is not blamed for it (the quote on line 2 is never closed)
        [InlineData("a: [1]\nb: {c: 1}\nd: 'x\n", 3, 4)]
        // a tab that leads a continuation line of a quoted scalar is not indentation, and the error is not about tabs
        [InlineData("a: \"x\n\ty\"\nb: 'z\n", 3, 4)]
        public void Malformed_ReportsLineAndColumn(string text, int line, int column) => ParseError(text, line, column);

        /// <summary>The parse error of <paramref name="text"/>, checked to stand at <paramref name="line"/> and
        /// <paramref name="column"/> and to say so first.</summary>
        private static InitializerException ParseError(string text, int line, int column)
        {
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(text));
            Assert.Equal("ConfigParseFailed", error.ErrorId);
            Assert.Equal(ErrorKind.ParserError, error.Kind);
            Assert.Equal(line, error.Line);
            Assert.Equal(column, error.Column);
            Assert.Same(text, error.Target);
            Assert.StartsWith($"Invalid YAML at line {line}, column {column}: ", error.Message);
            return error;
        }

        [Theory]
        // YamlDotNet says "found invalid tab as indentation" at the start of the scalar or mapping around it; the
        // error names the tab itself. Positions counted by hand.
        [InlineData("a:\n\tb: 1\n", 2, 1)]
        // a tab inside a quoted value (line 1) is not indentation; a line of spaces only (line 3) ends the search of
        // its line at its end; the tab is the third character of line 5
        [InlineData("k: 'a\tb'\nm:\n   \n  n: 1\n  \to: 2\n", 5, 3)]
        // CRLF line ends: the '\r' stays at the end of each line and is not white space before content
        [InlineData("m:\r\n  n:\r\n  \t- 2\r\n", 3, 3)]
        public void TabIndentation_NamesTheTab(string text, int line, int column)
        {
            var error = ParseError(text, line, column);
            Assert.Equal($"Invalid YAML at line {line}, column {column}: a tab is used for indentation; YAML indents with spaces only.", error.Message);
            Assert.Contains("tab", error.InnerException!.Message);
        }

        [Fact]
        public void NullText_IsEmptyInput_AndNoDocumentsToWriteIsAnArgumentError()
        {
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(null!));
            Assert.Equal("EmptyInput", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, error.Kind);
            Assert.Equal("The YAML text is empty.", error.Message);

            error = Assert.Throws<InitializerException>(() => YamlText.WriteAll(null!));
            Assert.Equal("InvalidArgument", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.Equal("No documents were given to write.", error.Message);
        }

        [Theory]
        // YamlDotNet fails here with an InvalidOperationException ("Operation is not valid due to the current state
        // of the object"); the error points at the bracket that is never closed and keeps .NET's text out.
        [InlineData("a: [1, 2\nb: 3", "this '[' is not closed with ']' (the parser stopped at line 2, column 1: the text is not valid YAML here)")]
        [InlineData("a: {b: 1\nc: 2", "this '{' is not closed with '}' (the parser stopped at line 2, column 1: the text is not valid YAML here)")]
        // inside an open flow, YamlDotNet's own message ("While scanning ...") follows, starting lower-case
        [InlineData("a: [1, 'x\n", "this '[' is not closed with ']' (the parser stopped at line 1, column 8: while scanning a quoted scalar, found unexpected end of stream)")]
        public void UnclosedFlowCollection_IsParseError(string text, string expected)
        {
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(text));
            Assert.Equal("ConfigParseFailed", error.ErrorId);
            Assert.Equal(1, error.Line);
            Assert.Equal(4, error.Column);
            Assert.Equal("Invalid YAML at line 1, column 4: " + expected + ".", error.Message);
            Assert.NotNull(error.InnerException);
        }

        [Fact]
        public void Malformed_TheDetailIsTheParsersMessageStartingLowerCase()
        {
            // YamlDotNet's own words ("While scanning a plain scalar value, found invalid mapping.") after ours
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse("key: value: x\n"));
            Assert.Equal("Invalid YAML at line 1, column 11: while scanning a plain scalar value, found invalid mapping.", error.Message);
            Assert.StartsWith("While scanning", error.InnerException!.Message);
        }

        [Fact]
        public void NestingAtLimit_Succeeds_BeyondLimit_Fails()
        {
            var depth = TreeLimits.MaxDepth;
            var tree = ParseOne(new string('[', depth) + new string(']', depth));
            for (var i = 1; i < depth; i++)
            {
                tree = Assert.Single((object?[])tree!);
            }
            Assert.Empty((object?[])tree!);

            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(new string('[', depth + 1) + new string(']', depth + 1)));
            Assert.Equal("NestingTooDeep", error.ErrorId);
            Assert.Equal(1, error.Line);
            Assert.Equal(depth + 1, error.Column);
            Assert.Equal($"YAML nests deeper than 1000 levels at line 1, column {depth + 1}.", error.Message);

            error = Assert.Throws<InitializerException>(() => YamlText.Parse(new string('[', 100_000)));
            Assert.Equal("NestingTooDeep", error.ErrorId);
        }

        [Fact]
        public void MappingNestingAtLimit_Succeeds_BeyondLimit_Fails()
        {
            var depth = TreeLimits.MaxDepth;
            string Nested(int levels) => string.Concat(Enumerable.Repeat("{a: ", levels)) + "1" + new string('}', levels);
            var tree = ParseOne(Nested(depth));
            for (var i = 0; i < depth; i++)
            {
                tree = Assert.IsType<OrderedDictionary>(tree)["a"];
            }
            Assert.Equal(1, tree);

            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(Nested(depth + 1)));
            Assert.Equal("NestingTooDeep", error.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, error.Kind);
            // the mapping one level too deep opens at offset 4 * depth
            Assert.Equal(1, error.Line);
            Assert.Equal(4 * depth + 1, error.Column);

            // mappings and sequences count together: '[' and '{a: ' in turn
            string Mixed(int levels) => string.Concat(Enumerable.Range(0, levels).Select(i => i % 2 == 0 ? "[" : "{a: "))
                + string.Concat(Enumerable.Range(0, levels).Reverse().Select(i => i % 2 == 0 ? "]" : "}"));
            Assert.Single(YamlText.Parse(Mixed(depth)));
            Assert.Equal("NestingTooDeep", Assert.Throws<InitializerException>(() => YamlText.Parse(Mixed(depth + 1))).ErrorId);
        }

        [Fact]
        public void AliasOfAMappingThatWouldNestTooDeep_Fails()
        {
            // as below with mappings: a copy 600 deep of a mapping 600 deep
            string Open(int levels) => string.Concat(Enumerable.Repeat("{a: ", levels));
            var text = "x: &m " + Open(600) + "1" + new string('}', 600) + "\ny: " + Open(599) + "*m" + new string('}', 599) + "\n";
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(text));
            Assert.Equal("NestingTooDeep", error.ErrorId);
        }

        [Fact]
        public void AnchorsDoNotReachIntoTheNextDocument()
        {
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse("a: &x 1\n---\nb: *x\n"));
            Assert.Equal("ConfigParseFailed", error.ErrorId);
            Assert.Equal(3, error.Line);
            Assert.Equal(4, error.Column);
            Assert.Contains("the alias '*x' names no earlier anchor", error.Message);
        }

        [Fact]
        public void SourceMap_RecordsWhereEachDocumentStarts()
        {
            var map = new SourceMap();
            var documents = YamlText.Parse("a: 1\n---\n  b: 2\n--- [1]\n", TreeLimits.MaxNodes, map);
            Assert.Equal(3, documents.Count);
            Assert.Equal((1, 1), Position(map.StartOf(documents[0])));
            Assert.Equal((3, 3), Position(map.StartOf(documents[1])));
            Assert.Equal((4, 5), Position(map.StartOf(documents[2])));

            static (int, int) Position(TextPosition? p) => (p!.Value.Line, p.Value.Column);
        }

        [Theory]
        // an alias copies its anchored node where it stands: the copy's levels count from there. The root mapping is
        // level 1, the 'y' value's collections levels 2 .. open + 1, the copy's open + 2 .. open + 1 + anchored.
        [InlineData("{a: ", "}")]
        [InlineData("[", "]")]
        public void AliasCopyUpToTheNestingLimit_Succeeds_OneLevelMoreFails(string open, string close)
        {
            const int anchored = 10;
            string Text(int levels) => "x: &m " + string.Concat(Enumerable.Repeat(open, anchored)) + "1" + string.Concat(Enumerable.Repeat(close, anchored))
                + "\ny: " + string.Concat(Enumerable.Repeat(open, levels)) + "*m" + string.Concat(Enumerable.Repeat(close, levels)) + "\n";
            var atLimit = TreeLimits.MaxDepth - 1 - anchored;
            Assert.IsType<OrderedDictionary>(ParseOne(Text(atLimit)));
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(Text(atLimit + 1)));
            Assert.Equal("NestingTooDeep", error.ErrorId);
        }

        [Fact]
        public void NonSpecificTag_IsNoTag()
        {
            // '!' on a collection asks for no particular type
            Trees.Equal(Seq(1), ParseOne("! [1]"));
            Trees.Equal(Map("a", Map("b", 1)), ParseOne("a: ! {b: 1}"));
        }

        [Fact]
        public void AliasThatWouldNestTooDeep_Fails()
        {
            var depth = TreeLimits.MaxDepth;
            // the anchored node is 600 deep; placing a copy 600 deep would make 1200 levels
            var anchored = "&a " + new string('[', 600) + new string(']', 600);
            var text = "- " + anchored + "\n- " + new string('[', 599) + "*a" + new string(']', 599) + "\n";
            var error = Assert.Throws<InitializerException>(() => YamlText.Parse(text));
            Assert.Equal("NestingTooDeep", error.ErrorId);
            Assert.True(depth < 1200);
        }

        // ---- writing ----

        [Fact]
        public void Write_BlockStyle()
        {
            var tree = Map("a", 1, "b", Seq(true, null), "c", Map(), "d", Seq(), "e", "yes", "f", 0.5, "g", "plain text",
                "h", Map("i", Seq(Map("j", 1e-7)), "k", -0.0));
            var expected =
                "a: 1\n" +
                "b:\n" +
                "- true\n" +
                "- null\n" +
                "c: {}\n" +
                "d: []\n" +
                "e: 'yes'\n" +
                "f: 0.5\n" +
                "g: plain text\n" +
                "h:\n" +
                "  i:\n" +
                "  - j: 1.0e-07\n" +
                "  k: -0.0\n";
            Assert.Equal(expected, YamlText.Write(tree));
        }

        [Fact]
        public void Write_KerasConfig()
        {
            var tree = Map("module", "keras.initializers", "class_name", "RandomNormal",
                "config", Map("seed", null, "mean", 0.0, "stddev", 0.05), "registered_name", null);
            Assert.Equal(
                "module: keras.initializers\n" +
                "class_name: RandomNormal\n" +
                "config:\n" +
                "  seed: null\n" +
                "  mean: 0.0\n" +
                "  stddev: 0.05\n" +
                "registered_name: null\n",
                YamlText.Write(tree));
        }

        [Theory]
        [InlineData(1.0, "1.0")]
        [InlineData(3.10, "3.1")]
        [InlineData(1e20, "1.0e+20")]
        [InlineData(2.5e-10, "2.5e-10")]
        [InlineData(double.NaN, ".nan")]
        [InlineData(double.PositiveInfinity, ".inf")]
        [InlineData(double.NegativeInfinity, "-.inf")]
        public void Write_Doubles(double value, string expected)
        {
            Assert.Equal("x: " + expected + "\n", YamlText.Write(Map("x", value)));
        }

        [Fact]
        public void Write_Integers()
        {
            Assert.Equal("- 0\n- -1\n- 2147483648\n- 9223372036854775808\n",
                YamlText.Write(Seq(0, -1, (long)int.MaxValue + 1, (BigInteger)long.MaxValue + 1)));
        }

        [Theory]
        [InlineData("yes")]
        [InlineData("no")]
        [InlineData("on")]
        [InlineData("off")]
        [InlineData("y")]
        [InlineData("n")]
        [InlineData("Y")]
        [InlineData("NO")]
        [InlineData("true")]
        [InlineData("False")]
        [InlineData("null")]
        [InlineData("~")]
        [InlineData("")]
        [InlineData("0")]
        [InlineData("1e3")]
        [InlineData("265")]
        [InlineData("-7")]
        [InlineData("+1")]
        [InlineData(".5")]
        [InlineData("3.10")]
        [InlineData(".inf")]
        [InlineData("-.inf")]
        [InlineData(".nan")]
        [InlineData(".NaN")]
        [InlineData("0x1F")]
        [InlineData("0o17")]
        [InlineData("1_000")]
        [InlineData("2024-01-01")]
        [InlineData("1:30")]
        [InlineData("<<")]
        [InlineData("=")]
        [InlineData(" lead")]
        [InlineData("trail ")]
        // the special floats in any case: the core schema reads only .inf, .Inf and .INF, but they look like numbers
        [InlineData(".InF")]
        [InlineData("-.iNF")]
        [InlineData(".nAN")]
        public void Write_AmbiguousStrings_AreQuoted(string text)
        {
            var written = YamlText.Write(Map("k", text));
            Assert.True(written.StartsWith("k: '", StringComparison.Ordinal) || written.StartsWith("k: \"", StringComparison.Ordinal),
                $"not quoted: {written}");
            Trees.Equal(Map("k", text), ParseOne(written));
            // keys too
            written = YamlText.Write(Map(text, 1));
            Assert.True(written.StartsWith("'", StringComparison.Ordinal) || written.StartsWith("\"", StringComparison.Ordinal),
                $"key not quoted: {written}");
            Trees.Equal(Map(text, 1), ParseOne(written));
        }

        [Theory]
        [InlineData("relu")]
        [InlineData("fan_in")]
        [InlineData("glorot_uniform")]
        [InlineData("keras.initializers")]
        [InlineData("RandomNormal")]
        [InlineData("hello world")]
        [InlineData("tfjs-layers 4.22.0")]
        [InlineData("yesterday")]
        [InlineData("nothing")]
        // letters past the C1 controls are printable: plain, not escaped
        [InlineData("café")]
        public void Write_SafeStrings_ArePlain(string text)
        {
            Assert.Equal("k: " + text + "\n", YamlText.Write(Map("k", text)));
        }

        [Theory]
        // DEL and the C1 controls U+0080..U+009F, at both ends of the range: YAML's \x escape
        [InlineData("a\u007Fb", "k: \"a\\x7Fb\"\n")]
        [InlineData("a\u0080b", "k: \"a\\x80b\"\n")]
        [InlineData("a\u009Fb", "k: \"a\\x9Fb\"\n")]
        public void Write_DeleteAndC1Controls_AreEscaped(string text, string expected)
        {
            var written = YamlText.Write(Map("k", text));
            Assert.Equal(expected, written);
            Trees.Equal(Map("k", text), ParseOne(written));
        }

        [Theory]
        // the expected texts are what PyYAML 6.0 (Debian's python3-yaml) writes for the same tree with
        // safe_dump(tree, sort_keys=False) and default_flow_style False, True and None (LeafFlow: flow for the
        // collections that hold only scalars, as old Keras to_yaml() files are)
        [InlineData((int)YamlLayout.Block, "a:\n- 1\n- 2\nb:\n  c: x\nd:\n- - 1\n- 2\ne: []\n")]
        [InlineData((int)YamlLayout.Flow, "{a: [1, 2], b: {c: x}, d: [[1], 2], e: []}\n")]
        [InlineData((int)YamlLayout.LeafFlow, "a: [1, 2]\nb: {c: x}\nd:\n- [1]\n- 2\ne: []\n")]
        public void Write_Layouts_AreWhatPyYamlWrites(int layout, string expected)
        {
            var tree = Map("a", Seq(1, 2), "b", Map("c", "x"), "d", Seq(Seq(1), 2), "e", Seq());
            Assert.Equal(expected, YamlText.Write(tree, 2, (YamlLayout)layout));
        }

        [Theory]
        [InlineData("maps")]
        [InlineData("sequences")]
        [InlineData("mixed")]
        public void Write_NestingAtLimit_Succeeds_BeyondLimit_Fails(string kind)
        {
            var depth = TreeLimits.MaxDepth;
            Trees.Equal(Nested(kind, depth), ParseOne(YamlText.Write(Nested(kind, depth))));
            var error = Assert.Throws<InitializerException>(() => YamlText.Write(Nested(kind, depth + 1)));
            Assert.Equal("NestingTooDeep", error.ErrorId);
        }

        [Fact]
        public void Write_StringWithControlCharacters_IsDoubleQuotedAndEscaped()
        {
            var written = YamlText.Write(Map("k", "a\tb\nc\u0001"));
            Assert.StartsWith("k: \"", written);
            Assert.DoesNotContain("\n", written.TrimEnd('\n')); // the line break is escaped, not folded
            Trees.Equal(Map("k", "a\tb\nc\u0001"), ParseOne(written));
        }

        [Fact]
        public void Write_RootScalars()
        {
            Trees.Equal("relu", ParseOne(YamlText.Write("relu")));
            Trees.Equal("yes", ParseOne(YamlText.Write("yes")));
            Trees.Equal(null, ParseOne(YamlText.Write(null)));
            Trees.Equal(5, ParseOne(YamlText.Write(5)));
        }

        [Fact]
        public void WriteAll_SeparatesDocuments()
        {
            var written = YamlText.WriteAll(new object?[] { Map("a", 1), Seq(1, 2), "x" });
            Assert.Equal("a: 1\n---\n- 1\n- 2\n--- x\n", written);
            var documents = YamlText.Parse(written);
            Assert.Equal(3, documents.Count);
            Trees.Equal(Map("a", 1), documents[0]);
            Trees.Equal(Seq(1, 2), documents[1]);
            Trees.Equal("x", documents[2]);
        }

        [Fact]
        public void Write_LoneSurrogate_IsInvalidString()
        {
            var error = Assert.Throws<InitializerException>(() => YamlText.Write(Map("k", "a\uD800b")));
            Assert.Equal("InvalidString", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, error.Kind);
            Assert.Equal("The string holds a lone UTF-16 surrogate (U+D800 at index 1), which YAML cannot represent.", error.Message);
        }

        [Fact]
        public void Write_SelfContainingTree_FailsCleanly()
        {
            var map = new OrderedDictionary();
            map.Add("self", map);
            var error = Assert.Throws<InitializerException>(() => YamlText.Write(map));
            Assert.Equal("NestingTooDeep", error.ErrorId);
        }
    }
}
