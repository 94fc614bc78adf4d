using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Get-Initializer: the catalog entries (class name, aliases, config keys with defaults, dtypes,
    /// description), all of them or those whose class name or alias matches -Name.</summary>
    [Cmdlet(VerbsCommon.Get, "Initializer", HelpUri = HelpLinks.Docs + "Get-Initializer.md")]
    [OutputType("Initializers.InitializerInfo")]
    public sealed class GetInitializerCommand : PSCmdlet
    {
        // Each class once per command, however many names or patterns match it.
        private readonly HashSet<string> written = new(StringComparer.Ordinal);

        /// <summary>Class names or aliases; wildcards allowed. Omitted: every initializer.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ClassName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            if (Name is null)
            {
                WriteObject(InitializerCatalog.All, enumerateCollection: true);
                return;
            }

            foreach (var name in Name)
            {
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                    foreach (var info in InitializerCatalog.All.Where(e => pattern.IsMatch(e.ClassName) || e.Aliases.Any(pattern.IsMatch)))
                    {
                        if (written.Add(info.ClassName))
                        {
                            WriteObject(info);
                        }
                    }

                    continue;
                }

                try
                {
                    var found = InitializerCatalog.Get(name);
                    if (written.Add(found.ClassName))
                    {
                        WriteObject(found);
                    }
                }
                catch (InitializerException ex)
                {
                    WriteError(Errors.From(ex, name));
                }
            }
        }
    }
}
