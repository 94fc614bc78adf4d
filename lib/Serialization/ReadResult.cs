namespace Initializers.Serialization
{
    /// <summary>One initializer read from a source, or the error that stopped it; with where it came from.</summary>
    public sealed class ReadResult
    {
        internal ReadResult(Initializer? initializer, InitializerException? error, string? sourceName, int? elementIndex, int? line, int? column)
        {
            Initializer = initializer;
            Error = error;
            SourceName = sourceName;
            ElementIndex = elementIndex;
            Line = line;
            Column = column;
        }

        /// <summary>The initializer, or null when <see cref="Error"/> is set.</summary>
        public Initializer? Initializer { get; }

        /// <summary>Why this element could not be read (its message names the source, element, line and column), or null.</summary>
        public InitializerException? Error { get; }

        /// <summary>The source (a file path), when the input had one.</summary>
        public string? SourceName { get; }

        /// <summary>The 0-based position of the element within its source (every document of a YAML stream, every
        /// element of a top-level list, every line of JSON Lines), when the source holds more than one.</summary>
        public int? ElementIndex { get; }

        /// <summary>The 1-based line of the element or, for an error, of the offending key or value; null for input
        /// that was not text.</summary>
        public int? Line { get; }

        /// <summary>The 1-based column that goes with <see cref="Line"/>.</summary>
        public int? Column { get; }
    }
}
