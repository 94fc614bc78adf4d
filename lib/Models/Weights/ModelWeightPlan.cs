using System;
using System.Collections.Generic;

namespace Initializers.Models.Weights
{
    /// <summary>Every weight of a model config with its shape and initializer calls, worked out the way the target loader
    /// builds the model (shape propagation from the input shapes the config carries).</summary>
    public sealed class ModelWeightPlan
    {
        internal ModelWeightPlan(ModelConfig config, ModelWeightOptions options, string kerasVersion, IReadOnlyList<ModelWeight> weights,
            IReadOnlyList<KerasObject> kerasObjects, IReadOnlyList<ModelLayer> skipped, IReadOnlyList<ModelFinding> notes)
        {
            Config = config ?? throw new ArgumentNullException(nameof(config));
            Options = options ?? throw new ArgumentNullException(nameof(options));
            KerasVersion = kerasVersion ?? throw new ArgumentNullException(nameof(kerasVersion));
            Weights = weights ?? throw new ArgumentNullException(nameof(weights));
            KerasObjects = kerasObjects ?? throw new ArgumentNullException(nameof(kerasObjects));
            Skipped = skipped ?? throw new ArgumentNullException(nameof(skipped));
            Notes = notes ?? throw new ArgumentNullException(nameof(notes));
        }

        /// <summary>The model config the plan is for.</summary>
        public ModelConfig Config { get; }

        /// <summary>The options it was built with.</summary>
        public ModelWeightOptions Options { get; }

        /// <summary>The Keras version whose rules were applied (<c>3.15</c> unless the file or the options say otherwise).</summary>
        public string KerasVersion { get; }

        /// <summary>The weights in the order the loader creates them: layer by layer, each layer's trainable weights then
        /// its non-trainable ones.</summary>
        public IReadOnlyList<ModelWeight> Weights { get; }

        /// <summary>Every saveable object of the Keras 3 weights file (the root model, layers, cells, sub-layers), in the
        /// order Keras visits them.</summary>
        public IReadOnlyList<KerasObject> KerasObjects { get; }

        /// <summary>Layers with weights that were skipped (only with <see cref="ModelWeightOptions.SkipUnsupported"/>).</summary>
        public IReadOnlyList<ModelLayer> Skipped { get; }

        /// <summary>Differences worth reporting (a shape that differs between Keras and TensorFlow.js, a default taken).</summary>
        public IReadOnlyList<ModelFinding> Notes { get; }

        /// <summary>Each planned layer's output shapes on its first call, by layer path, the Python way (<c>(None, 8)</c>);
        /// for tests and diagnostics.</summary>
        internal IReadOnlyDictionary<string, string> OutputShapes { get; set; } = new Dictionary<string, string>();

        /// <summary>Plans the weights of a model config.</summary>
        /// <param name="config">The model config (<see cref="ModelConfig.ReadFile"/>).</param>
        /// <param name="options">The target loader and the rules; null for the defaults.</param>
        /// <returns>The plan.</returns>
        /// <exception cref="InitializerException">UnsupportedLayer, NoInputShape, InvalidLayerShape and the other
        /// errors listed in docs/model-weights.md.</exception>
        public static ModelWeightPlan Build(ModelConfig config, ModelWeightOptions? options = null) =>
            ShapePlanner.Build(config ?? throw new ArgumentNullException(nameof(config)), options ?? new ModelWeightOptions());
    }
}
