using System;
using System.Management.Automation;
using System.Threading;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;
using Initializers.Torch;

namespace Initializers.PowerShell.Commands
{
    /// <summary>New-Tensor: calls an initializer (object, name, config document or JSON/YAML text) for a shape and dtype.</summary>
    [Cmdlet(VerbsCommon.New, "Tensor", HelpUri = HelpLinks.Docs + "New-Tensor.md")]
    [OutputType("Initializers.Tensor")]
    public sealed class NewTensorCommand : PSCmdlet
    {
        private readonly CancellationTokenSource stopping = new();
        private int[]? shape;
        private object? dtype;

        /// <summary>An initializer object (from New-Initializer or ConvertFrom-InitializerConfig), a name such as
        /// 'GlorotUniform', a Keras document (dictionary or PSCustomObject), or JSON/YAML text.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        public object? Initializer { get; set; }

        /// <summary>The dimensions, outermost first: whole numbers >= 0. @() gives a scalar.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [AllowEmptyCollection]
        public object[] Shape { get; set; } = Array.Empty<object>();

        /// <summary>The dtype name (float32 by default).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(DTypeCompleter))]
        [ValidateNotNullOrEmpty]
        public string DType { get; set; } = "float32";

        /// <summary>Keras or Torch: the layout -Shape is given in and the tensor comes out in. The fans follow the
        /// initializer's own framework; a Keras initializer in Torch layout (or a Torch one in Keras layout) is built in
        /// its own layout and permuted. Omitted: the shape is the initializer's own layout.</summary>
        [Parameter]
        [ValidateSet("Keras", "Torch")]
        public string? Layout { get; set; }

        protected override void BeginProcessing()
        {
            // Shape and dtype are the same for every input: a bad one stops the command before anything is built.
            try
            {
                shape = Shapes.From(Shape);
                dtype = DTypes.Parse(DType);
            }
            catch (InitializerException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
            }
        }

        protected override void ProcessRecord()
        {
            InputConverter.Emit(this, InputConverter.Read(Initializer), Call, Initializer);
        }

        /// <summary>Ctrl+C: the fill stops at its next chunk and nothing is output.</summary>
        protected override void StopProcessing() => stopping.Cancel();

        private void Call(Initializer initializer)
        {
            try
            {
                WriteObject(Layout is null
                    ? initializer.Call(shape!, (DType)dtype!, stopping.Token)
                    : TorchLayout.Call(initializer, shape!, (DType)dtype!, (WeightLayout)Enum.Parse(typeof(WeightLayout), Layout, ignoreCase: true), stopping.Token));
            }
            catch (InitializerException ex)
            {
                WriteError(Errors.From(ex));
            }
            catch (OutOfMemoryException ex)
            {
                WriteError(Errors.OutOfMemory(ex, shape));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
