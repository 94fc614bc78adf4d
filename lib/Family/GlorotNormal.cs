using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>Glorot (Xavier) normal: truncated normal with std sqrt(2 / (fan_in + fan_out)). <c>VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal")</c>; its config is the seed only.</summary>
    [KerasInitializer("Glorot (Xavier) truncated normal.", "truncated normal, std sqrt(2 / (fan_in + fan_out)) after truncation", DTypeSet.Floating, Aliases = new[] { "glorot_normal_initializer" })]
    public sealed class GlorotNormal : VarianceScaling
    {
        public GlorotNormal(
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_in (with output_axes).")] IReadOnlyList<int>? inputAxes = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_out (with input_axes).")] IReadOnlyList<int>? outputAxes = null)
            : base(1.0, "fan_avg", "truncated_normal", seed, inputAxes, outputAxes)
        {
        }

        public override string ClassName => "GlorotNormal";

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
