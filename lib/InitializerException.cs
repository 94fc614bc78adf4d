using System;
using System.Collections.Generic;

namespace Initializers
{
    /// <summary>The one exception type the library throws for bad input. It carries a stable
    /// <see cref="ErrorId"/>, an <see cref="ErrorKind"/>, and the offending value as <see cref="Target"/>.</summary>
    public class InitializerException : ArgumentException
    {
        /// <summary>An error about bad input to the library.</summary>
        /// <param name="errorId">Stable PascalCase identifier (<c>InvalidShape</c>, <c>UnknownInitializer</c>); the
        /// PowerShell layer uses it as the ErrorRecord's FullyQualifiedErrorId, so it never changes between versions.</param>
        /// <param name="kind">The category of the problem, mapped onto PowerShell's ErrorCategory.</param>
        /// <param name="message">What was wrong, naming the bad value and what is allowed.</param>
        /// <param name="target">The offending input (shape, key, value or text); null when there is none.</param>
        /// <param name="inner">The underlying exception (a parser's or a converter's), when there is one.</param>
        public InitializerException(string errorId, ErrorKind kind, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        /// <summary>Stable PascalCase identifier, for example <c>InvalidShape</c>.</summary>
        public string ErrorId { get; }

        /// <summary>The category of the problem (bad value, bad type, bad document, parse error, unknown name,
        /// limit exceeded); the module maps it one to one onto an ErrorCategory.</summary>
        public ErrorKind Kind { get; }

        /// <summary>The offending input: the shape, the key, the value or the text.</summary>
        public object? Target { get; }

        /// <summary>1-based line of a parse error, when known.</summary>
        public int? Line { get; init; }

        /// <summary>1-based column of a parse error, when known.</summary>
        public int? Column { get; init; }

        /// <summary>Where the offending text came from (a file path), when it came from a named source.</summary>
        public string? SourceName { get; internal set; }

        /// <summary>The 0-based position of the offending initializer within its source (counting every document of a
        /// YAML stream and every element of a top-level list), when the source holds more than one.</summary>
        public int? ElementIndex { get; internal set; }

        /// <summary>The keys from the document (or config) root to the offending key or value, innermost last; set by
        /// the config readers so that <see cref="Serialization.InitializerReader"/> can find its line and column.</summary>
        internal List<string>? ConfigPath { get; private set; }

        /// <summary>True when <see cref="ConfigPath"/> names a key that should not be there (report the key, not its value).</summary>
        internal bool PathIsKey { get; private set; }

        /// <summary>Puts <paramref name="key"/> in front of <see cref="ConfigPath"/>: called first with the innermost key
        /// (<paramref name="isKey"/> when the key itself is wrong), then by each enclosing reader on the way out.</summary>
        internal InitializerException AtKey(string key, bool isKey = false)
        {
            ConfigPath ??= new List<string>();
            ConfigPath.Insert(0, key);
            PathIsKey |= isKey && ConfigPath.Count == 1;
            return this;
        }

        /// <summary>The human-readable description: what was wrong, naming the bad value and what is allowed.</summary>
        public override string Message => base.Message;
    }
}
