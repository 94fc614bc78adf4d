using System.Collections.Generic;
using Initializers.Config;

namespace Initializers.Family
{
    /// <summary>What RandomNormal and TruncatedNormal share: <c>(mean=0.0, stddev=0.05, seed=None)</c>, floating dtypes.</summary>
    public abstract class MeanStddevInitializer : RandomInitializer
    {
        /// <summary>Checks and stores the parameters of a normal distribution.</summary>
        /// <param name="mean">Mean of the normal distribution, a finite number (default 0.0).</param>
        /// <param name="stddev">Standard deviation, a finite number &gt;= 0 (default 0.05; 0 gives
        /// <paramref name="mean"/> everywhere); negatives, NaN and infinities are refused.</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
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

        /// <summary>The mean of the normal distribution the values come from (the config's <c>mean</c>).</summary>
        public double Mean { get; }

        /// <summary>The standard deviation of the normal distribution (the config's <c>stddev</c>); for
        /// TruncatedNormal, before truncation.</summary>
        public double Stddev { get; }

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("mean", Mean);
            yield return Arg("stddev", Stddev);
            yield return Arg("seed", Seed);
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype) => RequireFloating(dtype);

        internal override void CheckElements(long[] shape, DType dtype) => RequireFloating(dtype);
    }
}
