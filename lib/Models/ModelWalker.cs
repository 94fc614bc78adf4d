using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Initializers.Config;
using Initializers.Serialization;

namespace Initializers.Models
{
    /// <summary>Walks a model document: every layer at any depth (Sequential <c>config.layers</c> or an old plain list,
    /// Functional, nested models, wrapper <c>layer</c>/<c>backward_layer</c>, RNN <c>cell</c> and
    /// <c>cells</c>) and every initializer slot of each. Nothing in the document is run; a Lambda's code is only text.</summary>
    internal sealed class ModelWalker
    {
        // Bidirectional writes "layer" and "backward_layer" (Keras 3, tf-keras; TensorFlow.js only "layer"), RNN "cell".
        private static readonly string[] NestedLayerKeys = { "layer", "backward_layer", "cell" };

        private readonly SourceMap? map;
        private readonly string? sourceName;
        private readonly ModelDialect dialect;

        public ModelWalker(SourceMap? map, string? sourceName, ModelDialect dialect)
        {
            this.map = map;
            this.sourceName = sourceName;
            this.dialect = dialect;
        }

        public List<ModelLayer> Layers { get; } = new();

        public List<ModelSlot> Slots { get; } = new();

        /// <summary>What the walk found wrong with the structure (duplicate names, cycles, skipped entries).</summary>
        public List<ModelFinding> Notes { get; } = new();

        /// <summary>The class name of a document: <c>class_name</c>, or TensorFlow.js's in-memory <c>className</c>.</summary>
        public static string? ClassOf(IDictionary document) => (document["class_name"] ?? document["className"]) as string;

        /// <summary>The layers list of a model document (<c>config.layers</c>, or old Keras's plain list as <c>config</c>)
        /// with the key that holds it; null when there is none.</summary>
        public static (IList List, object Container, string Key)? LayersOf(IDictionary document)
        {
            switch (document["config"])
            {
                case IList list when list is not IDictionary:
                    return (list, document, "config");
                case IDictionary config when config["layers"] is IList layers and not IDictionary:
                    return (layers, config, "layers");
                default:
                    return null;
            }
        }

        /// <summary>Walks the layers of a model document found at <paramref name="pointer"/>.</summary>
        public void WalkModel(IDictionary document, string pointer, string prefix, string modelName)
        {
            if (LayersOf(document) is not var (list, _, key))
            {
                return;
            }

            var listPointer = JsonPointer.Append(key == "config" ? pointer : JsonPointer.Append(pointer, "config"), key);
            if (list.Count == 0)
            {
                Note(FindingSeverity.Information, "EmptyModel", $"Model '{modelName}' has no layers.", Position(document, "config"), pointer, prefix.TrimEnd('/'), null);
                return;
            }

            var byName = new Dictionary<string, ModelLayer>(StringComparer.Ordinal);
            var inputs = new List<(ModelLayer Layer, List<string> From)>();
            for (var i = 0; i < list.Count; i++)
            {
                var itemPointer = JsonPointer.Append(listPointer, i);
                if (list[i] is not IDictionary entry)
                {
                    Note(FindingSeverity.Information, "SkippedEntry",
                        $"Entry {i} of the layers of '{modelName}' is {ConfigValues.Format(list[i])}, not a layer; it was skipped.",
                        map?.EntryOf(list, i)?.Value, itemPointer, null, null);
                    continue;
                }

                var layer = WalkLayer(entry, list, i, itemPointer, prefix);
                if (byName.ContainsKey(layer.Name))
                {
                    Note(FindingSeverity.Error, "DuplicateLayerName",
                        $"Model '{modelName}' has two layers named '{layer.Name}' (entries {IndexOf(list, byName[layer.Name].Entry)} and {i}); Keras refuses duplicate names.",
                        Pos(layer), itemPointer, layer.Path, null);
                }
                else
                {
                    byName[layer.Name] = layer;
                }

                if (entry["inbound_nodes"] is IList nodes)
                {
                    var from = new List<string>();
                    CollectInputs(nodes, from, 0);
                    inputs.Add((layer, from));
                }
            }

            CheckGraph(byName, inputs, modelName);
        }

        private ModelLayer WalkLayer(IDictionary entry, object container, object key, string pointer, string prefix)
        {
            var className = ClassOf(entry) ?? "";
            var config = entry["config"] as IDictionary;
            // An unnamed layer (a StackedRNNCells cell) is called by its key, or ClassName#index in a list.
            var name = config?["name"] as string ?? entry["name"] as string
                ?? (key as string ?? className + "#" + Convert.ToString(key, CultureInfo.InvariantCulture));
            var position = map?.EntryOf(container, key)?.Value;
            var layer = new ModelLayer(prefix + name, name, className, pointer, position?.Line, position?.Column,
                LayerCatalog.IsKnown(className), entry, config);
            Layers.Add(layer);

            if (LayersOf(entry) is not null)
            {
                WalkModel(entry, pointer, layer.Path + "/", name);
            }

            if (config is null)
            {
                return layer;
            }

            var configPointer = JsonPointer.Append(pointer, "config");
            foreach (DictionaryEntry item in config)
            {
                if (item.Key is string slot && LayerCatalog.IsSlotKey(slot))
                {
                    Slots.Add(ReadSlot(layer, config, slot, JsonPointer.Append(configPointer, slot)));
                }
            }

            foreach (var nestedKey in NestedLayerKeys)
            {
                switch (config[nestedKey])
                {
                    case IDictionary nested when ClassOf(nested) is not null:
                        WalkLayer(nested, config, nestedKey, JsonPointer.Append(configPointer, nestedKey), layer.Path + "/");
                        break;
                    case IList cells when cells is not IDictionary:
                        WalkCells(cells, JsonPointer.Append(configPointer, nestedKey), layer.Path + "/");
                        break;
                }
            }

            if (config["cells"] is IList stacked and not IDictionary)
            {
                WalkCells(stacked, JsonPointer.Append(configPointer, "cells"), layer.Path + "/");
            }

            return layer;
        }

        private void WalkCells(IList cells, string pointer, string prefix)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                if (cells[i] is IDictionary cell && ClassOf(cell) is not null)
                {
                    WalkLayer(cell, cells, i, JsonPointer.Append(pointer, i), prefix);
                }
            }
        }

        private ModelSlot ReadSlot(ModelLayer layer, IDictionary config, string slot, string pointer)
        {
            var value = config[slot];
            var entry = map?.EntryOf(config, slot);
            Initializer? initializer = null;
            InitializerException? error = null;
            string? className = null;
            long? shared = null;
            try
            {
                switch (value)
                {
                    case null:
                        break;
                    case string name:
                        className = name;
                        initializer = KerasConfig.FromDocument(name);
                        break;
                    case IDictionary document:
                        className = ClassOf(document);
                        shared = document["shared_object_id"] is object id && ConfigValues.IsInteger(id) ? Convert.ToInt64(id, CultureInfo.InvariantCulture) : null;
                        initializer = KerasConfig.FromDocument(document);
                        break;
                    default:
                        throw new InitializerException("InvalidInitializerValue", ErrorKind.InvalidType,
                            $"{ConfigValues.Format(value)} is not an initializer: expected null, a name or a {{\"class_name\": ..., \"config\": ...}} document.", value);
                }
            }
            catch (InitializerException ex)
            {
                var at = ex.ConfigPath is { } path && value is not null ? map?.Find(value, path, ex.PathIsKey) : entry?.Value;
                at ??= entry?.Value;
                var where = Where(layer.Path, slot, at);
                error = new InitializerException(ex.ErrorId, ex.Kind, where + ": " + ex.Message, ex.Target, ex)
                {
                    SourceName = sourceName,
                    Line = at?.Line,
                    Column = at?.Column,
                };
            }

            var weight = LayerCatalog.WeightOf(slot);
            var unused = layer.Config is { } c && LayerCatalog.IsUnused(layer.ClassName, c, weight, dialect);
            var rank = layer.Config is { } rc ? LayerCatalog.WeightRank(layer.ClassName, rc, weight) : null;
            return new ModelSlot(layer, slot, pointer, entry?.Key.Line, entry?.Key.Column, entry?.Value.Line, entry?.Value.Column,
                value, initializer, initializer?.ClassName ?? className, error, shared, unused, rank, sourceName);
        }

        /// <summary>"'file', layer 'a/b', slot 'kernel_initializer', line 3, column 7", leaving out what is not known.</summary>
        internal string Where(string? layer, string? slot, TextPosition? at)
        {
            var parts = new List<string>();
            if (sourceName is not null)
            {
                parts.Add("'" + sourceName + "'");
            }

            if (layer is not null)
            {
                parts.Add("layer '" + layer + "'");
            }

            if (slot is not null)
            {
                parts.Add(slot);
            }

            if (at is TextPosition p)
            {
                parts.Add(string.Format(CultureInfo.InvariantCulture, "line {0}, column {1}", p.Line, p.Column));
            }

            return string.Join(", ", parts);
        }

        /// <summary>The names a layer takes input from: every <c>[name, node, tensor, …]</c> list in its inbound nodes
        /// (Keras 2 nested lists, TFOpLambda's flatter form, kwargs tensors, Keras 3 <c>keras_history</c>).</summary>
        private static void CollectInputs(object? node, List<string> into, int depth)
        {
            if (depth > TreeLimits.MaxDepth)
            {
                return;
            }

            switch (node)
            {
                case IDictionary dict:
                    foreach (DictionaryEntry e in dict)
                    {
                        CollectInputs(e.Value, into, depth + 1);
                    }

                    break;
                case IList list:
                    if (list.Count >= 3 && list[0] is string name && list[1] is object n && ConfigValues.IsInteger(n) && list[2] is object t && ConfigValues.IsInteger(t))
                    {
                        if (name != "_CONSTANT_VALUE" && !into.Contains(name))
                        {
                            into.Add(name);
                        }

                        for (var i = 3; i < list.Count; i++)
                        {
                            CollectInputs(list[i], into, depth + 1);
                        }

                        break;
                    }

                    foreach (var item in list)
                    {
                        CollectInputs(item, into, depth + 1);
                    }

                    break;
            }
        }

        /// <summary>Inputs from layers the model does not have, and layers that feed themselves through a cycle.</summary>
        private void CheckGraph(Dictionary<string, ModelLayer> byName, List<(ModelLayer Layer, List<string> From)> inputs, string modelName)
        {
            var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (layer, from) in inputs)
            {
                foreach (var source in from.Where(s => !byName.ContainsKey(s)))
                {
                    Note(FindingSeverity.Error, "UnknownInboundLayer",
                        $"Layer '{layer.Path}' takes input from '{source}', which is not a layer of model '{modelName}'.", Pos(layer), layer.Pointer, layer.Path, null);
                }

                if (byName.TryGetValue(layer.Name, out var owner) && ReferenceEquals(owner, layer))
                {
                    edges[layer.Name] = from.Where(byName.ContainsKey).ToList();
                }
            }

            // Depth-first search: 1 = on the current path, 2 = done. A back edge closes a cycle.
            var state = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var start in edges.Keys)
            {
                if (state.ContainsKey(start))
                {
                    continue;
                }

                var stack = new Stack<(string Name, int Next)>();
                stack.Push((start, 0));
                state[start] = 1;
                while (stack.Count > 0)
                {
                    var (name, next) = stack.Pop();
                    var targets = edges.TryGetValue(name, out var t) ? t : new List<string>();
                    if (next >= targets.Count)
                    {
                        state[name] = 2;
                        continue;
                    }

                    stack.Push((name, next + 1));
                    var target = targets[next];
                    if (!state.TryGetValue(target, out var s))
                    {
                        state[target] = 1;
                        stack.Push((target, 0));
                    }
                    else if (s == 1)
                    {
                        var path = stack.Select(f => f.Name).Reverse().SkipWhile(n => n != target).ToList();
                        path.Add(target);
                        var layer = byName[target];
                        Note(FindingSeverity.Error, "LayerGraphCycle",
                            $"The layers of model '{modelName}' form a cycle through their inbound nodes: {string.Join(" <- ", path)}.", Pos(layer), layer.Pointer, layer.Path, null);
                    }
                }
            }
        }

        private static int IndexOf(IList list, object item)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (ReferenceEquals(list[i], item))
                {
                    return i;
                }
            }

            return -1;
        }

        private static TextPosition? Pos(ModelLayer layer) => layer.Line is int l ? new TextPosition(l, layer.Column ?? 0) : null;

        private TextPosition? Position(IDictionary container, string key) => map?.EntryOf(container, key)?.Key;

        private void Note(FindingSeverity severity, string rule, string message, TextPosition? at, string? pointer, string? layer, string? slot) =>
            Notes.Add(new ModelFinding(severity, rule, message, sourceName, at?.Line, at?.Column, pointer, layer, slot));
    }
}
