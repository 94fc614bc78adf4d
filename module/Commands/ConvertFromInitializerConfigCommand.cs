using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using Initializers.Config;
using Initializers.PowerShell.Internal;
using Initializers.Serialization;

namespace Initializers.PowerShell.Commands
{
    /// <summary>ConvertFrom-InitializerConfig: initializers from Keras configs given as JSON or YAML text, as
    /// dictionaries or PSCustomObjects, or as bare names; with -ClassName, from plain config dictionaries (from_config).</summary>
    /// <remarks>Strings are buffered and parsed in EndProcessing, so <c>Get-Content file.yaml | ConvertFrom-InitializerConfig</c>
    /// works line by line: the lines are joined with newlines and parsed as one text; if that fails and each string
    /// parses on its own (one JSON document per line), each is its own document.</remarks>
    [Cmdlet(VerbsData.ConvertFrom, "InitializerConfig")]
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
            try
            {
                var tree = InputConverter.ToTree(value);
                if (tree is Initializer initializer)
                {
                    WriteObject(initializer);
                    return;
                }

                EmitDocuments(new[] { ClassName is null ? InputConverter.RequireDocument(tree) : tree }, value);
            }
            catch (InitializerException ex)
            {
                WriteError(Errors.From(ex, value));
            }
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
            try
            {
                IReadOnlyList<object?> documents;
                try
                {
                    documents = ParseText(joined);
                }
                catch (InitializerException) when (parts.Length > 1)
                {
                    // One document per string (for example one JSON document per line)?
                    var each = new List<object?>();
                    foreach (var part in parts)
                    {
                        if (!string.IsNullOrWhiteSpace(part))
                        {
                            each.AddRange(ParseText(part));
                        }
                    }

                    documents = each;
                }

                EmitDocuments(documents, joined);
            }
            catch (InitializerException ex)
            {
                WriteError(Errors.From(ex, joined));
            }
            catch (NotImplementedException ex)
            {
                WriteError(Errors.NotAvailable(ex, joined));
            }

            return true;
        }

        private static IReadOnlyList<object?> ParseText(string text) =>
            InputConverter.IsIdentifier(text) ? new object?[] { text.Trim() } : InitializerText.ParseDocuments(text);

        /// <summary>One initializer per document (a list document gives one per element); a bad document is a
        /// non-terminating error and the others still come out.</summary>
        private void EmitDocuments(IEnumerable<object?> documents, object target)
        {
            foreach (var document in documents)
            {
                var items = document is IList list and not IDictionary ? (IEnumerable)list : new[] { document };
                foreach (var item in items)
                {
                    try
                    {
                        WriteObject(ClassName is null ? KerasConfig.FromDocument(item) : FromConfig(item));
                    }
                    catch (InitializerException ex)
                    {
                        WriteError(Errors.From(ex, item ?? target));
                    }
                }
            }
        }

        private object FromConfig(object? item) => item switch
        {
            null => KerasConfig.FromConfig(ClassName!, null),
            IDictionary config => KerasConfig.FromConfig(ClassName!, config),
            _ => throw new InitializerException(
                "InvalidConfig",
                ErrorKind.InvalidType,
                $"With -ClassName the input must be a config dictionary; got {ConfigValues.Format(item)} ({item.GetType().Name}).",
                item),
        };
    }
}
