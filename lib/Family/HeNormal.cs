using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>He (Kaiming) normal: truncated normal with std sqrt(2 / fan_in). <c>VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")</c>; its config is the seed only.</summary>
    [KerasInitializer("He (Kaiming) truncated normal.", "truncated normal, std sqrt(2 / fan_in) after truncation", DTypeSet.Floating)]
    public sealed class HeNormal : VarianceScaling
    {
        public HeNormal(
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_in (with output_axes).")] IReadOnlyList<int>? inputAxes = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_out (with input_axes).")] IReadOnlyList<int>? outputAxes = null)
            : base(2.0, "fan_in", "truncated_normal", seed, inputAxes, outputAxes)
        {
        }

        public override string ClassName => "HeNormal";

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
