using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>Glorot (Xavier) normal: truncated normal with std sqrt(2 / (fan_in + fan_out)). <c>VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal")</c>; its config is the seed only.</summary>
    public sealed class GlorotNormal : VarianceScaling
    {
        public GlorotNormal(long? seed = null, IReadOnlyList<int>? inputAxes = null, IReadOnlyList<int>? outputAxes = null)
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
