using System;
using System.Collections;
using System.Collections.Generic;
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

        /// <summary>The document for <paramref name="initializer"/>: Keras 3
        /// <c>{"module": "keras.initializers", "class_name", "config", "registered_name": null}</c> or Keras 2 <c>{"class_name", "config"}</c>.</summary>
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

        /// <summary>One initializer per document: a list gives one per element; anything else gives one.</summary>
        public static IReadOnlyList<Initializer> FromDocuments(object? document) =>
            document is IList list
                ? list.Cast<object?>().Select(FromDocument).ToList()
                : new[] { FromDocument(document) };

        /// <summary>An initializer from a string identifier or a Keras/TensorFlow.js document.</summary>
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
                        "InvalidConfig",
                        ErrorKind.InvalidData,
                        $"Cannot read an initializer from {ConfigValues.Format(document)} ({document.GetType().Name}); expected a name or a {{\"class_name\": ..., \"config\": ...}} document.",
                        document);
            }
        }

        /// <summary>Keras's <c>from_config</c>: a plain config dictionary for a known class name.</summary>
        public static Initializer FromConfig(string className, IDictionary? config) => InitializerCatalog.Create(className, config);

        /// <summary>True when <paramref name="dict"/> looks like a document (has class_name) rather than a plain config.</summary>
        public static bool IsDocument(IDictionary dict) => dict.Contains("class_name") || dict.Contains("className");

        private static Initializer FromDictionary(IDictionary dict)
        {
            var className = dict.Contains("class_name") ? dict["class_name"] : dict["className"];
            if (className is null)
            {
                throw new InitializerException(
                    "InvalidConfig",
                    ErrorKind.InvalidData,
                    $"Improper config format: {ConfigValues.Format(dict)}. An initializer document needs 'class_name' and 'config' " +
                    "(use -ClassName to read a plain config dictionary).",
                    dict);
            }

            if (className is not string name)
            {
                throw new InitializerException("InvalidConfig", ErrorKind.InvalidType, $"'class_name' must be a string; got {ConfigValues.Format(className)}.", className);
            }

            foreach (DictionaryEntry e in dict)
            {
                var key = Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "";
                if (!EnvelopeKeys.Contains(key))
                {
                    throw new InitializerException(
                        "UnknownConfigKey",
                        ErrorKind.InvalidData,
                        $"Unknown key '{key}' in the {name} document. Allowed keys: class_name, config, module, registered_name.",
                        key);
                }
            }

            var config = dict["config"];
            if (config is not null and not IDictionary)
            {
                throw new InitializerException("InvalidConfig", ErrorKind.InvalidType, $"'config' of {name} must be a dictionary; got {ConfigValues.Format(config)}.", config);
            }

            return InitializerCatalog.Create(name, (IDictionary?)config);
        }
    }
}
