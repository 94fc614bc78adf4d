using System;
using System.Collections.Generic;
using System.Management.Automation;
using Initializers.Serialization;

namespace Initializers.PowerShell.Internal
{
    /// <summary>Strings from the pipeline, grouped into the texts they came from, for ConvertFrom- and
    /// Test-InitializerConfig. <c>Get-Content</c> tags each line with PSPath and ReadCount (its line number), so the
    /// lines of one file form one text, and each file (also each <c>Get-Content -Raw</c> string) is its own source,
    /// named in errors, with line numbers counted in that file. Untagged strings that hold a line break are whole
    /// texts; untagged single-line strings in a row are lines of one text.</summary>
    internal sealed class PipelineText
    {
        private readonly List<Group> groups = new();

        /// <summary>True when a string was added since the last <see cref="Read"/>.</summary>
        public bool HasText => groups.Count > 0;

        public void Add(object? input, string text)
        {
            var (path, readCount) = Origin(input);
            var last = groups.Count > 0 ? groups[groups.Count - 1] : null;
            if (path is not null)
            {
                if (last is not null && last.Lines && last.Path == path && readCount is long n && n > 1)
                {
                    last.Parts.Add(text);
                }
                else
                {
                    groups.Add(new Group(path, lines: true, text));
                }

                return;
            }

            if (text.IndexOf('\n') >= 0 || text.IndexOf('\r') >= 0)
            {
                groups.Add(new Group(null, lines: false, text));
            }
            else if (last is not null && last.Lines && last.Path is null)
            {
                last.Parts.Add(text);
            }
            else
            {
                groups.Add(new Group(null, lines: true, text));
            }
        }

        /// <summary>Reads every text collected so far, in order, and forgets them. Texts that are only white space
        /// are skipped; <paramref name="sawText"/> tells whether any text had content.</summary>
        public List<ReadResult> Read(string? className, out bool sawText)
        {
            var results = new List<ReadResult>();
            sawText = false;
            foreach (var group in groups)
            {
                if (group.Parts.TrueForAll(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                sawText = true;
                var options = new ReadOptions(group.Path, group.Path is null ? null : InitializerText.FormatOf(group.Path), className);
                results.AddRange(group.Parts.Count == 1 && !group.Lines
                    ? InitializerReader.ReadText(group.Parts[0], options)
                    : InitializerReader.ReadLines(group.Parts, options));
            }

            groups.Clear();
            return results;
        }

        /// <summary>Every text collected so far as one string per source (lines joined with "\n", for documents that are
        /// always one text, such as model configs), in order, and forgets them; texts that are only white space are skipped.</summary>
        public List<(string? Path, string Text)> TakeTexts()
        {
            var texts = new List<(string?, string)>();
            foreach (var group in groups)
            {
                if (!group.Parts.TrueForAll(string.IsNullOrWhiteSpace))
                {
                    texts.Add((group.Path, string.Join("\n", group.Parts)));
                }
            }

            groups.Clear();
            return texts;
        }

        /// <summary>The file a string came from (its PSPath as a file system path) and its ReadCount, when
        /// <c>Get-Content</c> tagged it.</summary>
        private static (string? Path, long? ReadCount) Origin(object? input)
        {
            if (input is not PSObject pso)
            {
                return (null, null);
            }

            var path = pso.Properties["PSPath"]?.Value as string;
            if (path is null)
            {
                return (null, null);
            }

            var provider = path.IndexOf("::", StringComparison.Ordinal);
            if (provider >= 0)
            {
                path = path.Substring(provider + 2);
            }

            var count = pso.Properties["ReadCount"]?.Value;
            long? readCount = count is null ? null : Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture);
            return (path, readCount);
        }

        private sealed class Group
        {
            public Group(string? path, bool lines, string first)
            {
                Path = path;
                Lines = lines;
                Parts = new List<string> { first };
            }

            public string? Path { get; }

            /// <summary>True when the parts are lines of one text; false for one whole text.</summary>
            public bool Lines { get; }

            public List<string> Parts { get; }
        }
    }
}
