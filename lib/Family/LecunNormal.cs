using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>LeCun normal: truncated normal with std sqrt(1 / fan_in). <c>VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")</c>; its config is the seed only.</summary>
    public sealed class LecunNormal : VarianceScaling
    {
        public LecunNormal(long? seed = null, IReadOnlyList<int>? inputAxes = null, IReadOnlyList<int>? outputAxes = null)
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
