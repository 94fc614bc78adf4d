namespace Initializers.Models.Weights
{
    /// <summary>How <see cref="ModelWeightPlan.Build"/> reads a model config.</summary>
    public sealed class ModelWeightOptions
    {
        /// <summary>Options with the defaults: Keras semantics, the Keras version the file states (else 3.15), unsupported
        /// layers refused.</summary>
        public ModelWeightOptions()
        {
        }

        /// <summary>Whose loader the weights are for; <see cref="WeightTarget.Keras"/> by default.</summary>
        public WeightTarget Target { get; set; } = WeightTarget.Keras;

        /// <summary>The Keras version whose rules apply where versions differ (MultiHeadAttention/EinsumDense fans changed
        /// in 3.15). Null: the version the file states (<c>keras_version</c>), else 3.15.</summary>
        public string? KerasVersion { get; set; }

        /// <summary>When true, a layer that has weights but is not supported is listed in
        /// <see cref="ModelWeightPlan.Skipped"/> instead of stopping the plan with <c>UnsupportedLayer</c>.</summary>
        public bool SkipUnsupported { get; set; }
    }
}
