using System.Collections.Specialized;
using System.Management.Automation;
using Initializers.Config;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Get-InitializerConfig: Keras's get_config() as an ordered dictionary, or with -Document the whole
    /// Keras document ({module, class_name, config, registered_name}).</summary>
    [Cmdlet(VerbsCommon.Get, "InitializerConfig", HelpUri = HelpLinks.Docs + "Get-InitializerConfig.md")]
    [OutputType(typeof(OrderedDictionary))]
    public sealed class GetInitializerConfigCommand : PSCmdlet
    {
        /// <summary>An initializer object, a name, a Keras document, or JSON/YAML text.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        public object? Initializer { get; set; }

        /// <summary>Keras3 (default: seed first; documents carry module and registered_name) or Keras2 (constructor order, seed last).</summary>
        [Parameter]
        [ValidateSet("Keras3", "Keras2")]
        public string Style { get; set; } = "Keras3";

        /// <summary>Return the whole Keras document instead of just the config.</summary>
        [Parameter]
        public SwitchParameter Document { get; set; }

        /// <summary>Write an unseeded initializer's drawn seed (EffectiveSeed) as its seed, so the config reproduces its values.</summary>
        [Parameter]
        public SwitchParameter IncludeEffectiveSeed { get; set; }

        protected override void ProcessRecord()
        {
            var style = InputConverter.ParseStyle(Style);
            InputConverter.Emit(
                this,
                InputConverter.Read(Initializer),
                resolved =>
                {
                    var initializer = IncludeEffectiveSeed ? resolved.WithEffectiveSeed() : resolved;
                    WriteObject(Document ? KerasConfig.ToDocument(initializer, style) : initializer.GetConfig(style));
                },
                Initializer);
        }
    }
}
