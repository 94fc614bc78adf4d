using System.Management.Automation;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;
using Initializers.Torch;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Get-InitializerGain: PyTorch's <c>torch.nn.init.calculate_gain(nonlinearity, param)</c>, the
    /// recommended gain for a nonlinearity, with PyTorch's table and errors.</summary>
    [Cmdlet(VerbsCommon.Get, "InitializerGain", HelpUri = HelpLinks.Docs + "Get-InitializerGain.md")]
    [OutputType(typeof(double))]
    public sealed class GetInitializerGainCommand : PSCmdlet
    {
        /// <summary>The nonlinearity (case-sensitive, as in PyTorch): linear, conv1d…conv_transpose3d, sigmoid, tanh,
        /// relu, leaky_relu, selu.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(NonlinearityCompleter))]
        [AllowEmptyString]
        public string Nonlinearity { get; set; } = "";

        /// <summary>leaky_relu's negative slope (default 0.01); ignored by the others. A bool or text is refused.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("NegativeSlope")]
        public object? Param { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                WriteObject(TorchInit.CalculateGain(Nonlinearity, Param is PSObject wrapped ? wrapped.BaseObject : Param));
            }
            catch (InitializerException ex)
            {
                WriteError(Errors.From(ex, Nonlinearity));
            }
        }
    }
}
