using System;
using System.Collections.Generic;

namespace Initializers.Torch
{
    /// <summary>PyTorch's <c>torch.nn.init.xavier_uniform_(tensor, gain=1.0)</c>: U(−bound, bound) with
    /// bound = gain·sqrt(6 / (fan_in + fan_out)), PyTorch's fans (fan_in = size(1)·receptive, fan_out = size(0)·receptive).
    /// Rank 2 and up; floating dtypes. Values come from this library's Philox streams, not PyTorch's generator.</summary>
    [KerasInitializer(
        "PyTorch xavier_uniform_: U(±gain·sqrt(6 / (fan_in + fan_out))), PyTorch's fans.",
        "U(±gain·sqrt(6 / (fan_in + fan_out)))",
        DTypeSet.Floating,
        Aliases = new[] { "xavier_uniform_", "xavier_uniform" })]
    public sealed class TorchXavierUniform : TorchXavier
    {
        /// <summary>Xavier (Glorot) uniform with PyTorch's fans and a gain.</summary>
        /// <param name="gain">The scaling factor, a finite number &gt;= 0 (default 1.0); a negative gain is refused, as PyTorch refuses it.</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="Family.RandomInitializer.EffectiveSeed"/>.</param>
        public TorchXavierUniform(
            [ConfigKey("Scaling factor.")] double gain = 1.0,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(gain, seed)
        {
        }

        /// <inheritdoc/>
        public override string ClassName => "TorchXavierUniform";

        /// <summary>bound = sqrt(3)·std = gain·sqrt(6 / (fan_in + fan_out)).</summary>
        /// <param name="shape">The weight shape in PyTorch's layout; rank 2 or more.</param>
        public double BoundFor(IReadOnlyList<int> shape) => Math.Sqrt(3.0) * StdFor(shape);

        internal override TorchDraw DrawFor(long[] shape)
        {
            var bound = Math.Sqrt(3.0) * StdFor(shape);
            return TorchDraw.Uniform(-bound, bound);
        }
    }
}
