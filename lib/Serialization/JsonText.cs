using System.Collections;
using System.Text;

namespace Initializers.Serialization
{
    /// <summary>JSON text to the neutral tree and back. The tree is made of
    /// <see cref="System.Collections.Specialized.OrderedDictionary"/> (objects, string keys, order kept),
    /// <c>object?[]</c> (arrays), and string, bool, int, long, BigInteger, double or null (scalars).</summary>
    internal static class JsonText
    {
        /// <summary>Reads one JSON value. Strict RFC 8259, plus the <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>
        /// tokens Python writes. Integer literals become int, long or BigInteger; other numbers become double.</summary>
        /// <exception cref="InitializerException"><c>EmptyInput</c> for empty or blank text; <c>ConfigParseFailed</c>
        /// for malformed text (with Line and Column); <c>DuplicateKey</c>; <c>NestingTooDeep</c>.</exception>
        /// <param name="text">The JSON text; a leading byte order mark is allowed.</param>
        public static object? Parse(string text) => Parse(text, null);

        /// <summary><see cref="Parse(string)"/>, recording where each node stood in <paramref name="map"/>.</summary>
        internal static object? Parse(string text, SourceMap? map)
        {
            if (text == null || IsBlank(text))
            {
                throw new InitializerException("EmptyInput", ErrorKind.InvalidData, "The JSON text is empty.", text);
            }
            return new JsonParser(text, map).ParseDocument();
        }

        /// <summary>Writes a tree as JSON. Indented with two spaces and "\n" line breaks, or, when
        /// <paramref name="compress"/> is true, on one line with Python's default separators <c>", "</c> and
        /// <c>": "</c>. Doubles are shortest round-trip and always look like floats; NaN and the infinities are
        /// written as <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>.</summary>
        /// <exception cref="InitializerException"><c>UnsupportedType</c>, <c>UnsupportedKey</c>,
        /// <c>NestingTooDeep</c> (also for a tree that contains itself).</exception>
        /// <param name="tree">Dictionaries, lists, strings, numbers, bools and nulls.</param>
        /// <param name="compress">One line instead of indented (default false).</param>
        public static string Write(object? tree, bool compress = false) => Write(tree, compress ? JsonStyle.Compact : JsonStyle.Indented);

        /// <summary>Writes a tree in the layout of <paramref name="style"/> (see <see cref="TextPatcher"/>).</summary>
        internal static string Write(object? tree, JsonStyle style)
        {
            var output = new StringBuilder();
            WriteValue(output, tree, style, 0);
            return output.ToString();
        }

        private static void WriteValue(StringBuilder output, object? value, JsonStyle style, int depth)
        {
            var node = TreeValue.Classify(value);
            switch (node.Kind)
            {
                case TreeKind.Null:
                    output.Append("null");
                    break;
                case TreeKind.String:
                    WriteString(output, node.Text!);
                    break;
                case TreeKind.Boolean:
                case TreeKind.Integer:
                case TreeKind.Float:
                    output.Append(node.Text);
                    break;
                case TreeKind.NaN:
                    output.Append("NaN");
                    break;
                case TreeKind.PositiveInfinity:
                    output.Append("Infinity");
                    break;
                case TreeKind.NegativeInfinity:
                    output.Append("-Infinity");
                    break;
                case TreeKind.Mapping:
                    TreeValue.CheckDepth(depth + 1, value!);
                    WriteObject(output, node.Mapping!, style, depth + 1);
                    break;
                case TreeKind.Sequence:
                    TreeValue.CheckDepth(depth + 1, value!);
                    WriteArray(output, node.Sequence!, style, depth + 1);
                    break;
            }
        }

        private static void WriteObject(StringBuilder output, IDictionary map, JsonStyle style, int depth)
        {
            output.Append('{');
            var first = true;
            var entries = map.GetEnumerator();
            while (entries.MoveNext())
            {
                WriteSeparator(output, first, style, depth);
                first = false;
                WriteString(output, TreeValue.KeyText(entries.Key));
                output.Append(style.KeySeparator);
                WriteValue(output, entries.Value, style, depth);
            }
            WriteClose(output, '}', first, style, depth);
        }

        private static void WriteArray(StringBuilder output, IEnumerable items, JsonStyle style, int depth)
        {
            output.Append('[');
            var first = true;
            foreach (var item in items)
            {
                WriteSeparator(output, first, style, depth);
                first = false;
                WriteValue(output, item, style, depth);
            }
            WriteClose(output, ']', first, style, depth);
        }

        /// <summary>What goes before an element: a comma unless it is the first, then a line break and indentation.</summary>
        private static void WriteSeparator(StringBuilder output, bool first, JsonStyle style, int depth)
        {
            if (!first)
            {
                output.Append(style.ItemSeparator);
            }
            if (style.Indent != null)
            {
                NewLine(output, style, depth);
            }
        }

        private static void WriteClose(StringBuilder output, char bracket, bool empty, JsonStyle style, int depth)
        {
            if (!empty && style.Indent != null)
            {
                NewLine(output, style, depth - 1);
            }
            output.Append(bracket);
        }

        private static void NewLine(StringBuilder output, JsonStyle style, int depth)
        {
            output.Append(style.NewLine).Append(style.BaseIndent);
            for (var i = 0; i < depth; i++)
            {
                output.Append(style.Indent);
            }
        }

        /// <summary>Quotes and escapes a string per RFC 8259. Non-ASCII text is written as is, except lone
        /// surrogates, which are escaped so the output stays valid UTF-16 and encodable as UTF-8.</summary>
        internal static void WriteString(StringBuilder output, string text)
        {
            output.Append('"');
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                switch (c)
                {
                    case '"': output.Append("\\\""); break;
                    case '\\': output.Append("\\\\"); break;
                    case '\b': output.Append("\\b"); break;
                    case '\f': output.Append("\\f"); break;
                    case '\n': output.Append("\\n"); break;
                    case '\r': output.Append("\\r"); break;
                    case '\t': output.Append("\\t"); break;
                    default:
                        if (c < ' ' || TreeValue.IsLoneSurrogate(text, i))
                        {
                            output.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            output.Append(c);
                        }
                        break;
                }
            }
            output.Append('"');
        }

        private static bool IsBlank(string text)
        {
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c) && c != '\uFEFF')
                {
                    return false;
                }
            }
            return true;
        }
    }
}
