namespace Initializers.Serialization
{
    /// <summary>The text formats for initializer configs.</summary>
    public enum ConfigFormat
    {
        Json,
        Yaml,
    }
}
