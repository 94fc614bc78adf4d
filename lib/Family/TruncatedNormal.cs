namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05, seed=None)</c>: normal values more than
    /// two stddev from the mean are re-drawn. No variance correction: the sample std is about 0.88·stddev.</summary>
    public sealed class TruncatedNormal : MeanStddevInitializer
    {
        public TruncatedNormal(double mean = 0.0, double stddev = 0.05, long? seed = null)
            : base(mean, stddev, seed)
        {
        }

        public override string ClassName => "TruncatedNormal";

        protected override Tensor Generate(int[] shape, DType dtype) => Sampling.TruncatedNormal(shape, dtype, EffectiveSeed, Mean, Stddev);
    }
}
