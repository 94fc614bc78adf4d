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
    public sealed class ImportInitializerConfigCommand : ImportFileCommandBase
    {
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
            foreach (var file in Files())
            {
                InputConverter.Emit(this, InitializerReader.ReadFile(file, Encoding, new ReadOptions(className: ClassName)), WriteObject, file);
            }
        }
    }
}
