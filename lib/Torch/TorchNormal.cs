using System.Collections.Generic;
using Initializers.Config;

namespace Initializers.Torch
{
    /// <summary>PyTorch's <c>torch.nn.init.normal_(tensor, mean=0.0, std=1.0)</c>: N(mean, std²). Floating dtypes. Values
    /// come from this library's Philox streams, not PyTorch's generator.</summary>
    [KerasInitializer("PyTorch normal_: N(mean, std²), default N(0, 1).", "N(mean, std²)", DTypeSet.Floating, Aliases = new[] { "normal_" })]
    public sealed class TorchNormal : TorchRandomInitializer
    {
        /// <summary>An initializer that draws each element from N(mean, std²).</summary>
        /// <param name="mean">Mean, a finite number (default 0.0).</param>
        /// <param name="std">Standard deviation, a finite number &gt;= 0 (default 1.0; 0 gives <paramref name="mean"/>
        /// everywhere); negatives are refused as PyTorch refuses them ("normal expects std &gt;= 0.0").</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="Family.RandomInitializer.EffectiveSeed"/>.</param>
        public TorchNormal(
            [ConfigKey("Mean.")] double mean = 0.0,
            [ConfigKey("Standard deviation (>= 0).")] double std = 1.0,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(seed)
        {
            Mean = ConfigArgs.CheckedNumber(ClassName, "mean", mean);
            Std = ConfigArgs.CheckedNumber(ClassName, "std", std);
            if (Std < 0)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"normal expects std >= 0.0, but found std {ConfigValues.Format(Std)} ({ClassName}).",
                    std).AtKey("std");
            }
        }

        /// <inheritdoc/>
        public override string ClassName => "TorchNormal";

        /// <summary>The mean (the config's <c>mean</c>).</summary>
        public double Mean { get; }

        /// <summary>The standard deviation (the config's <c>std</c>).</summary>
        public double Std { get; }

        internal override TorchDraw DrawFor(long[] shape) => TorchDraw.Normal(Mean, Std);

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("mean", Mean);
            yield return Arg("std", Std);
            yield return Arg("seed", Seed);
        }
    }
}
