namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05, seed=None)</c>: normal values more than
    /// two stddev from the mean are re-drawn. No variance correction: the sample std is about 0.88·stddev.</summary>
    [KerasInitializer(
        "Normal, with values more than two stddev from the mean re-drawn (no variance correction).",
        "N(mean, stddev²) restricted to mean ± 2·stddev",
        DTypeSet.Floating,
        Aliases = new[] { "truncated_normal_initializer" })]
    public sealed class TruncatedNormal : MeanStddevInitializer
    {
        /// <summary>An initializer that draws from N(mean, stddev²) and re-draws every value more than two standard
        /// deviations from the mean, as Keras does.</summary>
        /// <param name="mean">Mean of the normal distribution, a finite number (default 0.0).</param>
        /// <param name="stddev">Standard deviation before truncation (the values' own std is about 0.88 times it), a finite number &gt;= 0 (default 0.05; 0 gives
        /// <paramref name="mean"/> everywhere); negatives, NaN and infinities are refused.</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
        public TruncatedNormal(
            [ConfigKey("Mean.")] double mean = 0.0,
            [ConfigKey("Standard deviation before truncation.")] double stddev = 0.05,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(mean, stddev, seed)
        {
        }

        /// <inheritdoc/>
        public override string ClassName => "TruncatedNormal";

        internal override TensorElements.RangeFiller CreateFiller(long[] shape, DType dtype) =>
            (start, destination) => Sampling.TruncatedNormalRange(dtype, EffectiveSeed, Mean, Stddev, start, destination);

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype) => Sampling.TruncatedNormal(shape, dtype, EffectiveSeed, Mean, Stddev);
    }
}
