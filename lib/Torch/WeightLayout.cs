namespace Initializers.Torch
{
    /// <summary>The order of a weight's dimensions: Keras's (in, out) and (k…, in, out), or PyTorch's (out, in) and
    /// (out, in, k…). Rank 0 and 1 are the same in both.</summary>
    public enum WeightLayout
    {
        /// <summary>Keras, TensorFlow and TensorFlow.js: Dense (in, out), Conv (k…, in, out).</summary>
        Keras,

        /// <summary>PyTorch: Linear (out, in), Conv (out, in, k…).</summary>
        Torch,
    }
}
