using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Initializers.Config;
using Initializers.Serialization;

namespace Initializers.PowerShell.Internal
{
    /// <summary>PowerShell values to the library's neutral config tree, and "anything that names an initializer" to
    /// initializers. Kept out of the cmdlet classes so that no library type appears in their declarations.</summary>
    internal static class InputConverter
    {
        private static readonly Regex Identifier = new(@"^\s*[A-Za-z_][A-Za-z0-9_.]*\s*$", RegexOptions.CultureInvariant);

        /// <summary>Strips the PSObject wrapper PowerShell puts around pipeline and variable values.</summary>
        public static object? Unwrap(object? value) =>
            value is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : value;

        /// <summary>A deep copy into the neutral tree: dictionaries and PSCustomObjects become ordered dictionaries with
        /// string keys (PSCustomObject keeps property order), lists become object[], PSObject wrappers are removed.</summary>
        public static object? ToTree(object? value, int depth = 0)
        {
            if (depth > 100)
            {
                throw new InitializerException("NestingTooDeep", ErrorKind.LimitsExceeded, "The config nests deeper than 100 levels.", value);
            }

            value = Unwrap(value);
            switch (value)
            {
                case null:
                case string:
                    return value;
                case PSObject custom:
                {
                    var result = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (var property in custom.Properties)
                    {
                        if (property is PSNoteProperty or PSProperty)
                        {
                            result[property.Name] = ToTree(property.Value, depth + 1);
                        }
                    }

                    return result;
                }

                case IDictionary dict:
                {
                    var result = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (DictionaryEntry e in dict)
                    {
                        var key = Convert.ToString(Unwrap(e.Key), CultureInfo.InvariantCulture) ?? "";
                        result[key] = ToTree(e.Value, depth + 1);
                    }

                    return result;
                }

                case Initializer:
                    return value;
                case IEnumerable list:
                {
                    var items = new List<object?>();
                    foreach (var item in list)
                    {
                        items.Add(ToTree(item, depth + 1));
                    }

                    return items.ToArray();
                }

                default:
                    return value;
            }
        }

        /// <summary>True for PowerShell values that are config trees: dictionaries and PSCustomObjects.</summary>
        public static bool IsDictionaryLike(object? value) => Unwrap(value) is IDictionary or PSObject;

        /// <summary>True when a string is a bare identifier (a class name or alias) rather than JSON/YAML text.</summary>
        public static bool IsIdentifier(string text) => Identifier.IsMatch(text);

        /// <summary>The initializers an input stands for: an initializer object (itself), a name, a Keras document
        /// (dictionary or PSCustomObject), or JSON/YAML text (one per document or list element).</summary>
        public static IReadOnlyList<Initializer> Resolve(object? input)
        {
            var value = Unwrap(input);
            switch (value)
            {
                case Initializer initializer:
                    return new[] { initializer };
                case null:
                    throw new InitializerException("EmptyInput", ErrorKind.InvalidData, "The initializer is null; expected an initializer object, a name, a config document or JSON/YAML text.", null);
                case string text when IsIdentifier(text):
                    return new[] { InitializerCatalog.Create(text.Trim(), null) };
                case string text:
                    return InitializerText.Parse(text);
                case IDictionary or PSObject:
                    return KerasConfig.FromDocuments(RequireDocument(ToTree(value)));
                case IEnumerable list:
                {
                    var all = new List<Initializer>();
                    foreach (var item in list)
                    {
                        all.AddRange(Resolve(item));
                    }

                    return all;
                }

                default:
                    throw new InitializerException(
                        "InvalidInitializerInput",
                        ErrorKind.InvalidType,
                        $"Cannot use a {value.GetType().FullName} ('{value}') as an initializer. Give an initializer object (New-Initializer), " +
                        "a name such as 'GlorotUniform', a {class_name, config} dictionary, or JSON/YAML text.",
                        value);
            }
        }

        /// <summary>Rejects a plain config dictionary where a Keras document is needed, with a hint to -ClassName.</summary>
        public static object? RequireDocument(object? tree)
        {
            if (tree is IDictionary dict && !KerasConfig.IsDocument(dict))
            {
                throw new InitializerException(
                    "MissingClassName",
                    ErrorKind.InvalidData,
                    $"The dictionary {ConfigValues.Format(dict)} has no 'class_name'. Give a Keras document such as " +
                    "@{ class_name = 'Constant'; config = @{ value = 3 } }, or use ConvertFrom-InitializerConfig -ClassName for a plain config.",
                    dict);
            }

            return tree;
        }

        public static KerasStyle ParseStyle(string? style) =>
            string.Equals(style, "Keras2", StringComparison.OrdinalIgnoreCase) ? KerasStyle.Keras2 : KerasStyle.Keras3;

        public static ConfigFormat ParseFormat(string? format) =>
            string.Equals(format, "Yaml", StringComparison.OrdinalIgnoreCase) ? ConfigFormat.Yaml : ConfigFormat.Json;
    }
}
