using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;

namespace Initializers.Models.Weights
{
    /// <summary>Turns a Keras 3, Keras 2 or TensorFlow.js model config into the <c>modelTopology</c> that TensorFlow.js
    /// 4.22's <c>tf.loadLayersModel</c> reads (model-formats §4.2, §4.7, §8 item 5): Keras 2 nested-list
    /// <c>inbound_nodes</c>, <c>batch_input_shape</c> instead of <c>batch_shape</c>, <c>input_layers</c> and
    /// <c>output_layers</c> as lists of triples, a Sequential without an InputLayer entry (its first layer carries the
    /// input shape), class <c>Model</c> for a functional model, dtype policies as dtype names, and without the Keras 3
    /// keys (<c>module</c>, <c>registered_name</c>, <c>build_config</c>, <c>shared_object_id</c>) and Keras 3's
    /// <c>Lecun*</c> initializer spellings (TensorFlow.js spells them <c>LeCun*</c>). The source config is not changed.</summary>
    public static class TfjsTopology
    {
        private static readonly string[] DroppedKeys = { "module", "registered_name", "build_config", "shared_object_id", "compile_config" };

        /// <summary>The TensorFlow.js form of <paramref name="config"/>'s model.</summary>
        /// <param name="config">A model config of any dialect (<see cref="ModelConfig.ReadFile"/>).</param>
        /// <returns>The topology: <c>{"class_name", "config", "keras_version", "backend"}</c>, mappings as
        /// <see cref="OrderedDictionary"/> and sequences as <c>object?[]</c>.</returns>
        /// <exception cref="InitializerException">TfjsTopologyUnsupported for what TensorFlow.js cannot express (a GRU with
        /// <c>reset_after</c> true, a tensor passed other than as the first call argument, a Sequential without an input
        /// shape), naming the layer.</exception>
        public static OrderedDictionary Convert(ModelConfig config)
        {
            if (config is null)
            {
                throw new ArgumentNullException(nameof(config));
            }

            var converter = new Converter(config);
            var topology = converter.Model(config.Model);
            topology["keras_version"] = config.Model["keras_version"] as string ?? "tfjs-layers 4.22.0";
            topology["backend"] = "tensor_flow.js";
            return topology;
        }

        private sealed class Converter
        {
            private readonly ModelConfig source;

            public Converter(ModelConfig source) => this.source = source;

            /// <summary>A (possibly nested) Sequential or functional model entry.</summary>
            public OrderedDictionary Model(IDictionary entry)
            {
                var className = ModelWalker.ClassOf(entry) ?? "Model";
                var config = entry["config"];
                var result = new OrderedDictionary(StringComparer.Ordinal);
                if (className == "Sequential")
                {
                    result["class_name"] = "Sequential";
                    result["config"] = Sequential(config);
                }
                else
                {
                    result["class_name"] = "Model";
                    result["config"] = Functional(config as IDictionary ?? throw Unsupported($"The {className} model has no config.", className));
                }

                return result;
            }

            private OrderedDictionary Sequential(object? config)
            {
                var map = config as IDictionary;
                var layers = (map?["layers"] ?? config) as IList ?? Array.Empty<object?>();
                var name = map?["name"] as string ?? "sequential";
                var converted = layers.Cast<object?>().OfType<IDictionary>().Select(Layer).ToList();
                object? inputShape = null;
                object? inputDType = null;
                if (converted.Count > 0 && (string?)converted[0]["class_name"] == "InputLayer")
                {
                    var input = (IDictionary)converted[0]["config"]!;
                    inputShape = input["batch_input_shape"];
                    inputDType = input["dtype"];
                    converted.RemoveAt(0);
                }

                if (converted.Count > 0 && converted[0]["config"] is IDictionary first && first["batch_input_shape"] is null)
                {
                    var original = layers.Cast<object?>().OfType<IDictionary>().FirstOrDefault(l => ModelWalker.ClassOf(l) != "InputLayer");
                    inputShape ??= map?["build_input_shape"] ?? (original?["build_config"] as IDictionary)?["input_shape"];
                    if (inputShape is null)
                    {
                        throw Unsupported($"The Sequential model '{name}' states no input shape (no InputLayer, batch_input_shape or build_input_shape); TensorFlow.js needs one on its first layer.", name);
                    }

                    first["batch_input_shape"] = Clean(inputShape);
                    if (inputDType is not null && !first.Contains("dtype"))
                    {
                        first["dtype"] = Clean(inputDType);
                    }
                }

                var result = new OrderedDictionary(StringComparer.Ordinal) { ["name"] = name, ["layers"] = converted.Cast<object?>().ToArray() };
                return result;
            }

            private OrderedDictionary Functional(IDictionary config)
            {
                var result = new OrderedDictionary(StringComparer.Ordinal) { ["name"] = config["name"] as string ?? "model" };
                var layers = config["layers"] as IList ?? Array.Empty<object?>();
                result["layers"] = layers.Cast<object?>().OfType<IDictionary>().Select(Layer).Cast<object?>().ToArray();
                result["input_layers"] = Triples(config["input_layers"]);
                result["output_layers"] = Triples(config["output_layers"]);
                return result;
            }

            /// <summary>One entry of a model's <c>layers</c>: a layer, or a nested model, with its node keys.</summary>
            private OrderedDictionary Layer(IDictionary entry)
            {
                var className = ModelWalker.ClassOf(entry);
                OrderedDictionary result;
                if (className is "Sequential" or "Functional" or "Model")
                {
                    result = Model(entry);
                }
                else
                {
                    result = (OrderedDictionary)Clean(entry)!;
                    result.Remove("name");
                    result.Remove("inbound_nodes");
                    if (className == "InputLayer" && result["config"] is OrderedDictionary input)
                    {
                        if (input.Contains("batch_shape"))
                        {
                            // In the same place, so that the InputLayer reads as TensorFlow.js writes it.
                            var at = input.Keys.Cast<string>().ToList().IndexOf("batch_shape");
                            var shape = input["batch_shape"];
                            input.RemoveAt(at);
                            input.Insert(at, "batch_input_shape", shape);
                        }

                        input.Remove("ragged");
                        input.Remove("optional");
                    }
                }

                if (entry.Contains("name"))
                {
                    result["name"] = entry["name"];
                }

                if (entry["inbound_nodes"] is IList nodes)
                {
                    var name = entry["name"] as string ?? "?";
                    result["inbound_nodes"] = nodes.Cast<object?>().Select(n => Node(n, name)).ToArray();
                }

                return result;
            }

            /// <summary>A Keras 3 node <c>{"args", "kwargs"}</c> as the Keras 2 list of
            /// <c>[layer, node, tensor, kwargs]</c>; a node already in that form is copied.</summary>
            private object? Node(object? node, string layer)
            {
                if (node is not IDictionary call)
                {
                    return Clean(node);
                }

                var args = call["args"] as IList ?? Array.Empty<object?>();
                var kwargs = new OrderedDictionary(StringComparer.Ordinal);
                if (call["kwargs"] is IDictionary given)
                {
                    foreach (DictionaryEntry pair in given)
                    {
                        if (ContainsTensor(pair.Value))
                        {
                            throw Unsupported($"The layer '{layer}' is called with a tensor as its '{pair.Key}' argument; TensorFlow.js only passes tensors as the first argument.", layer);
                        }

                        kwargs[(string)pair.Key] = Clean(pair.Value);
                    }
                }

                if (args.Count != 1)
                {
                    throw Unsupported($"The layer '{layer}' is called with {args.Count} positional arguments; TensorFlow.js takes its input tensors as one first argument.", layer);
                }

                var inputs = args[0] is IList list && !IsTensor(args[0]) ? list.Cast<object?>().ToList() : new() { args[0] };
                return inputs.Select(input =>
                {
                    if (!IsTensor(input))
                    {
                        throw Unsupported($"The layer '{layer}' is called with a constant among its inputs; TensorFlow.js takes only tensors there.", layer);
                    }

                    var history = (((IDictionary)input!)["config"] as IDictionary)?["keras_history"] as IList;
                    if (history is null || history.Count < 3)
                    {
                        throw Unsupported($"An input of the layer '{layer}' has no keras_history.", layer);
                    }

                    return (object?)new object?[] { history[0], history[1], history[2], kwargs };
                }).ToArray();
            }

            private static bool IsTensor(object? value) => value is IDictionary d && ModelWalker.ClassOf(d) == "__keras_tensor__";

            private static bool ContainsTensor(object? value) =>
                IsTensor(value) || (value is IList list && list.Cast<object?>().Any(ContainsTensor)) || (value is IDictionary map && map.Values.Cast<object?>().Any(ContainsTensor));

            /// <summary><c>["x", 0, 0]</c> (Keras 3, one input) as <c>[["x", 0, 0]]</c>; a dict of triples as their list.</summary>
            private object?[] Triples(object? value)
            {
                if (value is IDictionary map)
                {
                    return map.Values.Cast<object?>().Select(Clean).ToArray();
                }

                var list = value as IList ?? Array.Empty<object?>();
                return list.Count > 0 && list[0] is string ? new[] { Clean(list) } : list.Cast<object?>().Select(Clean).ToArray();
            }

            /// <summary>A deep copy without the keys TensorFlow.js does not use, with dtype policies as names and Keras's
            /// <c>Lecun*</c> initializers spelled <c>LeCun*</c>; a GRU with <c>reset_after</c> true is refused.</summary>
            private object? Clean(object? value)
            {
                switch (value)
                {
                    case IDictionary map:
                        var copy = new OrderedDictionary(StringComparer.Ordinal);
                        foreach (DictionaryEntry pair in map)
                        {
                            var key = (string)pair.Key;
                            if (DroppedKeys.Contains(key))
                            {
                                continue;
                            }

                            copy[key] = key == "dtype" && pair.Value is IDictionary policy && (ModelWalker.ClassOf(policy) ?? "").EndsWith("DTypePolicy", StringComparison.Ordinal)
                                ? (policy["config"] as IDictionary)?["name"]
                                : Clean(pair.Value);
                        }

                        var className = copy["class_name"] as string;
                        if (className is "LecunNormal" or "LecunUniform")
                        {
                            copy["class_name"] = "LeCun" + className.Substring("Lecun".Length);
                        }

                        if (className == "GRU" && copy["config"] is IDictionary gru && ResetAfter(gru))
                        {
                            var name = gru["name"] as string ?? "gru";
                            throw Unsupported($"The GRU '{name}' has reset_after true (the Keras default); TensorFlow.js has no such GRU and refuses it. Set reset_after to false (its bias is then (3*units,)).", name);
                        }

                        return copy;
                    case string:
                        return value;
                    case IList list:
                        return list.Cast<object?>().Select(Clean).ToArray();
                    default:
                        return value;
                }
            }

            private bool ResetAfter(IDictionary gru) => gru["reset_after"] switch
            {
                bool flag => flag,
                null => source.Dialect != ModelDialect.TensorFlowJs && !gru.Contains("reset_after"),
                _ => true,
            };

            private InitializerException Unsupported(string message, object target) =>
                new("TfjsTopologyUnsupported", ErrorKind.InvalidArgument, message, target) { SourceName = source.SourceName };
        }
    }
}
