using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Config;

namespace Initializers
{
    /// <summary>A catalog entry: what <c>Get-Initializer</c> shows, and how the registry builds the class from a config.</summary>
    public sealed class InitializerInfo
    {
        internal InitializerInfo(
            Type type,
            string className,
            string description,
            string formula,
            IReadOnlyList<ConfigKey> configKeys,
            IReadOnlyList<DType> dtypes,
            IReadOnlyList<string> aliases,
            IReadOnlyList<string> acceptedKeys,
            Func<ConfigArgs, Initializer> create)
        {
            Type = type;
            ClassName = className;
            Description = description;
            Formula = formula;
            ConfigKeys = Array.AsReadOnly(configKeys.ToArray());
            DTypes = Array.AsReadOnly(dtypes.ToArray());
            Aliases = Array.AsReadOnly(aliases.ToArray());
            AcceptedKeys = acceptedKeys;
            Create = create;
        }

        /// <summary>The class this entry builds (a built-in class of <c>Initializers.Family</c>, or a registered one).</summary>
        public Type Type { get; }

        /// <summary>The Keras class name.</summary>
        public string ClassName { get; }

        /// <summary>Every other name that resolves to this class (Keras 2/3, TF 2.0 and TensorFlow.js spellings).</summary>
        public IReadOnlyList<string> Aliases { get; }

        /// <summary>The constructor arguments, in Keras 2 order, with their defaults.</summary>
        public IReadOnlyList<ConfigKey> ConfigKeys { get; }

        /// <summary>The dtypes <see cref="Initializer.Call(System.Collections.Generic.IReadOnlyList{int}, DType)"/> accepts.</summary>
        public IReadOnlyList<DType> DTypes { get; }

        /// <summary>A one-line description.</summary>
        public string Description { get; }

        /// <summary>The formula, in plain text.</summary>
        public string Formula { get; }

        /// <summary>The config keys <see cref="Initializer.FromConfig"/> accepts (the constructor arguments, plus keys
        /// that other writers put there, such as the full VarianceScaling keys TensorFlow.js writes for GlorotUniform).</summary>
        internal IReadOnlyList<string> AcceptedKeys { get; }

        internal Func<ConfigArgs, Initializer> Create { get; }

        /// <summary>True for the random initializers, whose config has a <c>seed</c>.</summary>
        public bool TakesSeed => ConfigKeys.Any(k => k.Name == "seed");

        /// <summary>The dtype names, for display.</summary>
        public string DTypeNames => string.Join(", ", DTypes.Select(d => d.Name()));

        /// <summary>The Keras class name, for example <c>GlorotUniform</c>.</summary>
        public override string ToString() => ClassName;
    }
}
