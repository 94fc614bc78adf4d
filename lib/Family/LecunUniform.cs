using System.Collections.Generic;

namespace Initializers.Family
{
    /// <summary>LeCun uniform: U(±sqrt(3 / fan_in)). <c>VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform")</c>; its config is the seed only.</summary>
    public sealed class LecunUniform : VarianceScaling
    {
        public LecunUniform(long? seed = null, IReadOnlyList<int>? inputAxes = null, IReadOnlyList<int>? outputAxes = null)
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
