using System.Collections.Generic;
using System.Management.Automation;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>ConvertTo-InitializerConfig: initializers to Keras JSON or YAML text. Like ConvertTo-Json, it collects
    /// its pipeline input: one initializer gives one document, several give one JSON array or one multi-document
    /// YAML stream.</summary>
    [Cmdlet(VerbsData.ConvertTo, "InitializerConfig", HelpUri = HelpLinks.Docs + "ConvertTo-InitializerConfig.md")]
    [OutputType(typeof(string))]
    public sealed class ConvertToInitializerConfigCommand : PSCmdlet
    {
        private readonly List<object> collected = new();

        /// <summary>An initializer object, a name, a Keras document, or JSON/YAML text.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("InputObject")]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        public object? Initializer { get; set; }

        /// <summary>Json (default) or Yaml.</summary>
        [Parameter]
        [ValidateSet("Json", "Yaml")]
        public string Format { get; set; } = "Json";

        /// <summary>Keras3 (default) or Keras2 (the legacy {class_name, config} form).</summary>
        [Parameter]
        [ValidateSet("Keras3", "Keras2")]
        public string Style { get; set; } = "Keras3";

        /// <summary>JSON on one line (ignored for YAML).</summary>
        [Parameter]
        public SwitchParameter Compress { get; set; }

        /// <summary>Always write a list (a JSON array, or one YAML document holding a sequence), even for one initializer.</summary>
        [Parameter]
        public SwitchParameter AsArray { get; set; }

        /// <summary>Write an unseeded initializer's drawn seed (EffectiveSeed) as its seed, so the config reproduces its values.</summary>
        [Parameter]
        public SwitchParameter IncludeEffectiveSeed { get; set; }

        protected override void ProcessRecord()
        {
            InputConverter.Emit(this, InputConverter.Read(Initializer), collected.Add, Initializer);
        }

        protected override void EndProcessing()
        {
            if (collected.Count == 0)
            {
                return;
            }

            var format = InputConverter.ParseFormat(Format);
            var style = InputConverter.ParseStyle(Style);
            try
            {
                var text = ConfigWriter.Write(collected, format, style, Compress, AsArray, IncludeEffectiveSeed);
                WriteObject(text);
            }
            catch (InitializerException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
            }
        }
    }
}
