using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary>The test classes that set the static <see cref="Initializers.IO.AtomicFile.BeforeCommit"/> hook run one
    /// at a time: with two classes in parallel, one could replace or clear the other's hook, and the write that test
    /// expected to fail would succeed.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class AtomicFileHook
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "AtomicFile hook";
    }
}
