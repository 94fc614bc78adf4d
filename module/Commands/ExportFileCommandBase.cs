using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>What every Export- cmdlet shares, as Export-Csv has it: -Path or -LiteralPath (one file of the
    /// FileSystem provider), -NoClobber checked before any input is read, -Force for a read-only file, -WhatIf/-Confirm,
    /// one write at the end through the library's atomic writer, and -PassThru returning what Get-Item returns.</summary>
    public abstract class ExportFileCommandBase : PSCmdlet
    {
        /// <summary>The parameter set of -Path.</summary>
        protected const string PathSet = "Path";

        /// <summary>The parameter set of -LiteralPath.</summary>
        protected const string LiteralPathSet = "LiteralPath";

        private readonly CancellationTokenSource stopping = new();

        /// <summary>The file to write. Virtual so that a cmdlet with more parameter sets can redeclare its attributes.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public virtual string Path { get; set; } = "";

        /// <summary>The file to write, taken literally. Virtual as <see cref="Path"/>.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public virtual string LiteralPath { get; set; } = "";

        /// <summary>Overwrite a read-only file; write to what a symbolic link points to.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Do not overwrite an existing file.</summary>
        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Return the written file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The resolved file system path of the file to write.</summary>
        protected string Target { get; private set; } = "";

        /// <summary>Cancelled by Ctrl+C (<see cref="StopProcessing"/>); the writers check it at chunk boundaries.</summary>
        protected CancellationToken StopToken => stopping.Token;

        /// <summary>Resolves the target and checks -NoClobber before any input is read.</summary>
        protected override void BeginProcessing()
        {
            var literal = MyInvocation.BoundParameters.ContainsKey(nameof(LiteralPath));
            Target = PathHelper.ResolveExportTarget(this, literal ? LiteralPath : Path, literal, NoClobber);
        }

        /// <summary>Ctrl+C: the write stops at its next chunk, leaving the old file (or none) and no temporary file.</summary>
        protected override void StopProcessing() => stopping.Cancel();

        /// <summary>Asks ShouldProcess, then runs <paramref name="write"/> with the target and -Force (it writes through
        /// the library, whose writers go through <c>Initializers.IO.AtomicFile</c>); a library error stops the command
        /// with the target named; Ctrl+C stops it with nothing written; -PassThru then returns the file.</summary>
        protected void Commit(Action<string, bool> write) => Commit(Target, write);

        /// <summary><see cref="Commit(Action{string, bool})"/> for another file than the target (a shard's part).</summary>
        protected void Commit(string file, Action<string, bool> write)
        {
            if (!ShouldProcess(file, File.Exists(file) ? "Overwrite" : "Create"))
            {
                return;
            }

            try
            {
                write(file, Force);
            }
            catch (InitializerException ex)
            {
                ThrowTerminatingError(Errors.From(ex, file));
            }
            catch (OutOfMemoryException ex)
            {
                ThrowTerminatingError(Errors.OutOfMemory(ex, file));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // The writer removed its temporary file; the target is as it was.
                throw new PipelineStoppedException();
            }

            if (PassThru)
            {
                PathHelper.WriteItem(this, file);
            }
        }
    }
}
