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
        public TruncatedNormal(
            [ConfigKey("Mean.")] double mean = 0.0,
            [ConfigKey("Standard deviation before truncation.")] double stddev = 0.05,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(mean, stddev, seed)
        {
        }

        public override string ClassName => "TruncatedNormal";

        protected override Tensor Generate(int[] shape, DType dtype) => Sampling.TruncatedNormal(shape, dtype, EffectiveSeed, Mean, Stddev);
    }
}
