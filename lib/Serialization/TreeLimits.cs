namespace Initializers.Serialization
{
    /// <summary>Size limits that keep hostile documents from exhausting the stack or memory.</summary>
    internal static class TreeLimits
    {
        /// <summary>Deepest nesting of mappings and sequences that the readers and writers accept.</summary>
        public const int MaxDepth = 1000;

        /// <summary>Most nodes one YAML stream may produce, counting every copy an alias makes.
        /// This is what stops a "billion laughs" document.</summary>
        public const int MaxNodes = 1_000_000;
    }
}
