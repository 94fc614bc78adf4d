using System.Management.Automation;
using Initializers.Models;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Test-ModelConfig: the CI gate over model configs. One finding per rule that fires (Severity, Rule,
    /// Message, File, Line, Column, Pointer, Layer, Slot); a model that cannot be read at all is one Error finding whose
    /// Rule is the ErrorId. With -Quiet, only $true (no Error findings) or $false.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "ModelConfig", DefaultParameterSetName = "Path", HelpUri = HelpLinks.Docs + "Test-ModelConfig.md")]
    [OutputType("Initializers.ModelFinding")]
    [OutputType(typeof(bool))]
    public sealed class TestModelConfigCommand : ModelCommandBase
    {
        /// <summary>The type name of the findings written (the table view selects on it).</summary>
        internal const string TypeName = "Initializers.ModelFinding";

        private bool sawModel;
        private bool passed = true;

        /// <summary>Return only $true when no input has an Error finding, else $false (also for no input, and for a
        /// path that names no file).</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (Quiet)
            {
                WriteObject(sawModel && passed);
            }
        }

        private protected override void ProcessModel(ModelConfig model)
        {
            sawModel = true;
            foreach (var finding in ModelChecker.Check(model))
            {
                Write(finding);
            }
        }

        private protected override void ProcessFailure(InitializerException? error)
        {
            if (error is null)
            {
                passed = false;
                return;
            }

            sawModel = true;
            Write(ModelChecker.FromError(error));
        }

        private void Write(ModelFinding finding)
        {
            if (finding.Severity == FindingSeverity.Error)
            {
                passed = false;
            }

            if (Quiet)
            {
                return;
            }

            var record = new PSObject(finding);
            record.TypeNames.Insert(0, TypeName);
            record.Properties.Add(new PSNoteProperty("File", finding.SourceName));
            WriteObject(record);
        }
    }
}
