using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05, seed=None)</c>: normal values more than
    /// two stddev from the mean are re-drawn. No variance correction: the sample std is about 0.88·stddev.</summary>
    public sealed class TruncatedNormal : RandomInitializer
    {
        public TruncatedNormal(double mean = 0.0, double stddev = 0.05, long? seed = null)
            : base(seed)
        {
            Mean = Config.ConfigArgs.CheckedNumber(ClassName, "mean", mean);
            Stddev = Config.ConfigArgs.CheckedNumber(ClassName, "stddev", stddev);
        }

        public override string ClassName => "TruncatedNormal";

        public double Mean { get; }

        public double Stddev { get; }

        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("mean", Mean);
            yield return Arg("stddev", Stddev);
            yield return Arg("seed", Seed);
        }

        protected override void CheckCall(int[] shape, DType dtype) => RequireFloating(dtype);

        protected override Tensor Generate(int[] shape, DType dtype) => Sampling.TruncatedNormal(shape, dtype, EffectiveSeed, Mean, Stddev);
    }
}
