using System.Collections;

namespace Initializers.Models
{
    /// <summary>One layer of a model config, at any depth: a layer of a Sequential or Functional model, a nested model,
    /// the layer inside a wrapper (Bidirectional, TimeDistributed) or an RNN cell.</summary>
    public sealed class ModelLayer
    {
        internal ModelLayer(string path, string name, string className, string pointer, int? line, int? column, bool isKnownClass, IDictionary entry, IDictionary? config)
        {
            Path = path;
            Name = name;
            ClassName = className;
            Pointer = pointer;
            Line = line;
            Column = column;
            IsKnownClass = isKnownClass;
            Entry = entry;
            Config = config;
        }

        /// <summary>The names from the outermost layer down to this one, joined by <c>/</c> (<c>encoder/bi/forward_lstm</c>).
        /// A layer without a name is called <c>ClassName#index</c>.</summary>
        public string Path { get; }

        /// <summary>The layer's own name (<c>config.name</c>, else the entry's <c>name</c>).</summary>
        public string Name { get; }

        /// <summary>The layer's <c>class_name</c> as written (<c>Dense</c>, <c>Bidirectional</c>, a custom class).</summary>
        public string ClassName { get; }

        /// <summary>The JSON Pointer (RFC 6901) to the layer's entry in the document.</summary>
        public string Pointer { get; }

        /// <summary>The 1-based line where the layer's entry starts in the source text; null when unknown.</summary>
        public int? Line { get; }

        /// <summary>The 1-based column that goes with <see cref="Line"/>.</summary>
        public int? Column { get; }

        /// <summary>False for a class that is not a Keras or TensorFlow.js layer or model (a custom class): its
        /// initializer slots are still found by their key names.</summary>
        public bool IsKnownClass { get; }

        /// <summary>The layer's entry (class_name, config, and for Functional layers name and inbound_nodes).</summary>
        internal IDictionary Entry { get; }

        /// <summary>The layer's config, or null when it has none.</summary>
        internal IDictionary? Config { get; }

        /// <inheritdoc/>
        public override string ToString() => Path + " (" + ClassName + ")";
    }
}
