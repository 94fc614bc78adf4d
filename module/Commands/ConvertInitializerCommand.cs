using System;
using System.Management.Automation;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;
using Initializers.Torch;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Convert-Initializer: a Keras initializer's PyTorch (torch.nn.init) counterpart, or a PyTorch
    /// initializer's Keras counterpart, marked Exact, EquivalentInDistribution or Nearest with the difference stated.</summary>
    [Cmdlet(VerbsData.Convert, "Initializer", HelpUri = HelpLinks.Docs + "Convert-Initializer.md")]
    [OutputType(typeof(InitializerTranslation))]
    public sealed class ConvertInitializerCommand : PSCmdlet
    {
        private int[]? shape;

        /// <summary>An initializer object, a name, a Keras document or JSON/YAML text, as New-Tensor takes it.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        public object? Initializer { get; set; }

        /// <summary>PyTorch (from Keras) or Keras (from PyTorch).</summary>
        [Parameter(Mandatory = true)]
        [ValidateSet("PyTorch", "Keras")]
        public string To { get; set; } = "PyTorch";

        /// <summary>The weight's shape in Keras layout (k…, in, out): Keras's truncated normals then map to PyTorch's
        /// trunc_normal_ with that shape's parameters.</summary>
        [Parameter]
        [AllowEmptyCollection]
        public object[]? Shape { get; set; }

        protected override void BeginProcessing()
        {
            try
            {
                shape = Shape is null ? null : Shapes.From(Shape);
            }
            catch (InitializerException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
            }
        }

        protected override void ProcessRecord()
        {
            InputConverter.Emit(this, InputConverter.Read(Initializer), Convert, Initializer);
        }

        private void Convert(Initializer initializer)
        {
            try
            {
                WriteObject(string.Equals(To, "Keras", StringComparison.OrdinalIgnoreCase) ? TorchTranslation.ToKeras(initializer) : TorchTranslation.ToTorch(initializer, shape));
            }
            catch (InitializerException ex)
            {
                WriteError(Errors.From(ex, initializer));
            }
        }
    }
}
