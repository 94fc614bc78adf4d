using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Initializers.Serialization
{
    /// <summary>A 1-based line and column in a text.</summary>
    internal readonly struct TextPosition
    {
        public TextPosition(int line, int column)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>Where each node of a parsed tree stood in its text: for every mapping, the position of each key and of
    /// its value; for every sequence, the position of each element; for every document, where it starts; and the
    /// offsets of every entry (<see cref="TextSpan"/>). The parsers fill it in as they read; <see cref="InitializerReader"/>
    /// uses it to put a line and column on an error about a value, <see cref="TextPatcher"/> to rewrite values in place.
    /// Containers are identified by reference.</summary>
    internal sealed class SourceMap
    {
        private readonly Dictionary<object, Dictionary<object, (TextPosition Key, TextPosition Value)>> children =
            new(ReferenceComparer.Instance);

        private readonly Dictionary<object, TextPosition> starts = new(ReferenceComparer.Instance);

        private readonly Dictionary<object, (int Start, int End)> documentRanges = new(ReferenceComparer.Instance);

        private readonly Dictionary<object, Dictionary<object, TextSpan>> spans = new(ReferenceComparer.Instance);

        public void AddEntry(object container, object keyOrIndex, TextPosition key, TextPosition value)
        {
            if (!children.TryGetValue(container, out var entries))
            {
                entries = new Dictionary<object, (TextPosition, TextPosition)>();
                children[container] = entries;
            }

            entries[keyOrIndex] = (key, value);
        }

        public void AddStart(object node, TextPosition position) => starts[node] = position;

        /// <summary>Records the offsets of a YAML document's root node: from its first character (a tag, an anchor, a
        /// bracket or its first key) to the end of its last value, or past its closing bracket.</summary>
        public void AddDocumentRange(object document, int start, int end) => documentRanges[document] = (start, end);

        /// <summary>The offsets recorded by <see cref="AddDocumentRange"/>, if any.</summary>
        public (int Start, int End)? DocumentRangeOf(object? document) =>
            document is not null && documentRanges.TryGetValue(document, out var range) ? range : null;

        /// <summary>Records the offsets of entry <paramref name="keyOrIndex"/> of <paramref name="container"/>, for
        /// rewriting the text in place (<see cref="TextPatcher"/>).</summary>
        public void AddSpan(object container, object keyOrIndex, TextSpan span)
        {
            if (!spans.TryGetValue(container, out var entries))
            {
                entries = new Dictionary<object, TextSpan>();
                spans[container] = entries;
            }

            entries[keyOrIndex] = span;
        }

        /// <summary>The offsets of entry <paramref name="keyOrIndex"/> (a string key or an int index) of
        /// <paramref name="container"/>, if recorded.</summary>
        public TextSpan? SpanOf(object container, object keyOrIndex) =>
            spans.TryGetValue(container, out var entries) && entries.TryGetValue(keyOrIndex, out var span) ? span : null;

        /// <summary>Where element <paramref name="index"/> of <paramref name="sequence"/> starts.</summary>
        public TextPosition? ElementOf(object sequence, int index) =>
            children.TryGetValue(sequence, out var entries) && entries.TryGetValue(index, out var entry) ? entry.Value : null;

        /// <summary>Where the key (for a sequence, the element) and the value of entry <paramref name="keyOrIndex"/> of
        /// <paramref name="container"/> stood; null when the map did not record it.</summary>
        public (TextPosition Key, TextPosition Value)? EntryOf(object container, object keyOrIndex) =>
            children.TryGetValue(container, out var entries) && entries.TryGetValue(keyOrIndex, out var entry) ? entry : null;

        public TextPosition? StartOf(object? node) => node is not null && starts.TryGetValue(node, out var p) ? p : null;

        /// <summary>The position of the value (or, with <paramref name="atKey"/>, of the last key) at the end of
        /// <paramref name="path"/> below <paramref name="root"/>; as close as the path can be followed.</summary>
        public TextPosition? Find(object? root, IReadOnlyList<string> path, bool atKey)
        {
            var found = StartOf(root);
            var node = root;
            for (var i = 0; i < path.Count && node is not null; i++)
            {
                if (!children.TryGetValue(node, out var entries) || !entries.TryGetValue(path[i], out var entry))
                {
                    break;
                }

                found = atKey && i == path.Count - 1 ? entry.Key : entry.Value;
                node = node is System.Collections.IDictionary map ? map[path[i]] : null;
            }

            return found;
        }

        private sealed class ReferenceComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceComparer Instance = new();

            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

            public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
