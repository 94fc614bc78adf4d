using System.Collections.Generic;
using Initializers.Config;

namespace Initializers.Torch
{
    /// <summary>PyTorch's <c>torch.nn.init.uniform_(tensor, a=0.0, b=1.0)</c>: U[a, b). Floating dtypes. Values come from
    /// this library's Philox streams, not PyTorch's generator.</summary>
    [KerasInitializer("PyTorch uniform_: U[a, b), default U[0, 1).", "U(a, b)", DTypeSet.Floating, Aliases = new[] { "uniform_" })]
    public sealed class TorchUniform : TorchRandomInitializer
    {
        /// <summary>An initializer that draws each element uniformly from [a, b).</summary>
        /// <param name="a">Lower bound, a finite number (default 0.0).</param>
        /// <param name="b">Upper bound, a finite number not below <paramref name="a"/> (default 1.0); b &lt; a is refused
        /// as PyTorch refuses it ("uniform_ expects to return a [from, to) range").</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="Family.RandomInitializer.EffectiveSeed"/>.</param>
        public TorchUniform(
            [ConfigKey("Lower bound (inclusive).")] double a = 0.0,
            [ConfigKey("Upper bound (exclusive).")] double b = 1.0,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(seed)
        {
            A = ConfigArgs.CheckedNumber(ClassName, "a", a);
            B = ConfigArgs.CheckedNumber(ClassName, "b", b);
            if (A > B)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"uniform_ expects to return a [from, to) range, but found from={ConfigValues.Format(A)} > to={ConfigValues.Format(B)} ({ClassName}).",
                    b).AtKey("b");
            }
        }

        /// <inheritdoc/>
        public override string ClassName => "TorchUniform";

        /// <summary>The inclusive lower bound (the config's <c>a</c>).</summary>
        public double A { get; }

        /// <summary>The exclusive upper bound (the config's <c>b</c>).</summary>
        public double B { get; }

        internal override TorchDraw DrawFor(long[] shape) => TorchDraw.Uniform(A, B);

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("a", A);
            yield return Arg("b", B);
            yield return Arg("seed", Seed);
        }
    }
}
