using Initializers.Config;

namespace Initializers
{
    /// <summary>One constructor argument of an initializer: its Keras key, default and meaning.</summary>
    public sealed class ConfigKey
    {
        public ConfigKey(string name, object? defaultValue, string description)
        {
            Name = name;
            Default = defaultValue;
            Description = description;
        }

        public string Name { get; }

        public object? Default { get; }

        public string Description { get; }

        public override string ToString() => Name + "=" + ConfigValues.Format(Default);
    }
}
