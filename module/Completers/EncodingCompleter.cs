using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace Initializers.PowerShell.Completers
{
    public sealed class EncodingCompleter : IArgumentCompleter
    {
        private static readonly string[] Names = { "utf8", "utf8BOM", "utf8NoBOM", "ascii", "unicode", "bigendianunicode", "utf32", "bigendianutf32", "latin1" };

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
        {
            foreach (var n in Names)
            {
                if (n.StartsWith(wordToComplete ?? "", StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(n, n, CompletionResultType.ParameterValue, n);
                }
            }
        }
    }
}
