namespace Initializers.Models
{
    /// <summary>Who wrote a model config, as far as its keys tell.</summary>
    public enum ModelDialect
    {
        /// <summary>Keras 3 (<c>model.to_json()</c>, the <c>config.json</c> of a <c>.keras</c> archive): the model
        /// document has a <c>module</c> key, or <c>keras_version</c> says 3.</summary>
        Keras3,
        /// <summary>Keras 2 / tf.keras (<c>to_json()</c>, the old <c>to_yaml()</c>, the <c>model_config</c> of an H5
        /// file): no <c>module</c> on the model document.</summary>
        Keras2,
        /// <summary>TensorFlow.js: a <c>model.json</c> (<c>modelTopology</c>), a topology whose <c>keras_version</c>
        /// starts with <c>tfjs</c>, or camelCase keys (<c>className</c>, <c>kernelInitializer</c>).</summary>
        TensorFlowJs,
    }
}
