using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Completers
{
    /// <summary>Tab completion for dtype names (float32, int64, ...).</summary>
    public sealed class DTypeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completion.Complete(wordToComplete, CatalogNames.DTypeEntries());
    }
}
