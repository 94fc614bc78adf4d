using System;

namespace Initializers.Models.Weights
{
    /// <summary>A saveable object in a Keras 3 weights file: every layer and model gets a <c>vars</c> group (empty when it
    /// has no variables) whose <c>name</c> attribute is the object's name.</summary>
    public sealed class KerasObject
    {
        /// <summary>An object.</summary>
        /// <param name="path">The group path without a leading slash (<c>layers/dense_1</c>; empty for the root model).</param>
        /// <param name="name">The object's <c>name</c> (the layer's config name).</param>
        public KerasObject(string path, string name)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        /// <summary>The group path without a leading slash; empty for the root model.</summary>
        public string Path { get; }

        /// <summary>The object's name.</summary>
        public string Name { get; }
    }
}
