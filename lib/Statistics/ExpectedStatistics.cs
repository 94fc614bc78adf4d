namespace Initializers.Statistics
{
    /// <summary>What an initializer's values should look like for one shape and dtype, from the formulas of its
    /// distribution (see <see cref="TensorStatistics.Expected"/>): the mean and population standard deviation of the
    /// distribution (exact values for the deterministic initializers), and the hard bounds no value can cross.</summary>
    public sealed class ExpectedStatistics
    {
        /// <summary>Expected statistics.</summary>
        /// <param name="mean">The mean of the distribution (or of the exact values).</param>
        /// <param name="std">The population standard deviation of the distribution (or of the exact values).</param>
        /// <param name="min">The lowest value possible; null when unbounded.</param>
        /// <param name="max">The highest value possible (or the exclusive upper bound, see
        /// <paramref name="maxExclusive"/>); null when unbounded.</param>
        /// <param name="maxExclusive">True when values stay strictly below <paramref name="max"/> (uniform on
        /// [min, max)); values rounded to a narrower float dtype may still land on it.</param>
        /// <param name="exact">True when the values are fixed (Zeros, Ones, Constant, Identity): the measured
        /// statistics equal these up to the rounding of the sums.</param>
        /// <param name="formula">How the numbers were derived, for a person reading them.</param>
        public ExpectedStatistics(double mean, double std, double? min, double? max, bool maxExclusive, bool exact, string formula)
        {
            Mean = mean;
            Std = std;
            Min = min;
            Max = max;
            MaxExclusive = maxExclusive;
            Exact = exact;
            Formula = formula ?? string.Empty;
        }

        /// <summary>The mean of the distribution (exact for the deterministic initializers).</summary>
        public double Mean { get; }

        /// <summary>The population standard deviation (numpy's <c>std</c> with ddof=0) of the distribution.</summary>
        public double Std { get; }

        /// <summary>The lowest possible value; null when the distribution is unbounded below.</summary>
        public double? Min { get; }

        /// <summary>The highest possible value, or the exclusive upper bound when <see cref="MaxExclusive"/>; null when
        /// unbounded above.</summary>
        public double? Max { get; }

        /// <summary>True when values stay strictly below <see cref="Max"/> (RandomUniform and the uniform
        /// VarianceScaling family).</summary>
        public bool MaxExclusive { get; }

        /// <summary>True when the values are fixed rather than random (Zeros, Ones, Constant, Identity).</summary>
        public bool Exact { get; }

        /// <summary>How the numbers follow from the initializer's parameters, for example
        /// <c>limit = sqrt(3 * 1 / 350); std = limit / sqrt(3)</c>.</summary>
        public string Formula { get; }
    }
}
