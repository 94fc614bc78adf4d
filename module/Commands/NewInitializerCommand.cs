using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>New-Initializer: an initializer from its class name (or any alias) and its constructor arguments.</summary>
    [Cmdlet(VerbsCommon.New, "Initializer", HelpUri = HelpLinks.Docs + "New-Initializer.md")]
    [OutputType("Initializers.Initializer")]
    public sealed class NewInitializerCommand : PSCmdlet
    {
        /// <summary>The class name or alias: Zeros, Constant, GlorotUniform, glorot_uniform, heNormal, ...</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ClassName")]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        /// <summary>The constructor arguments (Keras config keys), for example @{ value = 3 } or @{ mean = 0; stddev = 1 }.</summary>
        [Parameter(Position = 1)]
        [AllowNull]
        [ArgumentCompleter(typeof(ConfigCompleter))]
        public IDictionary? Config { get; set; }

        /// <summary>The seed: a whole number in the Int64 range (sets the config's 'seed' key; an error for classes
        /// without one). Typed object so that 1.5 is refused (InvalidSeed) rather than rounded by parameter binding.</summary>
        [Parameter]
        [AllowNull]
        public object? Seed { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var info = InitializerCatalog.Get(Name);
                var config = (OrderedDictionary?)InputConverter.ToTree(Config) ?? new OrderedDictionary(StringComparer.Ordinal);
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Seed)))
                {
                    var seed = Initializers.Config.ConfigArgs.CheckedSeed(info.ClassName, InputConverter.ToTree(Seed));
                    if (!info.ConfigKeys.Any(k => k.Name == "seed"))
                    {
                        WriteError(Errors.New(
                            "SeedNotSupported",
                            ErrorCategory.InvalidArgument,
                            $"{info.ClassName} takes no seed: it is not random. Initializers with a seed: " +
                            string.Join(", ", InitializerCatalog.All.Where(e => e.ConfigKeys.Any(k => k.Name == "seed")).Select(e => e.ClassName)) + ".",
                            Name));
                        return;
                    }

                    config["seed"] = seed;
                }

                WriteObject(InitializerCatalog.Create(info.ClassName, config));
            }
            catch (InitializerException ex)
            {
                WriteError(Errors.From(ex));
            }
        }
    }
}
