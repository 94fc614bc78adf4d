using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Initializers.Config;

namespace Initializers.Serialization
{
    /// <summary>The one reader of initializer input, used by every cmdlet: text (JSON, YAML, JSON Lines, a bare name)
    /// or an already parsed tree (dictionaries, lists, names, <see cref="Initializer"/> objects) in; one
    /// <see cref="ReadResult"/> per document or list element out, so that one bad document does not hide the others,
    /// and a text that does not parse gives one error and nothing else.</summary>
    public static class InitializerReader
    {
        private static readonly Regex NamePattern = new(@"^\s*[A-Za-z_][A-Za-z0-9_.]*\s*$", RegexOptions.CultureInvariant);

        /// <summary>True when <paramref name="text"/> is a bare identifier (a class name or alias such as
        /// <c>glorot_uniform</c>) rather than JSON or YAML text.</summary>
        /// <param name="text">The text to classify; surrounding white space is allowed.</param>
        public static bool IsName(string text) => NamePattern.IsMatch(text);

        /// <summary>Every initializer in <paramref name="text"/>: a bare name, one JSON value, or a YAML stream; a
        /// top-level list gives one result per element. Text that does not parse gives exactly one error.</summary>
        /// <param name="text">The text: a name, JSON or YAML.</param>
        /// <param name="options">The source name for results and errors, the format (detected when null), and the class name that makes a plain config (no <c>class_name</c>) readable; null for none.</param>
        public static IReadOnlyList<ReadResult> ReadText(string text, ReadOptions? options = null)
        {
            options ??= new ReadOptions();
            var pending = new List<Pending>();
            ReadInto(pending, text, options, lineOffset: 0);
            return Finish(pending, options.SourceName);
        }

        /// <summary>Every initializer in the file at <paramref name="path"/>, read as <see cref="ReadText"/> does, with
        /// the path as the source and the format from the extension (<c>.json</c>, <c>.yaml</c>, <c>.yml</c>) unless
        /// <paramref name="options"/> gives one. A file that cannot be read gives one <c>FileOpenFailed</c> error.</summary>
        /// <param name="path">The file.</param>
        /// <param name="encoding">The encoding when the file has no byte order mark; UTF-8 by default.</param>
        /// <param name="options">The class name for plain configs; the source name and format default from the path.</param>
        public static IReadOnlyList<ReadResult> ReadFile(string path, Encoding? encoding = null, ReadOptions? options = null)
        {
            var fileOptions = new ReadOptions(options?.SourceName ?? path, options?.Format ?? InitializerText.FormatOf(path), options?.ClassName);
            string text;
            try
            {
                text = File.ReadAllText(path, encoding ?? new UTF8Encoding(false));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                var error = new InitializerException("FileOpenFailed", ErrorKind.ReadError, $"Cannot read '{path}': {ex.Message}", path, ex);
                return new[] { new ReadResult(null, error, fileOptions.SourceName, null, null, null) };
            }

            return ReadText(text, fileOptions);
        }

        /// <summary>Text that arrived line by line (PowerShell's <c>Get-Content</c>). When every non-blank line is a
        /// complete document on its own (JSON Lines, or one name per line) and there are several, each line is an
        /// element; otherwise the lines are one text, and a parse error gives one error and no initializers.</summary>
        /// <param name="lines">The lines, without their line breaks.</param>
        /// <param name="options">The source name for results and errors, the format (detected when null), and the class name that makes a plain config (no <c>class_name</c>) readable; null for none.</param>
        public static IReadOnlyList<ReadResult> ReadLines(IReadOnlyList<string> lines, ReadOptions? options = null)
        {
            options ??= new ReadOptions();
            var nonBlank = Enumerable.Range(0, lines.Count).Where(i => !string.IsNullOrWhiteSpace(lines[i])).ToList();
            if (nonBlank.Count < 2 || !nonBlank.All(i => IsCompleteLine(lines[i], options.Format)))
            {
                return ReadText(string.Join("\n", lines), options);
            }

            var pending = new List<Pending>();
            foreach (var i in nonBlank)
            {
                ReadInto(pending, lines[i], options, lineOffset: i);
            }

            return Finish(pending, options.SourceName);
        }

        /// <summary>Initializers from a parsed tree: an <see cref="Initializer"/> (returned as it is), a name, a Keras
        /// document (or, with <see cref="ReadOptions.ClassName"/>, a plain config), or a list of those.</summary>
        /// <param name="tree">The parsed value (dictionaries, lists, strings, initializers); a list gives one result per element.</param>
        /// <param name="options">The source name for results and errors, the format (detected when null), and the class name that makes a plain config (no <c>class_name</c>) readable; null for none.</param>
        public static IReadOnlyList<ReadResult> ReadTree(object? tree, ReadOptions? options = null)
        {
            options ??= new ReadOptions();
            var pending = new List<Pending>();
            var items = tree is IList list and not IDictionary ? list.Cast<object?>() : new[] { tree };
            foreach (var item in items)
            {
                pending.Add(item is Initializer initializer ? new Pending(initializer) : Element(item, options, null, null));
            }

            return Finish(pending, options.SourceName);
        }

        private static bool IsCompleteLine(string line, ConfigFormat? format)
        {
            if (format is null && IsName(line))
            {
                return true;
            }

            if (format == ConfigFormat.Yaml || !InitializerText.LooksLikeJson(line))
            {
                return false;
            }

            try
            {
                JsonText.Parse(line);
                return true;
            }
            catch (InitializerException)
            {
                return false;
            }
        }

        /// <summary>Parses one text and adds its elements; <paramref name="lineOffset"/> is added to every line.</summary>
        private static void ReadInto(List<Pending> pending, string text, ReadOptions options, int lineOffset)
        {
            if (text is null || string.IsNullOrWhiteSpace(text))
            {
                pending.Add(new Pending(new InitializerException(
                    "EmptyInput", ErrorKind.InvalidData, "The config text is empty; expected JSON, YAML or an initializer name.", text), null));
                return;
            }

            if (options.Format is null && IsName(text))
            {
                var column = text.Length - text.TrimStart().Length + 1;
                pending.Add(Element(text.Trim(), options, null, new TextPosition(lineOffset + 1, column)));
                return;
            }

            var map = new SourceMap();
            IReadOnlyList<object?> documents;
            try
            {
                documents = InitializerText.ParseTrees(text, InitializerText.ReadAs(text, options.Format), map);
            }
            catch (InitializerException ex)
            {
                pending.Add(new Pending(ex, ex.Line is int line ? new TextPosition(line + lineOffset, ex.Column ?? 0) : null));
                return;
            }

            // An empty YAML document (a trailing "---", or "---" twice) holds nothing to read; YAML allows it.
            var nonEmpty = documents.Count > 1 ? documents.Where(d => d is not null).ToList() : documents;
            if (nonEmpty.Count == 0)
            {
                pending.Add(new Pending(new InitializerException("EmptyInput", ErrorKind.InvalidData, "The YAML text holds only empty documents.", text), null));
                return;
            }

            foreach (var document in nonEmpty)
            {
                if (document is IList list and not IDictionary)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        pending.Add(Element(list[i], options, map, Shift(map.ElementOf(list, i), lineOffset), lineOffset));
                    }
                }
                else
                {
                    pending.Add(Element(document, options, map, Shift(map.StartOf(document), lineOffset), lineOffset));
                }
            }
        }

        /// <summary>Reads one element; an error is placed at the offending key or value when the map knows it.</summary>
        private static Pending Element(object? element, ReadOptions options, SourceMap? map, TextPosition? position, int lineOffset = 0)
        {
            try
            {
                return new Pending(options.ClassName is null ? KerasConfig.FromDocument(element) : FromConfig(options.ClassName, element), position);
            }
            catch (InitializerException ex)
            {
                var at = ex.ConfigPath is { } path && map is not null ? Shift(map.Find(element, path, ex.PathIsKey), lineOffset) ?? position : position;
                return new Pending(ex, at);
            }
        }

        private static Initializer FromConfig(string className, object? element) => element switch
        {
            null => KerasConfig.FromConfig(className, null),
            IDictionary config => KerasConfig.FromConfig(className, config),
            _ => throw new InitializerException(
                "InvalidConfig",
                ErrorKind.InvalidType,
                $"A plain config for {className} must be a dictionary; got {ConfigValues.Format(element)} ({element.GetType().Name}).",
                element),
        };

        private static TextPosition? Shift(TextPosition? position, int lineOffset) =>
            position is TextPosition p ? new TextPosition(p.Line + lineOffset, p.Column) : null;

        /// <summary>Numbers the elements (when there are several) and puts the source, element, line and column into
        /// each error's message.</summary>
        private static IReadOnlyList<ReadResult> Finish(List<Pending> pending, string? sourceName)
        {
            var results = new List<ReadResult>(pending.Count);
            for (var i = 0; i < pending.Count; i++)
            {
                var p = pending[i];
                int? index = pending.Count > 1 ? i : null;
                var error = p.Error is null ? null : Locate(p.Error, sourceName, index, p.Position);
                results.Add(new ReadResult(p.Initializer, error, sourceName, index, p.Position?.Line, p.Position?.Column));
            }

            return results;
        }

        private static InitializerException Locate(InitializerException ex, string? sourceName, int? index, TextPosition? position)
        {
            // A parse error already says "at line L, column C"; then only the source and element go in front.
            var inMessage = position is TextPosition p &&
                ex.Message.IndexOf(string.Format(CultureInfo.InvariantCulture, "line {0}, column {1}", p.Line, p.Column), StringComparison.Ordinal) >= 0;
            var where = Where(sourceName, index, inMessage ? null : position);
            if (where is null && position is null)
            {
                return ex;
            }

            return new InitializerException(ex.ErrorId, ex.Kind, where is null ? ex.Message : where + ": " + ex.Message, ex.Target, ex)
            {
                SourceName = sourceName,
                ElementIndex = index,
                Line = position?.Line,
                Column = position?.Column,
            };
        }

        /// <summary>"'file.yaml', element 2, line 3, column 7", leaving out what is not known; null when nothing is.</summary>
        private static string? Where(string? sourceName, int? index, TextPosition? position)
        {
            var parts = new List<string>();
            if (sourceName is not null)
            {
                parts.Add("'" + sourceName + "'");
            }

            if (index is int i)
            {
                parts.Add("element " + i.ToString(CultureInfo.InvariantCulture));
            }

            if (position is TextPosition p)
            {
                parts.Add(string.Format(CultureInfo.InvariantCulture, "line {0}, column {1}", p.Line, p.Column));
            }

            return parts.Count == 0 ? null : string.Join(", ", parts);
        }

        private readonly struct Pending
        {
            public Pending(Initializer initializer, TextPosition? position = null)
            {
                Initializer = initializer;
                Error = null;
                Position = position;
            }

            public Pending(InitializerException error, TextPosition? position)
            {
                Initializer = null;
                Error = error;
                Position = position;
            }

            public Initializer? Initializer { get; }

            public InitializerException? Error { get; }

            public TextPosition? Position { get; }
        }
    }
}
