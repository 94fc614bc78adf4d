using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace Initializers.IO
{
    /// <summary>Writes a copy of a Keras <c>.keras</c> archive (a zip file) with a new <c>config.json</c>, in which
    /// every other member keeps its exact bytes. The copy is made at the
    /// zip record level: each other member's local header, compressed data and data descriptor are copied raw, in the
    /// same order, under the same names; the central directory is copied with only the offsets changed (and, for
    /// <c>config.json</c>, its CRC-32, sizes and flags). <c>config.json</c> keeps its compression method (stored, as
    /// Keras writes it, or deflated), time stamp and extra fields. ZIP64 archives (4 GiB and more) are refused.</summary>
    public static class KerasArchive
    {
        /// <summary>The member holding the model config.</summary>
        public const string ConfigMember = "config.json";

        private const uint LocalHeaderSignature = 0x04034b50;
        private const uint CentralHeaderSignature = 0x02014b50;
        private const uint EndSignature = 0x06054b50;

        /// <summary>Writes <paramref name="destination"/> (atomically, through <see cref="AtomicFile"/>): a copy of
        /// <paramref name="source"/> whose <c>config.json</c> holds <paramref name="config"/> (UTF-8, no byte order mark)
        /// and whose other members are byte-identical. <paramref name="destination"/> may be <paramref name="source"/>.</summary>
        /// <param name="source">The <c>.keras</c> file to copy.</param>
        /// <param name="destination">The file to create or replace.</param>
        /// <param name="config">The new text of <c>config.json</c>.</param>
        /// <param name="overwriteReadOnly">Replace a read-only destination (PowerShell's <c>-Force</c>).</param>
        /// <exception cref="InitializerException"><c>FileNotFound</c> or <c>FileReadFailed</c> for
        /// <paramref name="source"/>; <c>KerasArchiveInvalid</c> for a file that is not a zip, a corrupt one (a
        /// <c>config.json</c> that fails its CRC-32 included) or one with members compressed other than stored or
        /// deflated; <c>KerasArchiveNoConfig</c> when it has no <c>config.json</c>; <c>KerasArchiveZip64</c>; the errors
        /// of <see cref="AtomicFile.Write"/>.</exception>
        public static void WriteWithConfig(string source, string destination, string config, bool overwriteReadOnly = false)
        {
            var newData = new UTF8Encoding(false).GetBytes(config);
            using var file = Open(source);
            var archive = ReadDirectory(file, source);
            var configEntry = archive.Entries.Find(e => e.Name == ConfigMember) ?? throw Missing(source);
            var localHeader = ReadHeader(file, configEntry, source);
            var method = Read16(localHeader, 8);
            var stored = method == 0 ? newData : Deflate(newData);
            var crc = Crc32.Compute(newData, 0, newData.Length);

            AtomicFile.Write(destination, output =>
            {
                var offsets = new long[archive.Entries.Count];
                for (var i = 0; i < archive.Entries.Count; i++)
                {
                    var entry = archive.Entries[i];
                    offsets[i] = output.Position;
                    if (ReferenceEquals(entry, configEntry))
                    {
                        var header = (byte[])localHeader.Clone();
                        Write16(header, 6, (ushort)(Read16(header, 6) & ~0x0008)); // sizes in the header, no data descriptor
                        Write32(header, 14, crc);
                        Write32(header, 18, (uint)stored.Length);
                        Write32(header, 22, (uint)newData.Length);
                        output.Write(header, 0, header.Length);
                        output.Write(stored, 0, stored.Length);
                    }
                    else
                    {
                        Copy(file, entry.LocalOffset, entry.RegionEnd - entry.LocalOffset, output, source);
                    }
                }

                var directoryStart = output.Position;
                for (var i = 0; i < archive.Entries.Count; i++)
                {
                    var entry = archive.Entries[i];
                    var record = (byte[])entry.Record.Clone();
                    if (offsets[i] > uint.MaxValue)
                    {
                        throw Zip64(source);
                    }

                    Write32(record, 42, (uint)offsets[i]);
                    if (ReferenceEquals(entry, configEntry))
                    {
                        Write16(record, 8, (ushort)(Read16(record, 8) & ~0x0008));
                        Write32(record, 16, crc);
                        Write32(record, 20, (uint)stored.Length);
                        Write32(record, 24, (uint)newData.Length);
                    }

                    output.Write(record, 0, record.Length);
                }

                var end = (byte[])archive.End.Clone();
                Write32(end, 12, (uint)(output.Position - directoryStart));
                Write32(end, 16, (uint)directoryStart);
                output.Write(end, 0, end.Length);
            }, overwriteReadOnly);
        }

        private static FileStream Open(string path)
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            }
            catch (FileNotFoundException ex)
            {
                throw new InitializerException("FileNotFound", ErrorKind.ObjectNotFound, $"Cannot find the file '{path}'.", path, ex) { SourceName = path };
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InitializerException("FileReadFailed", ErrorKind.ReadError, $"Cannot read '{path}': {ex.Message}", path, ex) { SourceName = path };
            }
        }

        /// <summary>Finds the end record and reads the central directory.</summary>
        private static Archive ReadDirectory(FileStream file, string path)
        {
            var tailLength = (int)Math.Min(file.Length, 22 + 65535);
            var tail = ReadAt(file, file.Length - tailLength, tailLength, path);
            var at = -1;
            for (var i = tailLength - 22; i >= 0; i--)
            {
                if (Read32(tail, i) == EndSignature && i + 22 + Read16(tail, i + 20) == tailLength)
                {
                    at = i;
                    break;
                }
            }

            if (at < 0)
            {
                throw Invalid(path, "it is not a zip archive (no end of central directory record)");
            }

            var end = new byte[tailLength - at];
            Array.Copy(tail, at, end, 0, end.Length);
            int count = Read16(end, 10);
            var size = Read32(end, 12);
            var offset = Read32(end, 16);
            if (count == 0xFFFF || size == 0xFFFFFFFF || offset == 0xFFFFFFFF)
            {
                throw Zip64(path);
            }

            if (Read16(end, 4) != 0 || Read16(end, 6) != 0 || Read16(end, 8) != count)
            {
                throw Invalid(path, "it spans several disks");
            }

            var endOffset = file.Length - tailLength + at;
            if (offset + size > endOffset)
            {
                throw Invalid(path, "its central directory lies outside the file");
            }

            var directory = ReadAt(file, offset, (int)size, path);
            var entries = new List<Entry>();
            var position = 0;
            for (var i = 0; i < count; i++)
            {
                if (position + 46 > directory.Length || Read32(directory, position) != CentralHeaderSignature)
                {
                    throw Invalid(path, $"central directory record {i} is damaged");
                }

                var length = 46 + Read16(directory, position + 28) + Read16(directory, position + 30) + Read16(directory, position + 32);
                if (position + length > directory.Length)
                {
                    throw Invalid(path, $"central directory record {i} is damaged");
                }

                var record = new byte[length];
                Array.Copy(directory, position, record, 0, length);
                var name = Encoding.UTF8.GetString(record, 46, Read16(record, 28));
                var local = Read32(record, 42);
                if (Read32(record, 20) == 0xFFFFFFFF || Read32(record, 24) == 0xFFFFFFFF || local == 0xFFFFFFFF)
                {
                    throw Zip64(path);
                }

                entries.Add(new Entry(name, record, local));
                position += length;
            }

            // Each member's bytes run from its local header to the next member's (or to the central directory).
            var byOffset = new List<Entry>(entries);
            byOffset.Sort((a, b) => a.LocalOffset.CompareTo(b.LocalOffset));
            for (var i = 0; i < byOffset.Count; i++)
            {
                byOffset[i].RegionEnd = i + 1 < byOffset.Count ? byOffset[i + 1].LocalOffset : offset;
                if (i + 1 < byOffset.Count && byOffset[i + 1].LocalOffset == byOffset[i].LocalOffset)
                {
                    throw Invalid(path, $"members '{byOffset[i].Name}' and '{byOffset[i + 1].Name}' share their data");
                }
            }

            return new Archive(entries, end);
        }

        /// <summary>The local header of a member, after checking that its data inflates to its CRC-32.</summary>
        private static byte[] ReadHeader(FileStream file, Entry entry, string path)
        {
            var fixedPart = ReadAt(file, entry.LocalOffset, 30, path);
            if (Read32(fixedPart, 0) != LocalHeaderSignature)
            {
                throw Invalid(path, $"the local header of '{entry.Name}' is damaged");
            }

            var headerLength = 30 + Read16(fixedPart, 26) + Read16(fixedPart, 28);
            var header = ReadAt(file, entry.LocalOffset, headerLength, path);
            var method = Read16(entry.Record, 10);
            var compressedSize = Read32(entry.Record, 20);
            var size = Read32(entry.Record, 24);
            if (size > 256L * 1024 * 1024 || compressedSize > entry.RegionEnd - entry.LocalOffset - headerLength)
            {
                throw Invalid(path, $"'{entry.Name}' declares {size} bytes, which do not fit");
            }

            var compressed = ReadAt(file, entry.LocalOffset + headerLength, (int)compressedSize, path);
            byte[] data;
            if (method == 0)
            {
                data = compressed;
            }
            else if (method == 8)
            {
                data = new byte[size];
                try
                {
                    using var inflate = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
                    var read = 0;
                    int n;
                    while (read < data.Length && (n = inflate.Read(data, read, data.Length - read)) > 0)
                    {
                        read += n;
                    }

                    if (read != data.Length || inflate.ReadByte() >= 0)
                    {
                        throw Invalid(path, $"'{entry.Name}' does not inflate to the {size} bytes it declares");
                    }
                }
                catch (InvalidDataException ex)
                {
                    throw Invalid(path, $"'{entry.Name}' cannot be inflated ({ex.Message})");
                }
            }
            else
            {
                throw Invalid(path, $"'{entry.Name}' uses compression method {method}; only stored (0) and deflated (8) are read");
            }

            if (Crc32.Compute(data, 0, data.Length) != Read32(entry.Record, 16))
            {
                throw Invalid(path, $"'{entry.Name}' fails its CRC-32 check");
            }

            return header;
        }

        private static byte[] Deflate(byte[] data)
        {
            using var buffer = new MemoryStream();
            using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            {
                deflate.Write(data, 0, data.Length);
            }

            return buffer.ToArray();
        }

        private static byte[] ReadAt(FileStream file, long offset, int count, string path)
        {
            if (offset < 0 || offset + count > file.Length)
            {
                throw Invalid(path, "a record points past the end of the file");
            }

            var buffer = new byte[count];
            file.Position = offset;
            var read = 0;
            int n;
            while (read < count && (n = file.Read(buffer, read, count - read)) > 0)
            {
                read += n;
            }

            return buffer;
        }

        private static void Copy(FileStream file, long offset, long count, Stream output, string path)
        {
            if (offset + count > file.Length)
            {
                throw Invalid(path, "a record points past the end of the file");
            }

            file.Position = offset;
            var buffer = new byte[81920];
            while (count > 0)
            {
                var n = file.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
                if (n <= 0)
                {
                    throw Invalid(path, "the file ended early");
                }

                output.Write(buffer, 0, n);
                count -= n;
            }
        }

        private static ushort Read16(byte[] b, int i) => (ushort)(b[i] | (b[i + 1] << 8));

        private static uint Read32(byte[] b, int i) => (uint)(b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));

        private static void Write16(byte[] b, int i, ushort value)
        {
            b[i] = (byte)value;
            b[i + 1] = (byte)(value >> 8);
        }

        private static void Write32(byte[] b, int i, uint value)
        {
            for (var k = 0; k < 4; k++)
            {
                b[i + k] = (byte)(value >> (8 * k));
            }
        }

        private static InitializerException Invalid(string path, string why) =>
            new("KerasArchiveInvalid", ErrorKind.InvalidData, $"'{path}' is not a readable .keras archive: {why}.", path) { SourceName = path };

        private static InitializerException Missing(string path) =>
            new("KerasArchiveNoConfig", ErrorKind.InvalidData, $"'{path}' has no {ConfigMember} member, so it is not a .keras model archive.", path) { SourceName = path };

        private static InitializerException Zip64(string path) =>
            new("KerasArchiveZip64", ErrorKind.InvalidData, $"'{path}' is a ZIP64 archive (4 GiB or more); rewriting those is not supported.", path) { SourceName = path };

        /// <summary>A central directory entry: its raw record, name, local header offset and where its bytes end.</summary>
        private sealed class Entry
        {
            public Entry(string name, byte[] record, long localOffset)
            {
                Name = name;
                Record = record;
                LocalOffset = localOffset;
            }

            public string Name { get; }

            public byte[] Record { get; }

            public long LocalOffset { get; }

            public long RegionEnd { get; set; }
        }

        private sealed class Archive
        {
            public Archive(List<Entry> entries, byte[] end)
            {
                Entries = entries;
                End = end;
            }

            public List<Entry> Entries { get; }

            /// <summary>The raw end of central directory record, comment included.</summary>
            public byte[] End { get; }
        }
    }
}
