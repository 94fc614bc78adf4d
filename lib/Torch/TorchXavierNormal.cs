namespace Initializers.Torch
{
    /// <summary>PyTorch's <c>torch.nn.init.xavier_normal_(tensor, gain=1.0)</c>: N(0, std²), untruncated, with
    /// std = gain·sqrt(2 / (fan_in + fan_out)), PyTorch's fans. Rank 2 and up; floating dtypes. Values come from this
    /// library's Philox streams, not PyTorch's generator.</summary>
    [KerasInitializer(
        "PyTorch xavier_normal_: N(0, std²) untruncated, std = gain·sqrt(2 / (fan_in + fan_out)).",
        "N(0, (gain·sqrt(2 / (fan_in + fan_out)))²)",
        DTypeSet.Floating,
        Aliases = new[] { "xavier_normal_", "xavier_normal" })]
    public sealed class TorchXavierNormal : TorchXavier
    {
        /// <summary>Xavier (Glorot) normal with PyTorch's fans and a gain, untruncated.</summary>
        /// <param name="gain">The scaling factor, a finite number &gt;= 0 (default 1.0); a negative gain is refused, as PyTorch refuses it.</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="Family.RandomInitializer.EffectiveSeed"/>.</param>
        public TorchXavierNormal(
            [ConfigKey("Scaling factor.")] double gain = 1.0,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(gain, seed)
        {
        }

        /// <inheritdoc/>
        public override string ClassName => "TorchXavierNormal";

        internal override TorchDraw DrawFor(long[] shape) => TorchDraw.Normal(0, StdFor(shape));
    }
}
