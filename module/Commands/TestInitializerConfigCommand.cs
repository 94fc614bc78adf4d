using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;
using Initializers.Serialization;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Test-InitializerConfig: $true when every config in the input reads as an initializer, else $false.
    /// The reasons are written to the verbose stream (-Verbose), so the result can go straight into an if; with
    /// -Detailed, one result object per document instead (source, element, line, column, ErrorId, message).</summary>
    [Cmdlet(VerbsDiagnostic.Test, "InitializerConfig", DefaultParameterSetName = ObjectSet, HelpUri = HelpLinks.Docs + "Test-InitializerConfig.md")]
    [OutputType(typeof(bool), ParameterSetName = new[] { ObjectSet, PathSet, LiteralPathSet })]
    [OutputType("Initializers.ConfigTestResult")]
    public sealed class TestInitializerConfigCommand : DocumentInputCommandBase
    {
        private const string ResultTypeName = "Initializers.ConfigTestResult";

        private bool sawInput;
        private bool allValid = true;

        /// <summary>JSON or YAML text (also line by line from Get-Content), a Keras document as dictionary or
        /// PSCustomObject, a name, or a file (FileInfo from Get-ChildItem).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(ConfigCompleter))]
        public object? InputObject { get; set; }

        /// <summary>Files to test; wildcards allowed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files to test, taken literally (no wildcards); binds the PSPath of piped files.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Test plain config dictionaries for this class name or alias.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ClassName { get; set; }

        /// <summary>The text encoding of files; by default UTF-8, or what a byte order mark says.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public Encoding Encoding { get; set; } = new UTF8Encoding(false);

        /// <summary>One result per document (Valid, Source, Element, Line, Column, ErrorId, Message, ClassName)
        /// instead of a single $true/$false.</summary>
        [Parameter]
        public SwitchParameter Detailed { get; set; }

        protected override void ProcessRecord() => ProcessInput(Path, LiteralPath, InputObject);

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (Detailed)
            {
                return;
            }

            if (!sawInput)
            {
                WriteVerbose("EmptyInput: the input is empty.");
            }

            WriteObject(sawInput && allValid);
        }

        private protected override void ReadFile(string file) =>
            Record(InitializerReader.ReadFile(file, Encoding, new ReadOptions(className: ClassName)));

        private protected override void ReadObject(object value) => Record(InputConverter.Read(value, ClassName));

        private protected override void ReadText() => Record(Text.Read(ClassName, out _));

        private void Record(IReadOnlyList<ReadResult> read)
        {
            foreach (var result in read)
            {
                sawInput = true;
                var error = result.Error;
                if (error is not null)
                {
                    allValid = false;
                    WriteVerbose(error.ErrorId + ": " + error.Message);
                }

                if (!Detailed)
                {
                    continue;
                }

                var record = new PSObject();
                record.TypeNames.Insert(0, ResultTypeName);
                record.Properties.Add(new PSNoteProperty("Valid", error is null));
                record.Properties.Add(new PSNoteProperty("Source", result.SourceName));
                record.Properties.Add(new PSNoteProperty("Element", result.ElementIndex));
                record.Properties.Add(new PSNoteProperty("Line", result.Line));
                record.Properties.Add(new PSNoteProperty("Column", result.Column));
                record.Properties.Add(new PSNoteProperty("ClassName", result.Initializer?.ClassName));
                record.Properties.Add(new PSNoteProperty("ErrorId", error?.ErrorId));
                record.Properties.Add(new PSNoteProperty("Message", error?.Message));
                WriteObject(record);
            }
        }
    }
}
