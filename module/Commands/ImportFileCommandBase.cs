using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>What every Import- cmdlet shares, as Import-Csv and Get-Content have it: -Path (wildcards, also from
    /// the pipeline) or -LiteralPath (binding PSPath from piped files), resolved to existing files of the FileSystem
    /// provider; a path or wildcard that matches no file is a non-terminating FileNotFound error.</summary>
    public abstract class ImportFileCommandBase : PSCmdlet
    {
        /// <summary>The parameter set of -Path.</summary>
        protected const string PathSet = "Path";

        /// <summary>The parameter set of -LiteralPath.</summary>
        protected const string LiteralPathSet = "LiteralPath";

        private readonly CancellationTokenSource stopping = new();

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

        /// <summary>Cancelled by Ctrl+C (<see cref="StopProcessing"/>); the readers check it at chunk boundaries.</summary>
        protected CancellationToken StopToken => stopping.Token;

        /// <summary>True once Ctrl+C was pressed.</summary>
        protected bool IsStopping => stopping.IsCancellationRequested;

        /// <summary>Ctrl+C: the read stops at its next chunk and outputs nothing of the file being read.</summary>
        protected override void StopProcessing() => stopping.Cancel();

        /// <summary>The existing files that this record's -Path or -LiteralPath names, in order.</summary>
        protected IEnumerable<string> Files()
        {
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var path in literal ? LiteralPath : Path)
            {
                foreach (var file in PathHelper.ResolveExisting(this, path, literal))
                {
                    yield return file;
                }
            }
        }
    }
}
