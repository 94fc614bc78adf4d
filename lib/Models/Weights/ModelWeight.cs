using System;
using System.Collections.Generic;
using System.Linq;

namespace Initializers.Models.Weights
{
    /// <summary>One weight of a model, as the planned loader creates it: its names in each file layout, its shape,
    /// dtype and the initializer calls that give its initial values.</summary>
    public sealed class ModelWeight
    {
        /// <summary>A weight.</summary>
        /// <param name="path">The Keras 3 variable path (<c>dense_1/kernel</c>, <c>lstm/lstm_cell/kernel</c>), unique in
        /// the model; the tensor name in .safetensors and .npz files.</param>
        /// <param name="layer">The path (<see cref="ModelLayer.Path"/>) of the config layer whose slots configure it.</param>
        /// <param name="layerClass">That layer's class name.</param>
        /// <param name="name">The variable's own name (<c>kernel</c>, <c>moving_mean</c>).</param>
        /// <param name="kerasPath">The dataset path in a Keras 3 <c>.weights.h5</c> file, without a leading slash
        /// (<c>layers/dense_1/vars/0</c>).</param>
        /// <param name="tfjsName">The TensorFlow.js <c>originalName</c> (<c>d1/kernel</c>), or null when the plan is not
        /// for TensorFlow.js.</param>
        /// <param name="shape">The shape.</param>
        /// <param name="dtype">The variable dtype.</param>
        /// <param name="trainable">False for non-trainable weights (BatchNormalization moving statistics, a frozen layer).</param>
        /// <param name="parts">The initializer calls, in flat order, covering the whole weight.</param>
        public ModelWeight(string path, string layer, string layerClass, string name, string kerasPath, string? tfjsName,
            IReadOnlyList<long> shape, DType dtype, bool trainable, IReadOnlyList<WeightPart> parts)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Layer = layer ?? throw new ArgumentNullException(nameof(layer));
            LayerClass = layerClass ?? throw new ArgumentNullException(nameof(layerClass));
            Name = name ?? throw new ArgumentNullException(nameof(name));
            KerasPath = kerasPath ?? throw new ArgumentNullException(nameof(kerasPath));
            TfjsName = tfjsName;
            Shape = shape ?? throw new ArgumentNullException(nameof(shape));
            DType = dtype;
            Trainable = trainable;
            Parts = parts ?? throw new ArgumentNullException(nameof(parts));
            Count = Shape.Aggregate(1L, (product, dim) => product * dim);
        }

        /// <summary>The Keras 3 variable path, unique in the model.</summary>
        public string Path { get; }

        /// <summary>The path of the config layer whose slots configure this weight.</summary>
        public string Layer { get; }

        /// <summary>That layer's class name.</summary>
        public string LayerClass { get; }

        /// <summary>The variable's own name.</summary>
        public string Name { get; }

        /// <summary>The dataset path in a Keras 3 <c>.weights.h5</c> file (<c>layers/dense_1/vars/0</c>).</summary>
        public string KerasPath { get; }

        /// <summary>The TensorFlow.js weight name, or null when the plan is not for TensorFlow.js.</summary>
        public string? TfjsName { get; }

        /// <summary>The shape.</summary>
        public IReadOnlyList<long> Shape { get; }

        /// <summary>The variable dtype.</summary>
        public DType DType { get; }

        /// <summary>False for non-trainable weights.</summary>
        public bool Trainable { get; }

        /// <summary>The initializer calls, in flat order.</summary>
        public IReadOnlyList<WeightPart> Parts { get; }

        /// <summary>The number of elements.</summary>
        public long Count { get; }

        /// <summary>The size in bytes.</summary>
        public long ByteCount => Count * DType.ElementSize();

        /// <inheritdoc/>
        public override string ToString() => Path + " (" + string.Join(", ", Shape) + ")";
    }
}
