using System;
using System.IO;
using Initializers.Family;
using Initializers.IO;
using Initializers.Tests.IO;
using Xunit;

namespace Initializers.Tests.Streaming
{
    /// <summary>Join-TensorShard's reads that the operating system refuses: a folder that cannot be listed and a part
    /// description that cannot be read are the library's own errors naming the folder or the file, and nothing is
    /// written. Both used to escape as raw .NET exceptions (UnauthorizedAccessException).</summary>
    public sealed class ShardFolderTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-shardfolder-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [SkippableFact]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public void AFolderThatCannotBeListedIsFolderReadFailedNamingItAndNothingIsWritten()
        {
            // The folder keeps search permission only: its files can be opened by name, but opendir(2) fails, on a thread
            // without the capabilities that let root ignore that.
            Skip.If(WithoutFilePermissionOverride.Unavailable is not null, WithoutFilePermissionOverride.Unavailable);
            var folder = WriteParts();
            File.SetUnixFileMode(folder, UnixFileMode.UserExecute);
            InitializerException? error = null;
            try
            {
                WithoutFilePermissionOverride.Run(() => error = Assert.Throws<InitializerException>(() => TensorShards.Join(Path.Combine(folder, "w.npy"))));
            }
            finally
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Assert.Equal("FolderReadFailed", error!.ErrorId);
            Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
            Assert.Equal(folder, error.Target);
            Assert.Equal(folder, error.SourceName);
            Assert.StartsWith($"Cannot join '{Path.Combine(folder, "w.npy")}': its folder '{folder}' cannot be listed to find the parts: ", error.Message, StringComparison.Ordinal);
            Assert.IsType<UnauthorizedAccessException>(error.InnerException);
            Assert.False(File.Exists(Path.Combine(folder, "w.npy")));
            Assert.Equal(4, Directory.GetFiles(folder).Length); // both parts and their descriptions are left as they were
        }

        [SkippableFact]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public void APartDescriptionThatCannotBeReadIsFileOpenFailedNamingItAndNothingIsWritten()
        {
            Skip.If(WithoutFilePermissionOverride.Unavailable is not null, WithoutFilePermissionOverride.Unavailable);
            var folder = WriteParts();
            var description = TensorShards.PartPath(Path.Combine(folder, "w.npy"), 1, 2) + ".json";
            File.SetUnixFileMode(description, UnixFileMode.None);
            InitializerException? error = null;
            WithoutFilePermissionOverride.Run(() => error = Assert.Throws<InitializerException>(() => TensorShards.Join(Path.Combine(folder, "w.npy"))));

            Assert.Equal("FileOpenFailed", error!.ErrorId);
            Assert.Equal(ErrorKind.ReadError, error.Kind);
            Assert.Equal(description, error.Target);
            Assert.StartsWith($"Cannot read the part description '{description}': ", error.Message, StringComparison.Ordinal);
            Assert.IsType<UnauthorizedAccessException>(error.InnerException);
            Assert.False(File.Exists(Path.Combine(folder, "w.npy")));
        }

        /// <summary>Both parts of a two-part .npy, with their descriptions, in a folder of their own.</summary>
        private string WriteParts()
        {
            var folder = Directory.CreateDirectory(Path.Combine(dir, "parts")).FullName;
            var elements = new RandomNormal(seed: 6).Elements(new long[] { 4, 5 });
            TensorShards.WritePart(Path.Combine(folder, "w.npy"), elements, 0, 2);
            TensorShards.WritePart(Path.Combine(folder, "w.npy"), elements, 1, 2);
            return folder;
        }
    }
}
