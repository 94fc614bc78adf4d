using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace Initializers.IO
{
    /// <summary>Writes files so that a reader sees the old content or the whole new content, never a part, and a
    /// failure at any step leaves the old file as it was. The content goes to a temporary file beside the target
    /// (same folder, so the same volume), is flushed to disk, and then replaces the target in one rename
    /// (<see cref="File.Replace(string, string, string)"/> over an existing file, which is rename(2) on Unix and
    /// ReplaceFile on Windows; <see cref="File.Move(string, string)"/> when there is none). The old file is never
    /// deleted first. Every file writer of the library and the module goes through here.</summary>
    public static class AtomicFile
    {
        /// <summary>Test hook: runs just before the final rename, with the temporary and the target path. A test sets
        /// it to throw, to check that a failed rename leaves the old file whole and no temporary file behind.</summary>
        internal static Action<string, string>? BeforeCommit { get; set; }

        /// <summary>The files registered in the <see cref="Together"/> call in force (per async flow); null outside one.</summary>
        private static readonly AsyncLocal<List<Entry>?> Deferred = new();

        /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> in <paramref name="encoding"/> (UTF-8
        /// without a byte order mark by default).</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="text">The whole content.</param>
        /// <param name="encoding">The encoding; its preamble (BOM), if any, is written.</param>
        /// <param name="overwriteReadOnly">Replace a read-only file, and write to what a symbolic link points to
        /// (PowerShell's <c>-Force</c>); the new file is read-only again.</param>
        /// <exception cref="InitializerException"><c>DirectoryNotFound</c>, <c>FileReadOnly</c>, <c>PathIsSymbolicLink</c>,
        /// <c>PathIsDirectory</c> or <c>FileWriteFailed</c>, each naming <paramref name="path"/>.</exception>
        public static void WriteAllText(string path, string text, Encoding? encoding = null, bool overwriteReadOnly = false)
        {
            encoding ??= new UTF8Encoding(false);
            Write(path, stream =>
            {
                var preamble = encoding.GetPreamble();
                stream.Write(preamble, 0, preamble.Length);
                var bytes = encoding.GetBytes(text);
                stream.Write(bytes, 0, bytes.Length);
            }, overwriteReadOnly);
        }

        /// <summary>Writes whatever <paramref name="write"/> puts into the stream to <paramref name="path"/>. An
        /// exception from <paramref name="write"/> propagates after the temporary file is removed.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="write">Writes the whole content into the stream it is given.</param>
        /// <param name="overwriteReadOnly">Replace a read-only file; the new file is read-only again.</param>
        /// <exception cref="InitializerException">See <see cref="WriteAllText"/>.</exception>
        public static void Write(string path, Action<Stream> write, bool overwriteReadOnly = false)
        {
            if (Deferred.Value is { } deferred)
            {
                deferred.Add(new Entry(path, write, overwriteReadOnly));
                return;
            }

            var target = Prepare(path, overwriteReadOnly);
            var full = target.Full;
            var temp = target.Temp;
            var readOnly = target.ReadOnly;
            var exists = target.Existed;
            var committed = false;
            try
            {
                WriteTemp(temp, write);

                // A cancelled write ends here at the latest, before the target is touched.
                Cancellation.ThrowIfRequested();
                BeforeCommit?.Invoke(temp, full);
                if (exists)
                {
                    if (readOnly && File.Exists(full))
                    {
                        File.SetAttributes(full, File.GetAttributes(full) & ~FileAttributes.ReadOnly);
                    }

                    try
                    {
                        ReplaceOrMove(temp, full, null);
                    }
                    catch
                    {
                        if (readOnly && File.Exists(full))
                        {
                            File.SetAttributes(full, File.GetAttributes(full) | FileAttributes.ReadOnly);
                        }

                        throw;
                    }
                }
                else
                {
                    MoveOver(temp, full);
                }

                committed = true;
                if (readOnly)
                {
                    File.SetAttributes(full, File.GetAttributes(full) | FileAttributes.ReadOnly);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Failure("FileWriteFailed", ErrorKind.WriteError, full, $"Cannot write '{full}': {ex.Message}", ex);
            }
            finally
            {
                if (!committed)
                {
                    TryDelete(temp);
                }
            }
        }

        /// <summary>Runs <paramref name="writes"/>, in which every <see cref="Write"/> (through any file writer of the
        /// library) only registers its file, and then writes all of them as one (<see cref="WriteAll"/>): a sharded
        /// model's shard and its index end up both new or both as they were. Each file is written with the
        /// <c>overwriteReadOnly</c> its own write was given. The writers' own checks run in <paramref name="writes"/>,
        /// their content is written afterwards, so <paramref name="writes"/> must not rely on a file being in place
        /// before it returns, and the cancellation in force must span this call.</summary>
        /// <param name="writes">Calls the writers.</param>
        internal static void Together(Action writes)
        {
            var files = new List<Entry>();
            var previous = Deferred.Value;
            Deferred.Value = files;
            try
            {
                writes();
            }
            finally
            {
                Deferred.Value = previous;
            }

            WriteEntries(files);
        }

        /// <summary>Writes several files as one: every file goes to a temporary file beside its target first, and only
        /// when all of them are written are the targets replaced, each in one rename over the old file
        /// (<see cref="File.Replace(string, string, string)"/>, which keeps the old file as a backup: a hard link on
        /// Unix, so the target name is never missing at any moment), the backups being put back if a later rename
        /// fails. So the targets end up all new or all as they were (a multi-file format such as a TensorFlow.js
        /// model.json with its weight shards), and an error or a cancellation leaves no temporary or backup file. An
        /// error names the file whose write or rename failed.</summary>
        /// <param name="files">Each target path with what writes its whole content.</param>
        /// <param name="overwriteReadOnly">Replace read-only files; the new files are read-only again.</param>
        /// <exception cref="InitializerException">See <see cref="WriteAllText"/>; DuplicatePath when two entries name one file.</exception>
        internal static void WriteAll(IReadOnlyList<KeyValuePair<string, Action<Stream>>> files, bool overwriteReadOnly = false) =>
            WriteEntries(files.Select(f => new Entry(f.Key, f.Value, overwriteReadOnly)).ToList());

        /// <summary><see cref="WriteAll"/> with each file's own <c>overwriteReadOnly</c>.</summary>
        private static void WriteEntries(IReadOnlyList<Entry> files)
        {
            if (files.Count == 1)
            {
                Write(files[0].Path, files[0].Write, files[0].OverwriteReadOnly);
                return;
            }

            var targets = new List<Target>();
            foreach (var file in files)
            {
                var target = Prepare(file.Path, file.OverwriteReadOnly);
                if (targets.Any(t => string.Equals(t.Full, target.Full, StringComparison.Ordinal)))
                {
                    throw Failure("DuplicatePath", ErrorKind.InvalidArgument, target.Full, $"'{target.Full}' would be written twice in one output.", null);
                }

                targets.Add(target);
            }

            // current: the file being written or renamed (the one an error names); committed: how many are in place.
            var current = 0;
            var committed = 0;
            try
            {
                for (current = 0; current < targets.Count; current++)
                {
                    WriteTemp(targets[current].Temp, files[current].Write);
                }

                Cancellation.ThrowIfRequested();
                for (current = 0; current < targets.Count; current++)
                {
                    var target = targets[current];
                    BeforeCommit?.Invoke(target.Temp, target.Full);
                    if (target.Existed)
                    {
                        if (target.ReadOnly && File.Exists(target.Full))
                        {
                            File.SetAttributes(target.Full, File.GetAttributes(target.Full) & ~FileAttributes.ReadOnly);
                        }

                        target.Created = !ReplaceOrMove(target.Temp, target.Full, target.Backup);
                    }
                    else
                    {
                        // A sibling shard process may have created a shared file (the index) since: replace it.
                        MoveOver(target.Temp, target.Full);
                    }

                    committed = current + 1;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                RollBack(targets, committed);
                var failed = targets[Math.Min(current, targets.Count - 1)].Full;
                throw Failure("FileWriteFailed", ErrorKind.WriteError, failed, $"Cannot write '{failed}': {ex.Message}", ex);
            }
            catch
            {
                RollBack(targets, committed);
                throw;
            }

            foreach (var target in targets)
            {
                TryDelete(target.Backup);
                if (target.ReadOnly)
                {
                    File.SetAttributes(target.Full, File.GetAttributes(target.Full) | FileAttributes.ReadOnly);
                }
            }
        }

        /// <summary>Puts back the old files of the first <paramref name="committed"/> targets, each in one rename over
        /// the new file (a target that did not exist is removed again), restores the read-only attribute of a target
        /// whose rename failed, and removes every temporary and backup file.</summary>
        private static void RollBack(List<Target> targets, int committed)
        {
            for (var i = targets.Count - 1; i >= 0; i--)
            {
                var target = targets[i];
                try
                {
                    if (i < committed && !target.Created)
                    {
                        File.Replace(target.Backup, target.Full, null);
                    }
                    else if (i < committed)
                    {
                        File.Delete(target.Full);
                    }
                    else if (target.Existed && !File.Exists(target.Full) && File.Exists(target.Backup))
                    {
                        // A replace that failed half way (Windows' ReplaceFile can leave the old file under the backup name).
                        File.Move(target.Backup, target.Full);
                    }

                    if (target.ReadOnly && File.Exists(target.Full))
                    {
                        File.SetAttributes(target.Full, File.GetAttributes(target.Full) | FileAttributes.ReadOnly);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                }

                TryDelete(target.Temp);
                TryDelete(target.Backup);
            }
        }

        /// <summary>Resolves and checks one target of <see cref="WriteAll"/>, and names its temporary and backup files.</summary>
        private static Target Prepare(string path, bool overwriteReadOnly)
        {
            var full = LinkTarget(Path.GetFullPath(path), overwriteReadOnly);
            if (Directory.Exists(full))
            {
                throw Failure("PathIsDirectory", ErrorKind.InvalidArgument, full, $"'{full}' is a directory; give a file path.", null);
            }

            var folder = Path.GetDirectoryName(full) ?? ".";
            if (!Directory.Exists(folder))
            {
                throw Failure("DirectoryNotFound", ErrorKind.ObjectNotFound, full, $"Cannot write '{full}': the folder '{folder}' does not exist.", null);
            }

            var readOnly = File.Exists(full) && (File.GetAttributes(full) & FileAttributes.ReadOnly) != 0;
            if (readOnly && !overwriteReadOnly)
            {
                throw Failure("FileReadOnly", ErrorKind.PermissionDenied, full, $"The file '{full}' is read-only; use -Force to overwrite it.", null);
            }

            var stem = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8));
            return new Target(full, stem + ".tmp", stem + ".old", File.Exists(full), readOnly);
        }

        /// <summary>Creates the temporary file, lets <paramref name="write"/> fill it and flushes it to disk. The stream
        /// is readable and seekable too (an HDF5 writer reads back what it wrote).</summary>
        private static void WriteTemp(string temp, Action<Stream> write)
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            write(stream);
            stream.Flush(flushToDisk: true);
        }

        /// <summary>Renames the temporary file to a target that did not exist when the write began. Another writer may
        /// have created it since (concurrent exports to one path): the last rename wins whole, as with an existing
        /// target, instead of failing.</summary>
        private static void MoveOver(string temp, string full)
        {
#if NET
            File.Move(temp, full, overwrite: true);
#else
            try
            {
                File.Move(temp, full);
            }
            catch (IOException) when (File.Exists(full))
            {
                File.Replace(temp, full, null);
            }
#endif
        }

        /// <summary>Replaces <paramref name="full"/> with <paramref name="temp"/> in one rename
        /// (<see cref="File.Replace(string, string, string)"/>, keeping the old file as <paramref name="backup"/> when
        /// given); a target removed since the write began (by another process) cannot be replaced, and the temporary
        /// file is moved there instead, as for a target that did not exist.</summary>
        /// <returns>True when an old file was replaced; false when the target was gone and the file was moved.</returns>
        private static bool ReplaceOrMove(string temp, string full, string? backup)
        {
            try
            {
                File.Replace(temp, full, backup);
                return true;
            }
            catch (FileNotFoundException) when (File.Exists(temp) && !File.Exists(full))
            {
                MoveOver(temp, full);
                return false;
            }
        }

        /// <summary>A path that is a symbolic link is written only with <paramref name="force"/> (-Force), and then its
        /// final target is written (the link stays a link); without, PathIsSymbolicLink, so that output never lands
        /// somewhere else than the path says. The netstandard2.0 build cannot resolve links and replaces the link itself.</summary>
        private static string LinkTarget(string full, bool force)
        {
            var info = new FileInfo(full);
            if ((int)info.Attributes == -1 || (info.Attributes & FileAttributes.ReparsePoint) == 0)
            {
                return full;
            }

#if NET
            var target = info.LinkTarget;
            if (target is null)
            {
                return full;
            }

            if (!force)
            {
                throw Failure("PathIsSymbolicLink", ErrorKind.PermissionDenied, full, $"'{full}' is a symbolic link to '{target}'; use -Force to write to what it points to.", null);
            }

            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
#else
            return force ? full : throw Failure("PathIsSymbolicLink", ErrorKind.PermissionDenied, full, $"'{full}' is a symbolic link; use -Force to replace it.", null);
#endif
        }

        private static InitializerException Failure(string errorId, ErrorKind kind, string path, string message, Exception? inner) =>
            new(errorId, kind, message, path, inner) { SourceName = path };

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        private sealed class Target
        {
            public Target(string full, string temp, string backup, bool existed, bool readOnly)
            {
                Full = full;
                Temp = temp;
                Backup = backup;
                Existed = existed;
                Created = !existed;
                ReadOnly = readOnly;
            }

            public string Full { get; }

            public string Temp { get; }

            public string Backup { get; }

            /// <summary>Whether the target existed when it was prepared (it is replaced, not created).</summary>
            public bool Existed { get; }

            /// <summary>Whether the write creates the target (it did not exist, or was removed before its rename): a
            /// roll-back removes it instead of putting an old file back.</summary>
            public bool Created { get; set; }

            public bool ReadOnly { get; }
        }

        /// <summary>A file of <see cref="WriteEntries"/>: its path, what writes its content, and
        /// whether a read-only file may be replaced.</summary>
        private sealed class Entry
        {
            public Entry(string path, Action<Stream> write, bool overwriteReadOnly)
            {
                Path = path;
                Write = write;
                OverwriteReadOnly = overwriteReadOnly;
            }

            public string Path { get; }

            public Action<Stream> Write { get; }

            public bool OverwriteReadOnly { get; }
        }
    }
}
