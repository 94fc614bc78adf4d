using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Completers
{
    /// <summary>Tab completion for New-Initializer's -Config, and for the -InputObject of ConvertFrom- and
    /// Test-InitializerConfig with -ClassName: once the class is known, a whole hashtable of its config keys
    /// with their defaults, <c>@{ mean = 0.0; stddev = 0.05; seed = $null }</c>, ready to edit. PowerShell does not
    /// call an argument completer inside a hashtable literal, so this completes the empty argument (or <c>@</c>).</summary>
    public sealed class ConfigCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = wordToComplete ?? "";
            var name = fakeBoundParameters?["Name"] as string ?? fakeBoundParameters?["ClassName"] as string;
            if ((word.Length > 0 && word != "@") || !InitializerCatalog.TryGet(name, out var info) || info.ConfigKeys.Count == 0)
            {
                yield break;
            }

            var text = "@{ " + string.Join("; ", info.ConfigKeys.Select(k => k.Name + " = " + Completion.Literal(k.Default))) + " }";
            var tip = info.ClassName + " config:\n" + string.Join("\n", info.ConfigKeys.Select(k => "  " + k.Name + " = " + (k.Required ? "(required)" : Completion.Literal(k.Default)) + "  " + k.Description));
            yield return new CompletionResult(text, "@{ " + string.Join("; ", info.ConfigKeys.Select(k => k.Name)) + " }", CompletionResultType.ParameterValue, tip);
        }
    }
}
