using System;
using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;

namespace Initializers.Config
{
    /// <summary>Keras initializer documents (the parsed tree, before or after JSON/YAML text) to and from initializers.
    /// Reads the Keras 3 form, the Keras 2 / TF 2 legacy form, the TensorFlow.js forms and bare string identifiers.</summary>
    public static class KerasConfig
    {
        /// <summary>The keys a Keras document may carry besides <c>class_name</c> and <c>config</c>.</summary>
        private static readonly string[] EnvelopeKeys =
        {
            "class_name", "className", "config", "module", "registered_name", "__passive_serialization__", "shared_object_id",
        };

        /// <summary>A config value as Keras's messages and <c>repr</c> write it (Python-like): <c>None</c>, <c>True</c>,
        /// <c>'text'</c>, <c>0.05</c>, <c>[1, 2]</c>, <c>{'seed': 1}</c>; numbers culture-invariant and round-trip.</summary>
        /// <param name="value">A config value or tree (null, bool, string, number, dictionary or list).</param>
        public static string FormatValue(object? value) => ConfigValues.Format(value);

        /// <summary>The document for <paramref name="initializer"/>: Keras 3
        /// <c>{"module": "keras.initializers", "class_name", "config", "registered_name": null}</c> or Keras 2 <c>{"class_name", "config"}</c>.</summary>
        /// <param name="initializer">The initializer to describe.</param>
        /// <param name="style">Keras 3 (default) or the Keras 2 legacy form.</param>
        public static OrderedDictionary ToDocument(Initializer initializer, KerasStyle style = KerasStyle.Keras3)
        {
            var doc = new OrderedDictionary(StringComparer.Ordinal);
            if (style == KerasStyle.Keras3)
            {
                doc.Add("module", "keras.initializers");
            }

            doc.Add("class_name", initializer.ClassName);
            doc.Add("config", initializer.GetConfig(style));
            if (style == KerasStyle.Keras3)
            {
                doc.Add("registered_name", null);
            }

            return doc;
        }

        /// <summary>An initializer from a string identifier or a Keras/TensorFlow.js document.</summary>
        /// <param name="document">A name or alias string, or a dictionary with <c>class_name</c> (or TensorFlow.js <c>className</c>) and an optional <c>config</c>.</param>
        public static Initializer FromDocument(object? document)
        {
            switch (document)
            {
                case null:
                    throw new InitializerException("EmptyInput", ErrorKind.InvalidData, "The initializer document is empty (null); expected a name or a {\"class_name\": ..., \"config\": ...} document.", document);
                case string name:
                    return InitializerCatalog.Create(name, null);
                case IDictionary dict:
                    return FromDictionary(dict);
                default:
                    throw new InitializerException(
                        "InvalidInitializerInput",
                        ErrorKind.InvalidType,
                        $"Cannot use {ConfigValues.Format(document)} ({document.GetType().FullName}) as an initializer; expected an initializer object, " +
                        "a name such as 'GlorotUniform', a {\"class_name\": ..., \"config\": ...} document, or JSON/YAML text.",
                        document);
            }
        }

        /// <summary>Keras's <c>from_config</c>: a plain config dictionary for a known class name.</summary>
        /// <param name="className">A class name or alias.</param>
        /// <param name="config">The constructor arguments by Keras key; null or empty for the defaults.</param>
        public static Initializer FromConfig(string className, IDictionary? config) => InitializerCatalog.Create(className, config);

        /// <summary>True when <paramref name="dict"/> looks like a document (has class_name) rather than a plain config.</summary>
        /// <param name="dict">A parsed dictionary.</param>
        public static bool IsDocument(IDictionary dict) => dict.Contains("class_name") || dict.Contains("className");

        private static Initializer FromDictionary(IDictionary dict)
        {
            var className = dict.Contains("class_name") ? dict["class_name"] : dict["className"];
            var classKey = dict.Contains("class_name") ? "class_name" : "className";
            if (className is null)
            {
                throw new InitializerException(
                    "MissingClassName",
                    ErrorKind.InvalidData,
                    $"Improper config format: {ConfigValues.Format(dict)} has no 'class_name'. An initializer document needs 'class_name' " +
                    "and 'config', such as {\"class_name\": \"Constant\", \"config\": {\"value\": 3}}; to read a plain config, give its class " +
                    "(ConvertFrom-InitializerConfig -ClassName, or ReadOptions.ClassName).",
                    dict);
            }

            if (className is not string name)
            {
                throw new InitializerException("InvalidConfig", ErrorKind.InvalidType, $"'class_name' must be a string; got {ConfigValues.Format(className)}.", className)
                    .AtKey(classKey);
            }

            var known = InitializerCatalog.TryGet(name, out var info);
            foreach (DictionaryEntry e in dict)
            {
                var key = Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "";
                if (!EnvelopeKeys.Contains(key))
                {
                    throw NotAnInitializer(dict, name) ?? new InitializerException(
                        "UnknownConfigKey",
                        ErrorKind.InvalidData,
                        $"Unknown key '{key}' in the {name} document. Allowed keys: class_name, config, module, registered_name.",
                        key).AtKey(key, isKey: true);
                }
            }

            var config = dict["config"];
            if (!known)
            {
                throw NotAnInitializer(dict, name) ?? UnknownClass(name, classKey);
            }

            if (config is not null and not IDictionary)
            {
                throw new InitializerException("InvalidConfig", ErrorKind.InvalidType, $"'config' of {name} must be a dictionary; got {ConfigValues.Format(config)}.", config)
                    .AtKey("config");
            }

            try
            {
                return InitializerCatalog.Create(info, (IDictionary?)config);
            }
            catch (InitializerException ex)
            {
                throw ex.AtKey("config");
            }
        }

        private static InitializerException UnknownClass(string name, string classKey)
        {
            try
            {
                InitializerCatalog.Get(name);
            }
            catch (InitializerException ex)
            {
                return ex.AtKey(classKey);
            }

            throw new InvalidOperationException("unreachable: '" + name + "' resolved on the second look-up");
        }

        /// <summary>Model keys that no initializer document has (Keras 3 <c>to_json()</c>, <c>.keras</c> config.json,
        /// tf.keras, and a TensorFlow.js modelTopology).</summary>
        private static readonly string[] ModelKeys = { "keras_version", "backend", "build_config", "compile_config", "modelTopology", "weightsManifest" };

        /// <summary>Config keys that only layers have.</summary>
        private static readonly string[] LayerKeys = { "trainable", "units", "filters", "kernel_size", "activation", "batch_input_shape", "batch_shape", "input_dim", "rate", "axis" };

        /// <summary>The error for a model or layer config given where an initializer document belongs, or null when
        /// <paramref name="dict"/> does not look like one.</summary>
        private static InitializerException? NotAnInitializer(IDictionary dict, string name)
        {
            var config = dict["config"] as IDictionary;
            string? kind = null;
            if (ModelKeys.Any(dict.Contains) || (config is not null && (config.Contains("layers") || config.Contains("layer"))))
            {
                kind = "model";
            }
            else if (config is not null && config.Keys.Cast<object>().Any(k => k is string key && (LayerKeys.Contains(key) || key.EndsWith("_initializer", StringComparison.Ordinal))))
            {
                kind = "layer";
            }

            if (kind is null)
            {
                return null;
            }

            return new InitializerException(
                "NotAnInitializerConfig",
                ErrorKind.InvalidData,
                $"This is a Keras {kind} config (class '{name}'), not an initializer document. The initializer cmdlets read documents " +
                "such as {\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}}; the initializers inside a " + kind +
                " config (its *_initializer keys) cannot be read as a whole yet: pass one of them, for example its kernel_initializer.",
                name);
        }
    }
}
