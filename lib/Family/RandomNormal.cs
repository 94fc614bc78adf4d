namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.RandomNormal(mean=0.0, stddev=0.05, seed=None)</c>: untruncated normal.
    /// Floating dtypes only.</summary>
    [KerasInitializer(
        "Normal with the given mean and stddev (untruncated).",
        "N(mean, stddev²)",
        DTypeSet.Floating,
        Aliases = new[] { "normal", "random_normal_initializer" })]
    public sealed class RandomNormal : MeanStddevInitializer
    {
        /// <summary>An initializer that draws each element independently from N(mean, stddev²).</summary>
        /// <param name="mean">Mean of the normal distribution, a finite number (default 0.0).</param>
        /// <param name="stddev">Standard deviation, a finite number &gt;= 0 (default 0.05; 0 gives
        /// <paramref name="mean"/> everywhere); negatives, NaN and infinities are refused.</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
        public RandomNormal(
            [ConfigKey("Mean.")] double mean = 0.0,
            [ConfigKey("Standard deviation.")] double stddev = 0.05,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(mean, stddev, seed)
        {
        }

        /// <inheritdoc/>
        public override string ClassName => "RandomNormal";

        internal override TensorElements.RangeFiller CreateFiller(long[] shape, DType dtype) =>
            (start, destination) => Sampling.NormalRange(dtype, EffectiveSeed, Mean, Stddev, start, destination);

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype) => Sampling.Normal(shape, dtype, EffectiveSeed, Mean, Stddev);
    }
}
