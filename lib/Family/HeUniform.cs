using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>He (Kaiming) uniform: U(±sqrt(6 / fan_in)). <c>VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform")</c>; its config is the seed only.</summary>
    public sealed class HeUniform : VarianceScaling
    {
        public HeUniform(long? seed = null, IReadOnlyList<int>? inputAxes = null, IReadOnlyList<int>? outputAxes = null)
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
