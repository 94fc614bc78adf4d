using System.Collections.Generic;
using Initializers.Config;

namespace Initializers.Torch
{
    /// <summary>PyTorch's <c>torch.nn.init.trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0)</c>: N(mean, std²)
    /// restricted to the absolute bounds [a, b] (not ±2σ as Keras's TruncatedNormal), with no variance correction.
    /// Sampled by PyTorch's method: uniform in CDF space, the inverse normal CDF (erfinv), clamped to [a, b]; computed
    /// in float64 and rounded to the dtype. Floating dtypes. Values come from this library's Philox streams, not
    /// PyTorch's generator.</summary>
    [KerasInitializer(
        "PyTorch trunc_normal_: N(mean, std²) restricted to the absolute bounds [a, b].",
        "N(mean, std²) on [a, b] (inverse CDF), default a=-2, b=2",
        DTypeSet.Floating,
        Aliases = new[] { "trunc_normal_" })]
    public sealed class TorchTruncNormal : TorchRandomInitializer
    {
        /// <summary>An initializer that draws from N(mean, std²) conditioned on [a, b].</summary>
        /// <param name="mean">Mean of the normal before truncation, a finite number (default 0.0).</param>
        /// <param name="std">Standard deviation before truncation, a finite number &gt; 0 (default 1.0); 0 and negatives
        /// are refused (PyTorch divides by it).</param>
        /// <param name="a">Lower bound, an absolute value (default -2.0).</param>
        /// <param name="b">Upper bound, an absolute value not below <paramref name="a"/> (default 2.0).</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="Family.RandomInitializer.EffectiveSeed"/>.</param>
        public TorchTruncNormal(
            [ConfigKey("Mean before truncation.")] double mean = 0.0,
            [ConfigKey("Standard deviation before truncation (> 0).")] double std = 1.0,
            [ConfigKey("Lower bound (absolute).")] double a = -2.0,
            [ConfigKey("Upper bound (absolute).")] double b = 2.0,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(seed)
        {
            Mean = ConfigArgs.CheckedNumber(ClassName, "mean", mean);
            Std = ConfigArgs.CheckedNumber(ClassName, "std", std);
            A = ConfigArgs.CheckedNumber(ClassName, "a", a);
            B = ConfigArgs.CheckedNumber(ClassName, "b", b);
            if (Std <= 0)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"trunc_normal_ needs std > 0 (it divides by std); got std={ConfigValues.Format(Std)} ({ClassName}).",
                    std).AtKey("std");
            }

            if (A > B)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"trunc_normal_ needs a <= b; got a={ConfigValues.Format(A)}, b={ConfigValues.Format(B)} ({ClassName}).",
                    b).AtKey("b");
            }
        }

        /// <inheritdoc/>
        public override string ClassName => "TorchTruncNormal";

        /// <summary>The mean before truncation (the config's <c>mean</c>).</summary>
        public double Mean { get; }

        /// <summary>The standard deviation before truncation (the config's <c>std</c>).</summary>
        public double Std { get; }

        /// <summary>The lower bound, an absolute value (the config's <c>a</c>).</summary>
        public double A { get; }

        /// <summary>The upper bound, an absolute value (the config's <c>b</c>).</summary>
        public double B { get; }

        /// <summary>PyTorch's warning condition: the mean lies more than 2·std outside [a, b] ("mean is more than 2 std
        /// from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.").</summary>
        public bool MeanFarFromBounds => Mean < A - (2 * Std) || Mean > B + (2 * Std);

        internal override TorchDraw DrawFor(long[] shape) => TorchDraw.Between(Mean, Std, A, B);

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("mean", Mean);
            yield return Arg("std", Std);
            yield return Arg("a", A);
            yield return Arg("b", B);
            yield return Arg("seed", Seed);
        }
    }
}
