using System;
using System.Threading;

namespace Initializers.IO
{
    /// <summary>How a streaming write (<see cref="TensorFile.Write(string, string, TensorElements, TensorWriteOptions, StreamingOptions)"/>, <see cref="TensorShards"/>) runs: its progress
    /// callback, its cancellation and its chunk size. Set the properties after construction.</summary>
    public sealed class StreamingOptions
    {
        /// <summary>Replace a read-only file (PowerShell's <c>-Force</c>) when writing shards; the new file is read-only
        /// again. A whole file takes it from <see cref="TensorWriteOptions.OverwriteReadOnly"/>.</summary>
        public bool OverwriteReadOnly { get; set; }

        /// <summary>Called on the writing thread after each chunk with (bytes written, bytes to write in all).</summary>
        public Action<long, long>? Progress { get; set; }

        /// <summary>Stops the write between chunks with an <see cref="OperationCanceledException"/>; the temporary file
        /// is removed and the target is left as it was.</summary>
        public CancellationToken Cancellation { get; set; }

        /// <summary>Bytes generated and written at a time (default 4 MiB): the memory a write holds besides the
        /// runtime, twice (one chunk is generated while the previous one is written).</summary>
        public int ChunkBytes { get; set; } = 4 << 20;
    }
}
