using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Initializers.Config;
using Initializers.Family;

namespace Initializers.Models.Weights
{
    /// <summary>The per-layer rules: output shapes (model-formats.md §6) and weights in creation order with their
    /// shapes, config keys and defaults (§5).</summary>
    internal sealed partial class WeightPlanner
    {
        /// <summary>Layers whose output shape is their input shape and that have no weights.</summary>
        private static readonly HashSet<string> Unchanged = new(StringComparer.Ordinal)
        {
            "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout", "GaussianNoise", "AlphaDropout",
            "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "ThresholdedReLU", "Masking", "Identity", "ActivityRegularization",
            "UnitNormalization",
        };

        /// <summary>Layers that TensorFlow.js 4.22 does not register (model-formats.md §4.7).</summary>
        private static readonly HashSet<string> NotInTfjs = new(StringComparer.Ordinal)
        {
            "GroupNormalization", "Conv1DTranspose", "DepthwiseConv1D", "SeparableConv1D", "ZeroPadding1D", "ZeroPadding3D",
            "MultiHeadAttention", "EinsumDense", "Normalization", "UnitNormalization", "Identity",
            "ActivityRegularization", "Cropping1D", "Cropping3D", "GlobalAveragePooling3D", "GlobalMaxPooling3D", "SpatialDropout2D",
            "SpatialDropout3D", "Subtract", "UpSampling1D", "UpSampling3D",
        };

        private static readonly Regex Einsum = new(@"^(\.\.\.)?([a-zA-Z]+)(\.\.\.)?,([a-zA-Z]+)->(\.\.\.)?([a-zA-Z]+)(\.\.\.)?$", RegexOptions.CultureInvariant);

        /// <summary>Plans one call of a layer: its weights (on the first call, <paramref name="build"/>) and its output shapes.</summary>
        private List<long?[]?> Apply(ModelLayer layer, Call call, Site site, bool build)
        {
            var cls = LayerCatalog.KerasClass(layer.ClassName);
            var c = layer.Config ?? new Hashtable();
            if (tfjs && NotInTfjs.Contains(cls))
            {
                return Unsupported(layer, build, $"is not a TensorFlow.js 4.22 layer (tf.loadLayersModel reports \"Unknown layer: {layer.ClassName}\").");
            }

            if (cls is "Sequential" or "Functional")
            {
                // A later call of a shared nested model plans no weights, but its output follows that call's inputs.
                return RunModel(layer.Entry, layer.Name, site, call.Args.Concat(call.Kwargs.Values).ToList(), build);
            }

            // Keras 3 (and 2.13+) record the shape each layer was built for: its weights follow it, while its output
            // follows the shapes it is called with (a Dense built for (None, 8) and called on (None, 5, 8)).
            // TensorFlow.js ignores build_config and propagates.
            var builtFor = build && !tfjs ? BuiltShapes(layer) : null;
            if (builtFor is not null && call.Args.Count + call.Kwargs.Count > 0 && call.Args.Concat(call.Kwargs.Values).All(s => s is not null))
            {
                var planned = new Call();
                planned.Args.AddRange(builtFor);
                Rule(layer, cls, c, planned, builtFor, site, build: true);
                return Rule(layer, cls, c, call, null, site, build: false);
            }

            return Rule(layer, cls, c, call, builtFor, site, build);
        }

        private List<long?[]?> Rule(ModelLayer layer, string cls, IDictionary c, Call call, List<long?[]?>? builtFor, Site site, bool build)
        {
            var input = builtFor is { Count: > 0 } && builtFor[0] is not null ? builtFor[0] : call.Arg(0, "inputs");

            if (Unchanged.Contains(cls))
            {
                return One(input);
            }

            switch (cls)
            {
                case "Dense":
                    return Dense(layer, c, input, site, build);
                case "EinsumDense":
                    return EinsumDense(layer, c, input, site, build);
                case "Embedding":
                    return Embedding(layer, c, input, site, build);
                case "Conv1D" or "Conv2D" or "Conv3D" or "Conv1DTranspose" or "Conv2DTranspose" or "Conv3DTranspose"
                    or "DepthwiseConv1D" or "DepthwiseConv2D" or "SeparableConv1D" or "SeparableConv2D":
                    return Conv(layer, cls, c, input, site, build);
                case "SimpleRNN" or "LSTM" or "GRU":
                    return Recurrent(layer, cls, c, input, site, build);
                case "Bidirectional":
                    return Bidirectional(layer, c, call, site, build);
                case "TimeDistributed":
                    return TimeDistributed(layer, c, input, site, build);
                case "BatchNormalization":
                    return BatchNormalization(layer, c, input, site, build);
                case "LayerNormalization":
                    return LayerNormalization(layer, c, input, site, build);
                case "GroupNormalization":
                    return GroupNormalization(layer, c, input, site, build);
                case "Normalization":
                    return Normalization(layer, c, input, site, build);
                case "PReLU":
                    return PReLU(layer, c, input, site, build);
                case "MultiHeadAttention":
                    return MultiHeadAttention(layer, c, call, builtFor, site, build);
                case "MaxPooling1D" or "MaxPooling2D" or "MaxPooling3D" or "AveragePooling1D" or "AveragePooling2D" or "AveragePooling3D":
                    return Pooling(layer, cls, c, input);
                case "GlobalMaxPooling1D" or "GlobalMaxPooling2D" or "GlobalMaxPooling3D" or "GlobalAveragePooling1D" or "GlobalAveragePooling2D" or "GlobalAveragePooling3D":
                    return GlobalPooling(layer, cls, c, input);
                case "ZeroPadding1D" or "ZeroPadding2D" or "ZeroPadding3D":
                    return Padding(layer, cls, c, input, +1);
                case "Cropping1D" or "Cropping2D" or "Cropping3D":
                    return Padding(layer, cls, c, input, -1);
                case "UpSampling1D" or "UpSampling2D" or "UpSampling3D":
                    return UpSampling(layer, cls, c, input);
                case "Flatten":
                    return One(input is null ? null : new[] { input[0], input.Length == 1 ? 1 : Product(input.Skip(1)) });
                case "Reshape":
                    return Reshape(layer, c, input);
                case "Permute":
                    return Permute(layer, c, input);
                case "RepeatVector":
                    return One(input is null ? null : new[] { input[0], (long?)RequiredInt(layer, c, "n"), input.Length > 1 ? input[1] : null });
                case "Add" or "Subtract" or "Multiply" or "Average" or "Maximum" or "Minimum":
                    return Broadcast(layer, Inputs(call, builtFor));
                case "Concatenate":
                    return Concatenate(layer, c, Inputs(call, builtFor));
                default:
                    return Unsupported(layer, build, "is not supported by the weight planner (the supported layers are listed in docs/model-weights.md).");
            }
        }

        private List<long?[]?> Unsupported(ModelLayer layer, bool build, string why)
        {
            if (!options.SkipUnsupported)
            {
                throw Error("UnsupportedLayer", layer, why + " Use -SkipUnsupported to plan the other layers and list this one as skipped.");
            }

            if (build)
            {
                skipped.Add(layer);
                Note(FindingSeverity.Warning, "UnsupportedLayer", layer, why + " It was skipped: it gets no weights, and its output shape is unknown.");
            }

            return One(null);
        }

        private static List<long?[]?> One(long?[]? shape) => new() { shape };

        private static List<long?[]?> Inputs(Call call, List<long?[]?>? builtFor) =>
            builtFor is { Count: > 1 } && builtFor.All(s => s is not null) ? builtFor : call.Args.Concat(call.Kwargs.Values).ToList();

        /// <summary>Keras 3 <c>build_config</c>: <c>input_shape</c> (one shape, or a list of shapes for a multi-input
        /// layer) or <c>shapes_dict</c> (<c>query_shape</c>, <c>value_shape</c>, <c>key_shape</c>, in that order).</summary>
        private List<long?[]?>? BuiltShapes(ModelLayer layer)
        {
            if (layer.Entry["build_config"] is not IDictionary build)
            {
                return null;
            }

            if (build["shapes_dict"] is IDictionary dict)
            {
                return new[] { "query_shape", "value_shape", "key_shape" }.Select(k => ShapeValue(layer, dict, k)).ToList();
            }

            if (build["input_shape"] is IList list && list.Count > 0 && list[0] is IList && list[0] is not IDictionary)
            {
                return list.Cast<object?>().Select(s => ParseShape(s)).ToList();
            }

            return ShapeValue(layer, build, "input_shape") is { } one ? One(one) : null;
        }

        // ----- weights -----

        /// <summary>Where a weight goes: the Keras object that owns it, its Keras 3 variable scope, its TensorFlow.js
        /// scope (null: not for TensorFlow.js) and its seed-key prefix within the layer.</summary>
        private static (string Object, string Var, string? Tfjs, string Within) Own(Site site) => (site.ObjectPath, site.VarScope, site.TfjsScope, site.SeedPrefix);

        private void AddWeight(Site site, (string Object, string Var, string? Tfjs, string Within) owner, string name, long[] shape, List<PartDraft> parts,
            bool createdTrainable = true, string? tfjsName = null, DType? dtype = null)
        {
            var layer = site.Layer!;
            if (shape.Any(d => d <= 0))
            {
                throw Error("InvalidLayerShape", layer, $"would get a weight '{name}' of shape {Format(shape)}; every dimension must be positive.");
            }

            drafts.Add(new Draft(owner.Object, owner.Var + "/" + name, owner.Tfjs is null ? null : owner.Tfjs + "/" + (tfjsName ?? name), layer, name, shape,
                dtype ?? site.DType, createdTrainable, createdTrainable && site.Trainable, parts));
        }

        /// <summary>Adds a weight that one initializer call fills (<see cref="Whole"/>).</summary>
        private void AddWhole(Site site, (string Object, string Var, string? Tfjs, string Within) owner, string name, long[] shape,
            string stem, string kerasDefault, string tfjsDefault, bool createdTrainable = true, string? tfjsName = null, Func<Initializer, Initializer>? adapt = null) =>
            AddWeight(site, owner, name, shape, Whole(site, owner, name, shape, stem, kerasDefault, tfjsDefault, adapt), createdTrainable, tfjsName);

        /// <summary>One initializer call covering the whole weight.</summary>
        private List<PartDraft> Whole(Site site, (string Object, string Var, string? Tfjs, string Within) owner, string name, long[] shape,
            string stem, string kerasDefault, string tfjsDefault, Func<Initializer, Initializer>? adapt = null)
        {
            var (initializer, slot) = Resolve(site, stem, kerasDefault, tfjsDefault);
            return new List<PartDraft> { new(0, shape, adapt is null ? initializer : adapt(initializer), slot, owner.Within + name) };
        }

        /// <summary>The initializer a slot gives: as configured; a null slot is glorot_uniform in Keras (even for a
        /// bias) and the layer's default in TensorFlow.js; an absent slot is the target's default.</summary>
        private (Initializer Initializer, string Slot) Resolve(Site site, string stem, string kerasDefault, string tfjsDefault)
        {
            var layer = site.Layer!;
            var slot = slotsOf.TryGetValue(layer, out var list) ? list.FirstOrDefault(s => LayerCatalog.WeightOf(s.Slot) == stem) : null;
            var key = slot?.Slot ?? stem + "_initializer";
            if (slot?.Error is { } error)
            {
                throw error;
            }

            if (slot?.Initializer is { } configured)
            {
                return (configured, key);
            }

            if (slot is { IsNull: true } && !tfjs)
            {
                if (kerasDefault != "GlorotUniform")
                {
                    Note(FindingSeverity.Information, "NullInitializer", layer, $"has {key}: null, which Keras replaces with glorot_uniform (not the layer's default {kerasDefault}).");
                }

                return (KerasConfig.FromDocument("GlorotUniform"), key);
            }

            return (KerasConfig.FromDocument(tfjs ? tfjsDefault : kerasDefault), key);
        }

        // ----- shape helpers -----

        private long Need(ModelLayer layer, long?[]? shape, int axis, string what)
        {
            if (shape is null)
            {
                throw Error("NoInputShape", layer,
                    $"needs its input shape ({what}) and none is known: give the model an InputLayer with batch_shape (Keras 3) or batch_input_shape (Keras 2, TensorFlow.js), or a build_config.");
            }

            var index = axis < 0 ? shape.Length + axis : axis;
            if (index < 0 || index >= shape.Length)
            {
                throw Error("InvalidLayerShape", layer, $"needs axis {axis} ({what}) of its input, but the input shape {Format(shape)} has rank {shape.Length}.");
            }

            return shape[index] ?? throw Error("NoInputShape", layer, $"needs {what} (axis {axis}) of its input shape {Format(shape)}, which is unknown (None).");
        }

        private void RequireRank(ModelLayer layer, long?[]? shape, int rank, string expected)
        {
            if (shape is null)
            {
                throw Error("NoInputShape", layer, $"needs its input shape ({expected}) and none is known: give the model an InputLayer with batch_shape or batch_input_shape.");
            }

            if (shape.Length != rank)
            {
                throw Error("InvalidLayerShape", layer, $"expects an input of rank {rank} ({expected}); got shape {Format(shape)}.");
            }
        }

        private static long? Product(IEnumerable<long?> dims)
        {
            long product = 1;
            foreach (var d in dims)
            {
                if (d is not long v)
                {
                    return null;
                }

                product *= v;
            }

            return product;
        }

        private static bool? Flag(IDictionary? config, string key) => config?[key] is bool b ? b : null;

        private static long? Int(IDictionary config, string key) =>
            config[key] is object v && ConfigValues.IsInteger(v) ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null;

        /// <summary>One integer inside a config value (an axis, a padding amount, an output dimension); anything else (a
        /// string, null, a float, a list) is InvalidLayerShape naming the key, never a raw conversion error or a silent 0.</summary>
        private long Integer(ModelLayer layer, string key, object? value) =>
            value is not null && ConfigValues.IsInteger(value) ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
                : throw Error("InvalidLayerShape", layer, $"has {key} holding {ConfigValues.Format(value)}; expected an integer.");

        /// <summary>Keras refuses a normalization axis given twice ("Duplicate axis").</summary>
        private void DistinctAxes(ModelLayer layer, List<int> axes)
        {
            if (axes.Distinct().Count() != axes.Count)
            {
                throw Error("InvalidLayerShape", layer, $"has the axis {axes.GroupBy(a => a).First(g => g.Count() > 1).Key} twice in its axis list; Keras refuses a duplicate axis.");
            }
        }

        /// <summary><see cref="Integer"/> for an axis, which must also fit an int.</summary>
        private int Axis32(ModelLayer layer, string key, object? value)
        {
            var axis = Integer(layer, key, value);
            return axis is >= int.MinValue and <= int.MaxValue ? (int)axis
                : throw Error("InvalidLayerShape", layer, $"has {key}={axis}; it is not an axis of any input.");
        }

        private long RequiredInt(ModelLayer layer, IDictionary config, string key)
        {
            var value = Int(config, key) ?? throw Error("InvalidLayerShape", layer, $"has no integer '{key}' (got {ConfigValues.Format(config[key])}).");
            return value > 0 ? value : throw Error("InvalidLayerShape", layer, $"has {key}={value}; it must be positive.");
        }

        /// <summary>An int-or-tuple config value (<c>kernel_size</c>, <c>strides</c>) as <paramref name="rank"/> values.</summary>
        private long[] Ints(ModelLayer layer, IDictionary config, string key, int rank, long? fallback)
        {
            var value = config[key];
            long[] result;
            if (value is null)
            {
                result = fallback is long f ? Enumerable.Repeat(f, rank).ToArray()
                    : throw Error("InvalidLayerShape", layer, $"has no '{key}'.");
            }
            else if (ConfigValues.IsInteger(value))
            {
                result = Enumerable.Repeat(Convert.ToInt64(value, CultureInfo.InvariantCulture), rank).ToArray();
            }
            else if (value is IList list && list.Count == rank && list.Cast<object?>().All(v => v is not null && ConfigValues.IsInteger(v)))
            {
                result = list.Cast<object>().Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray();
            }
            else
            {
                throw Error("InvalidLayerShape", layer, $"has {key}={ConfigValues.Format(value)}; expected an integer or a list of {rank}.");
            }

            return result.All(v => v > 0) ? result : throw Error("InvalidLayerShape", layer, $"has {key}={ConfigValues.Format(value)}; every value must be positive.");
        }

        private static bool ChannelsFirst(IDictionary config) => config["data_format"] is string f && f.Replace("_", "").ToLowerInvariant() == "channelsfirst";

        private static int SpatialRank(string cls)
        {
            var name = cls.EndsWith("Transpose", StringComparison.Ordinal) ? cls.Substring(0, cls.Length - "Transpose".Length) : cls;
            return name[name.Length - 2] - '0';
        }

        private static int Axis(int axis, int rank) => axis < 0 ? axis + rank : axis;

        // ----- layers with weights -----

        private List<long?[]?> Dense(ModelLayer layer, IDictionary c, long?[]? input, Site site, bool build)
        {
            var units = RequiredInt(layer, c, "units");
            if (build)
            {
                // Dense on rank > 2 uses the last axis (Keras allows a Dense after a 4-D output without Flatten).
                var features = Need(layer, input, -1, "its last dimension, the features");
                var owner = Own(site);
                AddWhole(site, owner, "kernel", new[] { features, units }, "kernel", "GlorotUniform", "GlorotNormal");
                if (Flag(c, "use_bias") ?? true)
                {
                    AddWhole(site, owner, "bias", new[] { units }, "bias", "Zeros", "Zeros");
                }
            }

            return One(input is null ? null : input.Take(input.Length - 1).Append(units).ToArray());
        }

        private List<long?[]?> Embedding(ModelLayer layer, IDictionary c, long?[]? input, Site site, bool build)
        {
            var inputDim = RequiredInt(layer, c, "input_dim");
            var outputDim = RequiredInt(layer, c, "output_dim");
            if (build)
            {
                var owner = Own(site);
                var shape = new[] { inputDim, outputDim };
                AddWhole(site, owner, "embeddings", shape, "embeddings", "RandomUniform", "RandomUniform");
            }

            return One(input?.Append(outputDim).ToArray());
        }

        private List<long?[]?> Conv(ModelLayer layer, string cls, IDictionary c, long?[]? input, Site site, bool build)
        {
            var rank = SpatialRank(cls);
            var transpose = cls.EndsWith("Transpose", StringComparison.Ordinal);
            var depthwise = cls.StartsWith("Depthwise", StringComparison.Ordinal);
            var separable = cls.StartsWith("Separable", StringComparison.Ordinal);
            var first = ChannelsFirst(c);
            RequireRank(layer, input, rank + 2, first ? "batch, channels, then " + rank + " spatial dimensions" : "batch, " + rank + " spatial dimensions, then channels");
            var channels = Need(layer, input, first ? 1 : -1, "the input channels");
            var kernel = Ints(layer, c, "kernel_size", rank, null);
            var strides = Ints(layer, c, "strides", rank, 1);
            var dilation = Ints(layer, c, "dilation_rate", rank, 1);
            var padding = (c["padding"] as string ?? "valid").ToLowerInvariant();
            var filters = depthwise ? 0 : RequiredInt(layer, c, "filters");
            var multiplier = depthwise || separable ? Int(c, "depth_multiplier") ?? 1 : 1;
            var groups = depthwise || separable || transpose ? 1 : Int(c, "groups") ?? 1;
            if (padding is not ("valid" or "same" or "causal") || (padding == "causal" && (rank != 1 || transpose || depthwise || separable)))
            {
                throw Error("InvalidLayerShape", layer, $"has padding '{padding}'; expected valid or same (causal only for Conv1D).");
            }

            if (strides.Any(s => s > 1) && dilation.Any(d => d > 1))
            {
                throw Error("InvalidLayerShape", layer, $"has strides {ConfigValues.Format(c["strides"])} and dilation_rate {ConfigValues.Format(c["dilation_rate"])}; Keras refuses strides > 1 together with dilation > 1.");
            }

            if (tfjs && padding == "causal")
            {
                padding = "valid";
                if (build)
                {
                    Note(FindingSeverity.Warning, "TfjsCausalAsValid", layer, "has padding 'causal'; TensorFlow.js sizes its output like 'valid' (Keras like 'same'), so later shapes follow TensorFlow.js.");
                }
            }

            if (tfjs && groups != 1)
            {
                if (build)
                {
                    Note(FindingSeverity.Warning, "TfjsIgnoresGroups", layer, $"has groups={groups}; TensorFlow.js ignores groups, so its kernel has {channels} input channels instead of {channels}/{groups}.");
                }

                groups = 1;
            }

            if (groups < 1 || channels % groups != 0 || filters % groups != 0)
            {
                throw Error("InvalidLayerShape", layer, $"has groups={groups}, which must divide both the input channels ({channels}) and filters ({filters}).");
            }

            var outputPadding = transpose && !tfjs && c["output_padding"] is not null ? Ints(layer, c, "output_padding", rank, null) : null;
            var lengths = new long?[rank];
            for (var i = 0; i < rank; i++)
            {
                var length = input![first ? 2 + i : 1 + i];
                lengths[i] = transpose
                    ? ShapePlanner.DeconvLength(length, kernel[i], strides[i], tfjs ? 1 : dilation[i], padding, outputPadding?[i])
                    : ShapePlanner.ConvLength(length, kernel[i], strides[i], dilation[i], padding);
                if (lengths[i] is <= 0)
                {
                    throw Error("InvalidLayerShape", layer,
                        $"would have an output length of {lengths[i]} on spatial axis {i + 1} (input {Format(input)}, kernel_size {kernel[i]}, strides {strides[i]}, dilation {dilation[i]}, padding '{padding}'); Keras refuses it. The input is too small for this kernel.");
                }
            }

            var outChannels = depthwise ? channels * multiplier : filters;
            if (build)
            {
                var owner = Own(site);
                if (depthwise)
                {
                    var shape = kernel.Concat(new[] { channels, multiplier }).ToArray();
                    AddWhole(site, owner, "kernel", shape, "depthwise", "GlorotUniform", "GlorotNormal", tfjsName: "depthwise_kernel");
                }
                else if (separable)
                {
                    var depth = kernel.Concat(new[] { channels, multiplier }).ToArray();
                    var point = Enumerable.Repeat(1L, rank).Concat(new[] { channels * multiplier, filters }).ToArray();
                    AddWhole(site, owner, "depthwise_kernel", depth, "depthwise", "GlorotUniform", "GlorotUniform");
                    AddWhole(site, owner, "pointwise_kernel", point, "pointwise", "GlorotUniform", "GlorotUniform");
                }
                else
                {
                    var shape = kernel.Concat(transpose ? new[] { filters, channels } : new[] { channels / groups, filters }).ToArray();
                    AddWhole(site, owner, "kernel", shape, "kernel", "GlorotUniform", "GlorotNormal");
                }

                if (Flag(c, "use_bias") ?? true)
                {
                    AddWhole(site, owner, "bias", new[] { outChannels }, "bias", "Zeros", "Zeros");
                }
            }

            var output = new List<long?> { input![0] };
            if (first)
            {
                output.Add(outChannels);
                output.AddRange(lengths);
            }
            else
            {
                output.AddRange(lengths);
                output.Add(outChannels);
            }

            return One(output.ToArray());
        }

        private List<long?[]?> Recurrent(ModelLayer layer, string cls, IDictionary c, long?[]? input, Site site, bool build)
        {
            var units = RequiredInt(layer, c, "units");
            var gates = cls == "LSTM" ? 4 : cls == "GRU" ? 3 : 1;
            if (build)
            {
                RequireRank(layer, input, 3, "batch, timesteps, features");
                var features = Need(layer, input, -1, "the features");
                var cellName = cls == "LSTM" ? "lstm_cell" : cls == "GRU" ? "gru_cell" : "simple_rnn_cell";
                // Keras 3 keeps the weights on the cell (layers/lstm/cell/vars/…, variable path lstm/lstm_cell/kernel);
                // TensorFlow.js names them after the layer alone (lstm/kernel).
                AddObject(site.ObjectPath + "/cell", cellName, site.Key + "/0");
                var owner = (site.ObjectPath + "/cell", site.VarScope + "/" + cellName, site.TfjsScope, site.SeedPrefix);
                var kernel = new[] { features, gates * units };
                var recurrent = new[] { units, gates * units };
                AddWhole(site, owner, "kernel", kernel, "kernel", "GlorotUniform", "GlorotNormal");
                AddWhole(site, owner, "recurrent_kernel", recurrent, "recurrent", "Orthogonal", "Orthogonal");
                if (Flag(c, "use_bias") ?? true)
                {
                    AddWeight(site, owner, "bias", BiasShape(layer, cls, c, units), RecurrentBias(site, owner, cls, c, units));
                }
            }

            var sequences = Flag(c, "return_sequences") ?? false;
            var batch = input?[0];
            var outputs = One(sequences ? new[] { batch, input?.Length > 1 ? input[1] : null, units } : new[] { batch, units });
            if (Flag(c, "return_state") ?? false)
            {
                for (var i = 0; i < (cls == "LSTM" ? 2 : 1); i++)
                {
                    outputs.Add(new[] { batch, (long?)units });
                }
            }

            return outputs;
        }

        private long[] BiasShape(ModelLayer layer, string cls, IDictionary c, long units)
        {
            if (cls != "GRU")
            {
                return new[] { (cls == "LSTM" ? 4 : 1) * units };
            }

            // Keras: reset_after absent means true (bias (2, 3u)), null means false. TensorFlow.js has no reset_after.
            var resetAfter = Flag(c, "reset_after") ?? (!tfjs && !c.Contains("reset_after"));
            if (resetAfter && tfjs)
            {
                throw Error("TfjsUnsupportedGru", layer,
                    "has reset_after: true, which TensorFlow.js refuses (\"GRUCell does not support reset_after parameter set to true\"); set reset_after to false, or plan for Keras.");
            }

            return resetAfter ? new[] { 2, 3 * units } : new[] { 3 * units };
        }

        private List<PartDraft> RecurrentBias(Site site, (string Object, string Var, string? Tfjs, string Within) owner, string cls, IDictionary c, long units)
        {
            // Keras: unit_forget_bias absent means true, null means false; TensorFlow.js treats absent and null as false.
            var forget = cls == "LSTM" && (Flag(c, "unit_forget_bias") ?? (!tfjs && !c.Contains("unit_forget_bias")));
            if (!forget)
            {
                var shape = BiasShape(site.Layer!, cls, c, units);
                return Whole(site, owner, "bias", shape, "bias", "Zeros", "Zeros");
            }

            // concat(bias_init((u,)), ones((u,)), bias_init((2u,))): three calls, the forget gate's quarter is ones.
            var (initializer, slot) = Resolve(site, "bias", "Zeros", "Zeros");
            return new List<PartDraft>
            {
                new(0, new[] { units }, initializer, slot, owner.Within + "bias#0"),
                new(units, new[] { units }, new Ones(), null, owner.Within + "bias#1"),
                new(2 * units, new[] { 2 * units }, initializer, slot, owner.Within + "bias#2"),
            };
        }

        private List<long?[]?> Bidirectional(ModelLayer layer, IDictionary c, Call call, Site site, bool build)
        {
            if (c["layer"] is not IDictionary forwardEntry || !layerOf.TryGetValue(forwardEntry, out var forward))
            {
                throw Error("InvalidLayerShape", layer, "has no 'layer' to wrap.");
            }

            // Keras 3 (and Keras 2 given one) builds the backward direction from backward_layer; otherwise, and always in
            // TensorFlow.js, from a copy of layer: then one slot feeds both directions.
            var backward = !tfjs && c["backward_layer"] is IDictionary b && layerOf.TryGetValue(b, out var bl) ? bl : (ModelLayer?)null;
            var stem = forward.Name.StartsWith("forward_", StringComparison.Ordinal) ? forward.Name.Substring("forward_".Length) : forward.Name;
            var forwardName = "forward_" + stem;
            var backwardName = backward?.Name ?? "backward_" + stem;
            var shared = backward is null;
            var trainable = site.Trainable && (Flag(forward.Config, "trainable") ?? true);
            var forwardSite = new Site(forward, site.ObjectPath + "/forward_layer", site.Key + "/1", site.VarScope + "/" + forwardName,
                site.TfjsScope is null ? null : site.TfjsScope + "/forward_" + forward.Name, trainable, LayerDType(forward.Config, site.DType),
                site.SeedPrefix + (shared ? forwardName + "/" : ""), forwardName);
            var backwardSite = new Site(backward ?? forward, site.ObjectPath + "/backward_layer", site.Key + "/0", site.VarScope + "/" + backwardName,
                site.TfjsScope is null ? null : site.TfjsScope + "/backward_" + forward.Name, trainable, LayerDType((backward ?? forward).Config, site.DType),
                site.SeedPrefix + (shared ? backwardName + "/" : ""), backwardName);
            if (build)
            {
                AddObject(backwardSite.ObjectPath, backwardName, backwardSite.Key);
                AddObject(forwardSite.ObjectPath, forwardName, forwardSite.Key);
            }

            var forwardOut = Apply(forward, call, forwardSite, build);
            var backwardOut = Apply(backward ?? forward, call, backwardSite, build);
            var mode = c.Contains("merge_mode") ? c["merge_mode"] as string : "concat";
            var first = forwardOut[0];
            var outputs = new List<long?[]?>();
            if (mode is null)
            {
                outputs.Add(first);
                outputs.Add(backwardOut[0]);
            }
            else
            {
                outputs.Add(mode == "concat" && first is not null ? first.Take(first.Length - 1).Append(first[first.Length - 1] * 2).ToArray() : first);
            }

            outputs.AddRange(forwardOut.Skip(1));
            outputs.AddRange(backwardOut.Skip(1));
            return outputs;
        }

        private List<long?[]?> TimeDistributed(ModelLayer layer, IDictionary c, long?[]? input, Site site, bool build)
        {
            if (c["layer"] is not IDictionary innerEntry || !layerOf.TryGetValue(innerEntry, out var inner))
            {
                throw Error("InvalidLayerShape", layer, "has no 'layer' to wrap.");
            }

            if (input is not null && input.Length < 3)
            {
                throw Error("InvalidLayerShape", layer, $"needs an input of rank 3 or more (batch, time, …); got {Format(input)}.");
            }

            // The inner layer is built on (batch,) + input_shape[2:]; TensorFlow.js names its weights after the wrapper.
            var innerSite = new Site(inner, site.ObjectPath + "/layer", site.Key + "/0", site.VarScope + "/" + inner.Name, site.TfjsScope,
                site.Trainable && (Flag(inner.Config, "trainable") ?? true), LayerDType(inner.Config, site.DType), site.SeedPrefix, inner.Name);
            if (build)
            {
                AddObject(innerSite.ObjectPath, inner.Name, innerSite.Key);
            }

            var innerInput = input is null ? null : new[] { input[0] }.Concat(input.Skip(2)).ToArray();
            var innerOut = Apply(inner, new Call(innerInput), innerSite, build);
            return innerOut.Select(o => o is null || input is null ? null : new[] { input[0], input[1] }.Concat(o.Skip(1)).ToArray()).ToList();
        }

        private List<long?[]?> BatchNormalization(ModelLayer layer, IDictionary c, long?[]? input, Site site, bool build)
        {
            if (build)
            {
                if (Flag(c, "renorm") == true)
                {
                    return Unsupported(layer, build, "has renorm: true (its extra renorm weights are not planned).");
                }

                long[] shape;
                if (c["axis"] is IList axes && axes.Count > 1)
                {
                    // Keras 2 with several axes: the parameters keep the input's rank, 1 off the axes.
                    RequireRank(layer, input, input?.Length ?? 0, "a known shape");
                    var given = axes.Cast<object?>().Select(a => Axis32(layer, "axis", a)).ToList();
                    foreach (var a in given)
                    {
                        Need(layer, input, a, "the normalized axes"); // refuses an axis the input does not have, as Keras does
                    }

                    var keep = given.Select(a => Axis(a, input!.Length)).ToList();
                    DistinctAxes(layer, keep);
                    shape = Enumerable.Range(0, input!.Length).Select(i => keep.Contains(i) ? Need(layer, input, i, "the normalized axes") : 1).ToArray();
                }
                else
                {
                    var axis = c["axis"] is IList one && one.Count == 1 ? one[0] : c["axis"];
                    var a = axis is null ? -1 : Axis32(layer, "axis", axis);
                    shape = new[] { Need(layer, input, a, "the normalized axis") };
                }

                var owner = Own(site);
                if (Flag(c, "scale") ?? true)
                {
                    AddWhole(site, owner, "gamma", shape, "gamma", "Ones", "Ones");
                }

                if (Flag(c, "center") ?? true)
                {
                    AddWhole(site, owner, "beta", shape, "beta", "Zeros", "Zeros");
                }

                AddWhole(site, owner, "moving_mean", shape, "moving_mean", "Zeros", "Zeros", createdTrainable: false);
                AddWhole(site, owner, "moving_variance", shape, "moving_variance", "Ones", "Ones", createdTrainable: false);
            }

            return One(input);
        }

        private List<long?[]?> LayerNormalization(ModelLayer layer, IDictionary c, long?[]? input, Site site, bool build)
        {
            if (build)
            {
                RequireRank(layer, input, input?.Length ?? 0, "a known shape");
                // Each axis as given, so that Need refuses one the input does not have (Keras: "Invalid axis"), in order.
                var axes = (c["axis"] is IList list ? list.Cast<object?>() : new[] { c["axis"] ?? -1 })
                    .Select(a => Axis32(layer, "axis", a)).OrderBy(a => Axis(a, input!.Length)).ToList();
                var shape = axes.Select(a => Need(layer, input, a, "the normalized axis")).ToArray();
                DistinctAxes(layer, axes.Select(a => Axis(a, input!.Length)).ToList());
                var rms = Flag(c, "rms_scaling") ?? false;
                var owner = Own(site);
                if ((Flag(c, "scale") ?? true) || rms)
                {
                    AddWhole(site, owner, "gamma", shape, "gamma", "Ones", "Ones");
                }

                if ((Flag(c, "center") ?? true) && !rms)
                {
                    AddWhole(site, owner, "beta", shape, "beta", "Zeros", "Zeros");
                }
            }

            return One(input);
        }

        private List<long?[]?> GroupNormalization(ModelLayer layer, IDictionary c, long?[]? input, Site site, bool build)
        {
            if (build)
            {
                var axis = Int(c, "axis") is long a ? (int)a : -1;
                var channels = Need(layer, input, axis, "the channels");
                var groups = Int(c, "groups") ?? 32;
                groups = groups == -1 ? channels : groups;
                if (groups <= 0 || groups > channels || channels % groups != 0)
                {
                    throw Error("InvalidLayerShape", layer, $"has groups={groups}, which must divide the {channels} channels (and be at most that many).");
                }

                var shape = new[] { channels };
                var owner = Own(site);
                if (Flag(c, "scale") ?? true)
                {
                    AddWhole(site, owner, "gamma", shape, "gamma", "Ones", "Ones");
                }

                if (Flag(c, "center") ?? true)
                {
                    AddWhole(site, owner, "beta", shape, "beta", "Zeros", "Zeros");
                }
            }

            return One(input);
        }

        private List<long?[]?> Normalization(ModelLayer layer, IDictionary c, long?[]? input, Site site, bool build)
        {
            // Given mean and variance are constants; otherwise the adapted statistics are three non-trainable weights.
            if (build && c["mean"] is null)
            {
                var axes = c.Contains("axis") && c["axis"] is null ? new List<int>()
                    : (c["axis"] is IList list ? list.Cast<object?>() : new[] { c["axis"] ?? -1 }).Select(a => Axis32(layer, "axis", a)).ToList();
                var shape = axes.Select(a => Need(layer, input, a, "the normalized axis")).ToArray();
                var owner = Own(site);
                AddWeight(site, owner, "mean", shape, new List<PartDraft> { new(0, shape, new Zeros(), null, owner.Within + "mean") }, createdTrainable: false);
                AddWeight(site, owner, "variance", shape, new List<PartDraft> { new(0, shape, new Ones(), null, owner.Within + "variance") }, createdTrainable: false);
                // count has dtype "int": int64 on the TensorFlow backend (int32 on the others).
                AddWeight(site, owner, "count", Array.Empty<long>(), new List<PartDraft> { new(0, Array.Empty<long>(), new Zeros(), null, owner.Within + "count") },
                    createdTrainable: false, dtype: DType.Int64);
            }

            return One(input);
        }

        private List<long?[]?> PReLU(ModelLayer layer, IDictionary c, long?[]? input, Site site, bool build)
        {
            if (build)
            {
                RequireRank(layer, input, input?.Length ?? 0, "a known shape");
                var shared = c["shared_axes"] is IList list ? list.Cast<object?>().Select(a => Axis32(layer, "shared_axes", a)).ToList()
                    : Int(c, "shared_axes") is long one ? new List<int> { (int)one } : new List<int>();
                var shape = Enumerable.Range(1, input!.Length - 1).Select(i => shared.Contains(i) ? 1 : Need(layer, input, i, "the non-shared axes")).ToArray();
                var owner = Own(site);
                AddWhole(site, owner, "alpha", shape, "alpha", "Zeros", "Zeros");
            }

            return One(input);
        }

        private List<long?[]?> MultiHeadAttention(ModelLayer layer, IDictionary c, Call call, List<long?[]?>? builtFor, Site site, bool build)
        {
            if (Flag(c, "use_gate") == true)
            {
                return Unsupported(layer, build, "has use_gate: true (the gate projection is not planned).");
            }

            var query = builtFor is { Count: > 0 } && builtFor[0] is not null ? builtFor[0] : call.Arg(0, "query");
            var value = builtFor is { Count: > 1 } && builtFor[1] is not null ? builtFor[1] : call.Arg(1, "value");
            var key = builtFor is { Count: > 2 } && builtFor[2] is not null ? builtFor[2] : call.Has(2, "key") ? call.Arg(2, "key") : value;
            var heads = RequiredInt(layer, c, "num_heads");
            var keyDim = RequiredInt(layer, c, "key_dim");
            var valueDim = Int(c, "value_dim") ?? keyDim;
            var outputShape = c["output_shape"] switch
            {
                null => null,
                IList list => list.Cast<object?>().Select(v => Integer(layer, "output_shape", v)).ToArray(),
                var v => new[] { Integer(layer, "output_shape", v) },
            };
            if (build)
            {
                var dq = Need(layer, query, -1, "the query features");
                var dv = Need(layer, value, -1, "the value features");
                var dk = Need(layer, key, -1, "the key features");
                var output = outputShape ?? new[] { dq };
                var bias = Flag(c, "use_bias") ?? true;
                // query, key, value: kernel (D, H, K) from input axis 0 to output axes 1, 2; output: (H, V, O…) from 0, 1 to the rest.
                Projection(site, "query", "query_dense", new[] { dq, heads, keyDim }, 1, bias);
                Projection(site, "key", "key_dense", new[] { dk, heads, keyDim }, 1, bias);
                Projection(site, "value", "value_dense", new[] { dv, heads, valueDim }, 1, bias);
                Projection(site, "attention_output", "output_dense", new[] { heads, valueDim }.Concat(output).ToArray(), 2, bias);
                // Keras visits public attributes A→Z, then private ones: _dropout_layer and _softmax have no variables.
                AddObject(site.ObjectPath + "/_dropout_layer", "dropout", site.Key + "/4");
                AddObject(site.ObjectPath + "/_softmax", "softmax", site.Key + "/5");
            }

            var outputs = One(query is null ? null : query.Take(query.Length - 1).Concat((outputShape ?? new[] { query[query.Length - 1] ?? 0 }).Select(d => (long?)d)).ToArray());
            if (outputShape is null && query?[query.Length - 1] is null)
            {
                outputs[0] = null;
            }

            return outputs;
        }

        /// <summary>One EinsumDense projection of MultiHeadAttention: <c>kernel</c> then <c>bias</c> (the kernel's output
        /// axes), at <c>mha/&lt;name&gt;/…</c> and object <c>&lt;attribute&gt;</c>.</summary>
        private void Projection(Site site, string name, string attribute, long[] kernel, int inputAxes, bool bias)
        {
            var order = attribute switch { "key_dense" => "/0", "output_dense" => "/1", "query_dense" => "/2", _ => "/3" };
            AddObject(site.ObjectPath + "/" + attribute, name, site.Key + order);
            var owner = (site.ObjectPath + "/" + attribute, site.VarScope + "/" + name, site.TfjsScope is null ? null : site.TfjsScope + "/" + name, site.SeedPrefix + name + "/");
            var input = Enumerable.Range(0, inputAxes).ToArray();
            var output = Enumerable.Range(inputAxes, kernel.Length - inputAxes).ToArray();
            AddWhole(site, owner, "kernel", kernel, "kernel", "GlorotUniform", "GlorotNormal", adapt: i => WithAxes(i, input, output));
            if (bias)
            {
                var shape = kernel.Skip(inputAxes).ToArray();
                AddWhole(site, owner, "bias", shape, "bias", "Zeros", "Zeros");
            }
        }

        /// <summary>Keras ≥ 3.15: EinsumDense clones a VarianceScaling-family kernel initializer with the input and
        /// output axes of the equation, so the fans are the products over those axes; earlier versions keep the
        /// generic rule.</summary>
        private Initializer WithAxes(Initializer initializer, int[] inputAxes, int[] outputAxes)
        {
            if (!axesFans || initializer is not VarianceScaling)
            {
                return initializer;
            }

            var configured = initializer.GetConfig();
            configured["input_axes"] = inputAxes.Cast<object>().ToArray();
            configured["output_axes"] = outputAxes.Cast<object>().ToArray();
            return KerasConfig.FromConfig(initializer.ClassName, configured);
        }

        private List<long?[]?> EinsumDense(ModelLayer layer, IDictionary c, long?[]? input, Site site, bool build)
        {
            var equation = c["equation"] as string ?? "";
            var match = Einsum.Match(equation);
            var leftElided = match.Success && match.Groups[1].Success && match.Groups[5].Success && !match.Groups[3].Success && !match.Groups[7].Success;
            var rightElided = match.Success && match.Groups[3].Success && match.Groups[7].Success && !match.Groups[1].Success && !match.Groups[5].Success;
            var noElision = match.Success && !match.Groups[1].Success && !match.Groups[3].Success && !match.Groups[5].Success && !match.Groups[7].Success;
            if (!(leftElided || rightElided || noElision))
            {
                throw Error("InvalidLayerShape", layer, $"has equation '{equation}', which is not of the form 'ab,bc->ac' (with '...' on the left or right of both input and output).");
            }

            if (input is null)
            {
                if (build)
                {
                    Need(layer, input, -1, "the equation's input dimensions");
                }

                return One(null);
            }

            var inSpec = match.Groups[2].Value;
            var weightSpec = match.Groups[4].Value;
            var outSpec = match.Groups[6].Value;
            var elided = input.Length - inSpec.Length;
            var output = (c["output_shape"] switch
            {
                IList list => list.Cast<object?>().Select(v => v is null ? (long?)null : Integer(layer, "output_shape", v)),
                null => Enumerable.Empty<long?>(),
                var v => new long?[] { Integer(layer, "output_shape", v) },
            }).ToList();
            output.Insert(0, input[0]);
            if (elided > 0 && leftElided)
            {
                for (var i = 1; i < elided; i++)
                {
                    output.Insert(1, input[i]);
                }
            }
            else if (elided > 0)
            {
                for (var i = input.Length - elided; i < input.Length; i++)
                {
                    output.Add(input[i]);
                }
            }

            int InAt(char d) => leftElided ? inSpec.IndexOf(d) + elided : inSpec.IndexOf(d);
            int OutAt(char d) => leftElided ? outSpec.IndexOf(d) + output.Count - outSpec.Length : outSpec.IndexOf(d);
            if (outSpec.Any(d => inSpec.IndexOf(d) < 0 && weightSpec.IndexOf(d) < 0))
            {
                throw Error("InvalidLayerShape", layer, $"has equation '{equation}': an output dimension comes from neither the input nor the weight.");
            }

            if (build)
            {
                var kernel = new long[weightSpec.Length];
                var inputAxes = new List<int>();
                var outputAxes = new List<int>();
                for (var i = 0; i < weightSpec.Length; i++)
                {
                    var d = weightSpec[i];
                    if (outSpec.IndexOf(d) >= 0)
                    {
                        kernel[i] = output[OutAt(d)] ?? Need(layer, input, inSpec.IndexOf(d) >= 0 ? InAt(d) : -1, "the weight dimension '" + d + "'");
                        outputAxes.Add(i);
                    }
                    else if (inSpec.IndexOf(d) >= 0)
                    {
                        kernel[i] = Need(layer, input, InAt(d), "the weight dimension '" + d + "'");
                        inputAxes.Add(i);
                    }
                    else
                    {
                        throw Error("InvalidLayerShape", layer, $"has equation '{equation}': weight dimension '{d}' is in neither the input nor the output.");
                    }
                }

                var owner = Own(site);
                AddWhole(site, owner, "kernel", kernel, "kernel", "GlorotUniform", "GlorotNormal",
                    adapt: i => WithAxes(i, inputAxes.ToArray(), outputAxes.ToArray()));
                if (c["bias_axes"] is string biasAxes && biasAxes.Length > 0)
                {
                    if (biasAxes.Any(d => outSpec.IndexOf(d) < 0))
                    {
                        throw Error("InvalidLayerShape", layer, $"has bias_axes '{biasAxes}', which must be output dimensions of '{equation}'.");
                    }

                    var firstBias = biasAxes.Min(d => outSpec.IndexOf(d));
                    var bias = outSpec.Substring(firstBias).Select(d => biasAxes.IndexOf(d) >= 0 ? output[OutAt(d)] ?? 0 : 1).ToList();
                    if (!leftElided)
                    {
                        bias.AddRange(Enumerable.Repeat(1L, Math.Max(0, elided)));
                    }

                    AddWhole(site, owner, "bias", bias.ToArray(), "bias", "Zeros", "Zeros");
                }
            }

            return One(output.ToArray());
        }

        // ----- shape-only layers -----

        private List<long?[]?> Pooling(ModelLayer layer, string cls, IDictionary c, long?[]? input)
        {
            var rank = cls[cls.Length - 2] - '0';
            var pool = Ints(layer, c, "pool_size", rank, 2);
            var strides = c["strides"] is null ? pool : Ints(layer, c, "strides", rank, null);
            var padding = (c["padding"] as string ?? "valid").ToLowerInvariant();
            if (input is null)
            {
                return One(null);
            }

            return One(Spatial(layer, c, input, rank, (i, length) => ShapePlanner.ConvLength(length, pool[i], strides[i], 1, padding),
                (i, length) => $"would have an output length of {length} on spatial axis {i + 1} (input {Format(input)}, pool_size {pool[i]}, padding '{padding}')."));
        }

        /// <summary>The input with each of its <paramref name="rank"/> spatial axes (after the batch, and after the
        /// channels for channels_first) mapped by <paramref name="length"/>; an unknown length stays unknown, and a known
        /// result of zero or less is InvalidLayerShape with <paramref name="tooShort"/>'s message.</summary>
        private long?[] Spatial(ModelLayer layer, IDictionary c, long?[] input, int rank, Func<int, long?, long?> length, Func<int, long?, string> tooShort)
        {
            var first = ChannelsFirst(c);
            var output = (long?[])input.Clone();
            for (var i = 0; i < rank && i + 1 < input.Length; i++)
            {
                var at = first ? 2 + i : 1 + i;
                output[at] = length(i, input[at]);
                if (output[at] is <= 0)
                {
                    throw Error("InvalidLayerShape", layer, tooShort(i, output[at]));
                }
            }

            return output;
        }

        private static List<long?[]?> GlobalPooling(ModelLayer layer, string cls, IDictionary c, long?[]? input)
        {
            _ = layer;
            _ = cls;
            if (input is null)
            {
                return One(null);
            }

            var first = ChannelsFirst(c);
            var channels = first ? input[1] : input[input.Length - 1];
            if (!(Flag(c, "keepdims") ?? false))
            {
                return One(new[] { input[0], channels });
            }

            var output = Enumerable.Repeat((long?)1, input.Length).ToArray();
            output[0] = input[0];
            output[first ? 1 : input.Length - 1] = channels;
            return One(output);
        }

        /// <summary>ZeroPadding (<paramref name="sign"/> +1) and Cropping (−1): <c>padding</c>/<c>cropping</c> as an int,
        /// a pair per axis, or a list of pairs.</summary>
        private List<long?[]?> Padding(ModelLayer layer, string cls, IDictionary c, long?[]? input, int sign)
        {
            var rank = cls[cls.Length - 2] - '0';
            var key = sign > 0 ? "padding" : "cropping";
            // Keras's defaults: ZeroPadding 1 on every side; Cropping1D and Cropping3D 1, Cropping2D 0.
            var value = c[key] ?? (sign > 0 || rank != 2 ? 1L : 0L);
            var amounts = new long[rank];
            for (var i = 0; i < rank; i++)
            {
                var axis = ConfigValues.IsInteger(value) ? value : value is IList l && l.Count > 0 ? (rank == 1 ? l : (i < l.Count ? l[i] : null)) : null;
                amounts[i] = axis switch
                {
                    IList pair when pair.Count == 2 => Integer(layer, key, pair[0]) + Integer(layer, key, pair[1]),
                    IList single when single.Count == 1 => 2 * Integer(layer, key, single[0]),
                    object n when ConfigValues.IsInteger(n) => 2 * Convert.ToInt64(n, CultureInfo.InvariantCulture),
                    _ => throw Error("InvalidLayerShape", layer, $"has {key}={ConfigValues.Format(value)}; expected an integer, a pair per axis or a list of pairs."),
                };
            }

            if (input is null)
            {
                return One(null);
            }

            return One(Spatial(layer, c, input, rank, (i, length) => length + (sign * amounts[i]),
                (i, length) => $"would leave {length} on spatial axis {i + 1} of input {Format(input)}."));
        }

        private List<long?[]?> UpSampling(ModelLayer layer, string cls, IDictionary c, long?[]? input)
        {
            var rank = cls[cls.Length - 2] - '0';
            var size = Ints(layer, c, "size", rank, 2);
            if (input is null)
            {
                return One(null);
            }

            return One(Spatial(layer, c, input, rank, (i, length) => length * size[i],
                (i, length) => $"would have {length} on spatial axis {i + 1} of input {Format(input)}."));
        }

        private List<long?[]?> Reshape(ModelLayer layer, IDictionary c, long?[]? input)
        {
            var target = ParseShape(c["target_shape"]) ?? throw Error("InvalidLayerShape", layer, $"has target_shape {ConfigValues.Format(c["target_shape"])}; expected a list of integers.");
            if (target.Count(d => d == -1) > 1 || target.Any(d => d is null || d == 0 || d < -1))
            {
                throw Error("InvalidLayerShape", layer, $"has target_shape {Format(target)}: dimensions must be positive, with at most one -1.");
            }

            var total = input is null ? null : Product(input.Skip(1));
            var known = target.Where(d => d != -1).Aggregate(1L, (p, d) => p * d!.Value);
            var output = new List<long?> { input?[0] };
            if (target.Contains(-1))
            {
                if (total is long t && (known == 0 || t % known != 0))
                {
                    throw Error("InvalidLayerShape", layer, $"cannot reshape {Format(input)} ({t} values) to target_shape {Format(target)}.");
                }

                output.AddRange(target.Select(d => d == -1 ? total / known : d));
            }
            else
            {
                if (total is long t && t != known)
                {
                    throw Error("InvalidLayerShape", layer, $"cannot reshape {Format(input)} ({t} values) to target_shape {Format(target)} ({known} values).");
                }

                output.AddRange(target);
            }

            return One(output.ToArray());
        }

        private List<long?[]?> Permute(ModelLayer layer, IDictionary c, long?[]? input)
        {
            var dims = ParseShape(c["dims"]);
            // Keras (Permute.__init__): sorted(dims) must be 1..n, whatever the input; then n must be the input's rank - 1.
            if (dims is null || !dims.OrderBy(d => d).SequenceEqual(Enumerable.Range(1, dims.Length).Select(d => (long?)d))
                || input is not null && dims.Length != input.Length - 1)
            {
                throw Error("InvalidLayerShape", layer, $"has dims {ConfigValues.Format(c["dims"])}; expected a permutation of 1..{(input?.Length ?? 1) - 1} for input {Format(input)}.");
            }

            return One(input is null ? null : new[] { input[0] }.Concat(dims.Select(d => input[(int)d!.Value])).ToArray());
        }

        private List<long?[]?> Broadcast(ModelLayer layer, List<long?[]?> inputs)
        {
            if (inputs.Count == 0 || inputs.Any(s => s is null))
            {
                return One(null);
            }

            var result = inputs[0]!.Skip(1).ToList();
            foreach (var shape in inputs.Skip(1))
            {
                var other = shape!.Skip(1).ToList();
                var length = Math.Max(result.Count, other.Count);
                var merged = new List<long?>();
                for (var i = 0; i < length; i++)
                {
                    var a = i < length - result.Count ? 1 : result[i - (length - result.Count)];
                    var b = i < length - other.Count ? 1 : other[i - (length - other.Count)];
                    if (a is long x && b is long y && x != y && x != 1 && y != 1)
                    {
                        throw Error("ShapeMismatch", layer, $"cannot combine inputs of shapes {string.Join(" and ", inputs.Select(Format))}: dimensions {x} and {y} differ.");
                    }

                    merged.Add(a is null || b is null ? null : a == 1 ? b : a);
                }

                result = merged;
            }

            var batches = inputs.Select(s => s![0]).Where(b => b is not null).Distinct().ToList();
            return One(new[] { batches.Count == 1 ? batches[0] : null }.Concat(result).ToArray());
        }

        private List<long?[]?> Concatenate(ModelLayer layer, IDictionary c, List<long?[]?> inputs)
        {
            if (inputs.Count == 0 || inputs.Any(s => s is null))
            {
                return One(null);
            }

            var rank = inputs[0]!.Length;
            if (inputs.Any(s => s!.Length != rank))
            {
                throw Error("ShapeMismatch", layer, $"cannot concatenate inputs of different ranks: {string.Join(", ", inputs.Select(Format))}.");
            }

            var given = c["axis"] is null ? -1 : Axis32(layer, "axis", c["axis"]);
            var axis = given >= -rank && given < rank ? Axis((int)given, rank)
                : throw Error("InvalidLayerShape", layer, $"has axis={given}; its inputs of rank {rank} have no such axis.");
            var output = new long?[rank];
            for (var i = 0; i < rank; i++)
            {
                if (i == axis)
                {
                    output[i] = inputs.Any(s => s![i] is null) ? null : inputs.Sum(s => s![i]!.Value);
                    continue;
                }

                var known = inputs.Select(s => s![i]).Where(d => d is not null).Distinct().ToList();
                if (known.Count > 1 && i > 0)
                {
                    throw Error("ShapeMismatch", layer,
                        $"cannot concatenate inputs of shapes {string.Join(", ", inputs.Select(Format))} along axis {axis}: axis {i} differs.");
                }

                output[i] = known.Count == 1 ? known[0] : null;
            }

            return One(output);
        }

        private static DType LayerDType(IDictionary? config, DType fallback)
        {
            var name = config?["dtype"] switch
            {
                string s => s,
                IDictionary policy => (policy["config"] as IDictionary)?["name"] as string,
                _ => null,
            };
            if (name is null)
            {
                return fallback;
            }

            // A mixed policy (mixed_float16, mixed_bfloat16) keeps its variables in float32.
            return name.StartsWith("mixed_", StringComparison.Ordinal) ? DType.Float32 : DTypes.TryParse(name, out var dtype) ? dtype : fallback;
        }
    }
}
