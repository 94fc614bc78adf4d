using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Initializers.Config;
using Initializers.Serialization;

namespace Initializers.Models.Weights
{
    /// <summary>One planning run over a model config: walks Sequential and Functional models (nested at any depth) in
    /// the order Keras builds them, propagates shapes (model-formats.md §6, §7), lists every layer's weights (§5) and
    /// names them for Keras 3 (variable path and <c>.weights.h5</c> path, §2.2) and TensorFlow.js (§4.4).</summary>
    internal sealed partial class WeightPlanner
    {
        private readonly ModelConfig config;
        private readonly ModelWeightOptions options;
        private readonly bool tfjs;
        private readonly string kerasVersion;
        private readonly bool axesFans;
        private readonly Dictionary<IDictionary, ModelLayer> layerOf = new();
        private readonly Dictionary<ModelLayer, List<ModelSlot>> slotsOf = new();
        private readonly List<Draft> drafts = new();
        private readonly List<(string Key, KerasObject Object)> objects = new();
        private readonly List<ModelLayer> skipped = new();
        private readonly List<ModelFinding> notes = new();
        private readonly Dictionary<string, string> outputShapes = new(StringComparer.Ordinal);

        public WeightPlanner(ModelConfig config, ModelWeightOptions options)
        {
            this.config = config;
            this.options = options;
            tfjs = options.Target == WeightTarget.TensorFlowJs;
            foreach (var layer in config.Layers)
            {
                layerOf[layer.Entry] = layer;
            }

            foreach (var slot in config.Slots)
            {
                if (!slotsOf.TryGetValue(slot.LayerInfo, out var list))
                {
                    slotsOf[slot.LayerInfo] = list = new List<ModelSlot>();
                }

                list.Add(slot);
            }

            kerasVersion = options.KerasVersion ?? FileKerasVersion(config.Model) ?? "3.15";
            axesFans = VersionAtLeast(kerasVersion, 3, 15);
        }

        public ModelWeightPlan Build()
        {
            if (config.Notes.FirstOrDefault(n => n.Severity == FindingSeverity.Error) is { } broken)
            {
                throw new InitializerException(broken.Rule, ErrorKind.InvalidData, broken.Message, broken.Layer)
                {
                    SourceName = config.SourceName,
                    Line = broken.Line,
                    Column = broken.Column,
                };
            }

            var model = config.Model;
            var modelConfig = model["config"] as IDictionary;
            var name = modelConfig?["name"] as string ?? Names.ToKerasSnakeCase(LayerCatalog.KerasClass(ModelWalker.ClassOf(model) ?? "Functional"));
            AddObject("", name, "");
            var site = new Site(null, "", "", "", tfjs ? "" : null, Flag(modelConfig, "trainable") ?? true, LayerDType(modelConfig, DType.Float32), "", "");
            RunModel(model, name, site, null, build: true);
            return Materialize();
        }

        /// <summary>Plans a model's layers; returns its output shapes. <paramref name="incoming"/> are the shapes it is
        /// called with (a nested model), or null for the root. <paramref name="build"/> is false for a nested model's later
        /// calls: they add no weights and no objects, but their shapes follow what that call passes in.</summary>
        private List<long?[]?> RunModel(IDictionary model, string name, Site site, List<long?[]?>? incoming, bool build)
        {
            if (ModelWalker.LayersOf(model) is not var (list, _, _))
            {
                return new List<long?[]?> { null };
            }

            var sequential = ModelWalker.ClassOf(model) == "Sequential";
            var modelConfig = model["config"] as IDictionary;
            // Keras 3 builds a Sequential's layers inside its own build (name scope = the model's name); a Functional's
            // layers are built when the graph is made, outside any scope. TensorFlow.js never prefixes nested models.
            var inner = new Container(site.ObjectPath, sequential ? name + "/" : "", site, build);
            var entries = new List<(IDictionary Entry, ModelLayer Layer, int Index)>();
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is IDictionary entry && layerOf.TryGetValue(entry, out var layer))
                {
                    entries.Add((entry, layer, i));
                }
            }

            return sequential ? RunSequential(model, modelConfig, entries, inner, incoming) : RunFunctional(modelConfig, entries, inner, incoming);
        }

        private List<long?[]?> RunSequential(IDictionary model, IDictionary? modelConfig, List<(IDictionary Entry, ModelLayer Layer, int Index)> entries, Container container, List<long?[]?>? incoming)
        {
            var shape = incoming is { Count: > 0 } ? incoming[0] : null;
            if (shape is null && entries.Count > 0)
            {
                // An InputLayer's shape, or the one a first layer was given (Keras 2 and TensorFlow.js write it on the layer).
                shape = InputShape(entries[0].Layer);
                shape ??= ShapeValue(null, modelConfig, "build_input_shape") ?? ShapeValue(null, model["build_config"] as IDictionary, "input_shape");
            }

            foreach (var (_, layer, index) in entries)
            {
                if (layer.ClassName == "InputLayer")
                {
                    continue; // Sequential.layers hides its InputLayer: no object, no counter
                }

                var site = container.Child(this, layer, index);
                var outputs = Record(layer, Apply(layer, new Call(shape), site, build: container.Build));
                shape = outputs.Count > 0 ? outputs[0] : null;
            }

            return new List<long?[]?> { shape };
        }

        private List<long?[]?> RunFunctional(IDictionary? modelConfig, List<(IDictionary Entry, ModelLayer Layer, int Index)> entries, Container container, List<long?[]?>? incoming)
        {
            var outputs = new Dictionary<string, List<List<long?[]?>>>(StringComparer.Ordinal);
            var given = new Dictionary<string, long?[]?>(StringComparer.Ordinal);
            var inputNames = Refs(modelConfig?["input_layers"]).Select(r => r.Name).ToList();
            for (var i = 0; incoming is not null && i < inputNames.Count && i < incoming.Count; i++)
            {
                given[inputNames[i]] = incoming[i];
            }

            var sites = entries.Select(e => container.Child(this, e.Layer, e.Index)).ToList();
            var nodeOffset = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (_, layer, _) in entries)
            {
                var cls = LayerCatalog.KerasClass(layer.ClassName);
                nodeOffset[layer.Name] = cls == "Functional" || (cls == "Sequential" && config.Dialect != ModelDialect.Keras3) ? 1 : 0;
            }

            var nodes = entries.Select(e => e.Entry["inbound_nodes"] is IList n ? n.Cast<object?>().ToList() : new List<object?>()).ToList();
            var callCount = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                callCount[entries[i].Layer.Name] = Math.Max(1, nodes[i].Count);
            }

            var done = new int[entries.Count];
            var finished = new bool[entries.Count];
            bool progress;
            do
            {
                progress = false;
                for (var i = 0; i < entries.Count; i++)
                {
                    if (finished[i])
                    {
                        continue;
                    }

                    var layer = entries[i].Layer;
                    if (layer.ClassName == "InputLayer")
                    {
                        var shape = given.TryGetValue(layer.Name, out var g) && g is not null ? g : InputShape(layer);
                        outputs[layer.Name] = new List<List<long?[]?>> { new() { shape } };
                        finished[i] = progress = true;
                        continue;
                    }

                    while (done[i] < nodes[i].Count && TryResolve(nodes[i][done[i]], outputs, nodeOffset, callCount, out var call))
                    {
                        if (!outputs.TryGetValue(layer.Name, out var calls))
                        {
                            outputs[layer.Name] = calls = new List<List<long?[]?>>();
                        }

                        calls.Add(Record(layer, Apply(layer, call, sites[i], build: container.Build && done[i] == 0)));
                        done[i]++;
                        progress = true;
                    }

                    if (done[i] == nodes[i].Count)
                    {
                        finished[i] = true;
                    }
                }
            }
            while (progress);

            for (var i = 0; i < entries.Count; i++)
            {
                if (!finished[i])
                {
                    var missing = NodeInputs(nodes[i][done[i]]).Select(r => r.Name).FirstOrDefault(n => !outputs.ContainsKey(n)) ?? "?";
                    throw Error("UnresolvedLayerInput", entries[i].Layer,
                        $"takes input from '{missing}', whose output is not produced by any layer of the model (a missing node or a cycle).");
                }
            }

            return Refs(modelConfig?["output_layers"]).Select(r => Lookup(outputs, nodeOffset, r)).ToList();
        }

        /// <summary>The shapes a node's inputs have, when every layer it reads from has produced them.</summary>
        private bool TryResolve(object? node, Dictionary<string, List<List<long?[]?>>> outputs, Dictionary<string, int> nodeOffset, Dictionary<string, int> callCount,
            out Call call)
        {
            call = new Call();
            foreach (var input in NodeInputs(node))
            {
                // Wait for the call the reference names (a shared layer's later call), unless it can never come.
                var index = input.Node - (nodeOffset.TryGetValue(input.Name, out var o) ? o : 0);
                if (!outputs.TryGetValue(input.Name, out var made) || (index >= made.Count && callCount.TryGetValue(input.Name, out var total) && index < total))
                {
                    return false;
                }

                var shape = Lookup(outputs, nodeOffset, input);
                if (shape is null && !tfjs)
                {
                    shape = input.Shape; // a Keras 3 __keras_tensor__ records the shape Keras saw
                }

                if (input.Keyword is null)
                {
                    call.Args.Add(shape);
                }
                else
                {
                    call.Kwargs[input.Keyword] = shape;
                }
            }

            return true;
        }

        private static long?[]? Lookup(Dictionary<string, List<List<long?[]?>>> outputs, Dictionary<string, int> nodeOffset, TensorRef input)
        {
            if (!outputs.TryGetValue(input.Name, out var calls) || calls.Count == 0)
            {
                return null;
            }

            // A nested model has one node of its own before the outer calls (Keras 2 and TensorFlow.js always, Keras 3
            // for a Functional), so outer references to it start at 1; a layer called once is that call whatever the
            // index says.
            var offset = nodeOffset.TryGetValue(input.Name, out var o) ? o : 0;
            var node = calls.Count == 1 ? calls[0] : calls[Math.Max(0, Math.Min(calls.Count - 1, input.Node - offset))];
            return input.Tensor >= 0 && input.Tensor < node.Count ? node[input.Tensor] : null;
        }

        /// <summary>The tensors a serialized node reads, in call order: Keras 3 <c>{"args", "kwargs"}</c> with
        /// <c>__keras_tensor__</c> dicts, or the Keras 2 / TensorFlow.js list of <c>[name, node, tensor, kwargs]</c>.</summary>
        private static List<TensorRef> NodeInputs(object? node)
        {
            var found = new List<TensorRef>();
            if (node is IDictionary k3)
            {
                CollectKerasTensors(k3["args"], null, found, 0);
                if (k3["kwargs"] is IDictionary kwargs)
                {
                    foreach (DictionaryEntry e in kwargs)
                    {
                        CollectKerasTensors(e.Value, e.Key as string, found, 0);
                    }
                }

                return found;
            }

            if (node is not IList items)
            {
                return found;
            }

            if (AsRef(items, null) is not null)
            {
                items = new object[] { items }; // TFOpLambda's flatter form: the node is one reference
            }

            foreach (var item in items)
            {
                if (item is IList reference && AsRef(reference, null) is { } r)
                {
                    if (r.Name != "_CONSTANT_VALUE")
                    {
                        found.Add(r);
                    }

                    if (reference.Count > 3 && reference[3] is IDictionary kwargs)
                    {
                        foreach (DictionaryEntry e in kwargs)
                        {
                            if (e.Value is IList kw && AsRef(kw, e.Key as string) is { } k)
                            {
                                found.Add(k);
                            }
                        }
                    }
                }
            }

            return found;
        }

        private static void CollectKerasTensors(object? value, string? keyword, List<TensorRef> into, int depth)
        {
            if (depth > TreeLimits.MaxDepth)
            {
                return;
            }

            switch (value)
            {
                case IDictionary d when ModelWalker.ClassOf(d) == "__keras_tensor__":
                    if (d["config"] is IDictionary c && c["keras_history"] is IList h && AsRef(h, keyword) is { } r)
                    {
                        into.Add(new TensorRef(r.Name, r.Node, r.Tensor, keyword, ParseShape(c["shape"])));
                    }

                    break;
                case IDictionary d:
                    foreach (DictionaryEntry e in d)
                    {
                        CollectKerasTensors(e.Value, keyword, into, depth + 1);
                    }

                    break;
                case IList list:
                    foreach (var item in list)
                    {
                        CollectKerasTensors(item, keyword, into, depth + 1);
                    }

                    break;
            }
        }

        private static TensorRef? AsRef(IList list, string? keyword) =>
            list.Count >= 3 && list[0] is string name && list[1] is object n && ConfigValues.IsInteger(n) && list[2] is object t && ConfigValues.IsInteger(t)
                ? new TensorRef(name, Convert.ToInt32(n, CultureInfo.InvariantCulture), Convert.ToInt32(t, CultureInfo.InvariantCulture), keyword, null)
                : null;

        /// <summary><c>input_layers</c>/<c>output_layers</c>: a flat triple (Keras 3, one tensor), a list of triples, or a dict.</summary>
        private static List<TensorRef> Refs(object? value)
        {
            var refs = new List<TensorRef>();
            switch (value)
            {
                case IList list when AsRef(list, null) is { } single:
                    refs.Add(single);
                    break;
                case IList list:
                    foreach (var item in list)
                    {
                        refs.AddRange(Refs(item));
                    }

                    break;
                case IDictionary dict:
                    foreach (DictionaryEntry e in dict)
                    {
                        refs.AddRange(Refs(e.Value));
                    }

                    break;
            }

            return refs;
        }

        /// <summary>The output shape of an InputLayer, or the input shape a first layer was given: Keras 3 <c>batch_shape</c>,
        /// Keras 2 / TensorFlow.js <c>batch_input_shape</c>.</summary>
        private long?[]? InputShape(ModelLayer layer) =>
            ShapeValue(layer, layer.Config, "batch_shape") ?? ShapeValue(layer, layer.Config, "batch_input_shape");

        /// <summary>A shape-valued key of a config (with the batch dimension), checked: a zero or negative dimension is
        /// InvalidLayerShape.</summary>
        private long?[]? ShapeValue(ModelLayer? layer, IDictionary? dict, string key)
        {
            var shape = ParseShape(dict?[key]);
            if (shape is not null && shape.Any(d => d <= 0))
            {
                throw Error("InvalidLayerShape", layer, $"has {key} {Format(shape)}: every dimension must be positive or null.");
            }

            return shape;
        }

        private static long?[]? ParseShape(object? value)
        {
            if (value is not IList list || value is IDictionary || list.Cast<object?>().Any(d => d is not null && !ConfigValues.IsInteger(d)))
            {
                return null;
            }

            return list.Cast<object?>().Select(d => d is null ? (long?)null : Convert.ToInt64(d, CultureInfo.InvariantCulture)).ToArray();
        }

        /// <summary>A shape the Python way: <c>(None, 8)</c>, <c>(3,)</c>.</summary>
        internal static string Format(IReadOnlyList<long?>? shape) =>
            shape is null ? "unknown" : "(" + string.Join(", ", shape.Select(d => d?.ToString(CultureInfo.InvariantCulture) ?? "None")) + (shape.Count == 1 ? ",)" : ")");

        private static string Format(IReadOnlyList<long> shape) => Format(shape.Select(d => (long?)d).ToArray());

        /// <summary>Keeps a layer's first output shapes for <see cref="ModelWeightPlan.OutputShapes"/>.</summary>
        private List<long?[]?> Record(ModelLayer layer, List<long?[]?> outputs)
        {
            if (!outputShapes.ContainsKey(layer.Path))
            {
                outputShapes[layer.Path] = string.Join(" ", outputs.Select(o => Format(o)));
            }

            return outputs;
        }

        private void AddObject(string path, string name, string key) => objects.Add((key, new KerasObject(path, name)));

        private InitializerException Error(string errorId, ModelLayer? layer, string message)
        {
            var where = new List<string>();
            if (config.SourceName is not null)
            {
                where.Add("'" + config.SourceName + "'");
            }

            if (layer?.Line is int line)
            {
                where.Add(string.Format(CultureInfo.InvariantCulture, "line {0}, column {1}", line, layer.Column ?? 0));
            }

            var subject = layer is null ? "The model " : $"Layer '{layer.Path}' ({layer.ClassName}) ";
            return new InitializerException(errorId, ErrorKind.InvalidData, (where.Count > 0 ? string.Join(", ", where) + ": " : "") + subject + message, layer?.Path)
            {
                SourceName = config.SourceName,
                Line = layer?.Line,
                Column = layer?.Column,
            };
        }

        private void Note(FindingSeverity severity, string rule, ModelLayer layer, string message) =>
            notes.Add(new ModelFinding(severity, rule, $"Layer '{layer.Path}' ({layer.ClassName}) {message}", config.SourceName, layer.Line, layer.Column, layer.Pointer, layer.Path, null));

        /// <summary>The Keras version the file states: the model document's <c>keras_version</c> when it is a Keras
        /// (not tfjs-layers) version.</summary>
        private static string? FileKerasVersion(IDictionary model) =>
            model["keras_version"] is string v && v.Length > 0 && char.IsDigit(v[0]) ? v : null;

        internal static bool VersionAtLeast(string version, int major, int minor)
        {
            var parts = version.Split('.', '-', '+', ' ');
            var ma = parts.Length > 0 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0;
            var mi = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : 0;
            return ma > major || (ma == major && mi >= minor);
        }

        private ModelWeightPlan Materialize()
        {
            // Per object: vars in creation order, trainable (as created) first: the .weights.h5 vars/<i> index.
            var ordered = new List<(Draft Draft, int Index)>();
            foreach (var group in drafts.GroupBy(d => d.ObjectPath))
            {
                var index = 0;
                foreach (var draft in group.Where(d => d.CreatedTrainable).Concat(group.Where(d => !d.CreatedTrainable)))
                {
                    ordered.Add((draft, index++));
                }
            }

            var uses = drafts.SelectMany(d => d.Parts.Where(p => p.Slot is not null).Select(p => (d.Layer.Path, p.Slot)))
                .GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
            var weights = new List<ModelWeight>();
            var paths = new HashSet<string>(StringComparer.Ordinal);
            var tfjsNames = new Dictionary<string, Draft>(StringComparer.Ordinal);
            foreach (var (draft, index) in ordered)
            {
                if (!paths.Add(draft.VarPath))
                {
                    throw Error("DuplicateWeightPath", draft.Layer,
                        $"has a weight whose Keras variable path '{draft.VarPath}' another weight already has (two nested models with layers of the same name); rename one layer.");
                }

                if (draft.TfjsName is not null)
                {
                    if (tfjsNames.TryGetValue(draft.TfjsName, out var other))
                    {
                        throw Error("TfjsDuplicateWeightName", draft.Layer,
                            $"has a weight whose TensorFlow.js name '{draft.TfjsName}' layer '{other.Layer.Path}' already has; TensorFlow.js refuses it (\"Duplicate weight name\"): nested models drop their own name, so rename one of the layers.");
                    }

                    tfjsNames[draft.TfjsName] = draft;
                }

                var parts = draft.Parts.Select(p => new WeightPart(p.Start, p.Shape, p.Initializer, p.Slot,
                    p.Slot is null ? p.Within : uses[(draft.Layer.Path, p.Slot)] == 1 ? p.Slot : p.Slot + "/" + p.Within)).ToList();
                var kerasPath = (draft.ObjectPath.Length == 0 ? "" : draft.ObjectPath + "/") + "vars/" + index.ToString(CultureInfo.InvariantCulture);
                weights.Add(new ModelWeight(draft.VarPath, draft.Layer.Path, draft.Layer.ClassName, draft.Name, kerasPath, draft.TfjsName,
                    draft.Shape, draft.DType, draft.Trainable, parts));
            }

            var keras = objects.Select((o, i) => (o, i)).OrderBy(x => x.o.Key, StringComparer.Ordinal).ThenBy(x => x.i).Select(x => x.o.Object).ToList();
            return new ModelWeightPlan(config, options, kerasVersion, weights, keras, skipped, notes) { OutputShapes = outputShapes };
        }

        /// <summary>A tensor a node reads: <c>[layer name, node index, tensor index]</c>, with the call keyword it is
        /// passed as (null for positional) and, in Keras 3, the shape the file records.</summary>
        private sealed class TensorRef
        {
            public TensorRef(string name, int node, int tensor, string? keyword, long?[]? shape)
            {
                Name = name;
                Node = node;
                Tensor = tensor;
                Keyword = keyword;
                Shape = shape;
            }

            public string Name { get; }

            public int Node { get; }

            public int Tensor { get; }

            public string? Keyword { get; }

            public long?[]? Shape { get; }
        }

        /// <summary>The input shapes of one call of a layer.</summary>
        private sealed class Call
        {
            public Call()
            {
            }

            public Call(long?[]? shape) => Args.Add(shape);

            public List<long?[]?> Args { get; } = new();

            public Dictionary<string, long?[]?> Kwargs { get; } = new(StringComparer.Ordinal);

            public long?[]? Arg(int index, string keyword) =>
                index < Args.Count ? Args[index] : Kwargs.TryGetValue(keyword, out var s) ? s : null;

            public bool Has(int index, string keyword) => index < Args.Count || Kwargs.ContainsKey(keyword);
        }

        /// <summary>The layers of one model: its object path, the Keras 3 variable scope of its layers and the per-class
        /// counters that name its <c>layers/&lt;snake&gt;_&lt;n&gt;</c> objects.</summary>
        private sealed class Container
        {
            private readonly Dictionary<string, int> counters = new(StringComparer.Ordinal);

            public Container(string objectPath, string varPrefix, Site model, bool build)
            {
                ObjectPath = objectPath;
                VarPrefix = varPrefix;
                Model = model;
                Build = build;
            }

            public string ObjectPath { get; }

            public string VarPrefix { get; }

            public Site Model { get; }

            /// <summary>False while a nested model's later call is planned: its layers' objects and weights exist already.</summary>
            public bool Build { get; }

            public Site Child(WeightPlanner planner, ModelLayer layer, int index)
            {
                var snake = Names.ToKerasSnakeCase(LayerCatalog.KerasClass(layer.ClassName));
                counters.TryGetValue(snake, out var n);
                counters[snake] = n + 1;
                var name = n == 0 ? snake : snake + "_" + n.ToString(CultureInfo.InvariantCulture);
                var path = (ObjectPath.Length == 0 ? "" : ObjectPath + "/") + "layers/" + name;
                var key = Model.Key + "/" + index.ToString("D6", CultureInfo.InvariantCulture);
                if (Build)
                {
                    planner.AddObject(path, layer.Name, key);
                }

                return new Site(layer, path, key, VarPrefix + layer.Name, planner.tfjs ? layer.Name : null,
                    Model.Trainable && (Flag(layer.Config, "trainable") ?? true), LayerDType(layer.Config, Model.DType), "", layer.Name);
            }
        }

        /// <summary>Where a layer's weights go: its Keras object path (and the sort key of its object), its Keras 3
        /// variable scope, its TensorFlow.js name scope (null when the plan is not for TensorFlow.js), whether its
        /// weights are trainable, their dtype, the layer whose slots configure them, and the prefix that tells its seed
        /// keys apart from another direction fed by the same slots.</summary>
        private sealed class Site
        {
            public Site(ModelLayer? layer, string objectPath, string key, string varScope, string? tfjsScope, bool trainable, DType dtype, string seedPrefix, string name)
            {
                Layer = layer;
                ObjectPath = objectPath;
                Key = key;
                VarScope = varScope;
                TfjsScope = tfjsScope;
                Trainable = trainable;
                DType = dtype;
                SeedPrefix = seedPrefix;
                Name = name;
            }

            public ModelLayer? Layer { get; }

            public string ObjectPath { get; }

            public string Key { get; }

            public string VarScope { get; }

            public string? TfjsScope { get; }

            public bool Trainable { get; }

            public DType DType { get; }

            public string SeedPrefix { get; }

            /// <summary>The layer's name as Keras builds it (a Bidirectional direction is <c>forward_&lt;inner&gt;</c>).</summary>
            public string Name { get; }
        }

        private sealed class Draft
        {
            public Draft(string objectPath, string varPath, string? tfjsName, ModelLayer layer, string name, long[] shape, DType dtype,
                bool createdTrainable, bool trainable, List<PartDraft> parts)
            {
                ObjectPath = objectPath;
                VarPath = varPath;
                TfjsName = tfjsName;
                Layer = layer;
                Name = name;
                Shape = shape;
                DType = dtype;
                CreatedTrainable = createdTrainable;
                Trainable = trainable;
                Parts = parts;
            }

            public string ObjectPath { get; }

            public string VarPath { get; }

            public string? TfjsName { get; }

            public ModelLayer Layer { get; }

            public string Name { get; }

            public long[] Shape { get; }

            public DType DType { get; }

            public bool CreatedTrainable { get; }

            public bool Trainable { get; }

            public List<PartDraft> Parts { get; }
        }

        private sealed class PartDraft
        {
            public PartDraft(long start, long[] shape, Initializer initializer, string? slot, string within)
            {
                Start = start;
                Shape = shape;
                Initializer = initializer;
                Slot = slot;
                Within = within;
            }

            public long Start { get; }

            public long[] Shape { get; }

            public Initializer Initializer { get; }

            public string? Slot { get; }

            /// <summary>The weight's path within its layer (<c>query/kernel</c>, <c>bias#2</c>): the seed key's tail when
            /// one slot feeds several calls.</summary>
            public string Within { get; }
        }
    }
}
