using System.Runtime.CompilerServices;

namespace Initializers
{
    /// <summary>
    /// MethodImplOptions.AggressiveOptimization (512; the name is missing from netstandard2.0). A fill or a
    /// factorization is often called only a few times per process, so tiered compilation would run its long loop in tier-0 or
    /// on-stack-replacement code, measured at about half speed; this flag compiles the loop fully optimized at once.
    /// </summary>
    internal static class Hot
    {
        public const MethodImplOptions Loop = (MethodImplOptions)512;
    }
}
