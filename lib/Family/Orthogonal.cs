using System.Collections.Generic;
using Initializers.Config;

namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.Orthogonal(gain=1.0, seed=None)</c>. Rows = the product of the leading
    /// dimensions, columns = the last one. A Gaussian matrix of shape (max(rows, cols), min(rows, cols)) is factored
    /// as QR; Q times sign(diag(R)) is transposed when the shape is wide, then multiplied by gain. The result has
    /// orthonormal columns (tall) or rows (wide). Rank 2 and up; floating dtypes.</summary>
    [KerasInitializer(
        "A random orthogonal matrix (orthonormal columns, or rows when wide) times gain; rank 2 and up.",
        "gain · Q of QR(Gaussian), sign-fixed by diag(R)",
        DTypeSet.Floating,
        Aliases = new[] { "OrthogonalInitializer", "orthogonal_initializer" })]
    public sealed class Orthogonal : RandomInitializer
    {
        /// <summary>An initializer that fills a tensor of rank 2 or more with a random orthogonal matrix times
        /// <paramref name="gain"/>.</summary>
        /// <param name="gain">Multiplicative factor applied to the matrix, any finite number (default 1.0; 0 gives zeros,
        /// negatives flip the sign); NaN and infinities are refused.</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
        public Orthogonal([ConfigKey("Multiplicative factor.")] double gain = 1.0, [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(seed)
        {
            Gain = ConfigArgs.CheckedNumber(ClassName, "gain", gain);
        }

        /// <inheritdoc/>
        public override string ClassName => "Orthogonal";

        /// <summary>The factor the orthogonal matrix is multiplied by (the config's <c>gain</c>); the columns (or
        /// rows, when wide) have norm |gain|.</summary>
        public double Gain { get; }

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("gain", Gain);
            yield return Arg("seed", Seed);
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype)
        {
            if (shape.Length < 2)
            {
                throw new InitializerException(
                    "InvalidRank",
                    ErrorKind.InvalidArgument,
                    $"The tensor to initialize must be at least two-dimensional. Received: shape={TensorShape.Format(shape)} of rank {shape.Length}.",
                    shape);
            }

            RequireFloating(dtype);
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype)
        {
            var rows = 1;
            for (var i = 0; i < shape.Length - 1; i++)
            {
                rows *= shape[i];
            }

            return Sampling.Orthogonal(shape, dtype, EffectiveSeed, rows, shape[shape.Length - 1], Gain);
        }
    }
}
