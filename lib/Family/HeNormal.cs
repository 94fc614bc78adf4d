using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>He (Kaiming) normal: truncated normal with std sqrt(2 / fan_in). <c>VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")</c>; its config is the seed only.</summary>
    public sealed class HeNormal : VarianceScaling
    {
        public HeNormal(long? seed = null, IReadOnlyList<int>? inputAxes = null, IReadOnlyList<int>? outputAxes = null)
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
