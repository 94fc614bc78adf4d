using System.Linq;
using Initializers.Family;

namespace Initializers.TorchSharp
{
    /// <summary>The Keras rule for one parameter of a TorchSharp module (see <see cref="KerasModuleInitialization"/>):
    /// pure shape logic, no libtorch.</summary>
    internal static class KerasRules
    {
        /// <summary>The Keras initializer, the Keras shape and the permutation from it to the torch shape (null: the same
        /// layout), or null when no rule applies.</summary>
        internal static (Initializer Initializer, int[] KerasShape, int[]? Permutation)? For(string kind, string name, long[] torchShape, long seed, string layerPath)
        {
            var shape = torchShape.Select(d => checked((int)d)).ToArray();
            var isConv = kind is "Conv1d" or "Conv2d" or "Conv3d" or "ConvTranspose1d" or "ConvTranspose2d" or "ConvTranspose3d";
            var isNorm = kind is "LayerNorm" or "BatchNorm1d" or "BatchNorm2d" or "BatchNorm3d" or "GroupNorm"
                or "InstanceNorm1d" or "InstanceNorm2d" or "InstanceNorm3d";
            switch (name)
            {
                case "bias" when kind == "Linear" || isConv || isNorm:
                    return (new Zeros(), shape, null);
                case "weight" when isNorm:
                    return (new Ones(), shape, null);
                case "weight" when kind == "Linear" && shape.Length == 2:
                    // torch (out, in) is the transpose of Keras's Dense kernel (in, out).
                    return (new GlorotUniform(SeedDerivation.Derive(seed, layerPath, "kernel_initializer")), new[] { shape[1], shape[0] }, new[] { 1, 0 });
                case "weight" when isConv && shape.Length >= 3:
                {
                    // torch (a, b, k…) ↔ Keras (k…, b, a): a = out, b = in/groups for ConvND; a = in, b = out/groups for
                    // ConvNDTranspose. Keras dim i < r-2 is torch dim i+2; Keras r-2 is torch 1; Keras r-1 is torch 0.
                    var r = shape.Length;
                    var keras = shape.Skip(2).Concat(new[] { shape[1], shape[0] }).ToArray();
                    var permutation = new[] { r - 1, r - 2 }.Concat(Enumerable.Range(0, r - 2)).ToArray();
                    return (new GlorotUniform(SeedDerivation.Derive(seed, layerPath, "kernel_initializer")), keras, permutation);
                }

                case "weight" when kind == "Embedding":
                    return (new RandomUniform(-0.05, 0.05, SeedDerivation.Derive(seed, layerPath, "embeddings_initializer")), shape, null);
                default:
                    return null;
            }
        }
    }
}
