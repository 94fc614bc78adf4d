namespace Initializers.Models.Weights
{
    /// <summary>Builds a <see cref="ModelWeightPlan"/>: propagates shapes through the model and lists each layer's
    /// weights (the <c>weightplan</c> work).</summary>
    internal static class ShapePlanner
    {
        internal static ModelWeightPlan Build(ModelConfig config, ModelWeightOptions options) =>
            throw new InitializerException("UnsupportedLayer", ErrorKind.InvalidOperation, "Model weight planning is not built yet.", config.SourceName);
    }
}
