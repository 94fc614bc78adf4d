using System.Collections.Generic;
using System.Management.Automation;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Test-InitializerConfig: $true when every config in the input reads as an initializer, else $false.
    /// The reasons are written to the verbose stream (-Verbose), so the result can go straight into an if.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "InitializerConfig", HelpUri = HelpLinks.Docs + "Test-InitializerConfig.md")]
    [OutputType(typeof(bool))]
    public sealed class TestInitializerConfigCommand : PSCmdlet
    {
        private readonly List<string> lines = new();
        private readonly List<ReadResult> results = new();

        /// <summary>JSON or YAML text (also line by line), a Keras document as dictionary or PSCustomObject, or a name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyString]
        public object? InputObject { get; set; }

        /// <summary>Test plain config dictionaries for this class name or alias.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ClassName { get; set; }

        protected override void ProcessRecord()
        {
            var value = InputConverter.Unwrap(InputObject);
            if (value is null)
            {
                return;
            }

            if (value is string text)
            {
                lines.Add(text);
                return;
            }

            Flush();
            results.AddRange(ConfigReader.FromObject(value, ClassName));
        }

        protected override void EndProcessing()
        {
            Flush();
            var ok = results.Count > 0;
            if (results.Count == 0)
            {
                WriteVerbose("EmptyInput: the input is empty.");
            }

            foreach (var result in results)
            {
                if (result.Error is not null)
                {
                    ok = false;
                    WriteVerbose(result.Error.FullyQualifiedErrorId.Split(',')[0] + ": " + (result.Error.ErrorDetails?.Message ?? result.Error.Exception.Message));
                }
            }

            WriteObject(ok);
        }

        private void Flush()
        {
            if (lines.Count == 0)
            {
                return;
            }

            var parts = lines.ToArray();
            lines.Clear();
            if (!string.IsNullOrWhiteSpace(string.Join("\n", parts)))
            {
                results.AddRange(ConfigReader.FromText(parts, ClassName));
            }
        }
    }
}
