namespace Initializers.IO
{
    /// <summary>The tensor file formats of <see cref="TensorFile"/>.</summary>
    public enum TensorFileFormat
    {
        /// <summary>numpy <c>.npy</c>: one tensor (<see cref="IO.Npy"/>).</summary>
        Npy,

        /// <summary>numpy <c>.npz</c>: a zip archive of named .npy members (<see cref="IO.Npz"/>).</summary>
        Npz,

        /// <summary>Hugging Face <c>.safetensors</c>: named tensors and string metadata (<see cref="IO.Safetensors"/>).</summary>
        Safetensors,

        /// <summary>Comma-separated text of rank 0 to 2, as <c>numpy.loadtxt(delimiter=',')</c> reads it (<see cref="IO.Csv"/>).</summary>
        Csv,
    }
}
