using System;
using System.IO;
using System.Linq;
using System.Text;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary>The one atomic writer: the old file survives a failure at every step, and no temporary file is left.
    /// In the "AtomicFile hook" collection: <see cref="AtomicFile.BeforeCommit"/> is static, and a class running at the
    /// same time could replace or clear this class's hook.</summary>
    [Collection(AtomicFileHook.Name)]
    public sealed class AtomicFileTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-atomic-").FullName;

        public void Dispose()
        {
            foreach (var f in Directory.EnumerateFiles(dir))
            {
                File.SetAttributes(f, FileAttributes.Normal);
            }

            Directory.Delete(dir, recursive: true);
        }

        private string[] Leftovers(string except) => Directory.GetFiles(dir).Where(f => f != except).ToArray();

        [Fact]
        public void WritesANewFileAndReplacesAnOldOne()
        {
            var path = Path.Combine(dir, "a.json");
            AtomicFile.WriteAllText(path, "one");
            Assert.Equal("one", File.ReadAllText(path));
            AtomicFile.WriteAllText(path, "two\u00e9");
            Assert.Equal(new byte[] { (byte)'t', (byte)'w', (byte)'o', 0xC3, 0xA9 }, File.ReadAllBytes(path));
            Assert.Empty(Leftovers(path));
        }

        [Fact]
        public void AFailedRenameLeavesTheOldFileWholeAndNoTemporaryFile()
        {
            // The rename itself fails (an injected fault just before it): the old file must keep its content. The
            // export this replaces deleted the target first, so a failed move lost both files.
            var path = Path.Combine(dir, "keep.json");
            File.WriteAllText(path, "old content");
            AtomicFile.BeforeCommit = (temp, target) =>
            {
                if (target == path)
                {
                    Assert.True(File.Exists(temp));
                    throw new IOException("injected rename failure");
                }
            };
            try
            {
                var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(path, "new content"));
                Assert.Equal("FileWriteFailed", error.ErrorId);
                Assert.Equal(ErrorKind.WriteError, error.Kind);
                Assert.Contains(path, error.Message);
                Assert.Contains("injected rename failure", error.Message);
            }
            finally
            {
                AtomicFile.BeforeCommit = null;
            }

            Assert.Equal("old content", File.ReadAllText(path));
            Assert.Empty(Leftovers(path));
        }

        [Fact]
        public void SeveralFilesAreReplacedTogetherAndAFailedSecondRenamePutsTheFirstOldFileBack()
        {
            var first = Path.Combine(dir, "model.json");
            var second = Path.Combine(dir, "shard.bin");
            File.WriteAllText(first, "old json");
            File.WriteAllText(second, "old shard");
            var files = new[]
            {
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(first, s => s.Write(Encoding.UTF8.GetBytes("new json"))),
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(second, s => s.Write(Encoding.UTF8.GetBytes("new shard"))),
            };
            AtomicFile.BeforeCommit = (temp, target) =>
            {
                if (target == second)
                {
                    Assert.Equal("new json", File.ReadAllText(first));
                    throw new IOException("injected rename failure");
                }
            };
            try
            {
                var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(files));
                Assert.Equal("FileWriteFailed", error.ErrorId);
                Assert.Contains("injected rename failure", error.Message);
            }
            finally
            {
                AtomicFile.BeforeCommit = null;
            }

            Assert.Equal("old json", File.ReadAllText(first));
            Assert.Equal("old shard", File.ReadAllText(second));
            Assert.Equal(new[] { first, second }, Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal));

            AtomicFile.WriteAll(files);
            Assert.Equal("new json", File.ReadAllText(first));
            Assert.Equal("new shard", File.ReadAllText(second));
            Assert.Equal(new[] { first, second }, Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal));
        }

        [Fact]
        public void AnErrorWritingTheSecondOfSeveralFilesNamesTheSecond()
        {
            // The error named the first file whatever failed (the index of the next rename, 0 while writing).
            var first = Path.Combine(dir, "model.json");
            var second = Path.Combine(dir, "group1-shard1of1.bin");
            var files = new[]
            {
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(first, s => s.Write(Encoding.UTF8.GetBytes("json"))),
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(second, _ => throw new IOException("No space left on device")),
            };
            var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(files));
            Assert.Equal("FileWriteFailed", error.ErrorId);
            Assert.Equal(second, error.Target);
            Assert.Equal($"Cannot write '{second}': No space left on device", error.Message);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void AFileAnotherWriterCreatedSinceTheSetBeganIsReplacedNotAnError()
        {
            // Shard processes started together all write the shared index: one that found it missing must still replace
            // it when a sibling has created it since (the last rename wins whole, as a one-file write does).
            var shard = Path.Combine(dir, "model-00001-of-00002.safetensors");
            var index = Path.Combine(dir, "model.safetensors.index.json");
            var files = new[]
            {
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(shard, s => s.Write(Encoding.UTF8.GetBytes("shard"))),
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(index, s => s.Write(Encoding.UTF8.GetBytes("index"))),
            };
            AtomicFile.BeforeCommit = (_, target) =>
            {
                if (target == index)
                {
                    File.WriteAllText(index, "a sibling's index");
                }
            };
            try
            {
                AtomicFile.WriteAll(files);
            }
            finally
            {
                AtomicFile.BeforeCommit = null;
            }

            Assert.Equal("shard", File.ReadAllText(shard));
            Assert.Equal("index", File.ReadAllText(index));
            Assert.Equal(new[] { shard, index }, Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal));
        }

        [UnixFact]
        public void ReplacingSeveralFilesNeverTakesATargetNameAway()
        {
            // A reader must find every target at every moment: each old file is replaced by one rename over it
            // (rename(2)), not renamed aside first. inotify reports every name change in order; a sentinel created
            // after the write marks the end of the events that concern it.
            var first = Path.Combine(dir, "model.json");
            var second = Path.Combine(dir, "group1-shard1of1.bin");
            File.WriteAllText(first, "old json");
            File.WriteAllText(second, "old shard");
            var files = new[]
            {
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(first, s => s.Write(Encoding.UTF8.GetBytes("new json"))),
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(second, s => s.Write(Encoding.UTF8.GetBytes("new shard"))),
            };
            var gone = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var sentinel = Path.Combine(dir, "sentinel");
            using var seen = new System.Threading.ManualResetEventSlim();
            using var watcher = new FileSystemWatcher(dir) { IncludeSubdirectories = false, InternalBufferSize = 64 * 1024 };
            watcher.Renamed += (_, e) => gone.Enqueue("renamed away " + e.OldFullPath);
            watcher.Deleted += (_, e) => gone.Enqueue("deleted " + e.FullPath);
            watcher.Created += (_, e) =>
            {
                if (e.FullPath == sentinel)
                {
                    seen.Set();
                }
            };
            watcher.Error += (_, e) => gone.Enqueue("watcher error " + e.GetException().Message);
            watcher.EnableRaisingEvents = true;

            AtomicFile.WriteAll(files);
            File.WriteAllText(sentinel, "");
            Assert.True(seen.Wait(TimeSpan.FromMinutes(2)), "inotify never reported the sentinel");

            Assert.DoesNotContain(gone, e => e.EndsWith(" " + first, StringComparison.Ordinal) || e.EndsWith(" " + second, StringComparison.Ordinal) || e.StartsWith("watcher error", StringComparison.Ordinal));
            Assert.Equal("new json", File.ReadAllText(first));
            Assert.Equal("new shard", File.ReadAllText(second));
            Assert.Equal(new[] { first, second, sentinel }.OrderBy(f => f, StringComparer.Ordinal), Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal));
        }

        [Fact]
        public void WhenTheSecondOfSeveralFilesCannotBeWrittenNoneIsTouched()
        {
            var first = Path.Combine(dir, "model.json");
            var second = Path.Combine(dir, "shard.bin");
            File.WriteAllText(first, "old json");
            var files = new[]
            {
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(first, s => s.Write(Encoding.UTF8.GetBytes("new json"))),
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(second, _ => throw new InvalidOperationException("writer failed")),
            };
            Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteAll(files));
            Assert.Equal("old json", File.ReadAllText(first));
            Assert.Equal(new[] { first }, Directory.GetFiles(dir));
        }

        [Fact]
        public void AWriterThatThrowsLeavesTheOldFileWhole()
        {
            var path = Path.Combine(dir, "keep.bin");
            File.WriteAllText(path, "old");
            Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
            {
                s.Write(new byte[] { 1, 2, 3 }, 0, 3);
                throw new InvalidOperationException("half way");
            }));
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Empty(Leftovers(path));
        }

        [UnixFact]
        public void AnImmutableTargetFailsTheRenameForRealAndSurvives()
        {
            // A real rename failure: as root, chattr +i (immutable) refuses rename(2) over the file; as any other user a
            // folder without write permission does. Neither exists on Windows, where the test is skipped.

            var path = Path.Combine(dir, "locked.json");
            File.WriteAllText(path, "old");
            var root = Environment.UserName == "root";
            Run(root ? "chattr" : "chmod", root ? $"+i \"{path}\"" : $"a-w \"{dir}\"");
            try
            {
                var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(path, "new"));
                Assert.Equal("FileWriteFailed", error.ErrorId);
            }
            finally
            {
                Run(root ? "chattr" : "chmod", root ? $"-i \"{path}\"" : $"u+w \"{dir}\"");
            }

            Assert.Equal("old", File.ReadAllText(path));
            Assert.Empty(Leftovers(path));
        }

        [Fact]
        public void ReadOnlyFilesNeedOverwriteReadOnlyAndStayReadOnly()
        {
            var path = Path.Combine(dir, "ro.json");
            File.WriteAllText(path, "old");
            File.SetAttributes(path, FileAttributes.ReadOnly);
            var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(path, "new"));
            Assert.Equal("FileReadOnly", error.ErrorId);
            Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
            Assert.Equal("old", File.ReadAllText(path));

            AtomicFile.WriteAllText(path, "new", overwriteReadOnly: true);
            Assert.Equal("new", File.ReadAllText(path));
            Assert.True((File.GetAttributes(path) & FileAttributes.ReadOnly) != 0);
            Assert.Empty(Leftovers(path));
        }

        [Fact]
        public void WritesDeferredTogetherEachKeepTheirOwnOverwriteReadOnly()
        {
            // The set's flag applied to every deferred write: a write that did not allow it replaced a read-only file,
            // and one that did was refused.
            var allowed = Path.Combine(dir, "allowed.json");
            var refused = Path.Combine(dir, "refused.json");
            foreach (var f in new[] { allowed, refused })
            {
                File.WriteAllText(f, "old");
                File.SetAttributes(f, FileAttributes.ReadOnly);
            }

            var error = Assert.Throws<InitializerException>(() => AtomicFile.Together(() =>
            {
                AtomicFile.WriteAllText(allowed, "new", null, overwriteReadOnly: true);
                AtomicFile.WriteAllText(refused, "new", null, overwriteReadOnly: false);
            }));
            Assert.Equal("FileReadOnly", error.ErrorId);
            Assert.Equal(refused, error.Target);
            Assert.Equal("old", File.ReadAllText(allowed));
            Assert.Equal("old", File.ReadAllText(refused));

            var plain = Path.Combine(dir, "plain.json");
            AtomicFile.Together(() =>
            {
                AtomicFile.WriteAllText(allowed, "new", null, overwriteReadOnly: true);
                AtomicFile.WriteAllText(plain, "new");
            });
            Assert.Equal("new", File.ReadAllText(allowed));
            Assert.True((File.GetAttributes(allowed) & FileAttributes.ReadOnly) != 0);
            Assert.Equal("new", File.ReadAllText(plain));
            Assert.Equal(new[] { allowed, plain, refused }, Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal));
        }

        [Fact]
        public void ATargetRemovedBeforeItsRenameIsCreatedNotAnError()
        {
            // Another process removed the file between the check and the rename: File.Replace has nothing to replace,
            // and the write failed (FileWriteFailed) where a missing target is simply created.
            var path = Path.Combine(dir, "a.json");
            File.WriteAllText(path, "old");
            AtomicFile.BeforeCommit = (_, target) =>
            {
                // Only this test's file: the hook is static, and other classes write in parallel.
                if (target == path)
                {
                    File.Delete(target);
                }
            };
            try
            {
                AtomicFile.WriteAllText(path, "new");
            }
            finally
            {
                AtomicFile.BeforeCommit = null;
            }

            Assert.Equal("new", File.ReadAllText(path));
            Assert.Empty(Leftovers(path));
        }

        [Fact]
        public void ATargetOfSeveralRemovedBeforeItsRenameIsCreatedAndARollBackRemovesItAgain()
        {
            var first = Path.Combine(dir, "a.json");
            var second = Path.Combine(dir, "b.json");
            var files = new[]
            {
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(first, s => s.Write(Encoding.UTF8.GetBytes("new a"))),
                new System.Collections.Generic.KeyValuePair<string, Action<Stream>>(second, s => s.Write(Encoding.UTF8.GetBytes("new b"))),
            };
            File.WriteAllText(first, "old a");
            File.WriteAllText(second, "old b");
            AtomicFile.BeforeCommit = (_, target) =>
            {
                if (target == first)
                {
                    File.Delete(first);
                }
            };
            try
            {
                AtomicFile.WriteAll(files);
                Assert.Equal("new a", File.ReadAllText(first));
                Assert.Equal("new b", File.ReadAllText(second));
                Assert.Equal(new[] { first, second }, Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal));

                // The second rename fails: the first target, removed by someone else before its rename, is removed again
                // (there is no old file to put back), and the second keeps its old content.
                AtomicFile.BeforeCommit = (_, target) =>
                {
                    if (target == first)
                    {
                        File.Delete(first);
                    }
                    else if (target == second)
                    {
                        throw new IOException("injected failure");
                    }
                };
                var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(files));
                Assert.Equal("FileWriteFailed", error.ErrorId);
                Assert.Equal(second, error.Target);
            }
            finally
            {
                AtomicFile.BeforeCommit = null;
            }

            Assert.Equal(new[] { second }, Directory.GetFiles(dir));
            Assert.Equal("new b", File.ReadAllText(second));
        }

        [Fact]
        public void AMissingFolderAndADirectoryTargetNameTheDestination()
        {
            var missing = Path.Combine(dir, "no", "x.json");
            var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(missing, "x"));
            Assert.Equal("DirectoryNotFound", error.ErrorId);
            Assert.Contains(missing, error.Message);
            Assert.DoesNotContain(".tmp", error.Message);

            var folder = Directory.CreateDirectory(Path.Combine(dir, "sub")).FullName;
            error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(folder, "x"));
            Assert.Equal("PathIsDirectory", error.ErrorId);
            Assert.True(Directory.Exists(folder));
        }

        [Fact]
        public void TheEncodingAndItsPreambleAreWritten()
        {
            var path = Path.Combine(dir, "bom.txt");
            AtomicFile.WriteAllText(path, "a", new UTF8Encoding(true));
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a' }, File.ReadAllBytes(path));
        }

        /// <summary>A fact that is reported as skipped on Windows.</summary>
        private sealed class UnixFactAttribute : FactAttribute
        {
            public UnixFactAttribute()
            {
                if (OperatingSystem.IsWindows())
                {
                    Skip = "needs chattr or POSIX permissions";
                }
            }
        }

        internal static void Run(string file, string arguments)
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }
    }
}
