using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Config;

namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.Identity(gain=1.0)</c>: gain · eye(rows, cols). Rank exactly 2; rectangular
    /// shapes are allowed (TensorFlow.js only allows square ones); floating dtypes.</summary>
    [KerasInitializer(
        "gain times the identity matrix; rank exactly 2, rectangular allowed.",
        "gain · eye(rows, cols)",
        DTypeSet.Floating,
        Aliases = new[] { "IdentityInitializer", "identity_initializer" })]
    public sealed class Identity : Initializer
    {
        /// <summary>An initializer that fills a 2-D tensor with <paramref name="gain"/> on the main diagonal and
        /// zeros elsewhere.</summary>
        /// <param name="gain">Multiplicative factor applied to the matrix, any finite number (default 1.0; 0 gives zeros,
        /// negatives flip the sign); NaN and infinities are refused.</param>
        public Identity([ConfigKey("Multiplicative factor.")] double gain = 1.0)
        {
            Gain = ConfigArgs.CheckedNumber(ClassName, "gain", gain);
        }

        /// <inheritdoc/>
        public override string ClassName => "Identity";

        /// <summary>The value on the main diagonal (the config's <c>gain</c>).</summary>
        public double Gain { get; }

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("gain", Gain);
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype) => CheckElements(shape.Select(d => (long)d).ToArray(), dtype);

        internal override void CheckElements(long[] shape, DType dtype)
        {
            if (shape.Length != 2)
            {
                throw new InitializerException(
                    "InvalidRank",
                    ErrorKind.InvalidArgument,
                    $"Identity matrix initializer can only be used for 2D matrices. Received: shape={TensorShape.Format(shape)} of rank {shape.Length}.",
                    shape);
            }

            RequireFloating(dtype);
        }

        internal override TensorElements.RangeFiller CreateFiller(long[] shape, DType dtype)
        {
            var diagonal = Storage.ElementBytes(dtype, TensorFill.Cast(Gain, dtype, ClassName));
            var size = diagonal.Length;
            var cols = shape[1];
            var ones = Math.Min(shape[0], cols);
            return (start, destination) =>
            {
                destination.Clear();
                var end = start + (destination.Length / size);

                // Diagonal element i sits at flat position i * (cols + 1); visit those inside [start, end).
                for (var i = (start + cols) / (cols + 1); i < ones && (i * (cols + 1)) < end; i++)
                {
                    diagonal.CopyTo(destination.Slice((int)((i * (cols + 1)) - start) * size, size));
                }
            };
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype)
        {
            var tensor = Tensor.Allocate(shape, dtype, uninitialized: false);
            var diagonal = TensorFill.Cast(Gain, dtype, ClassName);
            var cols = shape[1];
            for (var i = 0; i < Math.Min(shape[0], cols); i++)
            {
                tensor.Data.SetValue(diagonal, ((long)i * cols) + i);
            }

            return tensor;
        }
    }
}
