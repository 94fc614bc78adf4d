using Initializers.Config;

namespace Initializers
{
    /// <summary>One constructor argument of an initializer: its Keras key, default and meaning.</summary>
    public sealed class ConfigKey
    {
        /// <summary>Describes one config key; the catalog builds these from the initializer's constructor, so callers
        /// only read them (<see cref="InitializerInfo.ConfigKeys"/>).</summary>
        /// <param name="name">The Keras key, snake_case (<c>stddev</c>, <c>input_axes</c>).</param>
        /// <param name="defaultValue">The value used when the key is absent; null for an unseeded seed.</param>
        /// <param name="description">One line for help and tab completion.</param>
        public ConfigKey(string name, object? defaultValue, string description)
        {
            Name = name;
            Default = defaultValue;
            Description = description;
        }

        /// <summary>The Keras key as it appears in a config, snake_case (<c>minval</c>, <c>distribution</c>).</summary>
        public string Name { get; }

        /// <summary>The value Keras uses when the key is absent (for example 0.05 for <c>stddev</c>); null for
        /// <c>seed</c>, meaning a fresh seed is drawn when the initializer is built.</summary>
        public object? Default { get; }

        /// <summary>What the key means, with its unit or allowed values, in one line (shown by Get-Initializer and
        /// tab completion).</summary>
        public string Description { get; }

        /// <summary>True for a key the constructor requires (it has no default, as PyTorch's sparse_ sparsity and
        /// constant_ val): a config without it is the error MissingConfigKey.</summary>
        public bool Required { get; private set; }

        /// <summary><c>key=default</c> as Keras prints a signature, for example <c>stddev=0.05</c>.</summary>
        public override string ToString() => Required ? Name + " (required)" : Name + "=" + ConfigValues.Format(Default);

        /// <summary>A key without a default.</summary>
        internal static ConfigKey RequiredKey(string name, string description) => new(name, null, description) { Required = true };
    }
}
