using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;

namespace Initializers.Serialization
{
    /// <summary>Changes values inside a JSON or YAML text and keeps every other byte: key order, unrelated keys and
    /// values, white space, comments and the text of untouched numbers stay exactly as they were. Each change names a
    /// value by JSON Pointer (RFC 6901) and gives its new value as a tree (see <see cref="JsonText"/>); a pointer to a
    /// key that its mapping does not have yet adds that key after the mapping's last entry. The new text is laid out
    /// like the text around it: JSON separators (<c>", "</c> or <c>","</c>, <c>": "</c> or <c>":"</c>), one line or
    /// indented (with the file's indentation unit and line break); YAML block or flow style at the right indentation,
    /// including PyYAML's old habit of writing collections of scalars in flow style.</summary>
    public static class TextPatcher
    {
        /// <summary>Applies <paramref name="changes"/> to <paramref name="text"/>. With no changes the result is
        /// <paramref name="text"/> itself. Pointers in YAML address the first document.</summary>
        /// <param name="text">A JSON text, or a YAML stream.</param>
        /// <param name="format">The format of <paramref name="text"/>.</param>
        /// <param name="changes">JSON Pointers (<c>/config/layers/0/config/kernel_initializer</c>) and the value to
        /// put there.</param>
        /// <returns>The new text.</returns>
        /// <exception cref="InitializerException">The parse errors of <see cref="JsonText.Parse(string)"/> and
        /// <see cref="YamlText.Parse(string)"/>; <c>InvalidJsonPointer</c> for a pointer that does not start with '/';
        /// <c>PatchPointerInvalid</c> for the empty pointer (the whole document); <c>PatchPointerNotFound</c> when a pointer's parent does not exist (or a sequence index
        /// is out of range); <c>PatchOverlap</c> when one pointer is another or lies inside it; <c>PatchInsideAlias</c> when
        /// a pointer names a value inside a YAML alias (<c>*name</c>).</exception>
        public static string Patch(string text, ConfigFormat format, IEnumerable<KeyValuePair<string, object?>> changes)
        {
            if (changes == null)
            {
                throw new InitializerException("InvalidArgument", ErrorKind.InvalidArgument, "No changes were given.");
            }

            var list = new List<KeyValuePair<string[], object?>>();
            foreach (var change in changes)
            {
                list.Add(new KeyValuePair<string[], object?>(Split(change.Key), change.Value));
            }

            if (list.Count == 0)
            {
                return text;
            }

            CheckOverlap(list);
            var map = new SourceMap();
            var root = InitializerText.ParseTrees(text, format, map)[0];
            var document = new Document(text, format == ConfigFormat.Json, root, map);
            return document.Apply(list);
        }

        /// <summary>The reference tokens of a pointer to a value inside the document (not the document itself).</summary>
        private static string[] Split(string pointer)
        {
            var tokens = JsonPointer.Parse(pointer);
            if (tokens.Count == 0)
            {
                throw new InitializerException("PatchPointerInvalid", ErrorKind.InvalidArgument,
                    "The empty JSON Pointer names the whole document; name a value inside it.", pointer);
            }

            return new List<string>(tokens).ToArray();
        }

        /// <summary>A sequence index token: digits without a leading zero, below <paramref name="count"/>.</summary>
        private static int? Index(string token, int count) =>
            int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < count && (token == "0" || token[0] != '0')
                ? index : null;

        private static string Join(string[] tokens) => Join(tokens, tokens.Length);

        /// <summary>The pointer made of the first <paramref name="count"/> tokens.</summary>
        private static string Join(string[] tokens, int count)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < count; i++)
            {
                builder.Append('/').Append(JsonPointer.Escape(tokens[i]));
            }

            return builder.ToString();
        }

        private static void CheckOverlap(List<KeyValuePair<string[], object?>> changes)
        {
            for (var i = 0; i < changes.Count; i++)
            {
                for (var j = i + 1; j < changes.Count; j++)
                {
                    var (a, b) = changes[i].Key.Length <= changes[j].Key.Length ? (changes[i].Key, changes[j].Key) : (changes[j].Key, changes[i].Key);
                    var prefix = true;
                    for (var k = 0; k < a.Length && prefix; k++)
                    {
                        prefix = string.Equals(a[k], b[k], StringComparison.Ordinal);
                    }

                    if (prefix)
                    {
                        throw new InitializerException("PatchOverlap", ErrorKind.InvalidArgument,
                            a.Length == b.Length
                                ? $"The value at '{Join(a)}' is changed twice."
                                : $"The value at '{Join(b)}' lies inside '{Join(a)}', which is also changed.", Join(b));
                    }
                }
            }
        }

        private static readonly char[] LineBreaks = { '\r', '\n' };

        private static bool IsCollection(object? value) => value is IEnumerable and not string;

        private static bool IsEmptyCollection(object? value) => value is IEnumerable items and not string && !items.GetEnumerator().MoveNext();

        /// <summary>One parsed text and the layout observed in it.</summary>
        private sealed class Document
        {
            private readonly string text;
            private readonly bool json;
            private readonly object? root;
            private readonly SourceMap map;
            private readonly string newLine;
            private readonly List<(int Start, int End, string Text)> edits = new();

            // JSON layout.
            private string? keySeparator;
            private string? compactSeparator;
            private string? indentedSeparator;
            private string? indentUnit;

            // YAML layout.
            private int yamlIndent;
            private bool leafFlow;
            private bool indentlessSequences = true;
            private bool sawBlockSequence;

            public Document(string text, bool json, object? root, SourceMap map)
            {
                this.text = text;
                this.json = json;
                this.root = root;
                this.map = map;
                newLine = text.Contains("\r\n") ? "\r\n" : text.IndexOf('\n') < 0 && text.IndexOf('\r') >= 0 ? "\r" : "\n";
                Observe(root, RootRange(), 0);
                if (yamlIndent == 0)
                {
                    yamlIndent = 2;
                }
            }

            public string Apply(List<KeyValuePair<string[], object?>> changes)
            {
                // Keys added to the same mapping are written together, in the order given.
                var additions = new Dictionary<string, (Node Container, OrderedDictionary Entries)>(StringComparer.Ordinal);
                var additionOrder = new List<string>();
                foreach (var change in changes)
                {
                    var (parent, key) = Resolve(change.Key);
                    if (parent.Value is IDictionary mapping && !mapping.Contains(key))
                    {
                        var where = Join(change.Key, change.Key.Length - 1);
                        if (!additions.TryGetValue(where, out var group))
                        {
                            group = (parent, new OrderedDictionary());
                            additions[where] = group;
                            additionOrder.Add(where);
                        }

                        group.Entries.Add(key, change.Value);
                    }
                    else
                    {
                        Replace(parent, key, change.Value);
                    }
                }

                foreach (var where in additionOrder)
                {
                    var (container, entries) = additions[where];
                    Add(container, entries);
                }

                edits.Sort((x, y) => x.Start.CompareTo(y.Start));
                var output = new StringBuilder(text.Length + 256);
                var at = 0;
                foreach (var (start, end, replacement) in edits)
                {
                    output.Append(text, at, start - at).Append(replacement);
                    at = end;
                }

                return output.Append(text, at, text.Length - at).ToString();
            }

            /// <summary>Follows all tokens but the last; returns the container reached and the last token.</summary>
            private (Node Parent, string Key) Resolve(string[] tokens)
            {
                var node = new Node(root, RootRange(), null, "");
                for (var i = 0; i < tokens.Length - 1; i++)
                {
                    node = Child(node, tokens[i]) ?? throw NotFound(tokens, i);
                }

                var last = tokens[tokens.Length - 1];
                if (node.Value is IDictionary mapping && mapping.Count > 0 && map.SpanOf(mapping, FirstKey(mapping)) is null)
                {
                    throw InsideAlias(node.Pointer + "/" + JsonPointer.Escape(last));
                }

                if (node.Value is IDictionary || (node.Value is object?[] && Child(node, last) is not null))
                {
                    return (node, last);
                }

                throw NotFound(tokens, tokens.Length - 1);
            }

            private Node? Child(Node node, string token)
            {
                object key;
                object? value;
                switch (node.Value)
                {
                    case IDictionary mapping when mapping.Contains(token):
                        key = token;
                        value = mapping[token];
                        break;
                    case object?[] items when Index(token, items.Length) is { } index:
                        key = index;
                        value = items[index];
                        break;
                    default:
                        return null;
                }

                var pointer = node.Pointer + "/" + JsonPointer.Escape(token);
                var span = map.SpanOf(node.Value!, key) ?? throw InsideAlias(pointer);
                return new Node(value, (span.ValueStart, span.ValueEnd), node, pointer);
            }

            /// <summary>A value inside an alias (<c>*name</c>): the alias's copy has no places in the text of its own.</summary>
            private static InitializerException InsideAlias(string pointer) =>
                new("PatchInsideAlias", ErrorKind.InvalidArgument,
                    $"'{pointer}' cannot be changed: it is inside an alias (*name) of an anchored value. Change the anchored value, or replace the alias as a whole.",
                    pointer);

            private static InitializerException NotFound(string[] tokens, int index)
            {
                return new InitializerException("PatchPointerNotFound", ErrorKind.ObjectNotFound,
                    $"'{Join(tokens)}' cannot be changed: '{Join(tokens, index + 1)}' names nothing in the document.", Join(tokens));
            }

            private void Replace(Node parent, string token, object? value)
            {
                var key = parent.Value is IDictionary ? token : (object)int.Parse(token, CultureInfo.InvariantCulture);
                var span = map.SpanOf(parent.Value!, key)!.Value;
                var old = parent.Value is IDictionary mapping ? mapping[token] : ((object?[])parent.Value!)[(int)key];
                if (json)
                {
                    var oldText = text.Substring(span.ValueStart, span.ValueEnd - span.ValueStart);
                    var multiline = oldText.IndexOfAny(LineBreaks) >= 0 || ((!IsCollection(old) || IsEmptyCollection(old)) && IsMultiline(parent.Range));
                    edits.Add((span.ValueStart, span.ValueEnd, Json(value, multiline, LineIndent(span.KeyStart))));
                }
                else if (IsFlow(parent.Range.Start))
                {
                    edits.Add((span.ValueStart, span.ValueEnd, Yaml(value, YamlLayout.Flow)));
                }
                else if (parent.Value is IDictionary)
                {
                    var colon = text.IndexOf(':', span.KeyEnd) + 1;
                    var keepFlow = IsCollection(old) && !IsEmptyCollection(old) && IsFlow(span.ValueStart);
                    var entry = BlockEntry(value, Column(span.KeyStart), keepFlow);
                    var comment = CommentAfter(colon);
                    if (entry.StartsWith(newLine, StringComparison.Ordinal))
                    {
                        // A block value goes below a comment that follows the key; an empty value ends before it.
                        var from = comment?.End ?? colon;
                        edits.Add((from, Math.Max(from, span.ValueEnd), entry));
                    }
                    else if (comment is { } note && note.Start < span.ValueEnd)
                    {
                        // A scalar or flow value on the key's line, where the old value was below the comment: the
                        // comment follows it.
                        edits.Add((colon, span.ValueEnd, entry + " " + text.Substring(note.Start, note.End - note.Start)));
                    }
                    else
                    {
                        edits.Add((colon, span.ValueEnd, entry));
                    }
                }
                else
                {
                    // A scalar reads the same in every layout; a collection as the text's leaves are.
                    var rendered = Yaml(value, leafFlow ? YamlLayout.LeafFlow : YamlLayout.Block);
                    edits.Add((span.ValueStart, span.ValueEnd, rendered.Replace(newLine, newLine + new string(' ', Column(span.ValueStart)))));
                }
            }

            private void Add(Node container, OrderedDictionary entries)
            {
                var mapping = (IDictionary)container.Value!;
                TextSpan? last = null;
                foreach (var key in mapping.Keys)
                {
                    last = map.SpanOf(mapping, key);
                }

                if (last is null)
                {
                    // An empty mapping ({}) is written anew with its new keys.
                    var multiline = container.Parent is { } parent && IsMultiline(parent.Range);
                    var rendered = json ? Json(entries, multiline, LineIndent(container.Range.Start)) : Yaml(entries, YamlLayout.Flow);
                    // YAML: from the bracket, so that a tag, an anchor and comments before it stay.
                    edits.Add((json ? container.Range.Start : NodeContent(container.Range.Start), container.Range.End, rendered));
                    return;
                }

                var builder = new StringBuilder();
                var lastSpan = last.Value;
                foreach (DictionaryEntry entry in entries)
                {
                    var key = (string)entry.Key;
                    if (json)
                    {
                        var multiline = IsMultiline(container.Range);
                        var indent = LineIndent(lastSpan.KeyStart);
                        builder.Append(multiline ? indentedSeparator ?? "," : compactSeparator ?? ", ");
                        if (multiline)
                        {
                            builder.Append(newLine).Append(indent);
                        }

                        builder.Append(JsonText.Write(key, JsonStyle.Compact)).Append(keySeparator ?? ": ").Append(Json(entry.Value, multiline, indent));
                    }
                    else if (IsFlow(container.Range.Start))
                    {
                        builder.Append(", ").Append(Yaml(key, YamlLayout.Flow)).Append(": ").Append(Yaml(entry.Value, YamlLayout.Flow));
                    }
                    else
                    {
                        var column = Column(lastSpan.KeyStart);
                        builder.Append(newLine).Append(' ', column).Append(Yaml(key, YamlLayout.Flow)).Append(':')
                            .Append(BlockEntry(entry.Value, column, false));
                    }
                }

                edits.Add((lastSpan.ValueEnd, lastSpan.ValueEnd, builder.ToString()));
            }

            /// <summary>A JSON value; a non-empty collection spread over lines when <paramref name="multiline"/>, each
            /// line starting with <paramref name="indent"/>.</summary>
            private string Json(object? value, bool multiline, string indent) =>
                JsonText.Write(value, multiline && IsCollection(value)
                    ? new JsonStyle(indentedSeparator ?? ",", keySeparator ?? ": ", indentUnit ?? "  ", newLine, indent)
                    : new JsonStyle(compactSeparator ?? ", ", keySeparator ?? ": ", null));

            /// <summary>A YAML value without the document's final line break, in the document's line breaks.</summary>
            private string Yaml(object? value, YamlLayout layout)
            {
                var rendered = YamlText.Write(value, yamlIndent, layout);
                // YamlDotNet starts a document whose root is the empty string with an explicit marker ("--- ''"); a value
                // inside a text has none (it was written into the text as the string "--- ''").
                if (rendered.StartsWith("--- ", StringComparison.Ordinal))
                {
                    rendered = rendered.Substring(4);
                }

                // YamlText writes no document end marker ("..."): the text ends with the value's last line break.
                return rendered.TrimEnd('\n').Replace("\n", newLine);
            }

            /// <summary>The comment that follows a block mapping key's ':' on its line (<c>k: # note</c>), from its '#' to
            /// the end of the line; null when something else (or nothing) follows the ':'.</summary>
            private (int Start, int End)? CommentAfter(int colon)
            {
                var i = colon;
                while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
                {
                    i++;
                }

                if (i >= text.Length || text[i] != '#')
                {
                    return null;
                }

                var start = i;
                while (i < text.Length && text[i] != '\n' && text[i] != '\r')
                {
                    i++;
                }

                return (start, i);
            }

            /// <summary>What follows a block mapping key's ':' for <paramref name="value"/>: a space and a scalar or a
            /// flow collection, or a block collection on the lines below, indented under the key.</summary>
            private string BlockEntry(object? value, int keyColumn, bool keepFlow)
            {
                var isLeaf = true;
                if (value is IEnumerable children and not string)
                {
                    foreach (var child in children is IDictionary mapping ? mapping.Values : children)
                    {
                        isLeaf &= !IsCollection(child);
                    }
                }

                if (!IsCollection(value) || IsEmptyCollection(value) || keepFlow || (leafFlow && isLeaf))
                {
                    return " " + Yaml(value, YamlLayout.Flow);
                }

                var column = keyColumn + (value is IDictionary || !indentlessSequences ? yamlIndent : 0);
                var indent = new string(' ', column);
                return newLine + indent + Yaml(value, leafFlow ? YamlLayout.LeafFlow : YamlLayout.Block).Replace(newLine, newLine + indent);
            }

            /// <summary>Learns the document's layout from its containers: JSON separators and indentation unit, YAML
            /// indentation, flow leaves and indentless sequences.</summary>
            private void Observe(object? node, (int Start, int End) range, int depth)
            {
                if (node is not IEnumerable || node is string || depth > TreeLimits.MaxDepth)
                {
                    return;
                }

                var keys = new List<object>();
                if (node is IDictionary mapping)
                {
                    foreach (var key in mapping.Keys)
                    {
                        keys.Add(key);
                    }
                }
                else
                {
                    for (var i = 0; i < ((object?[])node).Length; i++)
                    {
                        keys.Add(i);
                    }
                }

                TextSpan? previous = null;
                foreach (var key in keys)
                {
                    if (map.SpanOf(node, key) is not { } span)
                    {
                        return; // an alias's copy: it is not in the text, so it shows nothing of its layout
                    }

                    var child = node is IDictionary dictionary ? dictionary[key] : ((object?[])node)[(int)key];
                    if (json)
                    {
                        ObserveJson(node, range, span, previous);
                    }
                    else
                    {
                        ObserveYaml(node, range, span, child);
                    }

                    previous = span;
                    Observe(child, (span.ValueStart, span.ValueEnd), depth + 1);
                }
            }

            private void ObserveJson(object node, (int Start, int End) range, TextSpan span, TextSpan? previous)
            {
                if (node is IDictionary && keySeparator is null)
                {
                    keySeparator = text.Substring(span.KeyEnd, span.ValueStart - span.KeyEnd);
                }

                if (previous is { } before)
                {
                    var between = text.Substring(before.ValueEnd, span.KeyStart - before.ValueEnd);
                    var lineBreak = between.IndexOfAny(LineBreaks);
                    if (lineBreak < 0)
                    {
                        compactSeparator ??= between;
                    }
                    else if (between.IndexOf(',', 0, lineBreak) >= 0)
                    {
                        // A comma-first text ("1\n, \"b\"") shows no separator before its line breaks: new entries
                        // then get the default ",".
                        indentedSeparator ??= between.Substring(0, lineBreak);
                    }
                }
                else if (indentUnit is null && IsMultiline((range.Start, span.KeyStart)))
                {
                    var outer = LineIndent(range.Start);
                    var inner = LineIndent(span.KeyStart);
                    if (inner.Length > outer.Length && inner.StartsWith(outer, StringComparison.Ordinal))
                    {
                        indentUnit = inner.Substring(outer.Length);
                    }
                }
            }

            private void ObserveYaml(object node, (int Start, int End) range, TextSpan span, object? child)
            {
                if (IsCollection(child) && !IsEmptyCollection(child) && IsFlow(span.ValueStart) && !IsFlow(range.Start))
                {
                    leafFlow = true;
                }

                if (node is not IDictionary || IsFlow(span.ValueStart) || !IsCollection(child) || IsEmptyCollection(child))
                {
                    return;
                }

                if (map.SpanOf(child!, child is IDictionary inner ? FirstKey(inner) : 0) is not { } firstChild)
                {
                    return; // an alias's copy
                }

                var offset = Column(firstChild.KeyStart) - Column(span.KeyStart);
                if (child is IDictionary)
                {
                    if (yamlIndent == 0 && offset > 0)
                    {
                        yamlIndent = offset;
                    }
                }
                else if (!sawBlockSequence)
                {
                    // The element's span starts after "- ", so the dash stands two columns before it.
                    sawBlockSequence = true;
                    indentlessSequences = offset - 2 <= 0;
                }
            }

            private static object FirstKey(IDictionary mapping)
            {
                var keys = mapping.Keys.GetEnumerator();
                keys.MoveNext();
                return keys.Current!;
            }

            /// <summary>The whole document's range: a JSON text without surrounding white space; a YAML root as the
            /// reader recorded it (a block root from its first key to the end of its last value, a flow root such as
            /// <c>{a: 1}</c>, which is what a JSON text read as YAML is, from its bracket to the one that closes it), so
            /// that a document marker and comments around it stay.</summary>
            private (int Start, int End) RootRange()
            {
                if (!json && map.DocumentRangeOf(root) is { } range)
                {
                    return range;
                }

                var start = 0;
                while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] == '\uFEFF'))
                {
                    start++;
                }

                var end = text.Length;
                while (end > start && char.IsWhiteSpace(text[end - 1]))
                {
                    end--;
                }

                return (start, end);
            }

            private bool IsMultiline((int Start, int End) range) => text.IndexOfAny(LineBreaks, range.Start, range.End - range.Start) >= 0;

            /// <summary>Whether the YAML node starting at <paramref name="offset"/> is a flow collection.</summary>
            private bool IsFlow(int offset)
            {
                var i = NodeContent(offset);
                return i < text.Length && (text[i] == '{' || text[i] == '[');
            }

            /// <summary>Where the content of the YAML node starting at <paramref name="offset"/> begins: after its tag,
            /// its anchor, and the white space and comments around them (<c>!!map # c</c>, then <c>{</c> on the next
            /// line).</summary>
            private int NodeContent(int offset)
            {
                var i = offset;
                while (i < text.Length)
                {
                    if (text[i] == '!' || text[i] == '&')
                    {
                        while (i < text.Length && !char.IsWhiteSpace(text[i]))
                        {
                            i++;
                        }
                    }
                    else if (text[i] == '#')
                    {
                        while (i < text.Length && text[i] != '\n' && text[i] != '\r')
                        {
                            i++;
                        }
                    }
                    else if (char.IsWhiteSpace(text[i]))
                    {
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                return i;
            }

            private int LineStart(int offset)
            {
                // A byte order mark is not a column of the first line.
                var first = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
                var start = offset;
                while (start > first && text[start - 1] != '\n' && text[start - 1] != '\r')
                {
                    start--;
                }

                return start;
            }

            private int Column(int offset) => offset - LineStart(offset);

            /// <summary>The spaces and tabs that begin the line holding <paramref name="offset"/>.</summary>
            private string LineIndent(int offset)
            {
                var start = LineStart(offset);
                var end = start;
                while (end < offset && (text[end] == ' ' || text[end] == '\t'))
                {
                    end++;
                }

                return text.Substring(start, end - start);
            }
        }

        /// <summary>A container on the way down a pointer: its value, its text range and its parent.</summary>
        private sealed class Node
        {
            public Node(object? value, (int Start, int End) range, Node? parent, string pointer)
            {
                Value = value;
                Range = range;
                Parent = parent;
                Pointer = pointer;
            }

            /// <summary>The JSON Pointer of this container.</summary>
            public string Pointer { get; }

            public object? Value { get; }

            public (int Start, int End) Range { get; }

            public Node? Parent { get; }
        }
    }
}
