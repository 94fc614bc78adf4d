using Initializers.Family;

namespace Initializers.Models
{
    /// <summary>One initializer slot of a model config: a layer config key ending in <c>_initializer</c> (or, in
    /// TensorFlow.js camelCase, <c>Initializer</c>), where it is, and what it holds. A rewriter replaces the value at
    /// <see cref="Pointer"/>.</summary>
    public sealed class ModelSlot
    {
        internal ModelSlot(
            ModelLayer layer,
            string slot,
            string pointer,
            int? line,
            int? column,
            int? valueLine,
            int? valueColumn,
            object? value,
            Initializer? initializer,
            string? className,
            InitializerException? error,
            long? sharedObjectId,
            bool unused,
            int? weightRank,
            string? sourceName)
        {
            LayerInfo = layer;
            Slot = slot;
            Pointer = pointer;
            Line = line;
            Column = column;
            ValueLine = valueLine;
            ValueColumn = valueColumn;
            Value = value;
            Initializer = initializer;
            ClassName = className;
            Error = error;
            SharedObjectId = sharedObjectId;
            Unused = unused;
            WeightRank = weightRank;
            SourceName = sourceName;
        }

        /// <summary>The layer path (nested names joined by <c>/</c>).</summary>
        public string Layer => LayerInfo.Path;

        /// <summary>The class of the layer that owns the slot.</summary>
        public string LayerClass => LayerInfo.ClassName;

        /// <summary>The layer that owns the slot.</summary>
        public ModelLayer LayerInfo { get; }

        /// <summary>The key as written: <c>kernel_initializer</c>, <c>recurrentInitializer</c>.</summary>
        public string Slot { get; }

        /// <summary>The JSON Pointer (RFC 6901) to the slot's value in the document (for a <c>.keras</c> archive, in its
        /// <c>config.json</c>).</summary>
        public string Pointer { get; }

        /// <summary>The 1-based line of the slot's key in the source text; null for a tree that did not come from text.</summary>
        public int? Line { get; }

        /// <summary>The 1-based column of the slot's key.</summary>
        public int? Column { get; }

        /// <summary>The 1-based line where the slot's value starts.</summary>
        public int? ValueLine { get; }

        /// <summary>The 1-based column where the slot's value starts.</summary>
        public int? ValueColumn { get; }

        /// <summary>The value as parsed: null, a name, or a document (dictionary).</summary>
        public object? Value { get; }

        /// <summary>The initializer the slot holds; null when the value is null or does not resolve (see <see cref="Error"/>).</summary>
        public Initializer? Initializer { get; }

        /// <summary>The resolved class name, or the class name (or name) as written when it does not resolve; null for a null slot.</summary>
        public string? ClassName { get; }

        /// <summary>Why the value does not resolve (its ErrorId, a message naming the layer, slot, line and column); null when it does.</summary>
        public InitializerException? Error { get; }

        /// <summary>True when the value is null (Keras then uses glorot_uniform, TensorFlow.js the layer's default).</summary>
        public bool IsNull => Value is null;

        /// <summary>The <c>shared_object_id</c> of the initializer document (Keras 3 <c>.keras</c> files): every copy with
        /// the same id is one object on load, built from the first copy.</summary>
        public long? SharedObjectId { get; }

        /// <summary>True when the layer creates no weight from this slot (a bias with <c>use_bias: false</c>, the
        /// Keras 2 SeparableConv <c>kernel_initializer</c>, BatchNormalization beta without <c>center</c>).</summary>
        public bool Unused { get; }

        /// <summary>The rank of the weight this slot initializes, when the layer class tells it (Dense kernel 2,
        /// Conv2D kernel 4, a bias 1); null when unknown.</summary>
        public int? WeightRank { get; }

        /// <summary>The seed in the initializer's config; null when unseeded or not random.</summary>
        public long? Seed => (Initializer as RandomInitializer)?.Seed;

        /// <summary>For a random initializer, whether its config has a seed; null for one that is not random.</summary>
        public bool? Seeded => Initializer is RandomInitializer random ? random.Seed is not null : null;

        /// <summary>The file the model came from (for a <c>.keras</c> archive, the archive); null for text.</summary>
        public string? SourceName { get; }

        /// <inheritdoc/>
        public override string ToString() => Layer + ":" + Slot + " = " + (ClassName ?? "null");
    }
}
