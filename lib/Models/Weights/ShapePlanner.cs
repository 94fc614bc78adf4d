using System;

namespace Initializers.Models.Weights
{
    /// <summary>Builds a <see cref="ModelWeightPlan"/>: propagates shapes through the model and lists each layer's
    /// weights (the <c>weightplan</c> work), and holds the output-length arithmetic of model-formats.md §6.</summary>
    internal static class ShapePlanner
    {
        internal static ModelWeightPlan Build(ModelConfig config, ModelWeightOptions options) => new WeightPlanner(config, options).Build();

        /// <summary>The output length of a convolution or pooling window (Keras 3 <c>compute_conv_output_shape</c>):
        /// with k_eff = d·(k−1)+1, <c>valid</c> gives floor((L − k_eff)/s) + 1 and <c>same</c>/<c>causal</c> ceil(L/s).
        /// Unknown stays unknown. The result may be ≤ 0 for <c>valid</c>; the caller refuses it.</summary>
        /// <param name="length">The input length, or null when unknown.</param>
        /// <param name="kernel">The window size.</param>
        /// <param name="stride">The stride.</param>
        /// <param name="dilation">The dilation rate.</param>
        /// <param name="padding"><c>valid</c>, <c>same</c> or <c>causal</c>.</param>
        internal static long? ConvLength(long? length, long kernel, long stride, long dilation, string padding)
        {
            if (length is not long l)
            {
                return null;
            }

            var effective = (dilation * (kernel - 1)) + 1;
            return padding == "valid" ? FloorDiv(l - effective, stride) + 1 : FloorDiv(l + stride - 1, stride);
        }

        /// <summary>The output length of a transposed convolution (Keras 3 <c>_get_output_shape_given_tf_padding</c>):
        /// without output padding <c>valid</c> gives L·s + max(k_eff − s, 0) and <c>same</c> L·s; with output padding p,
        /// <c>valid</c> gives (L−1)·s + k_eff + p and <c>same</c> (L−1)·s + (k_eff mod 2) + p.</summary>
        /// <param name="length">The input length, or null when unknown.</param>
        /// <param name="kernel">The kernel size.</param>
        /// <param name="stride">The stride.</param>
        /// <param name="dilation">The dilation rate.</param>
        /// <param name="padding"><c>valid</c> or <c>same</c>.</param>
        /// <param name="outputPadding">The output padding, or null.</param>
        internal static long? DeconvLength(long? length, long kernel, long stride, long dilation, string padding, long? outputPadding)
        {
            if (length is not long l)
            {
                return null;
            }

            var effective = (dilation * (kernel - 1)) + 1;
            if (outputPadding is not long p)
            {
                return padding == "valid" ? (l * stride) + Math.Max(effective - stride, 0) : l * stride;
            }

            return padding == "valid" ? ((l - 1) * stride) + effective + p : ((l - 1) * stride) + (effective % 2) + p;
        }

        private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
    }
}
