using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Initializers.PowerShell.Internal
{
    /// <summary>Tab completion for initializer names: class names first, then aliases; case-insensitive prefix or
    /// wildcard match (<c>glo</c>, <c>*uniform</c>).</summary>
    public sealed class InitializerNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completion.Complete(wordToComplete, CatalogNames.Entries());
    }

    /// <summary>Tab completion for dtype names (float32, int64, ...).</summary>
    public sealed class DTypeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completion.Complete(wordToComplete, CatalogNames.DTypeEntries());
    }

    internal static class CatalogNames
    {
        private static List<(string Name, string Tip)>? names;
        private static List<(string Name, string Tip)>? dtypes;

        public static List<(string Name, string Tip)> Entries()
        {
            if (names is null)
            {
                var list = new List<(string, string)>();
                var all = InitializerCatalog.All;
                list.AddRange(all.Select(e => (e.ClassName, e.ClassName + ": " + e.Description)));
                foreach (var e in all)
                {
                    list.AddRange(e.Aliases.Select(a => (a, a + " (alias of " + e.ClassName + ")")));
                }

                names = list;
            }

            return names;
        }

        public static List<(string Name, string Tip)> DTypeEntries() =>
            dtypes ??= DTypes.Names.Select(n => (n, n)).ToList();
    }

    internal static class Completion
    {
        public static IEnumerable<CompletionResult> Complete(string? word, IEnumerable<(string Name, string Tip)> candidates)
        {
            var quote = "";
            var text = word ?? "";
            if (text.Length > 0 && (text[0] == '\'' || text[0] == '"'))
            {
                quote = text.Substring(0, 1);
                text = text.Substring(1).TrimEnd(quote[0]);
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
