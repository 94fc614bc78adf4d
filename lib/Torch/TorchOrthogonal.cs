using System.Collections.Generic;
using System.Linq;
using Initializers.Config;
using Initializers.Family;

namespace Initializers.Torch
{
    /// <summary>PyTorch's <c>torch.nn.init.orthogonal_(tensor, gain=1)</c>: the tensor flattened to rows = size(0),
    /// cols = numel / rows (Keras's Orthogonal flattens to rows = the product of the leading dimensions, cols = the
    /// last) is a random orthogonal matrix (orthonormal columns, or rows when wide) times gain, by the QR method with
    /// the sign of diag(R) fixed. An empty tensor is returned as it is (PyTorch's no-op). Rank 2 and up; floating
    /// dtypes. Values come from this library's Philox streams and the same orthonormalisation as Keras's Orthogonal,
    /// not PyTorch's generator.</summary>
    [KerasInitializer(
        "PyTorch orthogonal_: rows = size(0), cols = numel/rows, an orthogonal matrix times gain; rank 2 and up.",
        "gain · Q of QR(Gaussian (size(0), numel/size(0))), sign-fixed by diag(R)",
        DTypeSet.Floating,
        Aliases = new[] { "orthogonal_" })]
    public sealed class TorchOrthogonal : RandomInitializer
    {
        /// <summary>An initializer that fills a tensor of rank 2 or more, seen as a (size(0), numel/size(0)) matrix,
        /// with a random orthogonal matrix times <paramref name="gain"/>.</summary>
        /// <param name="gain">Multiplicative factor, a finite number (default 1.0).</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
        public TorchOrthogonal(
            [ConfigKey("Multiplicative factor.")] double gain = 1.0,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(seed)
        {
            Gain = ConfigArgs.CheckedNumber(ClassName, "gain", gain);
        }

        /// <inheritdoc/>
        public override string ClassName => "TorchOrthogonal";

        /// <summary>The factor the orthogonal matrix is multiplied by (the config's <c>gain</c>).</summary>
        public double Gain { get; }

        /// <summary>PyTorch's flattening: (rows, cols) = (size(0), numel / size(0)), (0, 0) for an empty tensor.</summary>
        /// <param name="shape">The weight shape; rank 2 or more.</param>
        public static (int Rows, int Cols) Flatten(IReadOnlyList<int> shape)
        {
            CheckRank(shape.Select(d => (long)d).ToArray());
            var count = shape.Aggregate(1L, (p, d) => p * d);
            return count == 0 ? (0, 0) : (shape[0], (int)(count / shape[0]));
        }

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("gain", Gain);
            yield return Arg("seed", Seed);
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype)
        {
            CheckRank(shape.Select(d => (long)d).ToArray());
            RequireFloating(dtype);
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype)
        {
            var (rows, cols) = Flatten(shape);
            return Sampling.Orthogonal(shape, dtype, EffectiveSeed, rows, cols, Gain);
        }

        private static void CheckRank(long[] shape)
        {
            if (shape.Length < 2)
            {
                throw new InitializerException(
                    "InvalidRank",
                    ErrorKind.InvalidArgument,
                    $"Only tensors with 2 or more dimensions are supported. Received: shape={TensorShape.Format(shape)} of rank {shape.Length}.",
                    shape);
            }
        }
    }
}
