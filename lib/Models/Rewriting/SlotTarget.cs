namespace Initializers.Models.Rewriting
{
    /// <summary>One initializer slot of a model, as a reader found it: where it is (a JSON Pointer into the config
    /// tree) and what it is called (the layer path and the slot key, which the derived seed depends on).</summary>
    public sealed class SlotTarget
    {
        /// <summary>Names a slot.</summary>
        /// <param name="pointer">The JSON Pointer of the slot's value (<c>/config/layers/1/config/kernel_initializer</c>).</param>
        /// <param name="layer">The layer path, nested names joined by <c>/</c>.</param>
        /// <param name="slot">The slot key as written (<c>kernel_initializer</c>, <c>kernelInitializer</c>).</param>
        public SlotTarget(string pointer, string layer, string slot)
        {
            Pointer = pointer;
            Layer = layer;
            Slot = slot;
        }

        /// <summary>The JSON Pointer of the slot's value.</summary>
        public string Pointer { get; }

        /// <summary>The layer path.</summary>
        public string Layer { get; }

        /// <summary>The slot key.</summary>
        public string Slot { get; }
    }
}
