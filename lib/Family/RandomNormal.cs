namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.RandomNormal(mean=0.0, stddev=0.05, seed=None)</c>: untruncated normal.
    /// Floating dtypes only.</summary>
    public sealed class RandomNormal : MeanStddevInitializer
    {
        public RandomNormal(double mean = 0.0, double stddev = 0.05, long? seed = null)
            : base(mean, stddev, seed)
        {
        }

        public override string ClassName => "RandomNormal";

        protected override Tensor Generate(int[] shape, DType dtype) => Sampling.Normal(shape, dtype, EffectiveSeed, Mean, Stddev);
    }
}
