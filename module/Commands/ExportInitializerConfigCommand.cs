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
    public sealed class ExportInitializerConfigCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private readonly List<object> collected = new();
        private string target = "";

        /// <summary>The file to write.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>The file to write, taken literally.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string LiteralPath { get; set; } = "";

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

        /// <summary>Overwrite a read-only file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Do not overwrite an existing file.</summary>
        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>The text encoding; UTF-8 without BOM by default.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public Encoding Encoding { get; set; } = new UTF8Encoding(false);

        /// <summary>Return the written file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            var literal = ParameterSetName == LiteralPathSet;
            target = PathHelper.ResolveForWrite(this, literal ? LiteralPath : Path, literal);
            if (NoClobber && File.Exists(target))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The file '{target}' already exists and -NoClobber was given."), "FileExists", ErrorCategory.ResourceExists, target));
            }
        }

        protected override void ProcessRecord()
        {
            InputConverter.Emit(this, InputConverter.Read(Initializer), collected.Add, Initializer);
        }

        protected override void EndProcessing()
        {
            // No input still writes the file, as Export-Csv and Export-Clixml do: an empty list.
            var format = Format is null ? Serialization.InitializerText.FormatOf(target) ?? Serialization.ConfigFormat.Json : InputConverter.ParseFormat(Format);
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

            if (!ShouldProcess(target, File.Exists(target) ? "Overwrite" : "Create"))
            {
                return;
            }

            try
            {
                IO.AtomicFile.WriteAllText(target, text.EndsWith("\n", StringComparison.Ordinal) ? text : text + "\n", Encoding, overwriteReadOnly: Force);
            }
            catch (InitializerException ex)
            {
                ThrowTerminatingError(Errors.From(ex, target));
            }

            if (PassThru)
            {
                // What Get-Item returns: the FileInfo wrapped with PSPath, PSParentPath, PSChildName, PSDrive and
                // PSProvider, which the FileSystem views need for Mode, LastWriteTime and Length.
                WriteObject(InvokeProvider.Item.Get(new[] { target }, true, true), true);
            }
        }
    }
}
