using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace Initializers.IO
{
    /// <summary>numpy's <c>.npz</c> format: a zip archive of .npy members, one per named tensor (<c>np.savez</c> stores
    /// them, <c>np.savez_compressed</c> deflates them). The name of a tensor is its member name without <c>.npy</c>.
    /// Members whose names do not end in <c>.npy</c>, and the archive comment, are ignored on read; names are keys only,
    /// never paths (nothing is extracted).</summary>
    /// <remarks>Each member goes through <see cref="Npy"/>, checked against the member's own uncompressed size. Before a
    /// member is inflated, its declared size is checked against what deflate can produce from its compressed size
    /// (at most <see cref="MaxDeflateRatio"/> to 1) and against the caller's limit: either failing is NpzMemberTooLarge.
    /// A duplicate tensor name is NpzDuplicateMember; a file that is not a zip is NpzInvalid; an archive or member
    /// that is cut short is NpyTruncated or NpzInvalid.</remarks>
    public static class Npz
    {
        /// <summary>The most bytes deflate can expand one compressed byte into (its theoretical limit is about 1032:1).</summary>
        public const long MaxDeflateRatio = 1032;

        /// <summary>Reads the tensors of the .npz file at <paramref name="path"/>, in archive order.</summary>
        /// <param name="path">The .npz file.</param>
        /// <param name="select">Which tensor names to read (null: all); members not selected are not inflated.</param>
        /// <param name="maxMemberBytes">The largest uncompressed member accepted, in bytes.</param>
        /// <returns>Name and tensor pairs, in archive order.</returns>
        /// <exception cref="InitializerException">See the remarks on <see cref="Npz"/> and <see cref="Npy"/>.</exception>
        public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(string path, Func<string, bool>? select = null, long maxMemberBytes = long.MaxValue)
        {
            using var file = Npy.OpenRead(path);
            ZipArchive archive;
            try
            {
                archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (InvalidDataException ex)
            {
                throw new InitializerException("NpzInvalid", ErrorKind.InvalidData, $"'{file.Name}' is not a valid .npz (zip) archive: {ex.Message}", file.Name, ex) { SourceName = file.Name };
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
                    throw new InitializerException("NpzInvalid", ErrorKind.InvalidData, $"'{file.Name}' is not a valid .npz (zip) archive: {ex.Message}", file.Name, ex) { SourceName = file.Name };
                }

                foreach (var entry in entries)
                {
                    if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var name = entry.FullName.Substring(0, entry.FullName.Length - 4);
                    var source = file.Name + ":" + entry.FullName;
                    if (!names.Add(name))
                    {
                        throw Npy.Error("NpzDuplicateMember", ErrorKind.InvalidData, $"'{file.Name}' holds the member '{entry.FullName}' twice; which one is meant is ambiguous.", name, file.Name);
                    }

                    if (select is not null && !select(name))
                    {
                        continue;
                    }

                    CheckDeclaredSize(entry, maxMemberBytes, source);
                    result.Add(new KeyValuePair<string, Tensor>(name, ReadMember(entry, source)));
                }

                return result;
            }
        }

        /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> as one .npz archive (each a member
        /// <c>NAME.npy</c> written as <see cref="Npy"/> writes a file), through <see cref="AtomicFile"/>.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="tensors">Name and tensor pairs, written in this order; names must be unique and not empty.</param>
        /// <param name="compress">Deflate the members (<c>np.savez_compressed</c>); stored otherwise (<c>np.savez</c>).</param>
        /// <param name="overwriteReadOnly">Replace a read-only file.</param>
        /// <exception cref="InitializerException">NpzDuplicateMember, InvalidArgument for an empty name, the dtype errors of
        /// <see cref="Npy.Write(Stream, Tensor, string)"/>, or one of <see cref="AtomicFile.Write"/>'s errors.</exception>
        public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, bool compress = false, bool overwriteReadOnly = false)
        {
            if (tensors is null)
            {
                throw new ArgumentNullException(nameof(tensors));
            }

            var list = new List<KeyValuePair<string, Tensor>>(tensors);
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

                if (pair.Value is null)
                {
                    throw new ArgumentNullException(nameof(tensors), $"The tensor '{pair.Key}' is null.");
                }

                // Refuse an unsupported dtype before the temporary file exists.
                if (pair.Value.DType == DType.BFloat16)
                {
                    NpyDescr.For(pair.Value.DType, 0, path);
                }
            }

            AtomicFile.Write(
                path,
                stream =>
                {
                    using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
                    foreach (var pair in list)
                    {
                        var entry = archive.CreateEntry(pair.Key + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);

                        // numpy's members carry ZipInfo's default date, 1980-01-01 00:00, which keeps archives reproducible.
                        entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                        using var member = entry.Open();
                        Npy.Write(member, pair.Value, path + ":" + pair.Key + ".npy");
                    }
                },
                overwriteReadOnly);
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

        private static Tensor ReadMember(ZipArchiveEntry entry, string source)
        {
            try
            {
                using var member = entry.Open();
                var tensor = Npy.Read(member, entry.Length, source);

                // Read to the end so that ZipArchive checks the CRC, counting the bytes ourselves: never more than declared.
                var rest = new byte[81920];
                long extra = 0;
                int n;
                while ((n = member.Read(rest, 0, rest.Length)) > 0)
                {
                    extra += n;
                    if (extra > entry.Length)
                    {
                        throw Npy.Error("NpzInvalid", ErrorKind.InvalidData, $"'{source}' inflates to more bytes than the {entry.Length} it declares.", entry.Length, source);
                    }
                }

                return tensor;
            }
            catch (InvalidDataException ex)
            {
                throw new InitializerException("NpzInvalid", ErrorKind.InvalidData, $"'{source}' cannot be read: {ex.Message}", source, ex) { SourceName = source };
            }
        }
    }
}
