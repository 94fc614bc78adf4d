using System;
using System.Collections.Generic;
using System.Globalization;

namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.RandomUniform(minval=-0.05, maxval=0.05, seed=None)</c>: uniform on
    /// [minval, maxval). Floating dtypes, and integer dtypes as in TF (whole-number bounds, minval &lt; maxval).</summary>
    [KerasInitializer(
        "Uniform on [minval, maxval); integer dtypes take whole-number bounds.",
        "U(minval, maxval)",
        DTypeSet.FloatingOrInteger,
        Aliases = new[] { "uniform", "random_uniform_initializer" })]
    public sealed class RandomUniform : RandomInitializer
    {
        /// <summary>An initializer that draws each element independently and uniformly from [minval, maxval).</summary>
        /// <param name="minval">Lower bound, inclusive, a finite number (default -0.05).</param>
        /// <param name="maxval">Upper bound, exclusive, a finite number greater than <paramref name="minval"/>
        /// (default 0.05); equal or reversed bounds are refused. For integer dtypes both bounds must be whole numbers.</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
        public RandomUniform(
            [ConfigKey("Lower bound (inclusive).")] double minval = -0.05,
            [ConfigKey("Upper bound (exclusive).")] double maxval = 0.05,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(seed)
        {
            Minval = Finite(minval, "minval");
            Maxval = Finite(maxval, "maxval");
            if (Minval >= Maxval)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"RandomUniform needs minval < maxval; got minval={Format(Minval)}, maxval={Format(Maxval)}.",
                    maxval).AtKey("maxval");
            }
        }

        /// <inheritdoc/>
        public override string ClassName => "RandomUniform";

        /// <summary>The inclusive lower bound of the values (the config's <c>minval</c>).</summary>
        public double Minval { get; }

        /// <summary>The exclusive upper bound of the values (the config's <c>maxval</c>).</summary>
        public double Maxval { get; }

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("minval", Minval);
            yield return Arg("maxval", Maxval);
            yield return Arg("seed", Seed);
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype) => CheckDType(dtype);

        internal override void CheckElements(long[] shape, DType dtype) => CheckDType(dtype);

        internal override TensorElements.RangeFiller CreateFiller(long[] shape, DType dtype)
        {
            if (dtype.IsFloating())
            {
                return (start, destination) => Sampling.UniformRange(dtype, EffectiveSeed, Minval, Maxval, start, destination);
            }

            var (low, high) = IntegerBounds(dtype);
            return (start, destination) => Sampling.UniformIntegerRange(dtype, EffectiveSeed, low, high, start, destination);
        }

        private void CheckDType(DType dtype)
        {
            if (dtype.IsFloating())
            {
                return;
            }

            if (!dtype.IsInteger())
            {
                throw new InitializerException(
                    "UnsupportedDType",
                    ErrorKind.InvalidArgument,
                    $"Expected float or integer dtype, got {dtype.Name()}.",
                    dtype.Name());
            }

            IntegerBounds(dtype);
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype)
        {
            if (dtype.IsFloating())
            {
                return Sampling.Uniform(shape, dtype, EffectiveSeed, Minval, Maxval);
            }

            var (low, high) = IntegerBounds(dtype);
            return Sampling.UniformInteger(shape, dtype, EffectiveSeed, low, high);
        }

        private (long Low, long High) IntegerBounds(DType dtype)
        {
            if (Math.Floor(Minval) != Minval || Math.Floor(Maxval) != Maxval || Minval >= Maxval)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"RandomUniform with integer dtype {dtype.Name()} needs whole-number bounds with minval < maxval; " +
                    $"got minval={Format(Minval)}, maxval={Format(Maxval)}.",
                    dtype.Name());
            }

            var (lowest, highest) = Sampling.IntegerRange(dtype);
            if (Minval < lowest || Maxval - 1 > highest)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"RandomUniform bounds minval={Format(Minval)}, maxval={Format(Maxval)} do not fit dtype {dtype.Name()} " +
                    $"(values from {lowest.ToString(CultureInfo.InvariantCulture)} to {highest.ToString(CultureInfo.InvariantCulture)}).",
                    dtype.Name());
            }

            return ((long)Minval, (long)Maxval);
        }

        private static string Format(double v) => Config.ConfigValues.Format(v);

        private static double Finite(double value, string key) => Config.ConfigArgs.CheckedNumber("RandomUniform", key, value);
    }
}
