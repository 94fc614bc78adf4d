namespace Initializers.IO
{
    /// <summary>How <see cref="TensorFile.Read"/> reads a file; the defaults read every format as numpy does.</summary>
    public sealed class TensorReadOptions
    {
        /// <summary>The format; null (the default) takes .csv from the extension and tells the others by their first
        /// bytes (a zip archive is .npz, <c>\x93NUMPY</c> is .npy), then by the extension .safetensors, as
        /// <c>np.load</c> tells .npy from .npz by content.</summary>
        public TensorFileFormat? Format { get; set; }

        /// <summary>The dtype of the values of a CSV file (numpy.loadtxt's dtype); the other formats record their own.</summary>
        public DType CsvDType { get; set; } = DType.Float64;

        /// <summary>The least rank of a tensor read from CSV (numpy.loadtxt's ndmin): 0, 1 or 2.</summary>
        public int CsvMinimumRank { get; set; }

        /// <summary>Stops the read when cancelled (Ctrl+C in the cmdlets): the data loops check it at chunk boundaries, and
        /// a cancelled write leaves the old file as it was, or none, and no temporary file
        /// (<see cref="System.OperationCanceledException"/>).</summary>
        public System.Threading.CancellationToken Cancellation { get; set; }
    }
}
