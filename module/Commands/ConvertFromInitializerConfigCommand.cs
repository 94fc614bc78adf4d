using System.Management.Automation;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>ConvertFrom-InitializerConfig: initializers from Keras configs given as JSON or YAML text, as
    /// dictionaries or PSCustomObjects, or as bare names; with -ClassName, from plain config dictionaries (from_config).</summary>
    /// <remarks>Strings are buffered and read in order (see <see cref="PipelineText"/>): the lines that
    /// <c>Get-Content file.yaml</c> sends are one text, named by their file in errors; JSON Lines give one initializer
    /// per line. A text that does not parse gives one error and no initializers.</remarks>
    [Cmdlet(VerbsData.ConvertFrom, "InitializerConfig", HelpUri = HelpLinks.Docs + "ConvertFrom-InitializerConfig.md")]
    [OutputType("Initializers.Initializer")]
    public sealed class ConvertFromInitializerConfigCommand : PSCmdlet
    {
        private readonly PipelineText text = new();
        private bool sawInput;

        /// <summary>JSON or YAML text (also line by line), a Keras document as dictionary or PSCustomObject, a name,
        /// or with -ClassName a plain config dictionary.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(ConfigCompleter))]
        public object? InputObject { get; set; }

        /// <summary>Read the input as plain config dictionaries (Keras's from_config) for this class name or alias.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ClassName { get; set; }

        protected override void BeginProcessing()
        {
            if (ClassName is not null)
            {
                try
                {
                    InitializerCatalog.Get(ClassName);
                }
                catch (InitializerException ex)
                {
                    ThrowTerminatingError(Errors.From(ex));
                }
            }
        }

        protected override void ProcessRecord()
        {
            var value = InputConverter.Unwrap(InputObject);
            if (value is null)
            {
                return;
            }

            if (value is string line)
            {
                text.Add(InputObject, line);
                return;
            }

            sawInput = true;
            FlushText();
            InputConverter.Emit(this, InputConverter.Read(value, ClassName), WriteObject, value);
        }

        protected override void EndProcessing()
        {
            FlushText();
            if (!sawInput)
            {
                ThrowTerminatingError(Errors.From(new InitializerException(
                    "EmptyInput",
                    ErrorKind.InvalidData,
                    "The input is empty; expected JSON or YAML text, a config dictionary, or an initializer name.",
                    InputObject)));
            }
        }

        private void FlushText()
        {
            var results = text.Read(ClassName, out var sawText);
            sawInput |= sawText;
            InputConverter.Emit(this, results, WriteObject);
        }
    }
}
