using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading;

namespace Initializers.IO
{
    /// <summary>numpy's <c>.npz</c> format: a zip archive of .npy members, one per named tensor (<c>np.savez</c> stores
    /// them, <c>np.savez_compressed</c> deflates them). The name of a tensor is its member name without <c>.npy</c>.
    /// Members whose names do not end in <c>.npy</c>, and the archive comment, are ignored on read, except
    /// <see cref="ProvenanceMember"/>; names are keys only, never paths (nothing is extracted).</summary>
    /// <remarks>Each member goes through <see cref="Npy"/>, checked against the member's own uncompressed size. Before a
    /// member is inflated, its declared size is checked against what deflate can produce from its compressed size
    /// (at most <see cref="MaxDeflateRatio"/> to 1) and against the caller's limit: either failing is NpzMemberTooLarge.
    /// A duplicate tensor name is NpzDuplicateMember; a file that is not a zip, or (on .NET 8 and later) a member whose
    /// CRC-32 does not match, is NpzInvalid; an archive or member that is cut short is NpyTruncated or NpzInvalid.</remarks>
    public static class Npz
    {
        /// <summary>The most bytes deflate can expand one compressed byte into (its theoretical limit is about 1032:1).</summary>
        public const long MaxDeflateRatio = 1032;

        /// <summary>The member that records the provenance of the tensors that carry one (<see cref="Tensor.GetProvenance"/>):
        /// a UTF-8 JSON object of tensor name to <see cref="TensorProvenance.ToJson"/>. numpy lists it in
        /// <c>NpzFile.files</c> but loads the .npy members as usual.</summary>
        public const string ProvenanceMember = "initializers.provenance.json";

        /// <summary>The largest provenance member read, in bytes.</summary>
        private const long MaxProvenanceBytes = 64L << 20;

        /// <summary>Reads the tensors of the .npz file at <paramref name="path"/>, in archive order.</summary>
        /// <param name="path">The .npz file.</param>
        /// <param name="select">Which tensor names to read (null: all); members not selected are not inflated.</param>
        /// <param name="maxMemberBytes">The largest uncompressed member accepted, in bytes.</param>
        /// <returns>Name and tensor pairs, in archive order.</returns>
        /// <exception cref="InitializerException">See the remarks on <see cref="Npz"/> and <see cref="Npy"/>.</exception>
        public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(string path, Func<string, bool>? select = null, long maxMemberBytes = long.MaxValue)
        {
            using var file = Npy.OpenRead(path);
            return Read(file, file.Name, select, maxMemberBytes);
        }

        /// <summary>As <see cref="Read(string, Func{string, bool}, long)"/>, stopping with
        /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled (checked before
        /// every member and every 1 MiB of data).</summary>
        /// <param name="path">The .npz file.</param>
        /// <param name="select">Which tensor names to read (null: all).</param>
        /// <param name="maxMemberBytes">The largest uncompressed member accepted, in bytes.</param>
        /// <param name="cancellationToken">Stops the read when cancelled.</param>
        /// <returns>Name and tensor pairs, in archive order.</returns>
        /// <exception cref="InitializerException">See the remarks on <see cref="Npz"/> and <see cref="Npy"/>.</exception>
        public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(string path, Func<string, bool>? select, long maxMemberBytes, CancellationToken cancellationToken)
        {
            using (Cancellation.Use(cancellationToken))
            {
                return Read(path, select, maxMemberBytes);
            }
        }

        /// <summary>Reads the tensors of the .npz archive in <paramref name="file"/> (seekable), named
        /// <paramref name="sourceName"/> in messages.</summary>
        internal static IReadOnlyList<KeyValuePair<string, Tensor>> Read(Stream file, string sourceName, Func<string, bool>? select, long maxMemberBytes)
        {
            ZipArchive archive;
            try
            {
                archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (InvalidDataException ex)
            {
                throw new InitializerException("NpzInvalid", ErrorKind.InvalidData, $"'{sourceName}' is not a valid .npz (zip) archive: {ex.Message}", sourceName, ex) { SourceName = sourceName };
            }

            using (archive)
            {
                var result = new List<KeyValuePair<string, Tensor>>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                IReadOnlyCollection<ZipArchiveEntry> entries;
                try
                {
                    entries = archive.Entries;
                }
                catch (InvalidDataException ex)
                {
                    throw new InitializerException("NpzInvalid", ErrorKind.InvalidData, $"'{sourceName}' is not a valid .npz (zip) archive: {ex.Message}", sourceName, ex) { SourceName = sourceName };
                }

                string? provenance = null;
                foreach (var entry in entries)
                {
                    Cancellation.ThrowIfRequested();
                    if (entry.FullName == ProvenanceMember)
                    {
                        CheckDeclaredSize(entry, MaxProvenanceBytes, sourceName + ":" + entry.FullName);
                        provenance = ReadText(entry, sourceName + ":" + entry.FullName);
                        continue;
                    }

                    if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var name = entry.FullName.Substring(0, entry.FullName.Length - 4);
                    var source = sourceName + ":" + entry.FullName;
                    if (!names.Add(name))
                    {
                        throw Npy.Error("NpzDuplicateMember", ErrorKind.InvalidData, $"'{sourceName}' holds the member '{entry.FullName}' twice; which one is meant is ambiguous.", name, sourceName);
                    }

                    if (select is not null && !select(name))
                    {
                        continue;
                    }

                    CheckDeclaredSize(entry, maxMemberBytes, source);
                    result.Add(new KeyValuePair<string, Tensor>(name, ReadMember(entry, source)));
                }

                if (provenance is not null)
                {
                    TensorProvenance.Attach(provenance, result, sourceName + ":" + ProvenanceMember);
                }

                return result;
            }
        }

        /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> as one .npz archive (each a member
        /// <c>NAME.npy</c> written as <see cref="Npy"/> writes a file), through <see cref="AtomicFile"/>. When any tensor
        /// carries a <see cref="Tensor.GetProvenance"/>, a last member <see cref="ProvenanceMember"/> records it.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="tensors">Name and tensor pairs, written in this order; names must be unique and not empty.</param>
        /// <param name="compress">Deflate the members (<c>np.savez_compressed</c>); stored otherwise (<c>np.savez</c>).</param>
        /// <param name="overwriteReadOnly">Replace a read-only file.</param>
        /// <exception cref="InitializerException">NpzDuplicateMember, InvalidArgument for an empty name, the dtype errors of
        /// <see cref="Npy.Write(Stream, Tensor, string)"/>, or one of <see cref="AtomicFile.Write"/>'s errors.</exception>
        public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, bool compress = false, bool overwriteReadOnly = false)
        {
            Write(path, TensorSource.From(tensors, nameof(tensors)), compress, overwriteReadOnly);
        }

        /// <summary>Writes in-memory or streamed tensors as one .npz archive, as the public <c>Write</c> describes.</summary>
        internal static void Write(string path, List<KeyValuePair<string, TensorSource>> list, bool compress, bool overwriteReadOnly)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pair in list)
            {
                if (string.IsNullOrEmpty(pair.Key))
                {
                    throw Npy.Error("InvalidTensorName", ErrorKind.InvalidArgument, $"Cannot write '{path}': a tensor name is empty.", pair.Key, path);
                }

                if (!names.Add(pair.Key))
                {
                    throw Npy.Error("NpzDuplicateMember", ErrorKind.InvalidArgument, $"Cannot write '{path}': the name '{pair.Key}' is given twice.", pair.Key, path);
                }

                // Refuse an unsupported dtype before the temporary file exists.
                if (pair.Value.DType == DType.BFloat16)
                {
                    NpyDescr.For(pair.Value.DType, 0, path);
                }
            }

            AtomicFile.Write(path, stream => WriteArchive(stream, list, compress, path), overwriteReadOnly);
        }

        /// <summary>Writes the checked in-memory <paramref name="tensors"/> as one zip archive into <paramref name="stream"/>.</summary>
        internal static void WriteArchive(Stream stream, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, bool compress, string sourceName) =>
            WriteArchive(stream, TensorSource.From(tensors, nameof(tensors)), compress, sourceName);

        /// <summary>Writes the checked <paramref name="tensors"/> (in memory or streamed) as one zip archive into
        /// <paramref name="stream"/>.</summary>
        internal static void WriteArchive(Stream stream, IReadOnlyList<KeyValuePair<string, TensorSource>> tensors, bool compress, string sourceName)
        {
            var provenance = TensorProvenance.Encode(tensors);
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var pair in tensors)
            {
                using var member = CreateMember(archive, pair.Key, compress).Open();
                Npy.Write(member, pair.Value, sourceName + ":" + pair.Key + ".npy");
            }

            if (provenance is not null)
            {
                var entry = archive.CreateEntry(ProvenanceMember, compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var member = entry.Open();
                var bytes = new UTF8Encoding(false).GetBytes(provenance);
                member.Write(bytes, 0, bytes.Length);
            }
        }

        /// <summary>As <see cref="Write(string, IEnumerable{KeyValuePair{string, Tensor}}, bool, bool)"/>, stopping with
        /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled (checked before
        /// every 1 MiB and before the final rename): a cancelled write leaves the old file as it was, or none, and no
        /// temporary file.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="tensors">Name and tensor pairs, written in this order.</param>
        /// <param name="compress">Deflate the members.</param>
        /// <param name="overwriteReadOnly">Replace a read-only file.</param>
        /// <param name="cancellationToken">Stops the write when cancelled.</param>
        /// <exception cref="InitializerException">As <see cref="Write(string, IEnumerable{KeyValuePair{string, Tensor}}, bool, bool)"/>.</exception>
        public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, bool compress, bool overwriteReadOnly, CancellationToken cancellationToken)
        {
            using (Cancellation.Use(cancellationToken))
            {
                Write(path, tensors, compress, overwriteReadOnly);
            }
        }

        /// <summary>Adds the member <c>NAME.npy</c>, deflated or stored, dated as numpy dates its members.</summary>
        internal static ZipArchiveEntry CreateMember(ZipArchive archive, string name, bool compress)
        {
            var entry = archive.CreateEntry(name + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);

            // numpy's members carry ZipInfo's default date, 1980-01-01 00:00, which keeps archives reproducible.
            entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
            return entry;
        }

        private static void CheckDeclaredSize(ZipArchiveEntry entry, long maxMemberBytes, string source)
        {
            var declared = entry.Length;
            var compressed = entry.CompressedLength;
            var possible = compressed > long.MaxValue / MaxDeflateRatio ? long.MaxValue : (compressed * MaxDeflateRatio) + 1024;
            if (declared > possible)
            {
                throw Npy.Error(
                    "NpzMemberTooLarge",
                    ErrorKind.InvalidData,
                    $"'{source}' declares {declared} uncompressed bytes from {compressed} compressed ones, more than deflate can produce (a zip bomb or a corrupt archive); it is not inflated.",
                    declared,
                    source);
            }

            if (declared > maxMemberBytes)
            {
                throw Npy.Error(
                    "NpzMemberTooLarge",
                    ErrorKind.LimitsExceeded,
                    $"'{source}' declares {declared} uncompressed bytes, more than the limit of {maxMemberBytes}; it is not inflated.",
                    declared,
                    source);
            }
        }

        /// <summary>The provenance member as UTF-8 text, its CRC-32 checked as a tensor member's is.</summary>
        private static string ReadText(ZipArchiveEntry entry, string source) => ReadChecked(entry, source, member =>
        {
            try
            {
                using var text = new StreamReader(member, new UTF8Encoding(false, true), false, 4096, leaveOpen: true);
                return text.ReadToEnd();
            }
            catch (DecoderFallbackException ex)
            {
                throw new InitializerException("NpzInvalid", ErrorKind.InvalidData, $"'{source}' is not UTF-8 text: {ex.Message}", source, ex) { SourceName = source };
            }
        });

        private static Tensor ReadMember(ZipArchiveEntry entry, string source) => ReadChecked(entry, source, member => Npy.Read(member, entry.Length, source));

        /// <summary>Reads a member through <paramref name="read"/>, at most its declared size, then to its end, and
        /// checks its CRC-32.</summary>
        private static T ReadChecked<T>(ZipArchiveEntry entry, string source, Func<Stream, T> read)
        {
            try
            {
                using var member = new BoundedReadStream(entry.Open(), entry.Length, source);
                var result = read(member);

                // Read to the end and check the CRC-32 ourselves: ZipArchive does not (a changed byte went unnoticed
                // on .NET 10). The netstandard2.0 build cannot see the entry's CRC and skips this check.
                var rest = new byte[81920];
                while (member.Read(rest, 0, rest.Length) > 0)
                {
                }
#if NET
                if (member.Crc != entry.Crc32)
                {
                    throw Npy.Error("NpzInvalid", ErrorKind.InvalidData, $"'{source}' is corrupt: its CRC-32 is {member.Crc:x8}, the archive says {entry.Crc32:x8}.", entry.Crc32, source);
                }
#endif

                return result;
            }
            catch (InvalidDataException ex)
            {
                throw new InitializerException("NpzInvalid", ErrorKind.InvalidData, $"'{source}' cannot be read: {ex.Message}", source, ex) { SourceName = source };
            }
        }

        /// <summary>A read-only view of an inflating stream that computes the CRC-32 of the bytes it hands out and
        /// refuses (NpzInvalid) any beyond the member's declared uncompressed size.</summary>
        private sealed class BoundedReadStream : Stream
        {
            private readonly Stream inner;
            private readonly long limit;
            private readonly string source;
            private long count;
            private uint crc = Crc32.Start;

            public BoundedReadStream(Stream inner, long limit, string source)
            {
                this.inner = inner;
                this.limit = limit;
                this.source = source;
            }

            /// <summary>The CRC-32 (zip's polynomial) of the bytes read so far.</summary>
            public uint Crc => Crc32.Finish(crc);

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => count;
                set => throw new NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int length)
            {
                var n = inner.Read(buffer, offset, length);
                count += n;
                if (count > limit)
                {
                    throw Npy.Error("NpzInvalid", ErrorKind.InvalidData, $"'{source}' inflates to more bytes than the {limit} it declares.", limit, source);
                }

                crc = Crc32.Update(crc, buffer, offset, n);

                return n;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int length) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
