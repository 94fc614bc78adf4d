using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using Initializers.Serialization;

namespace Initializers.PowerShell.Internal
{
    /// <summary>PowerShell values to the library's neutral config tree, and "anything that names an initializer" to
    /// initializers. Kept out of the cmdlet classes so that no library type appears in their declarations.</summary>
    internal static class InputConverter
    {
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

        /// <summary>The initializers an input stands for, each with its error if it could not be read, all through
        /// the library's one reader: an initializer object (itself), a name, JSON/YAML text, a Keras document as a
        /// dictionary or PSCustomObject (with <paramref name="className"/>: a plain config), or a list of those.</summary>
        public static IReadOnlyList<ReadResult> Read(object? input, string? className = null)
        {
            var value = Unwrap(input);
            var options = new ReadOptions(className: className);
            switch (value)
            {
                case string text:
                    return InitializerReader.ReadText(text, options);
                case null:
                case Initializer:
                case IDictionary:
                case PSObject:
                    return InitializerReader.ReadTree(ToTree(value), options);
                case IEnumerable list:
                {
                    var all = new List<ReadResult>();
                    foreach (var item in list)
                    {
                        all.AddRange(Read(item, className));
                    }

                    return all;
                }

                default:
                    return InitializerReader.ReadTree(value, options);
            }
        }

        /// <summary>Writes each result: the initializer to <paramref name="use"/>, the error to the error stream with
        /// <paramref name="input"/> as the fallback target.</summary>
        public static void Emit(Cmdlet cmdlet, IEnumerable<ReadResult> results, Action<Initializer> use, object? input = null)
        {
            foreach (var result in results)
            {
                if (result.Error is not null)
                {
                    cmdlet.WriteError(Errors.From(result.Error, input));
                }
                else
                {
                    use(result.Initializer!);
                }
            }
        }

        public static KerasStyle ParseStyle(string? style) =>
            string.Equals(style, "Keras2", StringComparison.OrdinalIgnoreCase) ? KerasStyle.Keras2 : KerasStyle.Keras3;

        public static ConfigFormat ParseFormat(string? format) =>
            string.Equals(format, "Yaml", StringComparison.OrdinalIgnoreCase) ? ConfigFormat.Yaml : ConfigFormat.Json;
    }
}
