using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Initializers.Serialization
{
    /// <summary>YAML text to neutral trees and back (see <see cref="JsonText"/> for the tree). Reading uses the
    /// YAML 1.2 core schema; writing uses block style and quotes every string that a YAML 1.2 or 1.1 reader would
    /// take for another type.</summary>
    internal static class YamlText
    {
        /// <summary>Reads every document of a YAML stream, in order.</summary>
        /// <exception cref="InitializerException"><c>EmptyInput</c> when the stream holds no document;
        /// <c>ConfigParseFailed</c> for malformed YAML, unsupported tags, non-scalar keys and unknown aliases (with
        /// Line and Column); <c>DuplicateKey</c>; <c>NestingTooDeep</c>; <c>TooManyNodes</c> when aliases expand
        /// to more than <see cref="TreeLimits.MaxNodes"/> nodes.</exception>
        /// <param name="text">A YAML stream of one or more documents.</param>
        public static IReadOnlyList<object?> Parse(string text) => Parse(text, TreeLimits.MaxNodes);

        /// <summary><see cref="Parse(string)"/> with a different node limit (for tests).</summary>
        internal static IReadOnlyList<object?> Parse(string text, int maxNodes) => Parse(text, maxNodes, null);

        /// <summary><see cref="Parse(string)"/>, recording where each node stood in <paramref name="map"/>.</summary>
        internal static IReadOnlyList<object?> Parse(string text, int maxNodes, SourceMap? map)
        {
            if (text == null)
            {
                throw new InitializerException("EmptyInput", ErrorKind.InvalidData, "The YAML text is empty.", text);
            }
            var documents = new YamlReader(text, maxNodes, map).ReadStream();
            if (documents.Count == 0)
            {
                throw new InitializerException("EmptyInput", ErrorKind.InvalidData,
                    "The YAML text holds no document (it is empty or only comments).", text);
            }
            return documents;
        }

        /// <summary>Writes one tree as a YAML document (no <c>---</c> line).</summary>
        /// <exception cref="InitializerException"><c>UnsupportedType</c>, <c>UnsupportedKey</c>, <c>NestingTooDeep</c>.</exception>
        /// <param name="tree">Dictionaries, lists, strings, numbers, bools and nulls.</param>
        public static string Write(object? tree) => WriteAll(new[] { tree });

        /// <summary>Writes trees as a multi-document stream; every document after the first starts with <c>---</c>.</summary>
        /// <param name="documents">The trees, one document each, in order.</param>
        public static string WriteAll(IEnumerable<object?> documents) => WriteAll(documents, 2, YamlLayout.Block);

        /// <summary>Writes one tree indented by <paramref name="indent"/> spaces per level, with the collections
        /// <paramref name="layout"/> puts in flow style (see <see cref="TextPatcher"/>).</summary>
        internal static string Write(object? tree, int indent, YamlLayout layout) => WriteAll(new[] { tree }, indent, layout);

        private static string WriteAll(IEnumerable<object?> documents, int indent, YamlLayout layout)
        {
            if (documents == null)
            {
                throw new InitializerException("InvalidArgument", ErrorKind.InvalidArgument, "No documents were given to write.");
            }
            try
            {
                return Emit(documents, indent, layout);
            }
            catch (YamlException ex)
            {
                // EmitString's checks should leave nothing for the emitter to refuse; this keeps the one error type if it does.
                throw new InitializerException("YamlWriteFailed", ErrorKind.InvalidData, $"The tree cannot be written as YAML: {ex.Message}", null, ex);
            }
        }

        private static string Emit(IEnumerable<object?> documents, int indent, YamlLayout layout)
        {
            var output = new StringWriter(CultureInfo.InvariantCulture);
            var settings = EmitterSettings.Default.WithBestWidth(int.MaxValue).WithBestIndent(indent).WithNewLine("\n");
            var emitter = new Emitter(output, settings);
            emitter.Emit(new StreamStart());
            var first = true;
            foreach (var document in documents)
            {
                emitter.Emit(new DocumentStart(null, null, isImplicit: first));
                first = false;
                EmitNode(emitter, document, 0, layout);
                emitter.Emit(new DocumentEnd(isImplicit: true));
            }
            emitter.Emit(new StreamEnd());
            return output.ToString();
        }

        private static void EmitNode(IEmitter emitter, object? value, int depth, YamlLayout layout)
        {
            var node = TreeValue.Classify(value);
            switch (node.Kind)
            {
                case TreeKind.Null:
                    EmitPlain(emitter, "null");
                    break;
                case TreeKind.String:
                    EmitString(emitter, node.Text!);
                    break;
                case TreeKind.Boolean:
                case TreeKind.Integer:
                    EmitPlain(emitter, node.Text!);
                    break;
                case TreeKind.Float:
                    EmitPlain(emitter, Yaml11Float(node.Text!));
                    break;
                case TreeKind.NaN:
                    EmitPlain(emitter, ".nan");
                    break;
                case TreeKind.PositiveInfinity:
                    EmitPlain(emitter, ".inf");
                    break;
                case TreeKind.NegativeInfinity:
                    EmitPlain(emitter, "-.inf");
                    break;
                case TreeKind.Mapping:
                    TreeValue.CheckDepth(depth + 1, value!);
                    EmitMapping(emitter, node.Mapping!, depth + 1, layout);
                    break;
                case TreeKind.Sequence:
                    TreeValue.CheckDepth(depth + 1, value!);
                    EmitSequence(emitter, node.Sequence!, depth + 1, layout);
                    break;
            }
        }

        private static void EmitMapping(IEmitter emitter, IDictionary map, int depth, YamlLayout layout)
        {
            // An empty mapping has no block form; flow style gives "{}".
            var style = map.Count == 0 || IsFlow(map.Values, layout) ? MappingStyle.Flow : MappingStyle.Block;
            emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, style));
            var entries = map.GetEnumerator();
            while (entries.MoveNext())
            {
                EmitString(emitter, TreeValue.KeyText(entries.Key));
                EmitNode(emitter, entries.Value, depth, layout);
            }
            emitter.Emit(new MappingEnd());
        }

        private static void EmitSequence(IEmitter emitter, IEnumerable items, int depth, YamlLayout layout)
        {
            // Buffer the items: the style (flow "[]" when empty) must be chosen before the first one.
            var buffered = new List<object?>();
            foreach (var item in items)
            {
                buffered.Add(item);
            }
            var style = buffered.Count == 0 || IsFlow(buffered, layout) ? SequenceStyle.Flow : SequenceStyle.Block;
            emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, style));
            foreach (var item in buffered)
            {
                EmitNode(emitter, item, depth, layout);
            }
            emitter.Emit(new SequenceEnd());
        }

        /// <summary>Whether a collection with these children is written in flow style.</summary>
        private static bool IsFlow(IEnumerable children, YamlLayout layout)
        {
            if (layout != YamlLayout.LeafFlow)
            {
                return layout == YamlLayout.Flow;
            }

            foreach (var child in children)
            {
                if (child is IEnumerable and not string)
                {
                    return false;
                }
            }

            return true;
        }

        private static void EmitPlain(IEmitter emitter, string text) =>
            emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false));

        /// <summary>Plain where the text reads back as the same string; otherwise single quoted (YamlDotNet
        /// escalates to double quotes if needed), or double quoted with escapes for control characters.</summary>
        private static void EmitString(IEmitter emitter, string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (TreeValue.IsLoneSurrogate(text, i))
                {
                    throw new InitializerException("InvalidString", ErrorKind.InvalidData,
                        $"The string holds a lone UTF-16 surrogate (U+{(int)text[i]:X4} at index {i}), which YAML cannot represent.", text);
                }
            }
            var style = YamlScalars.NeedsEscapes(text) ? ScalarStyle.DoubleQuoted
                : YamlScalars.NeedsQuotes(text) ? ScalarStyle.SingleQuoted
                : ScalarStyle.Plain;
            emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, true, true));
        }

        /// <summary>Writes an exponent float with a decimal point (1e-07 becomes 1.0e-07), which the YAML 1.2 core
        /// schema reads either way but YAML 1.1 readers such as PyYAML need to see a float.</summary>
        private static string Yaml11Float(string text)
        {
            var exponent = text.IndexOf('e');
            return exponent >= 0 && text.IndexOf('.') < 0 ? text.Insert(exponent, ".0") : text;
        }
    }
}
