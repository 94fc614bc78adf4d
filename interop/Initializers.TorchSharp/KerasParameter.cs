using System.Collections.Generic;

namespace Initializers.TorchSharp
{
    /// <summary>What <see cref="KerasModuleInitialization.InitializeKeras"/> did to one parameter of a module.</summary>
    public sealed class KerasParameter
    {
        /// <summary>Describes one initialized (or skipped) parameter.</summary>
        /// <param name="name">The parameter's dotted name in the module (<c>0.weight</c>, <c>encoder.fc1.bias</c>).</param>
        /// <param name="moduleType">The TorchSharp module class that owns it (<c>Linear</c>, <c>Conv2d</c>, ...).</param>
        /// <param name="initializer">The Keras initializer that filled it (with its seed), or null when it was skipped.</param>
        /// <param name="kerasShape">The shape in Keras's layout that the values (and the fans) were computed for; the
        /// parameter receives them in PyTorch's layout. Null when it was skipped.</param>
        public KerasParameter(string name, string moduleType, Initializer? initializer, IReadOnlyList<int>? kerasShape)
        {
            Name = name;
            ModuleType = moduleType;
            Initializer = initializer;
            KerasShape = kerasShape;
        }

        /// <summary>The parameter's dotted name in the module (<c>0.weight</c>).</summary>
        public string Name { get; }

        /// <summary>The TorchSharp module class that owns the parameter.</summary>
        public string ModuleType { get; }

        /// <summary>The Keras initializer that filled it, with the seed it used (export it with
        /// <c>InitializerText.Write</c> to record how the weights were made); null when no Keras rule applies and it was
        /// left as it was.</summary>
        public Initializer? Initializer { get; }

        /// <summary>The shape in Keras's layout the values were computed for (Dense (in, out), Conv (k…, in, out));
        /// null when skipped.</summary>
        public IReadOnlyList<int>? KerasShape { get; }

        /// <summary><c>name: Initializer(...) on (keras shape)</c>, or <c>name: skipped</c>.</summary>
        public override string ToString() => Initializer is null
            ? $"{Name} ({ModuleType}): skipped, no Keras rule"
            : $"{Name} ({ModuleType}): {Initializer} on Keras shape ({string.Join(", ", KerasShape!)})";
    }
}
