namespace Initializers.Serialization
{
    /// <summary>What <see cref="InitializerReader"/> reads: where the input came from, its format, and whether it holds
    /// plain configs of one class rather than Keras documents. (A constructor rather than init-only setters: the
    /// module is compiled against the netstandard2.0 build and runs against net8.0, where init accessors differ.)</summary>
    public sealed class ReadOptions
    {
        /// <summary>Options for <see cref="InitializerReader"/>; every argument may be left out.</summary>
        /// <param name="sourceName">The name of the source (a file path) put into every error; null for anonymous text.</param>
        /// <param name="format">Json or Yaml; null decides by the text (JSON when it starts with <c>{</c>, <c>[</c> or <c>"</c>).</param>
        /// <param name="className">Read each element as a plain config of this class (Keras's <c>from_config</c>)
        /// instead of a document.</param>
        public ReadOptions(string? sourceName = null, ConfigFormat? format = null, string? className = null)
        {
            SourceName = sourceName;
            Format = format;
            ClassName = className;
        }

        /// <summary>The name of the source put into every error, or null.</summary>
        public string? SourceName { get; }

        /// <summary>Json, Yaml, or null to decide by the text.</summary>
        public ConfigFormat? Format { get; }

        /// <summary>The class of plain configs, or null for Keras documents.</summary>
        public string? ClassName { get; }
    }
}
