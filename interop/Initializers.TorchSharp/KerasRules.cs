using System.Linq;
using Initializers.Family;
using Initializers.Torch;

namespace Initializers.TorchSharp
{
    /// <summary>The Keras rule for one parameter of a TorchSharp module (see <see cref="KerasModuleInitialization"/>):
    /// pure shape logic, no libtorch.</summary>
    internal static class KerasRules
    {
        /// <summary>The Keras initializer, the Keras shape, and the layout the torch parameter is in
        /// (<see cref="WeightLayout.Torch"/> for kernels, whose values <see cref="TorchLayout.Call"/> computes on the
        /// Keras shape and permutes; <see cref="WeightLayout.Keras"/> where both frameworks lay the weight out alike), or
        /// null when no rule applies.</summary>
        internal static (Initializer Initializer, int[] KerasShape, WeightLayout Layout)? For(string kind, string name, long[] torchShape, long seed, string layerPath)
        {
            var shape = torchShape.Select(d => checked((int)d)).ToArray();
            var isConv = kind is "Conv1d" or "Conv2d" or "Conv3d" or "ConvTranspose1d" or "ConvTranspose2d" or "ConvTranspose3d";
            var isNorm = kind is "LayerNorm" or "BatchNorm1d" or "BatchNorm2d" or "BatchNorm3d" or "GroupNorm"
                or "InstanceNorm1d" or "InstanceNorm2d" or "InstanceNorm3d";
            switch (name)
            {
                case "bias" when kind == "Linear" || isConv || isNorm:
                    return (new Zeros(), shape, WeightLayout.Keras);
                case "weight" when isNorm:
                    return (new Ones(), shape, WeightLayout.Keras);
                case "weight" when (kind == "Linear" && shape.Length == 2) || (isConv && shape.Length >= 3):
                    // torch (a, b, k…) is Keras (k…, b, a): Linear (out, in) ↔ Dense (in, out); ConvND (out, in/groups, k…)
                    // ↔ (k…, in/groups, out); ConvNDTranspose (in, out/groups, k…) ↔ (k…, out/groups, in).
                    return (new GlorotUniform(SeedDerivation.Derive(seed, layerPath, "kernel_initializer")),
                        TorchLayout.ConvertShape(shape, WeightLayout.Torch, WeightLayout.Keras), WeightLayout.Torch);
                case "weight" when kind == "Embedding":
                    return (new RandomUniform(-0.05, 0.05, SeedDerivation.Derive(seed, layerPath, "embeddings_initializer")), shape, WeightLayout.Keras);
                default:
                    return null;
            }
        }
    }
}
