using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Initializers.Serialization
{
    /// <summary>Builds neutral trees from YamlDotNet's low-level parser events, one tree per document.
    /// One instance reads one text.</summary>
    internal sealed class YamlReader
    {
        private readonly string text;
        private readonly int maxNodes;
        private readonly Scanner scanner;
        private readonly Parser parser;
        private readonly SourceMap? map;
        /// <summary>Anchored nodes of the current document, by name; an alias gets a copy.</summary>
        private readonly Dictionary<string, object?> anchors = new Dictionary<string, object?>(StringComparer.Ordinal);
        private int nodeCount;
        /// <summary>The offset just past the last node read: a scalar, an alias or a flow collection's closing bracket
        /// (a block collection ends where its last node does).</summary>
        private int lastEnd;
        /// <summary>1 when the text starts with a byte order mark, which the parser does not see.</summary>
        private readonly int bom;
        /// <summary>The '{' and '[' of the flow collections being read, innermost last, to name an unclosed one.</summary>
        private readonly Stack<(char Bracket, Mark Start)> openFlows = new Stack<(char, Mark)>();

        public YamlReader(string text, int maxNodes = TreeLimits.MaxNodes, SourceMap? map = null)
        {
            this.text = text;
            this.map = map;
            this.maxNodes = maxNodes;
            // A byte order mark may start a YAML stream (YAML 1.2, 5.2); YamlDotNet would read it as part of the first
            // key or scalar. It is left out of the parse, and offsets into the text count it.
            bom = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            scanner = new Scanner(new StringReader(text.Substring(bom)), skipComments: true);
            this.parser = new Parser(scanner);
        }

        public List<object?> ReadStream()
        {
            try
            {
                var documents = new List<object?>();
                Next(); // StreamStart
                Next();
                while (this.parser.Current is DocumentStart)
                {
                    this.anchors.Clear(); // anchors do not reach across documents
                    Next();
                    var start = this.parser.Current!.Start;
                    var document = ReadNode(0);
                    documents.Add(document);
                    if (document is not null)
                    {
                        this.map?.AddStart(document, ToPosition(start));
                        this.map?.AddDocumentRange(document, Offset(start), lastEnd);
                    }
                    Next(); // past DocumentEnd
                }
                return documents;
            }
            catch (YamlException ex)
            {
                throw Explain(ex.Start, ex.Message, ex);
            }
            catch (Exception ex) when (!(ex is InitializerException) && !(ex is OutOfMemoryException))
            {
                // YamlDotNet occasionally fails with InvalidOperationException and the like instead of a YamlException;
                // its message says nothing about the text, so it stays out of ours (it is the inner exception).
                throw Explain(scanner.CurrentPosition, "the text is not valid YAML here", ex);
            }
        }

        /// <summary>Reads the node at the current event and moves past it. <paramref name="depth"/> counts the
        /// mappings and sequences around it.</summary>
        private object? ReadNode(int depth)
        {
            var current = this.parser.Current!;
            object? value;
            switch (current)
            {
                case AnchorAlias alias:
                    if (!this.anchors.TryGetValue(alias.Value.Value, out var anchored))
                    {
                        throw SyntaxError(alias.Start, $"the alias '*{alias.Value.Value}' names no earlier anchor", null);
                    }
                    lastEnd = Offset(alias.End);
                    Next();
                    return Copy(anchored, depth, alias.Start);
                case Scalar scalar:
                    CountNode(scalar.Start);
                    value = ResolveScalar(scalar);
                    lastEnd = Offset(scalar.End);
                    // A block scalar (| or >) ends after its last line break; its value ends before it.
                    while (lastEnd > Offset(scalar.Start) && (this.text[lastEnd - 1] == '\n' || this.text[lastEnd - 1] == '\r'))
                    {
                        lastEnd--;
                    }

                    Next();
                    break;
                case SequenceStart start:
                    CheckTag(start.Tag, start.Start, YamlScalars.SeqTag, YamlScalars.PythonTupleTag);
                    value = Flow(start.Style == SequenceStyle.Flow, '[', start.Start, () => ReadSequence(depth + 1));
                    break;
                case MappingStart start:
                    CheckTag(start.Tag, start.Start, YamlScalars.MapTag, null);
                    value = Flow(start.Style == MappingStyle.Flow, '{', start.Start, () => ReadMapping(depth + 1));
                    break;
                default:
                    throw SyntaxError(current.Start, $"unexpected {current.GetType().Name}", null);
            }
            // An anchor is registered once its node is complete, so a node cannot alias itself.
            var node = (NodeEvent)current;
            if (!node.Anchor.IsEmpty)
            {
                this.anchors[node.Anchor.Value] = value;
            }
            return value;
        }

        /// <summary>Reads a collection, remembering where a flow one was opened while it is read.</summary>
        private object Flow(bool isFlow, char bracket, Mark start, Func<object> read)
        {
            if (!isFlow)
            {
                return read();
            }

            openFlows.Push((bracket, start));
            var value = read();
            openFlows.Pop();
            return value;
        }

        /// <summary>A syntax error with the two causes YamlDotNet describes worst put plainly: a tab used for
        /// indentation (YamlDotNet reports where the enclosing scalar starts), and a '{' or '[' that is never closed
        /// (it reports the end of the text).</summary>
        private InitializerException Explain(Mark mark, string problem, Exception inner)
        {
            if (problem.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0 && FindIndentationTab() is (int tabLine, int tabColumn))
            {
                return SyntaxError(new Mark(0, tabLine, tabColumn), "a tab is used for indentation; YAML indents with spaces only", inner);
            }

            if (openFlows.Count > 0)
            {
                var (bracket, start) = openFlows.Peek();
                var close = bracket == '{' ? '}' : ']';
                var (line, column) = Position(mark);
                var detail = problem.TrimEnd('.');
                detail = detail.Length > 0 ? char.ToLowerInvariant(detail[0]) + detail.Substring(1) : detail;
                return SyntaxError(start, $"this '{bracket}' is not closed with '{close}' (the parser stopped at line {line}, column {column}: {detail})", inner);
            }

            return SyntaxError(mark, problem, inner);
        }

        /// <summary>The 1-based line and column of the first tab in a line's leading white space, if any.</summary>
        private (int Line, int Column)? FindIndentationTab()
        {
            var lines = this.text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                for (var j = 0; j < lines[i].Length && (lines[i][j] == ' ' || lines[i][j] == '\t'); j++)
                {
                    if (lines[i][j] == '\t')
                    {
                        return (i + 1, j + 1);
                    }
                }
            }

            return null;
        }

        private object?[] ReadSequence(int depth)
        {
            var start = this.parser.Current!.Start;
            CheckDepth(depth, start);
            CountNode(start);
            var items = new List<object?>();
            var positions = this.map is null ? null : new List<TextPosition>();
            Next();
            var spans = this.map is null ? null : new List<TextSpan>();
            while (!(this.parser.Current is SequenceEnd))
            {
                var itemStart = this.parser.Current!.Start;
                positions?.Add(ToPosition(itemStart));
                items.Add(ReadNode(depth));
                spans?.Add(new TextSpan(Offset(itemStart), Offset(itemStart), Offset(itemStart), lastEnd));
            }
            EndCollection();
            var array = items.ToArray();
            for (var i = 0; positions != null && i < positions.Count; i++)
            {
                this.map!.AddEntry(array, i, positions[i], positions[i]);
                this.map.AddSpan(array, i, spans![i]);
            }
            return array;
        }

        private OrderedDictionary ReadMapping(int depth)
        {
            var start = this.parser.Current!.Start;
            CheckDepth(depth, start);
            CountNode(start);
            var map = new OrderedDictionary();
            Next();
            while (!(this.parser.Current is MappingEnd))
            {
                var keyEvent = this.parser.Current!;
                if (!(keyEvent is Scalar keyScalar))
                {
                    var what = keyEvent is AnchorAlias ? "an alias" : keyEvent is MappingStart ? "a mapping" : "a sequence";
                    throw SyntaxError(keyEvent.Start, $"a mapping key must be a scalar, not {what}", null);
                }
                // Keys are strings in the tree, so the key is the scalar's text whatever type it would resolve to.
                var key = keyScalar.Value;
                if (map.Contains(key))
                {
                    throw DuplicateKey(key, keyScalar.Start);
                }
                if (!keyScalar.Anchor.IsEmpty)
                {
                    this.anchors[keyScalar.Anchor.Value] = key;
                }
                Next();
                var valueStart = this.parser.Current!.Start;
                this.map?.AddEntry(map, key, ToPosition(keyScalar.Start), ToPosition(valueStart));
                map.Add(key, ReadNode(depth));
                this.map?.AddSpan(map, key, new TextSpan(Offset(keyScalar.Start), Offset(keyScalar.End), Offset(valueStart), lastEnd));
            }
            EndCollection();
            return map;
        }

        /// <summary>A deep copy of an anchored node for an alias, counted against the node limit so that
        /// nested aliases ("billion laughs") stop early.</summary>
        private object? Copy(object? value, int depth, Mark aliasMark)
        {
            CountNode(aliasMark);
            switch (value)
            {
                case OrderedDictionary map:
                    CheckDepth(depth + 1, aliasMark);
                    var mapCopy = new OrderedDictionary(map.Count);
                    foreach (System.Collections.DictionaryEntry entry in map)
                    {
                        mapCopy.Add(entry.Key, Copy(entry.Value, depth + 1, aliasMark));
                    }
                    return mapCopy;
                case object?[] items:
                    CheckDepth(depth + 1, aliasMark);
                    var itemsCopy = new object?[items.Length];
                    for (var i = 0; i < items.Length; i++)
                    {
                        itemsCopy[i] = Copy(items[i], depth + 1, aliasMark);
                    }
                    return itemsCopy;
                default:
                    return value; // scalars are immutable
            }
        }

        /// <summary>Untagged plain scalars follow the core schema; untagged quoted ones and "!" are strings;
        /// the core tags force their type.</summary>
        private object? ResolveScalar(Scalar scalar)
        {
            var text = scalar.Value;
            var tag = scalar.Tag;
            if (tag.IsEmpty)
            {
                return scalar.Style == ScalarStyle.Plain ? YamlScalars.ResolvePlain(text) : text;
            }
            switch (tag.Value)
            {
                case "!":
                case YamlScalars.StrTag:
                case YamlScalars.PythonUnicodeTag:
                case YamlScalars.PythonStrTag:
                    return text;
                case YamlScalars.IntTag:
                    if (YamlScalars.TryInt(text, out var integer))
                    {
                        return integer;
                    }

                    break;
                case YamlScalars.FloatTag:
                    if (YamlScalars.TryFloat(text, out var number))
                    {
                        return number;
                    }

                    break;
                case YamlScalars.BoolTag:
                    if (YamlScalars.TryBool(text, out var flag))
                    {
                        return flag;
                    }

                    break;
                case YamlScalars.NullTag:
                    if (YamlScalars.TryNull(text, out var nothing))
                    {
                        return nothing;
                    }

                    break;
                default:
                    throw SyntaxError(scalar.Start, $"the tag '{tag.Value}' is not supported on a scalar (use !!str, !!int, !!float, !!bool or !!null)", null);
            }
            throw SyntaxError(scalar.Start, $"'{text}' is not a valid {ShortTag(tag.Value)}", null);
        }

        private void CheckTag(TagName tag, Mark mark, string allowed, string? alsoAllowed)
        {
            if (tag.IsEmpty || tag.Value == "!" || tag.Value == allowed || tag.Value == alsoAllowed)
            {
                return;
            }
            var kind = allowed == YamlScalars.MapTag ? "mapping" : "sequence";
            throw SyntaxError(mark, $"the tag '{tag.Value}' is not supported on a {kind}", null);
        }

        private static string ShortTag(string tag) =>
            tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag.Substring("tag:yaml.org,2002:".Length) : tag;

        /// <summary>Moves past a collection's end event. A flow collection ends after its closing bracket, where the
        /// event stands; a block collection's end event stands at the next token, so it ends with its last node.</summary>
        private void EndCollection()
        {
            var end = Offset(this.parser.Current!.Start);
            if (end < this.text.Length && (this.text[end] == '}' || this.text[end] == ']'))
            {
                lastEnd = end + 1;
            }

            Next();
        }

        private int Offset(Mark mark) => (int)Math.Min(mark.Index + bom, int.MaxValue);

        private void Next()
        {
            if (!this.parser.MoveNext())
            {
                throw new InvalidOperationException("the YAML event stream ended early");
            }
        }

        private void CountNode(Mark mark)
        {
            if (++nodeCount > this.maxNodes)
            {
                var (line, column) = Position(mark);
                throw new InitializerException("TooManyNodes", ErrorKind.LimitsExceeded,
                    $"The YAML text expands to more than {this.maxNodes} nodes (reached at line {line}, column {column}); " +
                    "aliases that repeat anchored nodes many times can cause this.", this.text)
                { Line = line, Column = column };
            }
        }

        private void CheckDepth(int depth, Mark mark)
        {
            if (depth > TreeLimits.MaxDepth)
            {
                var (line, column) = Position(mark);
                throw new InitializerException("NestingTooDeep", ErrorKind.LimitsExceeded,
                    $"YAML nests deeper than {TreeLimits.MaxDepth} levels at line {line}, column {column}.", this.text)
                { Line = line, Column = column };
            }
        }

        private InitializerException SyntaxError(Mark mark, string problem, Exception? inner)
        {
            var (line, column) = Position(mark);
            var detail = problem.TrimEnd('.');
            if (detail.Length > 0)
            {
                detail = char.ToLowerInvariant(detail[0]) + detail.Substring(1);
            }
            return new InitializerException("ConfigParseFailed", ErrorKind.ParserError,
                $"Invalid YAML at line {line}, column {column}: {detail}.", this.text, inner)
            { Line = line, Column = column };
        }

        private static InitializerException DuplicateKey(string key, Mark mark)
        {
            var (line, column) = Position(mark);
            return new InitializerException("DuplicateKey", ErrorKind.InvalidData,
                $"Duplicate key '{key}' at line {line}, column {column} of the YAML text.", key)
            { Line = line, Column = column };
        }

        private static TextPosition ToPosition(Mark mark)
        {
            var (line, column) = Position(mark);
            return new TextPosition(line, column);
        }

        /// <summary>YamlDotNet marks are already 1-based.</summary>
        private static (int Line, int Column) Position(Mark mark) =>
            ((int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue));
    }
}
