using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Export-InitializerConfig: initializers to a JSON or YAML file. Collects its input like
    /// ConvertTo-InitializerConfig and writes the file once, at the end, through the library's one atomic writer
    /// (<c>Initializers.IO.AtomicFile</c>: a temporary file, then one rename), so a failure never leaves a half-written
    /// config or loses the old one.</summary>
    [Cmdlet(VerbsData.Export, "InitializerConfig", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Export-InitializerConfig.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportInitializerConfigCommand : ExportFileCommandBase
    {
        private readonly List<object> collected = new();

        /// <summary>The initializers: objects, names, Keras documents, or JSON/YAML text.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [Alias("InputObject")]
        public object? Initializer { get; set; }

        /// <summary>Json or Yaml; by default from the file extension (.yaml/.yml: Yaml), else Json.</summary>
        [Parameter]
        [ValidateSet("Json", "Yaml")]
        public string? Format { get; set; }

        /// <summary>Keras3 (default) or Keras2.</summary>
        [Parameter]
        [ValidateSet("Keras3", "Keras2")]
        public string Style { get; set; } = "Keras3";

        /// <summary>JSON on one line.</summary>
        [Parameter]
        public SwitchParameter Compress { get; set; }

        /// <summary>Always a list, even for one initializer.</summary>
        [Parameter]
        public SwitchParameter AsArray { get; set; }

        /// <summary>Write an unseeded initializer's drawn seed (EffectiveSeed) as its seed, so the config reproduces its values.</summary>
        [Parameter]
        public SwitchParameter IncludeEffectiveSeed { get; set; }

        /// <summary>The text encoding; UTF-8 without BOM by default.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public Encoding Encoding { get; set; } = new UTF8Encoding(false);

        protected override void ProcessRecord()
        {
            InputConverter.Emit(this, InputConverter.Read(Initializer), collected.Add, Initializer);
        }

        protected override void EndProcessing()
        {
            // No input still writes the file, as Export-Csv and Export-Clixml do: an empty list.
            var format = Format is null ? Serialization.InitializerText.FormatOf(Target) ?? Serialization.ConfigFormat.Json : InputConverter.ParseFormat(Format);
            string text;
            try
            {
                text = ConfigWriter.Write(collected, format, InputConverter.ParseStyle(Style), Compress, AsArray, IncludeEffectiveSeed);
            }
            catch (InitializerException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
                return;
            }

            Commit((path, force) => IO.AtomicFile.WriteAllText(path, text.EndsWith("\n", StringComparison.Ordinal) ? text : text + "\n", Encoding, overwriteReadOnly: force));
        }
    }
}
