using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Config;

namespace Initializers.Torch
{
    /// <summary>What PyTorch's <c>kaiming_uniform_</c> and <c>kaiming_normal_</c> share: a, mode, nonlinearity, and
    /// std = calculate_gain(nonlinearity, a) / sqrt(fan) with PyTorch's fans. A shape with a zero dimension gives an
    /// empty tensor without any check, as PyTorch's "Initializing zero-element tensors is a no-op".</summary>
    public abstract class TorchKaiming : TorchRandomInitializer
    {
        /// <summary>Checks and stores the arguments.</summary>
        /// <param name="a">The negative slope of the rectifier after this layer (used only with leaky_relu).</param>
        /// <param name="mode">fan_in or fan_out, any case (stored lower-case).</param>
        /// <param name="nonlinearity">A name <see cref="TorchInit.CalculateGain"/> knows (case-sensitive).</param>
        /// <param name="seed">Integer seed; null draws a fresh seed when the initializer is built.</param>
        protected TorchKaiming(double a, string mode, string nonlinearity, long? seed)
            : base(seed)
        {
            A = ConfigArgs.CheckedNumber(ClassName, "a", a);
            Mode = TorchInit.CheckMode(ClassName, mode);
            Nonlinearity = nonlinearity ?? "leaky_relu";
            try
            {
                Gain = TorchInit.CalculateGain(Nonlinearity, A);
            }
            catch (InitializerException ex)
            {
                throw ex.AtKey("nonlinearity");
            }
        }

        /// <summary>The negative slope (the config's <c>a</c>), read by leaky_relu only.</summary>
        public double A { get; }

        /// <summary>fan_in or fan_out (the config's <c>mode</c>, lower-cased).</summary>
        public string Mode { get; }

        /// <summary>The nonlinearity (the config's <c>nonlinearity</c>).</summary>
        public string Nonlinearity { get; }

        /// <summary>calculate_gain(nonlinearity, a).</summary>
        public double Gain { get; }

        /// <summary>std = gain / sqrt(fan) for a weight in PyTorch's layout (out, in, k…).</summary>
        /// <param name="shape">The weight shape; rank 2 or more, no zero dimension.</param>
        public double StdFor(IReadOnlyList<int> shape) => StdFor(shape.Select(d => (long)d).ToArray());

        internal double StdFor(long[] shape)
        {
            var (fanIn, fanOut) = TorchInit.CalculateFanInAndFanOut(shape);
            return Gain / Math.Sqrt(Mode == "fan_in" ? fanIn : fanOut);
        }

        internal override void CheckShape(long[] shape)
        {
            if (!IsEmpty(shape))
            {
                TorchInit.CalculateFanInAndFanOut(shape);
            }
        }

        /// <summary>The draw for <paramref name="std"/>; only called for shapes with elements.</summary>
        internal abstract TorchDraw DrawForStd(double std);

        internal override TorchDraw DrawFor(long[] shape) => IsEmpty(shape) ? TorchDraw.Normal(0, 0) : DrawForStd(StdFor(shape));

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("a", A);
            yield return Arg("mode", Mode);
            yield return Arg("nonlinearity", Nonlinearity);
            yield return Arg("seed", Seed);
        }
    }
}
