using System.Collections.Generic;
using Initializers.Config;

namespace Initializers.Family
{
    /// <summary>What RandomNormal and TruncatedNormal share: <c>(mean=0.0, stddev=0.05, seed=None)</c>, floating dtypes.</summary>
    public abstract class MeanStddevInitializer : RandomInitializer
    {
        protected MeanStddevInitializer(double mean, double stddev, long? seed)
            : base(seed)
        {
            Mean = ConfigArgs.CheckedNumber(ClassName, "mean", mean);
            Stddev = ConfigArgs.CheckedNumber(ClassName, "stddev", stddev);
            if (Stddev < 0)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"{ClassName} argument 'stddev' must be >= 0; got {ConfigValues.Format(Stddev)}.",
                    stddev).AtKey("stddev");
            }
        }

        public double Mean { get; }

        public double Stddev { get; }

        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("mean", Mean);
            yield return Arg("stddev", Stddev);
            yield return Arg("seed", Seed);
        }

        protected override void CheckCall(int[] shape, DType dtype) => RequireFloating(dtype);
    }
}
