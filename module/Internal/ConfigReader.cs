using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using Initializers.Config;
using Initializers.Serialization;

namespace Initializers.PowerShell.Internal
{
    /// <summary>One result of reading configs: an initializer, or the error for one document.</summary>
    internal readonly struct ReadResult
    {
        public ReadResult(object? initializer, ErrorRecord? error)
        {
            Initializer = initializer;
            Error = error;
        }

        public object? Initializer { get; }

        public ErrorRecord? Error { get; }
    }

    /// <summary>Reads initializers from config text or config objects, one result per document or list element, so
    /// a bad document does not stop the others. Shared by ConvertFrom-, Import- and Test-InitializerConfig.</summary>
    internal static class ConfigReader
    {
        /// <summary>Text that may have arrived in pieces (lines from Get-Content, or whole documents): the pieces are
        /// joined with newlines and parsed as one text; if that fails and there are several pieces that each parse on
        /// their own (one JSON document per line), each is its own document. <paramref name="source"/> (a file path)
        /// is added to parse-error messages.</summary>
        public static List<ReadResult> FromText(IReadOnlyList<string> parts, string? className, ConfigFormat? format = null, string? source = null)
        {
            var results = new List<ReadResult>();
            var joined = string.Join("\n", parts);
            try
            {
                IReadOnlyList<object?> documents;
                try
                {
                    documents = Parse(joined, format);
                }
                catch (InitializerException) when (parts.Count > 1)
                {
                    var each = new List<object?>();
                    foreach (var part in parts)
                    {
                        if (!string.IsNullOrWhiteSpace(part))
                        {
                            each.AddRange(Parse(part, format));
                        }
                    }

                    documents = each;
                }

                AddDocuments(results, documents, className, joined);
            }
            catch (InitializerException ex)
            {
                var record = Errors.From(ex, joined);
                if (source is not null)
                {
                    record.ErrorDetails = new ErrorDetails(source + ": " + (record.ErrorDetails?.Message ?? ex.Message))
                    {
                        RecommendedAction = record.ErrorDetails?.RecommendedAction,
                    };
                }

                results.Add(new ReadResult(null, record));
            }

            return results;
        }

        /// <summary>A dictionary, PSCustomObject or initializer object.</summary>
        public static List<ReadResult> FromObject(object value, string? className)
        {
            var results = new List<ReadResult>();
            try
            {
                var tree = InputConverter.ToTree(value);
                if (tree is Initializer initializer)
                {
                    results.Add(new ReadResult(initializer, null));
                    return results;
                }

                AddDocuments(results, new[] { className is null ? InputConverter.RequireDocument(tree) : tree }, className, value);
            }
            catch (InitializerException ex)
            {
                results.Add(new ReadResult(null, Errors.From(ex, value)));
            }

            return results;
        }

        private static IReadOnlyList<object?> Parse(string text, ConfigFormat? format) =>
            format is null && InputConverter.IsIdentifier(text) ? new object?[] { text.Trim() } : InitializerText.ParseDocuments(text, format);

        private static void AddDocuments(List<ReadResult> results, IEnumerable<object?> documents, string? className, object target)
        {
            foreach (var document in documents)
            {
                var items = document is IList list and not IDictionary ? (IEnumerable)list : new[] { document };
                foreach (var item in items)
                {
                    try
                    {
                        results.Add(new ReadResult(className is null ? KerasConfig.FromDocument(item) : FromConfig(className, item), null));
                    }
                    catch (InitializerException ex)
                    {
                        results.Add(new ReadResult(null, Errors.From(ex, item ?? target)));
                    }
                }
            }
        }

        private static Initializer FromConfig(string className, object? item) => item switch
        {
            null => KerasConfig.FromConfig(className, null),
            IDictionary config => KerasConfig.FromConfig(className, config),
            _ => throw new InitializerException(
                "InvalidConfig",
                ErrorKind.InvalidType,
                $"With -ClassName the input must be a config dictionary; got {ConfigValues.Format(item)} ({item.GetType().Name}).",
                item),
        };
    }
}
