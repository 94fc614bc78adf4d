using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using Initializers.Serialization;
using Xunit;
using static Initializers.Tests.Serialization.Trees;

namespace Initializers.Tests.Serialization
{
    /// <summary>The format-preserving patcher: every expected text below is written by hand in the layout of its
    /// input; every result is also parsed and compared with the input tree changed at exactly the patched pointers.</summary>
    public sealed class TextPatcherTests
    {
        private static readonly OrderedDictionary Glorot = Map("class_name", "GlorotUniform", "config", Map("seed", 7));

        [Fact]
        public void NoChangesGiveTheSameTextBackByteForByte()
        {
            var text = File.ReadAllText(Path.Combine("Fixtures", "tfjs", "model_mlp.json"));
            Assert.Same(text, TextPatcher.Patch(text, ConfigFormat.Json, Array.Empty<KeyValuePair<string, object?>>()));
        }

        [Fact]
        public void CompactKerasJsonStaysCompactWithItsSeparatorsAndNumberText()
        {
            var text = "{\"class_name\": \"Dense\", \"config\": {\"units\": 1.50e1, \"kernel_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}, " +
                "\"bias_initializer\": {\"class_name\": \"RandomNormal\", \"config\": {\"mean\": 0.0, \"stddev\": 0.050}}}}";
            var expected = "{\"class_name\": \"Dense\", \"config\": {\"units\": 1.50e1, \"kernel_initializer\": {\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 7}}, " +
                "\"bias_initializer\": {\"class_name\": \"RandomNormal\", \"config\": {\"mean\": 0.0, \"stddev\": 0.050, \"seed\": 42}}}}";
            Check(text, ConfigFormat.Json, expected, ("/config/kernel_initializer", Glorot), ("/config/bias_initializer/config/seed", 42));
        }

        [Fact]
        public void TfjsJsonWithoutSpacesStaysWithoutSpacesAndCamelCase()
        {
            var text = "{\"className\":\"Dense\",\"config\":{\"kernelInitializer\":{\"className\":\"VarianceScaling\",\"config\":{\"scale\":1,\"mode\":\"fan_avg\"}},\"useBias\":true}}";
            var expected = "{\"className\":\"Dense\",\"config\":{\"kernelInitializer\":{\"className\":\"VarianceScaling\",\"config\":{\"scale\":1,\"mode\":\"fan_avg\",\"seed\":3}},\"useBias\":true}}";
            Check(text, ConfigFormat.Json, expected, ("/config/kernelInitializer/config/seed", 3));
        }

        [Fact]
        public void IndentedJsonGetsItsOwnIndentationUnitAtTheRightDepth()
        {
            var text = "{\n    \"name\": \"d\",\n    \"kernel_initializer\": null,\n    \"bias_initializer\": {\n        \"class_name\": \"Zeros\",\n        \"config\": {}\n    },\n    \"shape\": [2, 3]\n}\n";
            var expected = "{\n    \"name\": \"d\",\n    \"kernel_initializer\": {\n        \"class_name\": \"GlorotUniform\",\n        \"config\": {\n            \"seed\": 7\n        }\n    },\n" +
                "    \"bias_initializer\": {\n        \"class_name\": \"Zeros\",\n        \"config\": {\n            \"seed\": 1\n        }\n    },\n    \"shape\": [2, 3],\n    \"extra\": [\n        1\n    ]\n}\n";
            Check(text, ConfigFormat.Json, expected, ("/kernel_initializer", Glorot), ("/bias_initializer/config/seed", 1), ("/extra", Seq(1)));
        }

        [Fact]
        public void AnOneLineValueInsideIndentedJsonStaysOnOneLineAndTabsAndCrLfAreKept()
        {
            var text = "{\r\n\t\"a\": {\"class_name\": \"Zeros\", \"config\": {}},\r\n\t\"b\": 1\r\n}";
            var expected = "{\r\n\t\"a\": {\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 7}},\r\n\t\"b\": 1,\r\n\t\"c\": {\r\n\t\t\"seed\": 2\r\n\t}\r\n}";
            Check(text, ConfigFormat.Json, expected, ("/a", Glorot), ("/c", Map("seed", 2)));
        }

        [Fact]
        public void YamlBlockMappingsAreWrittenAtTheKeysIndentation()
        {
            var text = "class_name: Sequential\nconfig:\n  layers:\n  - class_name: Dense\n    config:\n      kernel_initializer: null\n      bias_initializer:\n        class_name: Zeros\n        config: {}\n      units: 4\n";
            var expected = "class_name: Sequential\nconfig:\n  layers:\n  - class_name: Dense\n    config:\n      kernel_initializer:\n        class_name: GlorotUniform\n        config:\n          seed: 7\n" +
                "      bias_initializer:\n        class_name: Zeros\n        config: {seed: 5}\n      units: 4\n      name: d\n";
            Check(text, ConfigFormat.Yaml, expected,
                ("/config/layers/0/config/kernel_initializer", Glorot),
                ("/config/layers/0/config/bias_initializer/config/seed", 5),
                ("/config/layers/0/config/name", "d"));
        }

        [Fact]
        public void OldPyYamlFilesKeepFlowLeavesAndTheirTupleTags()
        {
            var text = "config:\n  batch_input_shape: !!python/tuple [null, 8]\n  kernel_initializer:\n    class_name: VarianceScaling\n" +
                "    config: {distribution: uniform, mode: fan_avg, scale: 1.0, seed: null}\n  recurrent_initializer: null\n";
            var expected = "config:\n  batch_input_shape: !!python/tuple [null, 8]\n  kernel_initializer:\n    class_name: VarianceScaling\n" +
                "    config: {distribution: uniform, mode: fan_avg, scale: 1.0, seed: 11}\n  recurrent_initializer:\n    class_name: GlorotUniform\n    config: {seed: 7}\n";
            Check(text, ConfigFormat.Yaml, expected, ("/config/kernel_initializer/config/seed", 11), ("/config/recurrent_initializer", Glorot));
        }

        [Fact]
        public void YamlSequenceElementsAndFlowCollectionsTakeTheirNewValuesInPlaceWithFlowLeavesLikeTheirNeighbours()
        {
            var text = "- a: 1\n  b: {c: 1}\n- 2\n- [x, y]\n";
            var expected = "- a: 1\n  b: {c: 1, d: 5}\n- class_name: GlorotUniform\n  config: {seed: 7}\n- [x, 'no']\n";
            Check(text, ConfigFormat.Yaml, expected, ("/0/b/d", 5), ("/1", Glorot), ("/2/1", "no"));
        }

        [Fact]
        public void YamlKeepsItsDocumentStartCommentsAndCrLfAndABlockScalarEndsBeforeItsLineBreak()
        {
            var text = "---\r\n# model\r\nk: # slot\r\n  class_name: Zeros\r\n  config: {}\r\nz: |\r\n  two\r\n  lines\r\nw: 1\r\n";
            var expected = "---\r\n# model\r\nk: # slot\r\n  class_name: GlorotUniform\r\n  config:\r\n    seed: 7\r\nz: x\r\nw: 1\r\n";
            Check(text, ConfigFormat.Yaml, expected, ("/k", Glorot), ("/z", "x"));
        }

        [Fact]
        public void KeysAreAddedToEmptyMappingsInTheSurroundingStyle()
        {
            Check("{\"config\": {}}", ConfigFormat.Json, "{\"config\": {\"seed\": 1}}", ("/config/seed", 1));
            Check("{\n  \"config\": {}\n}", ConfigFormat.Json, "{\n  \"config\": {\n    \"seed\": 1\n  }\n}", ("/config/seed", 1));
            Check("config: {}\n", ConfigFormat.Yaml, "config: {seed: 1}\n", ("/config/seed", 1));
        }

        [Fact]
        public void PointerTokensAreUnescaped()
        {
            Check("{\"a/b\": 1, \"m~n\": 2}", ConfigFormat.Json, "{\"a/b\": 3, \"m~n\": 4}", ("/a~1b", 3), ("/m~0n", 4));
        }

        [Theory]
        [InlineData("/a/x/y", "PatchPointerNotFound", "'/a/x/y' cannot be changed: '/a/x' names nothing in the document.")]
        [InlineData("/list/2", "PatchPointerNotFound", null)]
        [InlineData("/list/01", "PatchPointerNotFound", null)]
        [InlineData("a", "InvalidJsonPointer", null)]
        [InlineData("", "PatchPointerInvalid", null)]
        public void BadPointersAreRefusedByName(string pointer, string errorId, string? message)
        {
            var ex = Assert.Throws<InitializerException>(() => TextPatcher.Patch("{\"a\": 1, \"list\": [1, 2]}", ConfigFormat.Json, Changes((pointer, 5))));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Contains(pointer.Length == 0 ? "empty JSON Pointer" : $"'{pointer}'", ex.Message);
            if (message is not null)
            {
                Assert.Equal(message, ex.Message);
            }
        }

        [Fact]
        public void OverlappingChangesAreRefused()
        {
            var ex = Assert.Throws<InitializerException>(() => TextPatcher.Patch("{\"a\": {\"b\": 1}}", ConfigFormat.Json, Changes(("/a", 1), ("/a/b", 2))));
            Assert.Equal("PatchOverlap", ex.ErrorId);
            Assert.Equal("The value at '/a/b' lies inside '/a', which is also changed.", ex.Message);
            // the same, given the other way round
            ex = Assert.Throws<InitializerException>(() => TextPatcher.Patch("{\"a\": {\"b\": 1}}", ConfigFormat.Json, Changes(("/a/b", 2), ("/a", 1))));
            Assert.Equal("The value at '/a/b' lies inside '/a', which is also changed.", ex.Message);
        }

        [Fact]
        public void OneValueChangedTwiceIsRefusedAndNoChangesIsAnArgumentError()
        {
            var ex = Assert.Throws<InitializerException>(() => TextPatcher.Patch("{\"a\": {\"b\": 1}}", ConfigFormat.Json, Changes(("/a/b", 1), ("/a/b", 2))));
            Assert.Equal("PatchOverlap", ex.ErrorId);
            Assert.Equal("The value at '/a/b' is changed twice.", ex.Message);

            ex = Assert.Throws<InitializerException>(() => TextPatcher.Patch("{}", ConfigFormat.Json, null!));
            Assert.Equal("InvalidArgument", ex.ErrorId);
            Assert.Equal("No changes were given.", ex.Message);
        }

        [Fact]
        public void AKeyAddedToAYamlFlowMappingJoinsItInFlowStyle()
        {
            Check("a: {b: 1}\nc: 2\n", ConfigFormat.Yaml, "a: {b: 1, d: [1, 2]}\nc: 2\n", ("/a/d", Seq(1, 2)));
        }

        [Fact]
        public void AnEmptyStringBecomesTwoQuotesWithoutADocumentMarker()
        {
            // YamlDotNet writes the empty string as a document "--- ''"; in a text it is just ''
            Check("a: 1\nb: 2\n", ConfigFormat.Yaml, "a: ''\nb: 2\n", ("/a", ""));
            Check("- 1\n- 2\n", ConfigFormat.Yaml, "- ''\n- 2\n", ("/0", ""));
            Check("{a: 1}", ConfigFormat.Yaml, "{a: ''}", ("/a", ""));
        }

        [Fact]
        public void NewYamlCollectionsTakeTheTextsIndentationAndSequenceStyle()
        {
            // a collection added to a block mapping is a block, at the file's own indentation unit (4 here)
            Check("a: 1\n", ConfigFormat.Yaml, "a: 1\nb:\n  c: 1\n", ("/b", Map("c", 1)));
            Check("a:\n    b: 1\n", ConfigFormat.Yaml, "a:\n    b: 1\nc:\n    d: 1\n", ("/c", Map("d", 1)));
            // the unit is measured from a mapping inside a sequence item too (keys at column 2, their values at 4)
            Check("- a:\n    b: 1\n", ConfigFormat.Yaml, "- a:\n    b: 1\n  c:\n    d: 1\n", ("/0/c", Map("d", 1)));
            // sequences indented under their key, or not (PyYAML's default), as the text has them
            Check("a:\n  - 1\n  - 2\nb: x\n", ConfigFormat.Yaml, "a:\n  - 1\n  - 2\nb: x\nc:\n  - 1\n  - 2\n", ("/c", Seq(1, 2)));
            Check("a:\n- 1\n- 2\nb: x\n", ConfigFormat.Yaml, "a:\n- 1\n- 2\nb: x\nc:\n- 1\n- 2\n", ("/c", Seq(1, 2)));
            // old PyYAML files: a collection of scalars is flow, one element included
            Check("a: [1, 2]\nb: {c: 1}\n", ConfigFormat.Yaml, "a: [1, 2]\nb: {c: 1}\nd: [3]\n", ("/d", Seq(3)));
        }

        [Fact]
        public void AnchoredAndTaggedFlowCollectionsStayFlow()
        {
            Check("a: &x {b: 1}\n", ConfigFormat.Yaml, "a: &x {b: 1, c: 2}\n", ("/a/c", 2));
            Check("a: !!map {b: 1}\n", ConfigFormat.Yaml, "a: !!map {b: 1, c: 2}\n", ("/a/c", 2));
        }

        [Fact]
        public void AKeyAddedToAYamlFlowRootJoinsItInFlowStyle()
        {
            // a YAML document whose root is a flow mapping (a JSON text read as YAML is one) stays one line; the key
            // was added on a new line without a comma ("{a: 1\n b: 2}"), a text that no longer parses
            Check("{a: 1}", ConfigFormat.Yaml, "{a: 1, b: 2}", ("/b", 2));
            Check("---\n{a: 1, c: [1]}\n", ConfigFormat.Yaml, "---\n{a: 1, c: [1], b: {d: 2}}\n", ("/b", Map("d", 2)));
            Check("{\"a\": 1}\n", ConfigFormat.Yaml, "{\"a\": 1, b: 2}\n", ("/b", 2));
        }

        [Fact]
        public void JsonThatShowsNoSeparatorsGetsPythonsDefaults()
        {
            // json.dumps's separators (", " and ": ") and, inside an indented text, json.dumps(indent=2)'s layout
            Check("{}", ConfigFormat.Json, "{\"a\": 1}", ("/a", 1));
            Check("{}", ConfigFormat.Json, "{\"a\": {\"b\": [1, 2]}}", ("/a", Map("b", Seq(1, 2))));
            Check("{\n  \"x\": {}\n}", ConfigFormat.Json, "{\n  \"x\": {\n    \"a\": {\n      \"b\": 1\n    }\n  }\n}", ("/x/a", Map("b", 1)));
        }

        [Fact]
        public void ACommentAfterAKeyStaysWithItsBlockValue()
        {
            Check("a: # note\n  b: 1\n", ConfigFormat.Yaml, "a: # note\n  c: 2\n", ("/a", Map("c", 2)));
            Check("a:   # note\n  - 1\n", ConfigFormat.Yaml, "a:   # note\n  - 2\n", ("/a", Seq(2)));
            // a scalar goes on the key's line, before the comment
            Check("a: # note\n  b: 1\nd: 3\n", ConfigFormat.Yaml, "a: 5 # note\nd: 3\n", ("/a", 5));
            Check("a: # note\n  b: 1\nd: 3\n", ConfigFormat.Yaml, "a: [] # note\nd: 4\n", ("/a", Seq()), ("/d", 4));
            // a key at the very end of the text, with nothing after its ':'
            Check("b: 1\na:", ConfigFormat.Yaml, "b: 1\na:\n  c: 1", ("/a", Map("c", 1)));
        }

        [Fact]
        public void ATextThatEndsInsideAnEntryTakesChangesThere()
        {
            Check("a:", ConfigFormat.Yaml, "a: 1", ("/a", 1));
            Check("a:", ConfigFormat.Yaml, "a:\nb: 2", ("/b", 2));
            Check("# note\n---\na: 1\n", ConfigFormat.Yaml, "# note\n---\na: 1\nb: 2\n", ("/b", 2));
        }

        [Fact]
        public void AnEmptyYamlRootKeepsTheMarkerAndCommentsAroundIt()
        {
            // the whole text from the first non-blank character was replaced ("{a: 1}\n"), losing all three
            Check("--- {}\n", ConfigFormat.Yaml, "--- {a: 1}\n", ("/a", 1));
            Check("# model\n{}\n", ConfigFormat.Yaml, "# model\n{a: 1}\n", ("/a", 1));
            Check("{}  # empty\n", ConfigFormat.Yaml, "{a: 1}  # empty\n", ("/a", 1));
            // a comment inside a flow root, before its first key
            Check("{ # c\n  a: 1}\n", ConfigFormat.Yaml, "{ # c\n  a: 1, b: 2}\n", ("/b", 2));
        }

        [Fact]
        public void AnEmptyJsonRootKeepsTheWhiteSpaceAndBomAroundIt()
        {
            Check("  {}\n", ConfigFormat.Json, "  {\"a\": 1}\n", ("/a", 1));
            Check("\uFEFF{}", ConfigFormat.Json, "\uFEFF{\"a\": 1}", ("/a", 1));
            // the trailing line break is outside the root: the root is one line, and so is the new key
            Check("{\"a\": 1}\n", ConfigFormat.Json, "{\"a\": 1, \"b\": 2}\n", ("/b", 2));
        }

        [Fact]
        public void AnEmptyValueAfterACommentTakesABlockValueOnce()
        {
            // the comment was written twice ("a: # note\n  c: 1 # note"): the empty value ends before the comment
            Check("a: # note\nb: 2\n", ConfigFormat.Yaml, "a: # note\n  c: 1\nb: 2\n", ("/a", Map("c", 1)));
            Check("a: # note", ConfigFormat.Yaml, "a: # note\n  c: 1", ("/a", Map("c", 1)));
        }

        [Fact]
        public void CommaFirstJsonGetsCommasThatParse()
        {
            // "1\n, \"b\"" shows no separator before its line break; the new key was added without a comma
            Check("{\n  \"a\": 1\n, \"b\": 2\n}", ConfigFormat.Json, "{\n  \"a\": 1\n, \"b\": 2,\n\"c\": 3\n}", ("/c", 3));
            // a one-line value in it stays on one line, with json.dumps's ", " (not the line break before a comma)
            Check("{\n  \"a\": [0]\n, \"b\": 2\n}", ConfigFormat.Json, "{\n  \"a\": [1, 2]\n, \"b\": 2\n}", ("/a", Seq(1, 2)));
        }

        [Fact]
        public void OldMacLineBreaksAreKept()
        {
            // YAML and JSON allow a lone CR as a line break; new lines take it, and columns are counted from it
            Check("a: 1\rb:\r    c: 1\r", ConfigFormat.Yaml, "a: 1\rb:\r    c: 1\rd:\r    e: 1\r", ("/d", Map("e", 1)));
            Check("{\r  \"a\": 1\r}", ConfigFormat.Json, "{\r  \"a\": 1,\r  \"b\": 2\r}", ("/b", 2));
        }

        [Fact]
        public void AJsonTextIsReadAsJson()
        {
            // YAML would read "{a: 1}"; as JSON its key must be quoted
            var ex = Assert.Throws<InitializerException>(() => TextPatcher.Patch("{a: 1}", ConfigFormat.Json, Changes(("/a", 2))));
            Assert.Equal("Invalid JSON at line 1, column 2: expected a string key in double quotes, found 'a'.", ex.Message);
        }

        [Fact]
        public void JsonLayoutIsLearnedFromTheFirstPlaceThatShowsIt()
        {
            // separators: the first of each kind counts, not the last; a space after the comma is part of it
            Check("{\n  \"a\": 1, \n  \"b\": 2\n}", ConfigFormat.Json, "{\n  \"a\": 1, \n  \"b\": 2, \n  \"c\": 3\n}", ("/c", 3));
            Check("{\"a\": 1, \"b\":2,\"c\" :3}", ConfigFormat.Json, "{\"a\": 1, \"b\":2,\"c\" :3, \"d\": 4}", ("/d", 4));
            Check("{\n  \"a\": 1 ,\n  \"b\": 2,\n  \"c\": 3\n}", ConfigFormat.Json, "{\n  \"a\": 1 ,\n  \"b\": 2,\n  \"c\": 3 ,\n  \"d\": 4\n}", ("/d", 4));
            // the indentation unit: two spaces at the first step in, not the four of the next
            Check("{\n  \"a\": {\n      \"b\": 1\n  }\n}", ConfigFormat.Json, "{\n  \"a\": {\n      \"b\": 1\n  },\n  \"c\": {\n    \"d\": 1\n  }\n}", ("/c", Map("d", 1)));
        }

        [Fact]
        public void JsonValuesAreWrittenWithTheTextsSeparators()
        {
            // one line: ",", ":" (tfjs) for a new collection inside the text
            Check("{\"a\":1,\"b\":2}", ConfigFormat.Json, "{\"a\":{\"x\":1,\"y\":2},\"b\":2}", ("/a", Map("x", 1, "y", 2)));
            // indented: " ," and " : " inside the new collection too
            Check("{\n  \"a\" : 1 ,\n  \"b\" : 2\n}", ConfigFormat.Json, "{\n  \"a\" : {\n    \"x\" : 1 ,\n    \"y\" : 2\n  } ,\n  \"b\" : 2\n}", ("/a", Map("x", 1, "y", 2)));
            // an indented array shows no key separator: a new mapping in it gets json.dumps's ": "
            Check("[\n  1,\n  2\n]", ConfigFormat.Json, "[\n  {\n    \"a\": 1\n  },\n  2\n]", ("/0", Map("a", 1)));
            // a text that shows none of them gets json.dumps(indent=2)'s
            Check("{\n  \"a\": {}\n}", ConfigFormat.Json, "{\n  \"a\": {\n    \"x\": 1,\n    \"y\": 2\n  }\n}", ("/a/x", 1), ("/a/y", 2));
            Check("{\"a\": 1}", ConfigFormat.Json, "{\"a\": 1, \"b\": 2}", ("/b", 2));
            Check("{\n  \"a\": 1\n}", ConfigFormat.Json, "{\n  \"a\": 1,\n  \"b\": 2\n}", ("/b", 2));
        }

        [Fact]
        public void NoIndentationUnitIsLearnedWhereTheLinesDoNotNest()
        {
            // keys at the bracket's own indentation show no unit: nested values get json.dumps's two spaces
            Check("{\n\"a\": 1\n}", ConfigFormat.Json, "{\n\"a\": 1,\n\"b\": {\n  \"c\": 1\n}\n}", ("/b", Map("c", 1)));
            // a tab, then spaces: the keys' indentation does not start with the bracket's
            Check(" \t{\n      \"a\": 1\n}", ConfigFormat.Json, " \t{\n      \"a\": 1,\n      \"b\": {\n        \"c\": 1\n      }\n}", ("/b", Map("c", 1)));
        }

        [Fact]
        public void YamlLayoutIsLearnedFromBlockCollectionsOnly()
        {
            // a flow mapping's keys say nothing about the block indentation (2 by default, not 4 from "{b")
            Check("a: {b: 1}\n", ConfigFormat.Yaml, "a: {b: 1}\nc:\n  d: {e: 1}\n", ("/c", Map("d", Map("e", 1))));
            // the first nested mapping gives the unit, the first block sequence the sequence style
            Check("a:\n  b:\n      c: 1\n", ConfigFormat.Yaml, "a:\n  b:\n      c: 1\nd:\n  e:\n    f: 1\n", ("/d", Map("e", Map("f", 1))));
            Check("a:\n- 1\nb:\n  - 2\n", ConfigFormat.Yaml, "a:\n- 1\nb:\n  - 2\nc:\n- 3\n- 4\n", ("/c", Seq(3, 4)));
            // with no sequence in the text, PyYAML's default: indentless
            Check("a: 1\n", ConfigFormat.Yaml, "a: 1\nb:\n- 1\n- 2\n", ("/b", Seq(1, 2)));
        }

        [Fact]
        public void YamlCollectionsReplacingEmptyOrSequenceValuesAreBlocks()
        {
            // an empty flow value says nothing: its new value is a block
            Check("a: {}\nb: 1\n", ConfigFormat.Yaml, "a:\n  c:\n    d: 1\nb: 1\n", ("/a", Map("c", Map("d", 1))));
            // a sequence element in a text without flow leaves: block, continued at the element's column
            Check("- 1\n- 2\n", ConfigFormat.Yaml, "- a: 1\n  b:\n  - 2\n- 2\n", ("/0", Map("a", 1, "b", Seq(2))));
        }

        [Fact]
        public void ATagOrAnchorAtTheEndOfTheTextIsReadPast()
        {
            // whether a value is a flow collection is read after its tag or anchor, up to the end of the text
            Check("b: 1\na: !!str", ConfigFormat.Yaml, "b: 2\na: !!str", ("/b", 2));
            Check("b: 1\na: !!str ", ConfigFormat.Yaml, "b: 2\na: !!str ", ("/b", 2));
            Check("b: 1\na: &x", ConfigFormat.Yaml, "b: 2\na: &x", ("/b", 2));
        }

        [Fact]
        public void ATaggedOrAnchoredRootIsFlowAfterACommentToo()
        {
            // the root's range starts at its tag or anchor; the bracket may follow a comment
            Check("--- !!map # c\n{a: 1}\n", ConfigFormat.Yaml, "--- !!map # c\n{a: 1, b: 2}\n", ("/b", 2));
            Check("&x # c\n{a: 1}\n", ConfigFormat.Yaml, "&x # c\n{a: 1, b: 2}\n", ("/b", 2));
            Check("--- !!seq # c\n[1, 2]\n", ConfigFormat.Yaml, "--- !!seq # c\n[{a: 1, b: 2}, 2]\n", ("/0", Map("a", 1, "b", 2)));
            Check("a: !!map # c\n  {b: 1}\n", ConfigFormat.Yaml, "a: !!map # c\n  {b: 1, c: 2}\n", ("/a/c", 2));
        }

        [Fact]
        public void AnEmptyCollectionKeepsItsTagAnchorAndComments()
        {
            Check("--- !!map {}\n", ConfigFormat.Yaml, "--- !!map {a: 1}\n", ("/a", 1));
            Check("&x {} # c\n", ConfigFormat.Yaml, "&x {a: 1} # c\n", ("/a", 1));
            Check("--- !!map # c\n{}\n", ConfigFormat.Yaml, "--- !!map # c\n{a: 1}\n", ("/a", 1));
            Check("a: !!map {}\n", ConfigFormat.Yaml, "a: !!map {c: 1}\n", ("/a/c", 1));
        }

        [Fact]
        public void AliasesAreKeptAndWhatIsInsideThemIsRefused()
        {
            // PyYAML writes &id001 / *id001 for an object used twice; its layout was read from the copy, which has no
            // place in the text (a raw InvalidOperationException)
            Check("a: &x {p: 1}\nb: *x\n", ConfigFormat.Yaml, "a: &x {p: 1}\nb: *x\nc: 3\n", ("/c", 3));
            Check("a: &x\n  p: 1\nb: *x\n", ConfigFormat.Yaml, "a: &x\n  p: 1\nb: 5\n", ("/b", 5));
            Check("a: &x {}\nb: *x\n", ConfigFormat.Yaml, "a: &x {}\nb: {c: 1}\n", ("/b/c", 1));
            // the anchored value itself keeps its anchor (an alias after it then reads the new value too)
            Assert.Equal("a: &x {c: 1}\nb: *x\n", TextPatcher.Patch("a: &x {}\nb: *x\n", ConfigFormat.Yaml, Changes(("/a/c", 1))));
            foreach (var (text, pointer) in new[] { ("a: &x {p: 1}\nb: *x\n", "/b/p"), ("a: &x {p: 1}\nb: *x\n", "/b/q"), ("a: &x [1, 2]\nb: *x\n", "/b/0") })
            {
                var ex = Assert.Throws<InitializerException>(() => TextPatcher.Patch(text, ConfigFormat.Yaml, Changes((pointer, 2))));
                Assert.Equal("PatchInsideAlias", ex.ErrorId);
                Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
                Assert.Equal($"'{pointer}' cannot be changed: it is inside an alias (*name) of an anchored value. Change the anchored value, or replace the alias as a whole.", ex.Message);
            }
        }

        [Fact]
        public void AYamlTextWithAByteOrderMarkKeepsIt()
        {
            Check("\uFEFFa: 1\n", ConfigFormat.Yaml, "\uFEFFa: 2\n", ("/a", 2));
            Check("\uFEFFa: 1\n", ConfigFormat.Yaml, "\uFEFFa: 1\nb:\n  c: 1\n", ("/b", Map("c", 1)));
            Check("\uFEFF{}", ConfigFormat.Yaml, "\uFEFF{a: 1}", ("/a", 1));
        }

        [Fact]
        public void TheTfjsFixtureChangesOnlyAtItsPointers()
        {
            var text = File.ReadAllText(Path.Combine("Fixtures", "tfjs", "model_mlp.json"));
            var result = Check(text, ConfigFormat.Json, null,
                ("/config/layers/0/config/kernel_initializer/config/seed", 12),
                ("/config/layers/1/config/gamma_initializer", Glorot),
                ("/config/layers/0/config/bias_initializer/config/seed", 3));
            Assert.Contains("\n          \"kernel_initializer\": {\n            \"class_name\": \"VarianceScaling\",\n            \"config\": {\n" +
                "              \"scale\": 2,\n              \"mode\": \"fan_in\",\n              \"distribution\": \"normal\",\n              \"seed\": 12\n", result);
            Assert.Contains("\"bias_initializer\": {\n            \"class_name\": \"Zeros\",\n            \"config\": {\n              \"seed\": 3\n            }\n          },", result);
        }

        /// <summary>Patches, compares with <paramref name="expected"/> when given, and checks that the new text parses
        /// to the old tree with exactly the changes applied.</summary>
        private static string Check(string text, ConfigFormat format, string? expected, params (string Pointer, object? Value)[] changes)
        {
            var result = TextPatcher.Patch(text, format, Changes(changes));
            if (expected != null)
            {
                Assert.Equal(expected, result);
            }

            var tree = Parse(text, format);
            foreach (var (pointer, value) in changes)
            {
                Set(tree, pointer, value);
            }

            Trees.Equal(tree, Parse(result, format));
            if (format == ConfigFormat.Yaml)
            {
                // the documents after the first are not touched
                var before = YamlText.Parse(text);
                var after = YamlText.Parse(result);
                Assert.Equal(before.Count, after.Count);
                for (var i = 1; i < before.Count; i++)
                {
                    Trees.Equal(before[i], after[i]);
                }
            }

            return result;
        }

        private static object? Parse(string text, ConfigFormat format) => format == ConfigFormat.Json ? JsonText.Parse(text) : YamlText.Parse(text)[0];

        /// <summary>Sets a value in a parsed tree by pointer, independently of the patcher.</summary>
        private static void Set(object? tree, string pointer, object? value)
        {
            var tokens = pointer.Substring(1).Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
            var node = tree;
            for (var i = 0; i < tokens.Length - 1; i++)
            {
                node = node is IDictionary map ? map[tokens[i]] : ((object?[])node!)[int.Parse(tokens[i], CultureInfo.InvariantCulture)];
            }

            if (node is IDictionary mapping)
            {
                mapping[tokens[^1]] = value;
            }
            else
            {
                ((object?[])node!)[int.Parse(tokens[^1], CultureInfo.InvariantCulture)] = value;
            }
        }

        private static List<KeyValuePair<string, object?>> Changes(params (string Pointer, object? Value)[] changes) =>
            changes.Select(c => new KeyValuePair<string, object?>(c.Pointer, c.Value)).ToList();
    }
}
