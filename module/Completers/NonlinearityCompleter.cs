using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Initializers.PowerShell.Internal;
using Initializers.Torch;

namespace Initializers.PowerShell.Completers
{
    /// <summary>Tab completion for the nonlinearities of PyTorch's calculate_gain (relu, leaky_relu, ...).</summary>
    public sealed class NonlinearityCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completion.Complete(wordToComplete, TorchInit.Nonlinearities.Select(n => (n, n + ": gain " + TorchInit.CalculateGain(n).ToString("R", System.Globalization.CultureInfo.InvariantCulture))).ToList());
    }
}
