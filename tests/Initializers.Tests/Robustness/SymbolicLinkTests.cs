using System;
using System.IO;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.Robustness
{
    /// <summary>Issue 15: output never lands elsewhere than the path says: a symbolic link is written (through, to
    /// its target) only with overwriteReadOnly (-Force).</summary>
    public sealed class SymbolicLinkTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-link-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [SkippableFact]
        public void ALinkIsRefusedWithoutForceAndWrittenThroughWithIt()
        {
            Skip.If(OperatingSystem.IsWindows(), "Creating symbolic links needs a privilege on Windows.");
            var target = Path.Combine(dir, "target.json");
            File.WriteAllText(target, "old");
            var link = Path.Combine(dir, "link.json");
            File.CreateSymbolicLink(link, target);

            var ex = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(link, "new"));
            Assert.Equal("PathIsSymbolicLink", ex.ErrorId);
#if !LIB_NETSTANDARD
            Assert.Contains(target, ex.Message);
#endif
            Assert.Equal("old", File.ReadAllText(target));
            Assert.Equal(2, Directory.GetFiles(dir).Length);

            AtomicFile.WriteAllText(link, "new", overwriteReadOnly: true);
            Assert.Equal("new", File.ReadAllText(link));
#if LIB_NETSTANDARD
            // The netstandard2.0 build cannot resolve links: it replaces the link with the file.
            Assert.Equal("old", File.ReadAllText(target));
#else
            Assert.Equal("new", File.ReadAllText(target));
            Assert.Equal(target, new FileInfo(link).LinkTarget);
#endif
            Assert.Equal(2, Directory.GetFiles(dir).Length);
        }
    }
}
