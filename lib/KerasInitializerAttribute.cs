using System;

namespace Initializers
{
    /// <summary>Which dtypes an initializer class accepts, as the catalog lists them.</summary>
    internal enum DTypeSet
    {
        /// <summary>Every dtype (Zeros, Constant).</summary>
        All,
        /// <summary>Every dtype but string (Ones).</summary>
        NumericOrBool,
        /// <summary>Floating and integer dtypes (RandomUniform).</summary>
        FloatingOrInteger,
        /// <summary>float16, bfloat16, float32 and float64.</summary>
        Floating,
    }

    /// <summary>Marks a class of the Keras family and says what the catalog shows of it. The config keys come from the
    /// class's public constructor, as in Keras (config = constructor arguments): each parameter is one key, named in
    /// snake_case, with the parameter's default; <see cref="ConfigKeyAttribute"/> adds its description.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    internal sealed class KerasInitializerAttribute : Attribute
    {
        public KerasInitializerAttribute(string description, string formula, DTypeSet dtypes)
        {
            Description = description;
            Formula = formula;
            DTypes = dtypes;
        }

        public string Description { get; }

        public string Formula { get; }

        public DTypeSet DTypes { get; }

        /// <summary>Names beyond the standard ones (snake_case, the …V2 names and TensorFlow.js camelCase).</summary>
        public string[] Aliases { get; set; } = Array.Empty<string>();

        /// <summary>A class only Keras 3 has (STFT): no Keras 2 …V2 names and no TensorFlow.js camelCase name.</summary>
        public bool Keras3Only { get; set; }
    }

    /// <summary>Describes one constructor parameter as a Keras config key.</summary>
    [AttributeUsage(AttributeTargets.Parameter)]
    internal sealed class ConfigKeyAttribute : Attribute
    {
        public ConfigKeyAttribute(string description)
        {
            Description = description;
        }

        public string Description { get; }

        /// <summary>The Keras default where C# cannot write it as the parameter's default (an object parameter).</summary>
        public object? Default { get; set; }
    }
}
