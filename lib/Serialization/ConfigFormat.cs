namespace Initializers.Serialization
{
    /// <summary>The text formats for initializer configs.</summary>
    public enum ConfigFormat
    {
        /// <summary>JSON (RFC 8259), as Keras's <c>serialize</c> output and model.json files; one document, or a JSON
        /// array of documents.</summary>
        Json,
        /// <summary>YAML 1.2 (core schema), one or more <c>---</c>-separated documents or a sequence of configs.</summary>
        Yaml,
    }
}
