namespace Initializers.Models.Weights
{
    /// <summary>The file layouts <see cref="ModelWeightFile.Write"/> writes a model's weights in.</summary>
    public enum ModelWeightFormat
    {
        /// <summary>One <c>.safetensors</c> file (Hugging Face), tensors named by their Keras 3 variable path; or the
        /// Hugging Face sharded layout.</summary>
        Safetensors,

        /// <summary>One numpy <c>.npz</c> archive, members named by the Keras 3 variable path.</summary>
        Npz,

        /// <summary>A TensorFlow.js <c>model.json</c> with its <c>weightsManifest</c> and binary shards.</summary>
        TensorFlowJs,

        /// <summary>A Keras 3 <c>.weights.h5</c> file (what <c>model.load_weights</c> reads).</summary>
        KerasH5,
    }
}
