using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>He (Kaiming) uniform: U(±sqrt(6 / fan_in)). <c>VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform")</c>; its config is the seed only.</summary>
    [KerasInitializer("He (Kaiming) uniform.", "U(±sqrt(6 / fan_in))", DTypeSet.Floating)]
    public sealed class HeUniform : VarianceScaling
    {
        public HeUniform(
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_in (with output_axes).")] IReadOnlyList<int>? inputAxes = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_out (with input_axes).")] IReadOnlyList<int>? outputAxes = null)
            : base(2.0, "fan_in", "uniform", seed, inputAxes, outputAxes)
        {
        }

        public override string ClassName => "HeUniform";

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
