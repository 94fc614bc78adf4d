using System.Collections.Generic;

namespace Initializers.IO
{
    /// <summary>How <see cref="TensorFile"/>'s <c>Write</c> writes a file. Every property has a default, so <c>new
    /// TensorWriteOptions()</c> writes as <c>np.save</c>/<c>np.savez</c>/<c>save_file</c> would.</summary>
    public sealed class TensorWriteOptions
    {
        /// <summary>The format; null (the default) takes it from the extension: .npz, .safetensors and .csv, anything else
        /// .npy.</summary>
        public TensorFileFormat? Format { get; set; }

        /// <summary>Deflate the .npz members (<c>np.savez_compressed</c>); other formats ignore it.</summary>
        public bool Compress { get; set; }

        /// <summary>For .npy and .csv, which have no room for it: also write the tensor's provenance to the sidecar file
        /// <see cref="TensorFile.SidecarPath"/>. The tensor must carry one. Without it, a sidecar left by an earlier
        /// export is removed, so that it cannot describe other values. .npz and .safetensors always record the
        /// provenance of the tensors that carry one, in the file itself.</summary>
        public bool ProvenanceSidecar { get; set; }

        /// <summary>Extra safetensors <c>__metadata__</c> entries (string to string); other formats refuse them.</summary>
        public IEnumerable<KeyValuePair<string, string>>? Metadata { get; set; }

        /// <summary>Replace a read-only file (PowerShell's <c>-Force</c>).</summary>
        public bool OverwriteReadOnly { get; set; }

        /// <summary>Stops the write when cancelled (Ctrl+C in the cmdlets): the data loops check it at chunk boundaries, and
        /// a cancelled write leaves the old file as it was, or none, and no temporary file
        /// (<see cref="System.OperationCanceledException"/>).</summary>
        public System.Threading.CancellationToken Cancellation { get; set; }
    }
}
