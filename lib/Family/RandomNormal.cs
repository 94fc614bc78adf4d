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
        public RandomNormal(
            [ConfigKey("Mean.")] double mean = 0.0,
            [ConfigKey("Standard deviation.")] double stddev = 0.05,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(mean, stddev, seed)
        {
        }

        public override string ClassName => "RandomNormal";

        protected override Tensor Generate(int[] shape, DType dtype) => Sampling.Normal(shape, dtype, EffectiveSeed, Mean, Stddev);
    }
}
