
namespace Initializers.Torch
{
    /// <summary>PyTorch's <c>torch.nn.init.kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')</c>:
    /// N(0, std²), untruncated, with std = gain/sqrt(fan), gain = calculate_gain(nonlinearity, a) and fan = fan_in or fan_out by PyTorch's rule
    /// (fan_in = size(1)·receptive, fan_out = size(0)·receptive). The defaults give gain sqrt(2 / (1 + 0²)) = sqrt(2).
    /// Rank 2 and up (a shape with a zero dimension is an empty tensor); floating dtypes. Values come from this
    /// library's Philox streams, not PyTorch's generator.</summary>
    [KerasInitializer(
        "PyTorch kaiming_normal_: N(0, (gain/sqrt(fan))²), untruncated.",
        "N(0, (gain / sqrt(fan))²)",
        DTypeSet.Floating,
        Aliases = new[] { "kaiming_normal_", "kaiming_normal" })]
    public sealed class TorchKaimingNormal : TorchKaiming
    {
        /// <summary>Kaiming (He) normal with PyTorch's fans and gain.</summary>
        /// <param name="a">The negative slope of the rectifier used after this layer, a finite number (default 0); only
        /// leaky_relu reads it.</param>
        /// <param name="mode">fan_in (default; preserves the variance of the forward pass) or fan_out (the backward
        /// pass), any case; anything else is refused with PyTorch's "Mode {mode} not supported".</param>
        /// <param name="nonlinearity">The nonlinearity after this layer (default leaky_relu), a name of
        /// <see cref="TorchInit.CalculateGain"/>: linear, conv1d…conv_transpose3d, sigmoid, tanh, relu, leaky_relu, selu.</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="Family.RandomInitializer.EffectiveSeed"/>.</param>
        public TorchKaimingNormal(
            [ConfigKey("Negative slope of the rectifier (leaky_relu only).")] double a = 0.0,
            [ConfigKey("fan_in or fan_out.")] string mode = "fan_in",
            [ConfigKey("Nonlinearity name for calculate_gain.")] string nonlinearity = "leaky_relu",
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(a, mode, nonlinearity, seed)
        {
        }

        /// <inheritdoc/>
        public override string ClassName => "TorchKaimingNormal";

        internal override TorchDraw DrawForStd(double std)
        {
            return TorchDraw.Normal(0, std);
        }
    }
}
