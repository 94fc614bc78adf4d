using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>LeCun normal: truncated normal with std sqrt(1 / fan_in). <c>VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")</c>; its config is the seed only.</summary>
    [KerasInitializer("LeCun truncated normal.", "truncated normal, std sqrt(1 / fan_in) after truncation", DTypeSet.Floating, Aliases = new[] { "LeCunNormal" })]
    public sealed class LecunNormal : VarianceScaling
    {
        public LecunNormal(
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_in (with output_axes).")] IReadOnlyList<int>? inputAxes = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_out (with input_axes).")] IReadOnlyList<int>? outputAxes = null)
            : base(1.0, "fan_in", "truncated_normal", seed, inputAxes, outputAxes)
        {
        }

        public override string ClassName => "LecunNormal";

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
