using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>Glorot (Xavier) normal: truncated normal with std sqrt(2 / (fan_in + fan_out)). <c>VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal")</c>; its config is the seed only.</summary>
    [KerasInitializer("Glorot (Xavier) truncated normal.", "truncated normal, std sqrt(2 / (fan_in + fan_out)) after truncation", DTypeSet.Floating, Aliases = new[] { "glorot_normal_initializer" })]
    public sealed class GlorotNormal : VarianceScaling
    {
        /// <summary>Glorot (Xavier) normal initializer: a truncated normal centred on 0 whose standard deviation after truncation is sqrt(2 / (fan_in + fan_out)). Same as <c>VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal")</c>. Floating dtypes only.</summary>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
        /// <param name="inputAxes">Keras 3.15: the axes whose sizes multiply to fan_in, instead of the layout rule;
        /// give it with <paramref name="outputAxes"/> or not at all. Null (the default) uses Keras's rule (last axis
        /// is fan_out and the one before it fan_in, each times the product of the other axes; a vector's fans are its
        /// length).</param>
        /// <param name="outputAxes">Keras 3.15: the axes whose sizes multiply to fan_out; goes with
        /// <paramref name="inputAxes"/>.</param>
        public GlorotNormal(
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_in (with output_axes).")] IReadOnlyList<int>? inputAxes = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_out (with input_axes).")] IReadOnlyList<int>? outputAxes = null)
            : base(1.0, "fan_avg", "truncated_normal", seed, inputAxes, outputAxes)
        {
        }

        /// <inheritdoc/>
        public override string ClassName => "GlorotNormal";

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("seed", Seed);
            foreach (var axes in AxesEntries())
            {
                yield return axes;
            }
        }
    }
}
