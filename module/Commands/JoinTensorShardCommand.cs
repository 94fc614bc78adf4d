using System;
using System.IO;
using System.Management.Automation;
using Initializers.IO;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Join-TensorShard: assembles the file that Export-Tensor -ShardIndex/-ShardCount processes wrote in
    /// parts, after checking that every part is present, complete and of one run (<see cref="TensorShards.Join"/>),
    /// then removes the parts.</summary>
    [Cmdlet(VerbsCommon.Join, "TensorShard", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Join-TensorShard.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class JoinTensorShardCommand : ExportFileCommandBase
    {
        /// <summary>Keep the part files after the file is written.</summary>
        [Parameter]
        public SwitchParameter KeepPart { get; set; }

        /// <summary>Joins the parts into the target.</summary>
        protected override void EndProcessing()
        {
            var options = new StreamingOptions { OverwriteReadOnly = Force, Cancellation = StopToken };
            try
            {
                Commit((path, force) => TensorShards.Join(path, options, KeepPart));
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
