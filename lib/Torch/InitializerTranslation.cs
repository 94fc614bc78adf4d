namespace Initializers.Torch
{
    /// <summary>One initializer translated into the other framework: the original, its counterpart, how closely they
    /// match, and the difference in words and numbers.</summary>
    public sealed class InitializerTranslation
    {
        /// <summary>A translation.</summary>
        /// <param name="source">The initializer translated.</param>
        /// <param name="target">Its counterpart in the other framework.</param>
        /// <param name="match">How closely they match.</param>
        /// <param name="difference">What differs, in words and numbers; empty for an exact match.</param>
        public InitializerTranslation(Initializer source, Initializer target, TranslationMatch match, string difference)
        {
            Source = source;
            Target = target;
            Match = match;
            Difference = difference;
        }

        /// <summary>The initializer translated.</summary>
        public Initializer Source { get; }

        /// <summary>Its counterpart in the other framework.</summary>
        public Initializer Target { get; }

        /// <summary>Exact, EquivalentInDistribution or Nearest.</summary>
        public TranslationMatch Match { get; }

        /// <summary>What differs, in words and numbers; empty for an exact match.</summary>
        public string Difference { get; }
    }
}
