using System.Collections.Generic;
using System.Globalization;

namespace Initializers.Models
{
    /// <summary>One result of <see cref="ModelChecker.Check"/>: a rule that fired, with where.</summary>
    public sealed class ModelFinding
    {
        /// <summary>A finding.</summary>
        /// <param name="severity">Error, Warning or Information.</param>
        /// <param name="rule">The stable rule id (<c>UnseededInitializer</c>), or the ErrorId of a model that cannot be read.</param>
        /// <param name="message">What is wrong, naming the layer, the slot and the value.</param>
        /// <param name="sourceName">The file, or null for text.</param>
        /// <param name="line">1-based line, or null.</param>
        /// <param name="column">1-based column, or null.</param>
        /// <param name="pointer">JSON Pointer to the value concerned, or null.</param>
        /// <param name="layer">The layer path, or null.</param>
        /// <param name="slot">The slot key, or null.</param>
        public ModelFinding(FindingSeverity severity, string rule, string message, string? sourceName, int? line, int? column, string? pointer, string? layer, string? slot)
        {
            Severity = severity;
            Rule = rule;
            Message = message;
            SourceName = sourceName;
            Line = line;
            Column = column;
            Pointer = pointer;
            Layer = layer;
            Slot = slot;
        }

        /// <summary>Error, Warning or Information.</summary>
        public FindingSeverity Severity { get; }

        /// <summary>The stable rule id.</summary>
        public string Rule { get; }

        /// <summary>What is wrong.</summary>
        public string Message { get; }

        /// <summary>The file, or null for text.</summary>
        public string? SourceName { get; }

        /// <summary>The 1-based line, or null.</summary>
        public int? Line { get; }

        /// <summary>The 1-based column, or null.</summary>
        public int? Column { get; }

        /// <summary>JSON Pointer to the value concerned, or null.</summary>
        public string? Pointer { get; }

        /// <summary>The layer path, or null.</summary>
        public string? Layer { get; }

        /// <summary>The slot key, or null.</summary>
        public string? Slot { get; }

        /// <summary>The finding as a GitHub Actions workflow command: <c>::error file=…,line=…,col=…,title=Rule::Message</c>
        /// (<c>warning</c> for warnings, <c>notice</c> for information), with the values escaped as the runner expects.</summary>
        public string GitHubAnnotation() => GitHubAnnotation(null);

        /// <summary><see cref="GitHubAnnotation()"/> with the file named relative to <paramref name="baseDirectory"/>
        /// (the repository root, where GitHub looks for it), with <c>/</c> separators, when the file is inside it.</summary>
        /// <param name="baseDirectory">The directory the file is named relative to; null keeps the path as it is.</param>
        public string GitHubAnnotation(string? baseDirectory)
        {
            var level = Severity switch
            {
                FindingSeverity.Error => "error",
                FindingSeverity.Warning => "warning",
                _ => "notice",
            };
            var properties = new List<string>();
            if (SourceName is not null)
            {
                properties.Add("file=" + EscapeProperty(Relative(SourceName, baseDirectory)));
            }

            if (Line is int line)
            {
                properties.Add("line=" + line.ToString(CultureInfo.InvariantCulture));
            }

            if (Column is int column)
            {
                properties.Add("col=" + column.ToString(CultureInfo.InvariantCulture));
            }

            properties.Add("title=" + EscapeProperty(Rule));
            return "::" + level + " " + string.Join(",", properties) + "::" + EscapeData(Message);
        }

        /// <inheritdoc/>
        public override string ToString() => Severity + " " + Rule + ": " + Message;

        private static string Relative(string path, string? baseDirectory)
        {
            if (baseDirectory is null)
            {
                return path;
            }

            var root = System.IO.Path.GetFullPath(baseDirectory).TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
            var full = System.IO.Path.GetFullPath(path);
            return full.StartsWith(root, System.StringComparison.Ordinal) ? full.Substring(root.Length).Replace(System.IO.Path.DirectorySeparatorChar, '/') : path;
        }

        private static string EscapeData(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

        private static string EscapeProperty(string text) => EscapeData(text).Replace(":", "%3A").Replace(",", "%2C");
    }
}
