using System;
using System.Collections.Generic;
using System.Linq;

namespace Initializers.Torch
{
    /// <summary>PyTorch's <c>torch.nn.init.eye_(tensor)</c>: the identity matrix, 1 on the main diagonal and 0
    /// elsewhere; rank exactly 2, rectangular allowed; every dtype but string (true for bool). Keras's Identity is the
    /// same matrix times a gain, floating dtypes only.</summary>
    [KerasInitializer("PyTorch eye_: the identity matrix; rank exactly 2, rectangular allowed.", "eye(rows, cols)", DTypeSet.NumericOrBool, Aliases = new[] { "eye_" })]
    public sealed class TorchEye : Initializer
    {
        /// <inheritdoc/>
        public override string ClassName => "TorchEye";

        /// <summary>PyTorch's check of eye_ and sparse_: "Only tensors with 2 dimensions are supported".</summary>
        internal static void CheckMatrix(long[] shape)
        {
            if (shape.Length != 2)
            {
                throw new InitializerException(
                    "InvalidRank",
                    ErrorKind.InvalidArgument,
                    $"Only tensors with 2 dimensions are supported. Received: shape={TensorShape.Format(shape)} of rank {shape.Length}.",
                    shape);
            }
        }

        /// <summary>Sets element <paramref name="index"/> of a zero tensor to one (cast to its dtype).</summary>
        internal static void SetOne(Tensor tensor, long index, string className) =>
            tensor.Data.SetValue(TensorFill.Cast(1.0, tensor.DType, className), index);

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries() => Enumerable.Empty<KeyValuePair<string, object?>>();

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype)
        {
            CheckMatrix(shape.Select(d => (long)d).ToArray());
            RequireNumericOrBool(dtype);
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype)
        {
            var tensor = Tensor.Allocate(shape, dtype, uninitialized: false);
            for (var i = 0; i < Math.Min(shape[0], shape[1]); i++)
            {
                SetOne(tensor, ((long)i * shape[1]) + i, ClassName);
            }

            return tensor;
        }
    }
}
