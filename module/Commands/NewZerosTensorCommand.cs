using System.Management.Automation;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>New-ZerosTensor: a tensor of zeros (false for bool, "" for string), float32 unless -DType says otherwise.</summary>
    [Cmdlet(VerbsCommon.New, "ZerosTensor", HelpUri = HelpLinks.Docs + "New-ZerosTensor.md")]
    [OutputType("Initializers.Tensor")]
    public sealed class NewZerosTensorCommand : PSCmdlet
    {
        /// <summary>The dimensions, outermost first: whole numbers >= 0. @() gives a scalar.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [AllowEmptyCollection]
        public object[] Shape { get; set; } = System.Array.Empty<object>();

        /// <summary>The dtype name (float32, float64, int32, bool, ...); TensorFlow spellings are accepted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(DTypeCompleter))]
        [ValidateNotNullOrEmpty]
        public string DType { get; set; } = "float32";

        protected override void ProcessRecord()
        {
            try
            {
                WriteObject(Tensor.Zeros(Shapes.From(Shape), DTypes.Parse(DType)));
            }
            catch (System.OutOfMemoryException ex)
            {
                ThrowTerminatingError(Errors.OutOfMemory(ex, Shape));
            }
            catch (InitializerException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
            }
        }
    }
}
