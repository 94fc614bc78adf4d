using System;
using System.Collections.Generic;
using Initializers.Statistics;

namespace Initializers.Models.Weights
{
    /// <summary>What Initialize-ModelWeight reports for one weight: its names, shape, dtype, initializer calls and seeds,
    /// its bytes and file, the statistics its initializers' formulas give and, when measured, those of its values.</summary>
    public sealed class ModelWeightReport
    {
        /// <summary>A report line.</summary>
        /// <param name="values">The weight's values (<see cref="ModelWeightValues.Create(ModelWeight, long)"/>).</param>
        /// <param name="file">The file that holds it, or null when nothing was written (-WhatIf).</param>
        /// <param name="measured">Its measured statistics, or null when not measured.</param>
        public ModelWeightReport(ModelWeightValues values, string? file, TensorMeasurement? measured)
            : this(values, file, measured, null)
        {
        }

        /// <summary>A report line for a weight written in PyTorch's layout.</summary>
        /// <param name="values">The weight's values (<see cref="ModelWeightValues.Create(ModelWeight, long)"/>).</param>
        /// <param name="file">The file that holds it, or null when nothing was written (-WhatIf).</param>
        /// <param name="measured">Its measured statistics, or null when not measured.</param>
        /// <param name="torchNames">The names of the torch tensors that hold its values (<see cref="TorchStateDict.Map"/>),
        /// or null in Keras's layout.</param>
        public ModelWeightReport(ModelWeightValues values, string? file, TensorMeasurement? measured, IReadOnlyList<string>? torchNames)
        {
            if (values is null)
            {
                throw new ArgumentNullException(nameof(values));
            }

            var weight = values.Weight;
            Name = weight.Path;
            Layer = weight.Layer;
            LayerClass = weight.LayerClass;
            Shape = weight.Shape;
            DType = weight.DType;
            Trainable = weight.Trainable;
            Initializer = values.Description;
            Seed = values.Seed;
            Seeds = values.Seeds;
            BaseSeed = values.BaseSeed;
            Bytes = weight.ByteCount;
            File = file;
            Expected = values.Expected();
            Measured = measured;
            TorchNames = torchNames;
        }

        /// <summary>The weight's Keras 3 variable path (<c>dense/kernel</c>): its name in the file in Keras's layout.</summary>
        public string Name { get; }

        /// <summary>In PyTorch's layout, the names of the tensors that hold its values (<c>lstm.weight_ih_l0</c>; a GRU's
        /// reset_after bias is two); null in Keras's layout.</summary>
        public IReadOnlyList<string>? TorchNames { get; }

        /// <summary>The layer path.</summary>
        public string Layer { get; }

        /// <summary>The layer's class.</summary>
        public string LayerClass { get; }

        /// <summary>The shape.</summary>
        public IReadOnlyList<long> Shape { get; }

        /// <summary>The dtype.</summary>
        public DType DType { get; }

        /// <summary>False for non-trainable weights.</summary>
        public bool Trainable { get; }

        /// <summary>The initializer calls with their seeds (several joined by <c> + </c>).</summary>
        public string Initializer { get; }

        /// <summary>The seed its values come from (one seed for all its random calls), or null (none, or several: see
        /// <see cref="Seeds"/>).</summary>
        public long? Seed { get; }

        /// <summary>Each call's seed (null for a call that draws none).</summary>
        public IReadOnlyList<long?> Seeds { get; }

        /// <summary>The base seed of the run.</summary>
        public long BaseSeed { get; }

        /// <summary>The size of its data in bytes.</summary>
        public long Bytes { get; }

        /// <summary>The file that holds it; null when nothing was written.</summary>
        public string? File { get; }

        /// <summary>The measured mean; null when not measured.</summary>
        public double? Mean => Measured?.Mean;

        /// <summary>The measured population std; null when not measured.</summary>
        public double? Std => Measured?.Std;

        /// <summary>The mean the initializers' formulas give; null when unknown.</summary>
        public double? ExpectedMean => Expected?.Mean;

        /// <summary>The std the initializers' formulas give (from the real fans of each call's shape); null when unknown.</summary>
        public double? ExpectedStd => Expected?.Std;

        /// <summary>The expected statistics in full; null when unknown.</summary>
        public ExpectedStatistics? Expected { get; }

        /// <summary>The measured statistics in full; null when not measured.</summary>
        public TensorMeasurement? Measured { get; }

        /// <inheritdoc/>
        public override string ToString() => Name + " " + TensorShape.Format(Shape) + " " + Initializer;
    }
}
