using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>LeCun uniform: U(±sqrt(3 / fan_in)). <c>VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform")</c>; its config is the seed only.</summary>
    [KerasInitializer("LeCun uniform.", "U(±sqrt(3 / fan_in))", DTypeSet.Floating, Aliases = new[] { "LeCunUniform" })]
    public sealed class LecunUniform : VarianceScaling
    {
        public LecunUniform(
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_in (with output_axes).")] IReadOnlyList<int>? inputAxes = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_out (with input_axes).")] IReadOnlyList<int>? outputAxes = null)
            : base(1.0, "fan_in", "uniform", seed, inputAxes, outputAxes)
        {
        }

        public override string ClassName => "LecunUniform";

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
