using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>ConvertFrom-InitializerConfig: initializers from Keras configs given as JSON or YAML text, as
    /// dictionaries or PSCustomObjects, or as bare names; with -ClassName, from plain config dictionaries (from_config).</summary>
    /// <remarks>Strings are buffered and parsed in EndProcessing, so <c>Get-Content file.yaml | ConvertFrom-InitializerConfig</c>
    /// works line by line: the lines are joined with newlines and parsed as one text; if that fails and each string
    /// parses on its own (one JSON document per line), each is its own document.</remarks>
    [Cmdlet(VerbsData.ConvertFrom, "InitializerConfig", HelpUri = HelpLinks.Docs + "ConvertFrom-InitializerConfig.md")]
    [OutputType("Initializers.Initializer")]
    public sealed class ConvertFromInitializerConfigCommand : PSCmdlet
    {
        private readonly List<string> lines = new();
        private bool sawInput;

        /// <summary>JSON or YAML text (also line by line), a Keras document as dictionary or PSCustomObject, a name,
        /// or with -ClassName a plain config dictionary.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyString]
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

            if (value is string text)
            {
                lines.Add(text);
                return;
            }

            sawInput = true;
            FlushText();
            Emit(ConfigReader.FromObject(value, ClassName));
        }

        protected override void EndProcessing()
        {
            var hadText = FlushText();
            if (!sawInput && !hadText)
            {
                ThrowTerminatingError(Errors.From(new InitializerException(
                    "EmptyInput",
                    ErrorKind.InvalidData,
                    "The input is empty; expected JSON or YAML text, a config dictionary, or an initializer name.",
                    InputObject)));
            }
        }

        /// <summary>Parses the buffered strings. Returns false when there was nothing but blank text.</summary>
        private bool FlushText()
        {
            if (lines.Count == 0)
            {
                return false;
            }

            var parts = lines.ToArray();
            lines.Clear();
            var joined = string.Join("\n", parts);
            if (string.IsNullOrWhiteSpace(joined))
            {
                return false;
            }

            sawInput = true;
            Emit(ConfigReader.FromText(parts, ClassName));
            return true;
        }

        private void Emit(List<ReadResult> results)
        {
            foreach (var result in results)
            {
                if (result.Error is not null)
                {
                    WriteError(result.Error);
                }
                else
                {
                    WriteObject(result.Initializer);
                }
            }
        }
    }
}
