using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>He (Kaiming) normal: truncated normal with std sqrt(2 / fan_in). <c>VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")</c>; its config is the seed only.</summary>
    [KerasInitializer("He (Kaiming) truncated normal.", "truncated normal, std sqrt(2 / fan_in) after truncation", DTypeSet.Floating)]
    public sealed class HeNormal : VarianceScaling
    {
        /// <summary>He normal initializer: a truncated normal centred on 0 whose standard deviation after truncation is sqrt(2 / fan_in). Same as <c>VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")</c>. Floating dtypes only.</summary>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
        /// <param name="inputAxes">Keras 3.15: the axes whose sizes multiply to fan_in, instead of the layout rule;
        /// give it with <paramref name="outputAxes"/> or not at all. Null (the default) uses Keras's rule (last axis
        /// is fan_out and the one before it fan_in, each times the product of the other axes; a vector's fans are its
        /// length).</param>
        /// <param name="outputAxes">Keras 3.15: the axes whose sizes multiply to fan_out; goes with
        /// <paramref name="inputAxes"/>.</param>
        public HeNormal(
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_in (with output_axes).")] IReadOnlyList<int>? inputAxes = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_out (with input_axes).")] IReadOnlyList<int>? outputAxes = null)
            : base(2.0, "fan_in", "truncated_normal", seed, inputAxes, outputAxes)
        {
        }

        /// <inheritdoc/>
        public override string ClassName => "HeNormal";

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
