namespace Initializers.Models
{
    /// <summary>How much a <see cref="ModelFinding"/> matters.</summary>
    public enum FindingSeverity
    {
        /// <summary>The model cannot load or cannot initialize as written (a CI gate fails on it).</summary>
        Error,
        /// <summary>The model loads, but its initial weights are not what it seems to say, or not reproducible.</summary>
        Warning,
        /// <summary>Something worth knowing that the check did not look into (a custom class, a Lambda layer, a dtype policy).</summary>
        Information,
    }
}
