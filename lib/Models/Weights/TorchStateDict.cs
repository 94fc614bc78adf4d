using System;
using System.Collections.Generic;
using System.Linq;

namespace Initializers.Models.Weights
{
    /// <summary>A Keras model's weights as a PyTorch <c>state_dict</c>: each weight renamed after the torch.nn module that
    /// holds the same parameter and rearranged into that module's layout, bit for bit (the values are the Keras layout's,
    /// drawn with the same seeds and fans). The table is in docs/model-weights.md ("PyTorch layout").</summary>
    /// <remarks>
    /// <para>Names: the Keras variable path's scopes joined by <c>.</c>, then the torch parameter name. A recurrent layer's
    /// cell scope is dropped (torch.nn.LSTM holds its parameters itself); a Bidirectional's two directions become one
    /// bidirectional torch module: the forward weights <c>…_l0</c>, the backward ones <c>…_l0_reverse</c>.</para>
    /// <para>Layouts: Dense kernel (in, out) → Linear weight (out, in); ConvND kernel (k…, in/g, out) → (out, in/g, k…);
    /// ConvNDTranspose kernel (k…, out, in) → ConvTransposeNd weight (in, out, k…); DepthwiseConv kernel (k…, in, m) →
    /// Conv weight (in·m, 1, k…) with groups = in; SeparableConv → a <c>depthwise</c> and a <c>pointwise</c> Conv;
    /// recurrent kernels (in, G·u) and (u, G·u) → <c>weight_ih_l0</c> (G·u, in) and <c>weight_hh_l0</c> (G·u, u), the
    /// GRU's gate blocks reordered from Keras's z, r, h to torch's r, z, n; the Keras bias → <c>bias_ih_l0</c> and a zero
    /// <c>bias_hh_l0</c> (a GRU with reset_after: its two rows); BatchNormalization adds <c>num_batches_tracked</c>
    /// (int64 0).</para>
    /// </remarks>
    public static class TorchStateDict
    {
        /// <summary>The <c>__metadata__</c> key of the layout of a .safetensors file written in PyTorch's layout
        /// (value <c>torch</c>); absent in the Keras layout.</summary>
        public const string LayoutKey = "initializers.layout";

        /// <summary>The <c>__metadata__</c> key of the Keras source of each tensor: a JSON object of torch name to the
        /// Keras variable path whose values it holds (null for a tensor of zeros).</summary>
        public const string SourcesKey = "initializers.torch_sources";

        private static readonly int[] GruGates = { 1, 0, 2 };

        /// <summary>Refuses a format that has one layout: TensorFlow.js and Keras <c>.weights.h5</c> are read by Keras's
        /// and TensorFlow.js's own loaders, in Keras's layout.</summary>
        /// <param name="format">The output format.</param>
        /// <param name="destination">The file, named in the error.</param>
        /// <exception cref="InitializerException">LayoutFormatUnsupported for <see cref="ModelWeightFormat.TensorFlowJs"/>
        /// and <see cref="ModelWeightFormat.KerasH5"/>.</exception>
        public static void CheckFormat(ModelWeightFormat format, string? destination)
        {
            if (format is ModelWeightFormat.TensorFlowJs or ModelWeightFormat.KerasH5)
            {
                throw new InitializerException(
                    "LayoutFormatUnsupported",
                    ErrorKind.InvalidArgument,
                    $"Cannot write '{destination}' in PyTorch's layout: the {format} format has Keras's layout only (its loader reads nothing else); write .safetensors or .npz for the Torch layout.",
                    format) { SourceName = destination };
            }
        }

        /// <summary>The <c>state_dict</c> of a plan: every weight's torch tensor(s), in plan order, with the zero tensors
        /// PyTorch adds after the weight they go with.</summary>
        /// <param name="plan">A plan for Keras (<see cref="ModelWeightPlan.Build"/>).</param>
        /// <returns>The tensors; their names are unique.</returns>
        /// <exception cref="InitializerException">TorchLayoutUnsupported naming the layer: a weight with no torch.nn
        /// counterpart (EinsumDense, MultiHeadAttention, PReLU, Normalization, a GRU with reset_after false, a
        /// BatchNormalization with only one of scale and center or several axes, a layer name holding a dot), or a
        /// Bidirectional whose directions differ in shape; TorchDuplicateName when two weights would share a name.</exception>
        public static IReadOnlyList<TorchTensor> Map(ModelWeightPlan plan)
        {
            if (plan is null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            var paths = new HashSet<string>(plan.Weights.Select(w => w.Path), StringComparer.Ordinal);
            var list = new List<TorchTensor>();
            foreach (var weight in plan.Weights)
            {
                list.AddRange(Tensors(plan, weight, paths));
            }

            var byName = new Dictionary<string, TorchTensor>(StringComparer.Ordinal);
            foreach (var tensor in list)
            {
                if (byName.TryGetValue(tensor.Name, out var other))
                {
                    throw Error(plan, tensor.Source, "TorchDuplicateName",
                        $"has a weight '{tensor.Source.Path}' whose PyTorch name '{tensor.Name}' the weight '{other.Source.Path}' already has; rename one layer.");
                }

                byName[tensor.Name] = tensor;
            }

            foreach (var tensor in list.Where(t => t.Name.EndsWith("_reverse", StringComparison.Ordinal)))
            {
                var forward = tensor.Name.Substring(0, tensor.Name.Length - "_reverse".Length);
                if (!byName.TryGetValue(forward, out var f) || !f.Shape.SequenceEqual(tensor.Shape))
                {
                    throw Error(plan, tensor.Source, "TorchLayoutUnsupported",
                        $"is the backward direction of a Bidirectional whose forward direction differs ('{tensor.Name}' {TensorShape.Format(tensor.Shape)} has no forward '{forward}' of that shape); a bidirectional torch.nn module has one size for both.");
                }
            }

            return list;
        }

        private static TorchTensor[] Tensors(ModelWeightPlan plan, ModelWeight w, HashSet<string> paths)
        {
            var cls = LayerCatalog.KerasClass(w.LayerClass);
            var scopes = w.Path.Split('/').ToList();
            scopes.RemoveAt(scopes.Count - 1);
            var suffix = "";
            var recurrent = cls is "LSTM" or "GRU" or "SimpleRNN";
            if (recurrent)
            {
                // Keras 3 keeps an RNN's weights on its cell (lstm/lstm_cell/kernel); torch.nn.LSTM holds them itself. A
                // Bidirectional's directions (bi/forward_lstm/lstm_cell/kernel) are one bidirectional torch module.
                scopes.RemoveAt(scopes.Count - 1);
                var owner = w.KerasPath.Substring(0, Math.Max(0, w.KerasPath.LastIndexOf("/vars/", StringComparison.Ordinal)));
                var direction = owner.EndsWith("forward_layer/cell", StringComparison.Ordinal) ? ""
                    : owner.EndsWith("backward_layer/cell", StringComparison.Ordinal) ? "_reverse" : null;
                if (direction is not null)
                {
                    scopes.RemoveAt(scopes.Count - 1);
                    suffix = direction;
                }
            }

            if (scopes.Count == 0 || scopes.Any(s => s.Length == 0 || s.Contains('.')))
            {
                throw Error(plan, w, "TorchLayoutUnsupported",
                    $"has the weight '{w.Path}', whose scopes cannot name a torch.nn module (a module name has no '.' and is not empty).");
            }

            var module = string.Join(".", scopes) + ".";
            var shape = w.Shape.ToArray();
            var r = shape.Length;
            switch (cls, w.Name)
            {
                case ("Dense" or "Conv1D" or "Conv2D" or "Conv3D" or "Conv1DTranspose" or "Conv2DTranspose" or "Conv3DTranspose", "kernel"):
                    return new[] { Reversed(module + "weight", w) };
                case ("Dense" or "Conv1D" or "Conv2D" or "Conv3D" or "Conv1DTranspose" or "Conv2DTranspose" or "Conv3DTranspose" or "DepthwiseConv1D" or "DepthwiseConv2D", "bias"):
                case ("Embedding", "embeddings"):
                    return new[] { Same(module + (w.Name is "bias" ? "bias" : "weight"), w) };
                case ("LayerNormalization" or "GroupNormalization", "gamma" or "beta"):
                    var normPrefix = w.Path.Substring(0, w.Path.Length - w.Name.Length);
                    if (paths.Contains(normPrefix + "gamma") != paths.Contains(normPrefix + "beta"))
                    {
                        // center=false or scale=false: torch's affine LayerNorm/GroupNorm has both or neither.
                        throw Error(plan, w, "TorchLayoutUnsupported",
                            $"has only one of gamma (scale) and beta (center); torch.nn.{(cls == "LayerNormalization" ? "LayerNorm" : "GroupNorm")} has both (affine) or neither.");
                    }

                    return new[] { Same(module + (w.Name == "beta" ? "bias" : "weight"), w) };
                case ("DepthwiseConv1D" or "DepthwiseConv2D", "kernel"):
                    return new[] { Depthwise(module + "weight", w) };
                case ("SeparableConv1D" or "SeparableConv2D", "depthwise_kernel"):
                    return new[] { Depthwise(module + "depthwise.weight", w) };
                case ("SeparableConv1D" or "SeparableConv2D", "pointwise_kernel"):
                    return new[] { Reversed(module + "pointwise.weight", w) };
                case ("SeparableConv1D" or "SeparableConv2D", "bias"):
                    return new[] { Same(module + "pointwise.bias", w) };
                case ("BatchNormalization", _):
                    var prefix = w.Path.Substring(0, w.Path.Length - w.Name.Length);
                    if (r != 1 || paths.Contains(prefix + "gamma") != paths.Contains(prefix + "beta"))
                    {
                        throw Error(plan, w, "TorchLayoutUnsupported",
                            r != 1 ? $"has the weight '{w.Path}' of shape {TensorShape.Format(shape)}; torch.nn.BatchNorm holds one value per channel (one axis)."
                                : "has only one of gamma (scale) and beta (center); torch.nn.BatchNorm has both (affine) or neither.");
                    }

                    var name = w.Name switch
                    {
                        "gamma" => "weight",
                        "beta" => "bias",
                        "moving_mean" => "running_mean",
                        _ => "running_var",
                    };
                    return w.Name == "moving_variance"
                        ? new[] { Same(module + name, w), new TorchTensor(module + "num_batches_tracked", Array.Empty<long>(), DType.Int64, w, null) }
                        : new[] { Same(module + name, w) };
                case ("LSTM" or "GRU" or "SimpleRNN", "kernel" or "recurrent_kernel"):
                    CheckGru(plan, w, cls);
                    return new[] { Gates(module + (w.Name == "kernel" ? "weight_ih_l0" : "weight_hh_l0") + suffix, w, cls, transpose: true, 0) };
                case ("LSTM" or "GRU" or "SimpleRNN", "bias"):
                    CheckGru(plan, w, cls);
                    return new[]
                    {
                        Gates(module + "bias_ih_l0" + suffix, w, cls, transpose: false, 0),
                        r == 2
                            ? Gates(module + "bias_hh_l0" + suffix, w, cls, transpose: false, shape[1])
                            : new TorchTensor(module + "bias_hh_l0" + suffix, shape, w.DType, w, null),
                    };
                default:
                    throw Error(plan, w, "TorchLayoutUnsupported",
                        $"has the weight '{w.Path}' ({w.LayerClass} {w.Name}), which has no torch.nn counterpart in this mapping (docs/model-weights.md, \"PyTorch layout\"); write the Keras layout.");
            }
        }

        /// <summary>Same order, same shape.</summary>
        private static TorchTensor Same(string name, ModelWeight w)
        {
            var shape = w.Shape.ToArray();
            return new TorchTensor(name, shape, w.DType, w, new[] { (0L, shape, Strides(shape)) });
        }

        /// <summary>Keras (k…, B, C) → torch (C, B, k…): element [c, b, k…] is Keras [k…, b, c].</summary>
        private static TorchTensor Reversed(string name, ModelWeight w)
        {
            var shape = w.Shape.ToArray();
            var r = shape.Length;
            var strides = Strides(shape);
            var torch = new[] { shape[r - 1], shape[r - 2] }.Concat(shape.Take(r - 2)).ToArray();
            var torchStrides = new[] { strides[r - 1], strides[r - 2] }.Concat(strides.Take(r - 2)).ToArray();
            return new TorchTensor(name, torch, w.DType, w, new[] { (0L, torch, torchStrides) });
        }

        /// <summary>Keras (k…, in, m) → torch (in·m, 1, k…): output channel c·m + j is Keras [k…, c, j], the order of
        /// TensorFlow's depthwise output and of torch's groups = in.</summary>
        private static TorchTensor Depthwise(string name, ModelWeight w)
        {
            var shape = w.Shape.ToArray();
            var r = shape.Length;
            var strides = Strides(shape);
            var torch = new[] { shape[r - 2] * shape[r - 1], 1 }.Concat(shape.Take(r - 2)).ToArray();
            var torchStrides = new[] { 1L, 0 }.Concat(strides.Take(r - 2)).ToArray();
            return new TorchTensor(name, torch, w.DType, w, new[] { (0L, torch, torchStrides) });
        }

        /// <summary>A recurrent kernel (rows, G·u) → (G·u, rows) when <paramref name="transpose"/>, or the bias row at
        /// <paramref name="offset"/> (G·u,), in torch's gate order: one block per gate.</summary>
        private static TorchTensor Gates(string name, ModelWeight w, string cls, bool transpose, long offset)
        {
            var shape = w.Shape.ToArray();
            var gates = cls == "LSTM" ? 4 : cls == "GRU" ? 3 : 1;
            var width = shape[shape.Length - 1];
            var units = width / gates;
            var views = new List<(long Offset, long[] Shape, long[] Strides)>();
            for (var g = 0; g < gates; g++)
            {
                var keras = cls == "GRU" ? GruGates[g] : g;
                views.Add(transpose
                    ? (keras * units, new[] { units, shape[0] }, new[] { 1L, width })
                    : (offset + (keras * units), new[] { units }, new[] { 1L }));
            }

            var torch = transpose ? new[] { width, shape[0] } : new[] { width };
            return new TorchTensor(name, torch, w.DType, w, views);
        }

        /// <summary>A GRU with reset_after false applies the reset gate before the recurrent kernel; torch.nn.GRU applies
        /// it after (Keras's reset_after true), so no torch module computes it.</summary>
        private static void CheckGru(ModelWeightPlan plan, ModelWeight w, string cls)
        {
            if (cls != "GRU")
            {
                return;
            }

            var config = plan.Config.Layers.FirstOrDefault(l => l.Path == w.Layer)?.Config;
            var resetAfter = config?["reset_after"] is bool b ? b : !(config?.Contains("reset_after") ?? false);
            if (!resetAfter || (w.Name == "bias" && w.Shape.Count != 2))
            {
                throw Error(plan, w, "TorchLayoutUnsupported",
                    "is a GRU with reset_after false, which applies the reset gate before the recurrent kernel; torch.nn.GRU applies it after (reset_after true), so no torch module computes it.");
            }
        }

        private static long[] Strides(long[] shape)
        {
            var strides = new long[shape.Length];
            var s = 1L;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                strides[d] = s;
                s *= shape[d];
            }

            return strides;
        }

        private static InitializerException Error(ModelWeightPlan plan, ModelWeight w, string errorId, string message)
        {
            var layer = plan.Config.Layers.FirstOrDefault(l => l.Path == w.Layer);
            return new InitializerException(errorId, ErrorKind.InvalidData, $"The layer '{w.Layer}' ({w.LayerClass}) {message}", w.Layer)
            {
                SourceName = plan.Config.SourceName,
                Line = layer?.Line,
                Column = layer?.Column,
            };
        }
    }
}
