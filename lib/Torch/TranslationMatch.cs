namespace Initializers.Torch
{
    /// <summary>How closely a translated initializer matches the original.</summary>
    public enum TranslationMatch
    {
        /// <summary>The same distribution with the same parameters, computed by the same formula on each side.</summary>
        Exact,

        /// <summary>The same distribution, sampled by another method (for example rejection against inverse CDF for a
        /// truncated normal, or an orthogonal matrix flattened another way, which is Haar-distributed either way).</summary>
        EquivalentInDistribution,

        /// <summary>The closest the other framework offers; <see cref="InitializerTranslation.Difference"/> says how it differs.</summary>
        Nearest,
    }
}
