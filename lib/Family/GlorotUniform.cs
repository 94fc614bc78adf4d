using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>Glorot (Xavier) uniform: U(±sqrt(6 / (fan_in + fan_out))). <c>VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform")</c>; its config is the seed only.</summary>
    public sealed class GlorotUniform : VarianceScaling
    {
        public GlorotUniform(long? seed = null, IReadOnlyList<int>? inputAxes = null, IReadOnlyList<int>? outputAxes = null)
            : base(1.0, "fan_avg", "uniform", seed, inputAxes, outputAxes)
        {
        }

        public override string ClassName => "GlorotUniform";

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
