using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using Initializers.Config;
using Initializers.Family;
using Initializers.Serialization;

namespace Initializers.Models
{
    /// <summary>The CI gate over a <see cref="ModelConfig"/>: every rule that fires, as <see cref="ModelFinding"/>s
    /// sorted by line. Rule ids are stable. Errors: <c>UnresolvedInitializer</c>, <c>InvalidInitializerValue</c>,
    /// <c>IdentityNeeds2D</c>, <c>OrthogonalNeedsRank2</c>, <c>DuplicateLayerName</c>, <c>LayerGraphCycle</c>,
    /// <c>UnknownInboundLayer</c>. Warnings: <c>UnseededInitializer</c>, <c>TfjsVarianceScalingDistribution</c>,
    /// <c>NormalMeansTruncated</c>, <c>ConstantSizeMismatch</c>, <c>SharedInitializerConflict</c>. Information:
    /// <c>UnknownLayerClass</c>, <c>LambdaLayer</c>, <c>DTypePolicy</c>, <c>UnusedSlot</c>, <c>NullInitializer</c>,
    /// <c>SkippedEntry</c>, <c>EmptyModel</c>.</summary>
    public static class ModelChecker
    {
        // Compared ignoring case: TensorFlow.js writes LeCunNormal (identifier leCunNormal), Keras LecunNormal.
        private static readonly string[] TfjsNormalClasses = { "GlorotNormal", "HeNormal", "LecunNormal" };

        /// <summary>Every finding for <paramref name="model"/>, sorted by line and column (findings without a position first).</summary>
        /// <param name="model">The model config read by <see cref="ModelConfig"/>.</param>
        public static IReadOnlyList<ModelFinding> Check(ModelConfig model)
        {
            var findings = new List<ModelFinding>(model.Notes);
            foreach (var layer in model.Layers)
            {
                CheckLayer(model, layer, findings);
            }

            foreach (var slot in model.Slots)
            {
                CheckSlot(model, slot, findings);
            }

            CheckShared(model, findings);
            return findings.OrderBy(f => f.Line ?? 0).ThenBy(f => f.Column ?? 0).ToList();
        }

        /// <summary>The finding for a model that could not be read at all: an Error whose rule is the ErrorId
        /// (<c>ConfigParseFailed</c>, <c>NotAModelConfig</c>, <c>NoLayers</c>, <c>KerasArchiveInvalid</c>, …).</summary>
        /// <param name="error">The error from <see cref="ModelConfig"/>.</param>
        public static ModelFinding FromError(InitializerException error) =>
            new(FindingSeverity.Error, error.ErrorId, error.Message, error.SourceName, error.Line, error.Column, null, null, null);

        private static void CheckLayer(ModelConfig model, ModelLayer layer, List<ModelFinding> findings)
        {
            if (!layer.IsKnownClass)
            {
                Add(findings, model, FindingSeverity.Information, "UnknownLayerClass",
                    $"Layer '{layer.Path}' has class '{layer.ClassName}', which is not a Keras or TensorFlow.js layer (a custom class): " +
                    "its initializer slots were found by their key names, and nothing of it was run.", layer.Line, layer.Column, layer.Pointer, layer.Path, null);
            }

            if (layer.ClassName == "Lambda")
            {
                Add(findings, model, FindingSeverity.Information, "LambdaLayer",
                    $"Layer '{layer.Path}' is a Lambda layer: its function is serialized Python code, which was read, never run; any weights it makes are not listed.",
                    layer.Line, layer.Column, layer.Pointer, layer.Path, null);
            }

            if (layer.ClassName != "InputLayer" && layer.Config?["dtype"] is { } dtype)
            {
                var policy = dtype switch
                {
                    string s => s,
                    IDictionary d => (d["config"] as IDictionary)?["name"] as string,
                    _ => null,
                };
                if (policy is not null && policy != "float32")
                {
                    var pointer = JsonPointer.Append(JsonPointer.Append(layer.Pointer, "config"), "dtype");
                    model.TryLocate(pointer, out var line, out var column);
                    Add(findings, model, FindingSeverity.Information, "DTypePolicy",
                        $"Layer '{layer.Path}' uses the dtype policy '{policy}', not float32: its weights are initialized in the policy's variable dtype.",
                        line, column, pointer, layer.Path, null);
                }
            }
        }

        private static void CheckSlot(ModelConfig model, ModelSlot slot, List<ModelFinding> findings)
        {
            if (slot.Unused)
            {
                Add(findings, model, FindingSeverity.Information, "UnusedSlot",
                    $"{Name(slot)} is not used: the layer creates no weight from it ({UnusedReason(slot)}).", slot.Line, slot.Column, slot.Pointer, slot.Layer, slot.Slot);
            }

            if (slot.Error is { } error)
            {
                var rule = error.ErrorId == "InvalidConfigValue" ? "InvalidInitializerValue" : "UnresolvedInitializer";
                Add(findings, model, FindingSeverity.Error, rule, error.Message + " [" + error.ErrorId + "]", error.Line ?? slot.Line, error.Column ?? slot.Column, slot.Pointer, slot.Layer, slot.Slot);
                return;
            }

            if (slot.Initializer is not { } initializer)
            {
                Add(findings, model, FindingSeverity.Information, "NullInitializer",
                    $"{Name(slot)} is null: Keras then uses glorot_uniform (even for a bias), TensorFlow.js the layer's own default.",
                    slot.Line, slot.Column, slot.Pointer, slot.Layer, slot.Slot);
                return;
            }

            if (slot.Unused)
            {
                return;
            }

            if (initializer is Identity && slot.WeightRank is int rank && rank != 2)
            {
                Add(findings, model, FindingSeverity.Error, "IdentityNeeds2D",
                    $"{Name(slot)} is Identity, but the {slot.LayerClass} weight it fills has rank {rank}; Identity builds only 2-D matrices.",
                    slot.ValueLine, slot.ValueColumn, slot.Pointer, slot.Layer, slot.Slot);
            }

            if (initializer is Orthogonal && slot.WeightRank is int r && r < 2)
            {
                Add(findings, model, FindingSeverity.Error, "OrthogonalNeedsRank2",
                    $"{Name(slot)} is Orthogonal, but the {slot.LayerClass} weight it fills has rank {r}; Orthogonal needs at least two dimensions.",
                    slot.ValueLine, slot.ValueColumn, slot.Pointer, slot.Layer, slot.Slot);
            }

            if (slot.Seeded == false)
            {
                Add(findings, model, FindingSeverity.Warning, "UnseededInitializer",
                    $"{Name(slot)} ({initializer.ClassName}) has no seed: its initial weights differ on every build. Set a seed (Set-ModelInitializer -Seed).",
                    slot.Line, slot.Column, slot.Pointer, slot.Layer, slot.Slot);
            }

            CheckDistribution(model, slot, findings);

            if (initializer is Constant constant && constant.ValueCount != 1 &&
                LayerCatalog.CallSizes(slot.LayerInfo, LayerCatalog.WeightOf(slot.Slot), model.Dialect) is { } sizes && sizes.Any(s => s != constant.ValueCount))
            {
                Add(findings, model, FindingSeverity.Warning, "ConstantSizeMismatch",
                    $"{Name(slot)} is a Constant list of {constant.ValueCount} values, but the layer asks for " +
                    string.Join(" and ", sizes.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture))) +
                    " values; give a scalar or a list of that size.",
                    slot.ValueLine, slot.ValueColumn, slot.Pointer, slot.Layer, slot.Slot);
            }
        }

        /// <summary>The VarianceScaling distribution pitfalls (initializers-spec §2.8, §7.2).</summary>
        private static void CheckDistribution(ModelConfig model, ModelSlot slot, List<ModelFinding> findings)
        {
            var document = slot.Value as IDictionary;
            var config = document?["config"] as IDictionary;
            var distribution = config?["distribution"] as string;
            var pointer = JsonPointer.Append(JsonPointer.Append(slot.Pointer, "config"), "distribution");
            var located = model.TryLocate(pointer, out var line, out var column);
            if (model.Dialect == ModelDialect.TensorFlowJs)
            {
                var key = distribution is null ? null : Names.ToSnakeCase(distribution).ToLowerInvariant();
                var message = key switch
                {
                    "normal" => "TensorFlow.js samples VarianceScaling 'normal' as a truncated normal without Keras's 0.8796 correction " +
                                "(its std is about 0.88 of the intended one), while Keras reads the same config as a corrected truncated normal.",
                    "truncated_normal" => "TensorFlow.js reads VarianceScaling 'truncated_normal' as uniform: every distribution but 'normal' " +
                                          "falls through to its uniform branch.",
                    _ => (string?)null,
                };
                var className = slot.Value is string s ? s : slot.Value is IDictionary d ? ModelWalker.ClassOf(d) : null;
                if (message is null && className is not null && TfjsNormalClasses.Contains(className, StringComparer.OrdinalIgnoreCase))
                {
                    message = $"TensorFlow.js samples {className} as a truncated normal without Keras's 0.8796 correction (its std is about 0.88 of the intended one).";
                    located = false;
                }

                if (message is not null)
                {
                    Add(findings, model, FindingSeverity.Warning, "TfjsVarianceScalingDistribution", $"{Name(slot)}: {message}",
                        located ? line : slot.ValueLine, located ? column : slot.ValueColumn, slot.Pointer, slot.Layer, slot.Slot);
                }

                return;
            }

            if (distribution is not null && string.Equals(distribution, "normal", StringComparison.OrdinalIgnoreCase))
            {
                Add(findings, model, FindingSeverity.Warning, "NormalMeansTruncated",
                    $"{Name(slot)}: Keras reads VarianceScaling distribution 'normal' as 'truncated_normal' (TensorFlow.js: truncated without " +
                    "the correction; JAX: untruncated). Write 'truncated_normal' or 'untruncated_normal' to say which is meant.",
                    located ? line : slot.ValueLine, located ? column : slot.ValueColumn, slot.Pointer, slot.Layer, slot.Slot);
            }
        }

        /// <summary>Copies of one shared initializer (same <c>shared_object_id</c>) that disagree: Keras builds every copy
        /// from the first one it meets and ignores the others' configs.</summary>
        private static void CheckShared(ModelConfig model, List<ModelFinding> findings)
        {
            foreach (var group in model.Slots.Where(s => s.SharedObjectId is not null).GroupBy(s => s.SharedObjectId))
            {
                var first = group.First();
                foreach (var other in group.Skip(1).Where(o => !ConfigValues.DeepEquals(WithoutId(first.Value), WithoutId(o.Value))))
                {
                    Add(findings, model, FindingSeverity.Warning, "SharedInitializerConflict",
                        $"{Name(other)} shares object {group.Key} with {Name(first)} (line {first.Line}), but its config differs: Keras builds both " +
                        "from the first copy and ignores this one. Rewrite every copy, or remove shared_object_id from the changed one.",
                        other.ValueLine, other.ValueColumn, other.Pointer, other.Layer, other.Slot);
                }
            }
        }

        private static object? WithoutId(object? value)
        {
            if (value is not IDictionary document)
            {
                return value;
            }

            var copy = new OrderedDictionary(StringComparer.Ordinal);
            foreach (DictionaryEntry e in document)
            {
                if (!Equals(e.Key, "shared_object_id"))
                {
                    copy[e.Key] = e.Value;
                }
            }

            return copy;
        }

        private static string UnusedReason(ModelSlot slot) => LayerCatalog.WeightOf(slot.Slot) switch
        {
            "bias" => "use_bias is false",
            "kernel" => "a SeparableConv has depthwise and pointwise kernels; Keras 2 writes Conv's kernel_initializer anyway",
            "beta" => "center is false or rms_scaling is true",
            _ => "scale is false",
        };

        private static string Name(ModelSlot slot) => $"{slot.Slot} of layer '{slot.Layer}'";

        private static void Add(List<ModelFinding> findings, ModelConfig model, FindingSeverity severity, string rule, string message, int? line, int? column, string? pointer, string? layer, string? slot) =>
            findings.Add(new ModelFinding(severity, rule, message, model.SourceName, line, column, pointer, layer, slot));
    }
}
