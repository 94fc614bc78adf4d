using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Initializers.PowerShell.Internal
{
    /// <summary>The completion lists, built once. Lazy (thread-safe by default): completion may run in several runspaces
    /// at once, and each list is fully built before any caller sees it.</summary>
    internal static class CatalogNames
    {
        private static readonly Lazy<List<(string Name, string Tip)>> Classes = new(() => InitializerCatalog.All
            .Select(e => (e.ClassName, e.ClassName + ": " + e.Description + " Aliases: " + string.Join(", ", e.Aliases) + "."))
            .ToList());

        private static readonly Lazy<List<(string Name, string Tip)>> Names = new(() =>
        {
            var list = new List<(string, string)>(Classes.Value);
            foreach (var e in InitializerCatalog.All)
            {
                list.AddRange(e.Aliases
                    .Where(a => !string.Equals(a, e.ClassName, StringComparison.OrdinalIgnoreCase))
                    .Select(a => (a, a + " (alias of " + e.ClassName + ")")));
            }

            return list;
        });

        private static readonly Lazy<List<(string Name, string Tip)>> DTypeNames = new(() => DTypes.Names.Select(n => (n, n)).ToList());

        /// <summary>Class names, then every alias that is not just a class name in other case.</summary>
        public static List<(string Name, string Tip)> Entries() => Names.Value;

        /// <summary>The class names, in catalog order; the tooltip gives the description and the aliases.</summary>
        public static List<(string Name, string Tip)> ClassEntries() => Classes.Value;

        public static List<(string Name, string Tip)> DTypeEntries() => DTypeNames.Value;
    }

    internal static class Completion
    {
        /// <summary>The word being completed without its opening (and closing) quote.</summary>
        public static string Unquote(string? word)
        {
            var text = word ?? "";
            return text.Length > 0 && (text[0] == '\'' || text[0] == '"') ? text.Substring(1).TrimEnd(text[0]) : text;
        }

        /// <summary>A config value as PowerShell source: $null, $true, 'text', 0.05, @(1, 2).</summary>
        public static string Literal(object? value) => value switch
        {
            null => "$null",
            bool b => b ? "$true" : "$false",
            string s => "'" + s.Replace("'", "''") + "'",
            double d when double.IsNaN(d) => "[double]::NaN",
            double d when double.IsInfinity(d) => d > 0 ? "[double]::PositiveInfinity" : "[double]::NegativeInfinity",
            IDictionary dict => "@{ " + string.Join("; ", dict.Keys.Cast<object>().Select(k => Literal(k) + " = " + Literal(dict[k]))) + " }",
            IEnumerable list and not string => "@(" + string.Join(", ", list.Cast<object?>().Select(Literal)) + ")",
            _ => Initializers.Config.KerasConfig.FormatValue(value),
        };

        public static IEnumerable<CompletionResult> Complete(string? word, IEnumerable<(string Name, string Tip)> candidates)
        {
            var quote = "";
            var text = Unquote(word);
            if (!string.IsNullOrEmpty(word) && (word![0] == '\'' || word[0] == '"'))
            {
                quote = word.Substring(0, 1);
            }

            var pattern = WildcardPattern.Get(text + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, tip) in candidates)
            {
                if (!pattern.IsMatch(name) || !seen.Add(name))
                {
                    continue;
                }

                var needsQuote = quote.Length > 0 || name.IndexOfAny(new[] { ' ', '$', '\'', '"', '`', '(', ')', ';', '{', '}' }) >= 0;
                var q = quote.Length > 0 ? quote : "'";
                var completion = needsQuote ? q + name + q : name;
                yield return new CompletionResult(completion, name, CompletionResultType.ParameterValue, tip);
            }
        }
    }
}
