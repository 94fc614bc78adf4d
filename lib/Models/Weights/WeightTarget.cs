namespace Initializers.Models.Weights
{
    /// <summary>Whose loader the weights are planned for. Shapes and defaults follow that loader where Keras and
    /// TensorFlow.js differ (TensorFlow.js ignores Conv <c>groups</c>, sizes causal Conv1D as <c>valid</c>, defaults LSTM
    /// <c>unit_forget_bias</c> to false and has no GRU <c>reset_after</c>).</summary>
    public enum WeightTarget
    {
        /// <summary>Keras (3 by default; see <see cref="ModelWeightOptions.KerasVersion"/>).</summary>
        Keras,

        /// <summary>TensorFlow.js 4.x (<c>tf.loadLayersModel</c>).</summary>
        TensorFlowJs,
    }
}
