using Initializers.Serialization;
using Xunit;
using static Initializers.Tests.Serialization.Trees;

namespace Initializers.Tests.Serialization
{
    /// <summary>RFC 6901 pointers into a parsed tree.</summary>
    public sealed class JsonPointerTests
    {
        private static readonly object Tree = Map("a", Seq(10, 20), "s", "text", "m/n", Map("~", 1));

        [Theory]
        [InlineData("/a/1", true, 20)]
        [InlineData("/a/0", true, 10)]
        [InlineData("/m~1n/~0", true, 1)]
        [InlineData("/a/2", false, null)] // one past the end
        [InlineData("/a/01", false, null)] // a leading zero
        [InlineData("/a/x", false, null)]
        [InlineData("/missing", false, null)]
        [InlineData("/s/0", false, null)] // a scalar has no children
        public void TryResolveFindsWhatThePointerNamesOrNothing(string pointer, bool found, int? expected)
        {
            Assert.Equal(found, JsonPointer.TryResolve(Tree, pointer, out var value));
            Assert.Equal(expected, (int?)value);
        }

        [Fact]
        public void AppendEscapesTheToken()
        {
            Assert.Equal("/a/3", JsonPointer.Append("/a", 3));
            Assert.Equal("/a/b~1c~0d", JsonPointer.Append("/a", "b/c~d"));
        }
    }
}
