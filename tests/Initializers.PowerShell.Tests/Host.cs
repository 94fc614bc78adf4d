using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using Initializers.PowerShell.Commands;
using PS = System.Management.Automation.PowerShell;

namespace Initializers.PowerShell.Tests
{
    /// <summary>Runs a script in a fresh runspace with the module imported from its dll; collects output, the
    /// non-terminating errors and the terminating one (if any).</summary>
    public sealed class Run
    {
        private Run(Collection<PSObject> output, IReadOnlyList<ErrorRecord> errors, ErrorRecord? terminating)
        {
            Output = output;
            Errors = errors;
            Terminating = terminating;
        }

        public Collection<PSObject> Output { get; }

        public IReadOnlyList<ErrorRecord> Errors { get; }

        public ErrorRecord? Terminating { get; }

        /// <summary>The terminating error, else the first non-terminating one.</summary>
        public ErrorRecord Error => Terminating ?? Errors.FirstOrDefault() ?? throw new Xunit.Sdk.XunitException("Expected an error; there was none.");

        public object? Single() => Assert1(Output).BaseObject;

        private static PSObject Assert1(Collection<PSObject> output)
        {
            Xunit.Assert.Single(output);
            return output[0];
        }

        public static Run Script(string script, IDictionary? variables = null) => Script(script, variables, null);

        /// <summary>Runs a script as <see cref="Script(string, IDictionary)"/>, in a runspace of <paramref name="host"/>
        /// (one that answers prompts) when given.</summary>
        public static Run Script(string script, IDictionary? variables, PSHost? host)
        {
            var iss = InitialSessionState.CreateDefault2();
            iss.ImportPSModule(new[] { typeof(NewZerosTensorCommand).Assembly.Location });
            using var runspace = host is null ? null : RunspaceFactory.CreateRunspace(host, iss);
            runspace?.Open();
            using var ps = runspace is null ? PS.Create(iss) : PS.Create(runspace);
            if (variables is not null)
            {
                foreach (DictionaryEntry v in variables)
                {
                    ps.Runspace.SessionStateProxy.SetVariable((string)v.Key, v.Value);
                }
            }

            // A terminating error stops the script and lands in $global:__terminating; non-terminating ones go to
            // the error stream and the script goes on.
            ps.AddScript("try {\n" + script + "\n} catch { $global:__terminating = $_ }");
            var output = ps.Invoke();
            var terminating = ps.Runspace.SessionStateProxy.GetVariable("__terminating") as ErrorRecord
                ?? (ps.Runspace.SessionStateProxy.GetVariable("__terminating") as PSObject)?.BaseObject as ErrorRecord;
            return new Run(output, ps.Streams.Error.ToList(), terminating);
        }

        /// <summary>Runs a script and asserts it produced no error of any kind.</summary>
        public static Run Ok(string script, IDictionary? variables = null)
        {
            var run = Script(script, variables);
            if (run.Terminating is not null || run.Errors.Count > 0)
            {
                var e = run.Terminating ?? run.Errors[0];
                throw new Xunit.Sdk.XunitException($"Unexpected error {e.FullyQualifiedErrorId}: {e.Exception.Message}");
            }

            return run;
        }
    }
}
