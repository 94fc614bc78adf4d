namespace Initializers
{
    /// <summary>The Keras config styles: Keras 3 (the default) and the Keras 2 / TF 2 "legacy" form.</summary>
    public enum KerasStyle
    {
        /// <summary><c>{"module": "keras.initializers", "class_name": ..., "config": ..., "registered_name": null}</c>; seed first in the config.</summary>
        Keras3,
        /// <summary><c>{"class_name": ..., "config": ...}</c>; constructor order with seed last.</summary>
        Keras2,
    }
}
