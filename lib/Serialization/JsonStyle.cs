namespace Initializers.Serialization
{
    /// <summary>How <see cref="JsonText"/> lays out JSON: the separators between elements and between a key and its
    /// value, and, for indented output, the indentation unit, the line break and the indentation every line starts
    /// with (so a value can be written into the middle of an indented text).</summary>
    internal sealed class JsonStyle
    {
        public JsonStyle(string itemSeparator, string keySeparator, string? indent, string newLine = "\n", string baseIndent = "")
        {
            ItemSeparator = itemSeparator;
            KeySeparator = keySeparator;
            Indent = indent;
            NewLine = newLine;
            BaseIndent = baseIndent;
        }

        /// <summary>Python's <c>json.dumps()</c>: one line, <c>", "</c> and <c>": "</c>.</summary>
        public static JsonStyle Compact { get; } = new(", ", ": ", null);

        /// <summary>Python's <c>json.dumps(indent=2)</c>: <c>","</c> at line ends, <c>": "</c>, two spaces.</summary>
        public static JsonStyle Indented { get; } = new(",", ": ", "  ");

        /// <summary>What follows every element but the last (before the line break when indented).</summary>
        public string ItemSeparator { get; }

        /// <summary>What stands between a key and its value.</summary>
        public string KeySeparator { get; }

        /// <summary>One level of indentation, or null for one line.</summary>
        public string? Indent { get; }

        /// <summary>The line break of indented output.</summary>
        public string NewLine { get; }

        /// <summary>What every line after the first starts with, before its own indentation.</summary>
        public string BaseIndent { get; }
    }
}
