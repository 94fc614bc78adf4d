using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Completers
{
    /// <summary>Tab completion for initializer names: case-insensitive prefix or wildcard match (<c>glo</c>,
    /// <c>*uniform</c>). Class names come first; the aliases follow only once something is typed, so a bare Tab
    /// cycles through the 15 classes rather than 89 names (each class's tooltip lists its aliases).</summary>
    public sealed class InitializerNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completion.Complete(
                wordToComplete,
                string.IsNullOrEmpty(Completion.Unquote(wordToComplete)) ? CatalogNames.ClassEntries() : CatalogNames.Entries());
    }
}
