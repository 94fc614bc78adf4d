using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Config;

namespace Initializers.Torch
{
    /// <summary>What PyTorch's <c>xavier_uniform_</c> and <c>xavier_normal_</c> share: gain, and
    /// std = gain·sqrt(2 / (fan_in + fan_out)) with PyTorch's fans (<see cref="TorchInit.CalculateFanInAndFanOut(System.Collections.Generic.IReadOnlyList{int})"/>).</summary>
    public abstract class TorchXavier : TorchRandomInitializer
    {
        /// <summary>Checks and stores the gain.</summary>
        /// <param name="gain">The scaling factor, a finite number &gt;= 0 (default 1.0).</param>
        /// <param name="seed">Integer seed; null draws a fresh seed when the initializer is built.</param>
        protected TorchXavier(double gain, long? seed)
            : base(seed)
        {
            Gain = ConfigArgs.CheckedNumber(ClassName, "gain", gain);
            if (Gain < 0)
            {
                // PyTorch refuses it on every shape: uniform_(-bound, bound) with from > to, or normal_ with std < 0.
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"{ClassName} argument 'gain' must be >= 0; got {ConfigValues.Format(Gain)}, which makes the {(this is TorchXavierUniform ? "bound" : "std")} gain·sqrt(…) negative (PyTorch: {(this is TorchXavierUniform ? "uniform_ expects to return a [from, to) range" : "normal expects std >= 0.0")}).",
                    gain).AtKey("gain");
            }
        }

        /// <summary>The scaling factor (the config's <c>gain</c>), for example <see cref="TorchInit.CalculateGain"/>'s.</summary>
        public double Gain { get; }

        /// <summary>std = gain·sqrt(2 / (fan_in + fan_out)) for a weight in PyTorch's layout (out, in, k…).</summary>
        /// <param name="shape">The weight shape; rank 2 or more.</param>
        public double StdFor(IReadOnlyList<int> shape)
        {
            var longShape = shape.Select(d => (long)d).ToArray();
            CheckShape(longShape);
            return StdFor(longShape);
        }

        internal double StdFor(long[] shape)
        {
            var (fanIn, fanOut) = TorchInit.CalculateFanInAndFanOut(shape);
            return Gain * Math.Sqrt(2.0 / (fanIn + fanOut));
        }

        internal override void CheckShape(long[] shape)
        {
            var (fanIn, fanOut) = TorchInit.CalculateFanInAndFanOut(shape);
            if (fanIn + fanOut == 0)
            {
                throw new InitializerException(
                    "InvalidShape",
                    ErrorKind.InvalidArgument,
                    $"{ClassName} divides by fan_in + fan_out, which is 0 for shape {TensorShape.Format(shape)} (PyTorch raises ZeroDivisionError).",
                    shape);
            }
        }

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("gain", Gain);
            yield return Arg("seed", Seed);
        }
    }
}
