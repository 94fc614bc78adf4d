using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Torch;
using TorchSharp;

namespace Initializers.TorchSharp
{
    /// <summary>Initializes a TorchSharp module's parameters as Keras initializes the matching Keras layers, so that a
    /// PyTorch-layout model starts from Keras's defaults.</summary>
    /// <remarks>
    /// <para>The rules, by module class (the Keras layer's default initializers):</para>
    /// <list type="bullet">
    /// <item><c>Linear</c> (Keras Dense): weight (out, in) ← GlorotUniform computed on the Keras kernel (in, out), then
    /// transposed; bias ← Zeros.</item>
    /// <item><c>Conv1d/2d/3d</c> (Keras ConvND): weight (out, in/groups, k…) ← GlorotUniform on the Keras kernel
    /// (k…, in/groups, out), permuted; <c>ConvTranspose1d/2d/3d</c> (Keras ConvNDTranspose): weight (in, out/groups, k…)
    /// ← GlorotUniform on the Keras kernel (k…, out/groups, in), permuted; bias ← Zeros.</item>
    /// <item><c>Embedding</c>: weight (num, dim), the Keras layout ← RandomUniform(−0.05, 0.05) (Keras's "uniform").</item>
    /// <item><c>LayerNorm</c>, <c>BatchNorm1d/2d/3d</c>, <c>GroupNorm</c>, <c>InstanceNorm1d/2d/3d</c>: weight (gamma) ← Ones,
    /// bias (beta) ← Zeros. Running statistics are buffers and are left alone.</item>
    /// </list>
    /// <para>The values are exactly those of the Keras initializer for the Keras shape, in the parameter's dtype
    /// (float16, bfloat16, float32 or float64), moved into PyTorch's layout: the fans are Keras's. Each random
    /// parameter gets its own seed, <see cref="SeedDerivation.Derive"/>(seed, module path with <c>/</c> for <c>.</c>,
    /// <c>kernel_initializer</c> or <c>embeddings_initializer</c>), the derivation the module uses for Keras models.
    /// Any other module with parameters of its own (LSTM, GRU, MultiheadAttention, Bilinear, a custom module) has no
    /// rule here: it is the error UnsupportedModule, naming its parameters, unless <c>skipUnsupported</c> is true,
    /// when it is left as it is and reported with a null initializer.</para>
    /// </remarks>
    public static class KerasModuleInitialization
    {
        /// <summary>Fills <paramref name="module"/>'s parameters (and its submodules') by Keras's rules, in place.</summary>
        /// <param name="module">The module; its parameters are written under <c>torch.no_grad()</c>.</param>
        /// <param name="seed">The base seed: the same seed gives the same values for the same module tree.</param>
        /// <param name="skipUnsupported">Leave parameters of modules without a rule as they are (reported with a null
        /// initializer) instead of failing.</param>
        /// <returns>One entry per parameter, in <c>named_modules</c> order.</returns>
        /// <exception cref="InitializerException">UnsupportedModule when a module with parameters has no rule (before
        /// anything is written); UnsupportedDType for a parameter that is not floating.</exception>
        public static IReadOnlyList<KerasParameter> InitializeKeras(this torch.nn.Module module, long seed, bool skipUnsupported = false)
        {
            if (module is null)
            {
                throw new ArgumentNullException(nameof(module));
            }

            var plan = new List<(KerasParameter Entry, torch.Tensor? Target, WeightLayout Layout)>();
            var unsupported = new List<string>();
            // TorchSharp's named_modules, unlike PyTorch's, leaves out the module itself.
            foreach (var (path, child) in new[] { (name: "", module) }.Concat(module.named_modules()))
            {
                var kind = child.GetType().Name;
                foreach (var (name, parameter) in child.named_parameters(recurse: false))
                {
                    var full = path.Length == 0 ? name : path + "." + name;
                    var rule = KerasRules.For(kind, name, parameter.shape, seed, path.Replace('.', '/'));
                    if (rule is null)
                    {
                        unsupported.Add($"{full} ({kind})");
                        plan.Add((new KerasParameter(full, kind, null, null), null, WeightLayout.Keras));
                        continue;
                    }

                    var (initializer, kerasShape, layout) = rule.Value;
                    plan.Add((new KerasParameter(full, kind, initializer, kerasShape), parameter, layout));
                }
            }

            if (unsupported.Count > 0 && !skipUnsupported)
            {
                throw new InitializerException(
                    "UnsupportedModule",
                    ErrorKind.InvalidArgument,
                    $"No Keras rule for {string.Join(", ", unsupported)}: InitializeKeras knows Linear, Conv1d/2d/3d, ConvTranspose1d/2d/3d, " +
                    "Embedding and the normalization layers. Initialize those parameters yourself, or pass skipUnsupported: true to leave them as they are.",
                    unsupported);
            }

            using (torch.no_grad())
            {
                foreach (var (entry, target, layout) in plan)
                {
                    if (target is null)
                    {
                        continue;
                    }

                    // The library's own layout path (New-Tensor -Layout Torch): the Keras initializer on the Keras shape,
                    // permuted into the parameter's layout, bit for bit.
                    using var scope = torch.NewDisposeScope();
                    var torchShape = target.shape.Select(d => (int)d).ToArray();
                    var values = TorchLayout.Call(entry.Initializer!, torchShape, TorchTensors.ToDType(target.dtype), layout).ToTorch();
                    target.copy_(values.to(target.device));
                }
            }

            return plan.Select(p => p.Entry).ToList();
        }
    }
}
