using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.RandomNormal(mean=0.0, stddev=0.05, seed=None)</c>: untruncated normal.
    /// Floating dtypes only.</summary>
    public sealed class RandomNormal : RandomInitializer
    {
        public RandomNormal(double mean = 0.0, double stddev = 0.05, long? seed = null)
            : base(seed)
        {
            Mean = Config.ConfigArgs.CheckedNumber(ClassName, "mean", mean);
            Stddev = Config.ConfigArgs.CheckedNumber(ClassName, "stddev", stddev);
        }

        public override string ClassName => "RandomNormal";

        public double Mean { get; }

        public double Stddev { get; }

        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("mean", Mean);
            yield return Arg("stddev", Stddev);
            yield return Arg("seed", Seed);
        }

        protected override void CheckCall(int[] shape, DType dtype) => RequireFloating(dtype);

        protected override Tensor Generate(int[] shape, DType dtype) => Sampling.Normal(shape, dtype, EffectiveSeed, Mean, Stddev);
    }
}
