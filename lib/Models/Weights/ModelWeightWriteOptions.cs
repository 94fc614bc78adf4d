using Initializers.Torch;

namespace Initializers.Models.Weights
{
    /// <summary>How <see cref="ModelWeightFile.Write"/> writes a model's weights.</summary>
    public sealed class ModelWeightWriteOptions
    {
        /// <summary>Options with the defaults: one file, no model hash, not compressed.</summary>
        public ModelWeightWriteOptions()
        {
        }

        /// <summary>Which shard this process writes, 0 to <see cref="ShardCount"/> - 1 (file number index + 1); null
        /// for one file.</summary>
        public int? ShardIndex { get; set; }

        /// <summary>How many shards the weights are split into; null for one file.</summary>
        public int? ShardCount { get; set; }

        /// <summary>The SHA-256 (lowercase hex) of the model file, recorded in a safetensors <c>__metadata__</c>; null
        /// to record none.</summary>
        public string? ModelSha256 { get; set; }

        /// <summary>The layout of the tensors: Keras's (the default; named by <see cref="ModelWeight.Path"/>), or
        /// PyTorch's <c>state_dict</c> (<see cref="TorchStateDict"/>), which only .safetensors and .npz hold.</summary>
        public WeightLayout Layout { get; set; }

        /// <summary>Deflate the members of an .npz archive (<c>np.savez_compressed</c>).</summary>
        public bool Compress { get; set; }

        /// <summary>A copy: what a prepared write keeps (<see cref="ModelWeightFile.Prepare"/>).</summary>
        internal ModelWeightWriteOptions Copy() => (ModelWeightWriteOptions)MemberwiseClone();
    }
}
