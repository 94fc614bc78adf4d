using System;
using System.Management.Automation;
using System.Text;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;
using Initializers.Serialization;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Import-InitializerConfig: initializers from JSON or YAML files.</summary>
    [Cmdlet(VerbsData.Import, "InitializerConfig", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Docs + "Import-InitializerConfig.md")]
    [OutputType("Initializers.Initializer")]
    public sealed class ImportInitializerConfigCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>Files to read; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files to read, taken literally (no wildcards).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Read plain config dictionaries for this class name or alias (from_config).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ClassName { get; set; }

        /// <summary>The text encoding; by default UTF-8, or what a byte order mark says.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public Encoding Encoding { get; set; } = new UTF8Encoding(false);

        protected override void ProcessRecord()
        {
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var path in literal ? LiteralPath : Path)
            {
                foreach (var file in PathHelper.ResolveExisting(this, path, literal))
                {
                    InputConverter.Emit(this, InitializerReader.ReadFile(file, Encoding, new ReadOptions(className: ClassName)), WriteObject, file);
                }
            }
        }
    }
}
