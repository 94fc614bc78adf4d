using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary>The commit of <see cref="AtomicFile"/>, one file and several: a rename that fails leaves every target
    /// with its old content and its old read-only attribute, a roll-back undoes only what this write did, a cancellation
    /// stops before any target is touched, duplicate targets are refused, concurrent writes to one path do not collide,
    /// and symbolic links are written through only when allowed. Faults are injected with
    /// <see cref="AtomicFile.BeforeCommit"/>, so the class is in the "AtomicFile hook" collection.</summary>
    [Collection(AtomicFileHook.Name)]
    public sealed class AtomicFileCommitTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-commit-").FullName;

        public void Dispose()
        {
            AtomicFile.BeforeCommit = null;
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                if (new FileInfo(f).LinkTarget is null)
                {
                    File.SetAttributes(f, FileAttributes.Normal);
                }
            }

            Directory.Delete(dir, recursive: true);
        }

        private static bool IsReadOnly(string path) => (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0;

        private static KeyValuePair<string, Action<Stream>> Entry(string path, string content) =>
            new(path, s => s.Write(Encoding.UTF8.GetBytes(content)));

        private string[] Files() => Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal).ToArray();

        private string Old(string name, string content, bool readOnly = false)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, content);
            if (readOnly)
            {
                File.SetAttributes(path, FileAttributes.ReadOnly);
            }

            return path;
        }

        /// <summary>Runs <paramref name="action"/> with the hook set, and clears it whatever happens.</summary>
        private static void WithHook(Action<string, string> hook, Action action)
        {
            AtomicFile.BeforeCommit = hook;
            try
            {
                action();
            }
            finally
            {
                AtomicFile.BeforeCommit = null;
            }
        }

        [Fact]
        public void ARenameThatFailsLeavesAReadOnlyTargetReadOnlyAndAWritableOneWritable()
        {
            // The temporary file disappears before the rename (another process cleaned the folder): the rename itself
            // fails, after the read-only attribute was lifted for it. The attribute must come back, and only where it was.
            var locked = Old("locked.json", "old locked", readOnly: true);
            var open = Old("open.json", "old open");
            WithHook(
                (temp, target) =>
                {
                    if (target == locked || target == open)
                    {
                        File.Delete(temp);
                    }
                },
                () =>
                {
                    var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(locked, "new", null, overwriteReadOnly: true));
                    Assert.Equal("FileWriteFailed", error.ErrorId);
                    Assert.Equal(ErrorKind.WriteError, error.Kind);
                    Assert.Equal(locked, error.Target);
                    Assert.StartsWith($"Cannot write '{locked}': ", error.Message, StringComparison.Ordinal);

                    error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(open, "new"));
                    Assert.Equal("FileWriteFailed", error.ErrorId);
                    Assert.Equal(open, error.Target);
                });

            Assert.Equal("old locked", File.ReadAllText(locked));
            Assert.True(IsReadOnly(locked));
            Assert.Equal("old open", File.ReadAllText(open));
            Assert.False(IsReadOnly(open));
            Assert.Equal(new[] { locked, open }, Files());
        }

        [Fact]
        public void AReadOnlyTargetRemovedBeforeItsRenameIsCreatedReadOnly()
        {
            // Another process removed the read-only file between the check and the rename: there is no attribute to
            // lift, and the new file is created, read-only like the one it stands for.
            var path = Old("ro.json", "old", readOnly: true);
            WithHook(
                (_, target) =>
                {
                    if (target == path)
                    {
                        File.SetAttributes(path, FileAttributes.Normal);
                        File.Delete(path);
                    }
                },
                () => AtomicFile.WriteAllText(path, "new", null, overwriteReadOnly: true));

            Assert.Equal("new", File.ReadAllText(path));
            Assert.True(IsReadOnly(path));
            Assert.Equal(new[] { path }, Files());
        }

        [Fact]
        public void AReadOnlyTargetOfSeveralRemovedBeforeItsRenameIsCreatedReadOnly()
        {
            var first = Old("a.json", "old a", readOnly: true);
            var second = Old("b.json", "old b", readOnly: true);
            WithHook(
                (_, target) =>
                {
                    if (target == first)
                    {
                        File.SetAttributes(first, FileAttributes.Normal);
                        File.Delete(first);
                    }
                },
                () => AtomicFile.WriteAll(new[] { Entry(first, "new a"), Entry(second, "new b") }, overwriteReadOnly: true));

            Assert.Equal("new a", File.ReadAllText(first));
            Assert.Equal("new b", File.ReadAllText(second));
            Assert.True(IsReadOnly(first));
            Assert.True(IsReadOnly(second));
            Assert.Equal(new[] { first, second }, Files());
        }

        [Fact]
        public void AFailedSetPutsEveryOldFileBackWithItsOwnReadOnlyAttribute()
        {
            // The third rename fails: the first two, already replaced, get their old content back, the read-only one
            // read-only again and the writable one still writable.
            var first = Old("a.json", "old a", readOnly: true);
            var second = Old("b.json", "old b");
            var third = Old("c.json", "old c", readOnly: true);
            WithHook(
                (_, target) =>
                {
                    if (target == third)
                    {
                        Assert.Equal("new a", File.ReadAllText(first));
                        Assert.Equal("new b", File.ReadAllText(second));
                        throw new IOException("injected rename failure");
                    }
                },
                () =>
                {
                    var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(new[] { Entry(first, "new a"), Entry(second, "new b"), Entry(third, "new c") }, overwriteReadOnly: true));
                    Assert.Equal("FileWriteFailed", error.ErrorId);
                    Assert.Equal(third, error.Target);
                    Assert.Equal($"Cannot write '{third}': injected rename failure", error.Message);
                });

            Assert.Equal("old a", File.ReadAllText(first));
            Assert.Equal("old b", File.ReadAllText(second));
            Assert.Equal("old c", File.ReadAllText(third));
            Assert.True(IsReadOnly(first));
            Assert.False(IsReadOnly(second));
            Assert.True(IsReadOnly(third));
            Assert.Equal(new[] { first, second, third }, Files());
        }

        [Fact]
        public void AFailedRenameOfAReadOnlyMemberOfSeveralLeavesItReadOnly()
        {
            // The rename of the second file fails after its read-only attribute was lifted (its temporary file is gone).
            var first = Old("a.json", "old a");
            var second = Old("b.json", "old b", readOnly: true);
            WithHook(
                (temp, target) =>
                {
                    if (target == second)
                    {
                        File.Delete(temp);
                    }
                },
                () =>
                {
                    var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(new[] { Entry(first, "new a"), Entry(second, "new b") }, overwriteReadOnly: true));
                    Assert.Equal("FileWriteFailed", error.ErrorId);
                    Assert.Equal(second, error.Target);
                });

            Assert.Equal("old a", File.ReadAllText(first));
            Assert.Equal("old b", File.ReadAllText(second));
            Assert.False(IsReadOnly(first));
            Assert.True(IsReadOnly(second));
            Assert.Equal(new[] { first, second }, Files());
        }

        [Fact]
        public void AFailureAtTheFirstOfSeveralFilesNamesTheFirst()
        {
            var first = Old("a.json", "old a");
            var second = Old("b.json", "old b");
            WithHook(
                (_, target) =>
                {
                    if (target == first)
                    {
                        throw new IOException("injected rename failure");
                    }
                },
                () =>
                {
                    var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(new[] { Entry(first, "new a"), Entry(second, "new b") }));
                    Assert.Equal(first, error.Target);
                    Assert.Equal($"Cannot write '{first}': injected rename failure", error.Message);
                });

            var fails = new[]
            {
                new KeyValuePair<string, Action<Stream>>(first, _ => throw new IOException("disk full")),
                Entry(second, "new b"),
            };
            var written = Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(fails));
            Assert.Equal("FileWriteFailed", written.ErrorId);
            Assert.Equal(first, written.Target);
            Assert.Equal($"Cannot write '{first}': disk full", written.Message);

            Assert.Equal("old a", File.ReadAllText(first));
            Assert.Equal("old b", File.ReadAllText(second));
            Assert.Equal(new[] { first, second }, Files());
        }

        [Fact]
        public void ARollBackLeavesAFileAnotherWriterCreatedMeanwhile()
        {
            // b did not exist when the set began; a sibling process creates it, then this set's rename of b fails. The
            // roll-back undoes this write only: a gets its old content back, and the sibling's b stays.
            var first = Old("a.json", "old a");
            var second = Path.Combine(dir, "b.json");
            WithHook(
                (_, target) =>
                {
                    if (target == second)
                    {
                        File.WriteAllText(second, "a sibling's b");
                        throw new IOException("injected rename failure");
                    }
                },
                () => Assert.Equal(second, Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(new[] { Entry(first, "new a"), Entry(second, "new b") })).Target));

            Assert.Equal("old a", File.ReadAllText(first));
            Assert.Equal("a sibling's b", File.ReadAllText(second));
            Assert.Equal(new[] { first, second }, Files());
        }

        [Fact]
        public void ANewFileOfAFailedSetIsRemovedAgain()
        {
            var first = Path.Combine(dir, "a.json");
            var second = Old("b.json", "old b");
            WithHook(
                (_, target) =>
                {
                    if (target == second)
                    {
                        Assert.Equal("new a", File.ReadAllText(first));
                        throw new UnauthorizedAccessException("injected refusal");
                    }
                },
                () =>
                {
                    var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(new[] { Entry(first, "new a"), Entry(second, "new b") }));
                    Assert.Equal("FileWriteFailed", error.ErrorId);
                    Assert.Equal($"Cannot write '{second}': injected refusal", error.Message);
                });

            Assert.Equal(new[] { second }, Files());
            Assert.Equal("old b", File.ReadAllText(second));
        }

        [Fact]
        public void AReplaceThatFailedHalfWayGetsTheOldFileBackFromTheBackupName()
        {
            // Windows' ReplaceFile can fail after it moved the old file to the backup name. Simulated here: the hook
            // moves the target to its backup name (the temporary file's name ending in .old instead of .tmp) and fails.
            var first = Old("a.json", "old a");
            var second = Old("b.json", "old b");
            WithHook(
                (temp, target) =>
                {
                    if (target == second)
                    {
                        File.Move(second, Path.ChangeExtension(temp, ".old"));
                        throw new IOException("injected half-way failure");
                    }
                },
                () => Assert.Equal(second, Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(new[] { Entry(first, "new a"), Entry(second, "new b") })).Target));

            Assert.Equal("old a", File.ReadAllText(first));
            Assert.Equal("old b", File.ReadAllText(second));
            Assert.Equal(new[] { first, second }, Files());
        }

        [Fact]
        public void ARenameThatFailsWithItsBackupMadeLeavesTheOldFileReadOnlyAndRemovesTheBackup()
        {
            // The rename of the read-only b fails after its attribute was lifted (its temporary file is gone), with a
            // backup of it already made under the backup name (the temporary file's name ending in .old instead of
            // .tmp), as a replace that fails half way can leave. The old b is in place: it stays, read-only, and the
            // backup is removed.
            var first = Old("a.json", "old a");
            var second = Old("b.json", "old b", readOnly: true);
            WithHook(
                (temp, target) =>
                {
                    if (target == second)
                    {
                        File.WriteAllText(Path.ChangeExtension(temp, ".old"), "old b");
                        File.Delete(temp);
                    }
                },
                () => Assert.Equal(second, Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(new[] { Entry(first, "new a"), Entry(second, "new b") }, overwriteReadOnly: true)).Target));

            Assert.Equal("old a", File.ReadAllText(first));
            Assert.Equal("old b", File.ReadAllText(second));
            Assert.True(IsReadOnly(second));
            Assert.Equal(new[] { first, second }, Files());
        }

        [Fact]
        public void AnOldFileThatCannotBePutBackDoesNotStopTheRollBackNorHideTheError()
        {
            // The third rename fails, and b's backup (the file beside b that is neither a target nor a temporary file)
            // has gone meanwhile: b cannot get its old content back, but a still does, and the error is the rename's.
            var first = Old("a.json", "old a");
            var second = Old("b.json", "old b");
            var third = Old("c.json", "old c");
            WithHook(
                (temp, target) =>
                {
                    if (target == third)
                    {
                        foreach (var f in Directory.GetFiles(dir).Where(f => f != first && f != second && f != third && f != temp && Path.GetFileName(f).Contains("b.json", StringComparison.Ordinal)))
                        {
                            File.Delete(f);
                        }

                        throw new IOException("injected rename failure");
                    }
                },
                () =>
                {
                    var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(new[] { Entry(first, "new a"), Entry(second, "new b"), Entry(third, "new c") }));
                    Assert.Equal("FileWriteFailed", error.ErrorId);
                    Assert.Equal($"Cannot write '{third}': injected rename failure", error.Message);
                });

            Assert.Equal("old a", File.ReadAllText(first));
            Assert.Equal("new b", File.ReadAllText(second));
            Assert.Equal("old c", File.ReadAllText(third));
            Assert.Equal(new[] { first, second, third }, Files());
        }

        [Fact]
        public void ATemporaryFileThatCannotBeRemovedDoesNotHideTheError()
        {
            // While the write is in flight its folder is moved away and a file takes the folder's name (injected), and
            // the rename fails: removing the temporary file fails in turn (its folder is no folder), and the error is
            // still the write's, naming the target.
            var folder = Directory.CreateDirectory(Path.Combine(dir, "sub")).FullName;
            var moved = Path.Combine(dir, "moved");
            var path = Path.Combine(folder, "a.json");
            File.WriteAllText(path, "old");
            WithHook(
                (_, target) =>
                {
                    if (target == path)
                    {
                        Directory.Move(folder, moved);
                        File.WriteAllText(folder, "not a folder");
                        throw new IOException("injected rename failure");
                    }
                },
                () =>
                {
                    var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(path, "new"));
                    Assert.Equal("FileWriteFailed", error.ErrorId);
                    Assert.Equal(path, error.Target);
                    Assert.Equal($"Cannot write '{path}': injected rename failure", error.Message);
                });

            Assert.Equal("old", File.ReadAllText(Path.Combine(moved, "a.json")));
        }

        [Fact]
        public void TwoEntriesForOneFileAreRefusedBeforeAnythingIsWritten()
        {
            var first = Old("a.json", "old a");
            var second = Path.Combine(dir, "b.json");
            var again = Path.Combine(dir, ".", "a.json");
            var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAll(new[] { Entry(first, "1"), Entry(second, "2"), Entry(again, "3") }));
            Assert.Equal("DuplicatePath", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.Equal(first, error.Target);
            Assert.Contains($"'{first}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("twice", error.Message, StringComparison.Ordinal);
            Assert.Equal("old a", File.ReadAllText(first));
            Assert.Equal(new[] { first }, Files());
        }

        [Fact]
        public void ASetOfNoFilesWritesNothingAndASetOfOneWritesIt()
        {
            AtomicFile.Together(() => { });
            AtomicFile.WriteAll(Array.Empty<KeyValuePair<string, Action<Stream>>>());
            Assert.Empty(Files());

            var path = Path.Combine(dir, "one.json");
            AtomicFile.Together(() => AtomicFile.WriteAllText(path, "one"));
            Assert.Equal("one", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Files());
        }

        [Fact]
        public void TheTemporaryFileIsCompleteAndBesideTheTarget()
        {
            var path = Old("a.json", "old");
            var seen = new List<string>();
            WithHook(
                (temp, target) =>
                {
                    if (target == path)
                    {
                        Assert.Equal(dir, Path.GetDirectoryName(temp));
                        Assert.NotEqual(path, temp);
                        Assert.Equal("old", File.ReadAllText(path));
                        seen.Add(File.ReadAllText(temp));
                    }
                },
                () => AtomicFile.WriteAllText(path, "new content"));

            Assert.Equal(new[] { "new content" }, seen);
            Assert.Equal("new content", File.ReadAllText(path));
        }

        [Fact]
        public void TwoWritesToOnePathInFlightAtOnceDoNotCollideAndTheLastRenameWins()
        {
            // A second export to the same path starts while the first one's temporary file is still there (here: from
            // the first one's hook). Each has a temporary file of its own; the first one renames last and wins whole.
            var path = Old("a.json", "old");
            var nested = false;
            WithHook(
                (_, target) =>
                {
                    if (target == path && !nested)
                    {
                        nested = true;
                        AtomicFile.WriteAllText(path, "second");
                        Assert.Equal("second", File.ReadAllText(path));
                    }
                },
                () => AtomicFile.WriteAllText(path, "first"));

            Assert.True(nested);
            Assert.Equal("first", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Files());
        }

        [Fact]
        public void ACancellationDuringTheContentLeavesTheOldFileAndNoTemporaryFile()
        {
            var path = Old("a.json", "old");
            using var cts = new CancellationTokenSource();
            using (Cancellation.Use(cts.Token))
            {
                Assert.ThrowsAny<OperationCanceledException>(() => AtomicFile.Write(path, s =>
                {
                    s.Write(Encoding.UTF8.GetBytes("new"));
                    cts.Cancel();
                }));
            }

            Assert.Equal("old", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Files());
        }

        [Fact]
        public void ACancellationDuringTheLastContentOfASetTouchesNoTarget()
        {
            var first = Old("a.json", "old a");
            var second = Path.Combine(dir, "b.json");
            using var cts = new CancellationTokenSource();
            var files = new[]
            {
                Entry(first, "new a"),
                new KeyValuePair<string, Action<Stream>>(second, s =>
                {
                    s.Write(Encoding.UTF8.GetBytes("new b"));
                    cts.Cancel();
                }),
            };
            using (Cancellation.Use(cts.Token))
            {
                Assert.ThrowsAny<OperationCanceledException>(() => AtomicFile.WriteAll(files));
            }

            Assert.Equal("old a", File.ReadAllText(first));
            Assert.Equal(new[] { first }, Files());
        }

        [Fact]
        public void AnIOErrorOfTheWriterIsAWriteFailureNamingTheTarget()
        {
            var path = Old("a.bin", "old");
            var error = Assert.Throws<InitializerException>(() => AtomicFile.Write(path, _ => throw new IOException("No space left on device")));
            Assert.Equal("FileWriteFailed", error.ErrorId);
            Assert.Equal(ErrorKind.WriteError, error.Kind);
            Assert.Equal(path, error.Target);
            Assert.Equal(path, error.SourceName);
            Assert.Equal($"Cannot write '{path}': No space left on device", error.Message);
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Files());
        }

        [Fact]
        public void TheRefusalsNameTheTargetAndSayWhatToDo()
        {
            var path = Old("ro.json", "old", readOnly: true);
            var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(path, "new"));
            Assert.Equal("FileReadOnly", error.ErrorId);
            Assert.Equal(path, error.Target);
            Assert.Equal($"The file '{path}' is read-only; use -Force to overwrite it.", error.Message);

            var folder = Path.Combine(dir, "missing");
            var inMissing = Path.Combine(folder, "x.json");
            error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(inMissing, "x"));
            Assert.Equal("DirectoryNotFound", error.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
            Assert.Equal(inMissing, error.Target);
            Assert.Equal($"Cannot write '{inMissing}': the folder '{folder}' does not exist.", error.Message);

            var sub = Directory.CreateDirectory(Path.Combine(dir, "sub")).FullName;
            error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(sub, "x"));
            Assert.Equal("PathIsDirectory", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.Equal($"'{sub}' is a directory; give a file path.", error.Message);
            Assert.Equal(new[] { path }, Files());
        }

#if !LIB_NETSTANDARD
        [SkippableFact]
        public void AChainOfLinksIsWrittenThroughToItsFinalTargetAndStaysAChain()
        {
            Skip.If(OperatingSystem.IsWindows(), "Creating symbolic links needs a privilege on Windows.");
            var file = Old("file.json", "old");
            var inner = Path.Combine(dir, "inner.json");
            var outer = Path.Combine(dir, "outer.json");
            File.CreateSymbolicLink(inner, file);
            File.CreateSymbolicLink(outer, inner);

            var error = Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(outer, "new"));
            Assert.Equal("PathIsSymbolicLink", error.ErrorId);
            Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
            Assert.Equal(outer, error.Target);
            Assert.Contains($"'{outer}' is a symbolic link to '{inner}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("-Force", error.Message, StringComparison.Ordinal);
            Assert.Equal("old", File.ReadAllText(file));

            AtomicFile.WriteAllText(outer, "new", null, overwriteReadOnly: true);
            Assert.Equal("new", File.ReadAllText(file));
            Assert.Equal(inner, new FileInfo(outer).LinkTarget);
            Assert.Equal(file, new FileInfo(inner).LinkTarget);
            Assert.Null(new FileInfo(file).LinkTarget);
            Assert.Equal(new[] { file, inner, outer }, Files());
        }

        [SkippableFact]
        public void ALinkToAMissingFileCreatesThatFileWithForce()
        {
            Skip.If(OperatingSystem.IsWindows(), "Creating symbolic links needs a privilege on Windows.");
            var file = Path.Combine(dir, "file.json");
            var link = Path.Combine(dir, "link.json");
            File.CreateSymbolicLink(link, file);

            Assert.Equal("PathIsSymbolicLink", Assert.Throws<InitializerException>(() => AtomicFile.WriteAllText(link, "new")).ErrorId);
            Assert.False(File.Exists(file));

            AtomicFile.WriteAllText(link, "new", null, overwriteReadOnly: true);
            Assert.Equal("new", File.ReadAllText(file));
            Assert.Equal(file, new FileInfo(link).LinkTarget);
        }
#endif
    }
}
