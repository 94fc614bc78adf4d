using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary><see cref="KerasArchive.WriteWithConfig"/> at the byte level of the zip format (PKWARE APPNOTE 4.3): the
    /// archives are built by hand here, so the expected output (local headers, data descriptors dropped for config.json,
    /// CRC-32, sizes, offsets, central directory order, end record and comments) is known byte for byte, and every
    /// damaged or unsupported field is refused with the file's name and what is wrong.</summary>
    public sealed class KerasArchiveLayoutTests : IDisposable
    {
        private const string OldConfig = "{\"class_name\": \"Sequential\", \"config\": {}}";
        private const string NewConfig = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"r\u00e9seau\", \"seed\": 7}}";
        private readonly string dir = Directory.CreateTempSubdirectory("init-keras-layout-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [Fact]
        public void TheTestsCrc32IsZipsCrc32()
        {
            // The check value of CRC-32/ISO-HDLC (zip's), from the catalogue of parametrised CRC algorithms.
            Assert.Equal(0xCBF43926u, Crc(Encoding.ASCII.GetBytes("123456789")));
        }

        [Fact]
        public void AStoredConfigWithADataDescriptorIsRewrittenWithItsSizesInTheHeaderAndEveryOtherByteKept()
        {
            var members = new[]
            {
                Stored("metadata.json", Encoding.ASCII.GetBytes("{\"keras_version\": \"3.5.0\"}")) with { Flags = 0x0008, Descriptor = true, LocalExtra = Extra(0xCAFE, 3) },
                Stored(KerasArchive.ConfigMember, Encoding.ASCII.GetBytes(OldConfig)) with
                {
                    Flags = 0x0808, Descriptor = true, LocalExtra = Extra(0xCAFD, 5), CentralExtra = Extra(0xCAFC, 1), Comment = Encoding.ASCII.GetBytes("the model"),
                },
                Stored("model.weights.h5", Weights(70000)) with { Time = 0xBF7D, Date = 0x5B9F },
            };
            var source = Save("d.keras", Build(members, comment: Encoding.ASCII.GetBytes("saved by keras")));
            var destination = Path.Combine(dir, "d2.keras");

            KerasArchive.WriteWithConfig(source, destination, NewConfig);

            var expected = Build(new[] { members[0], Replaced(members[1], Utf8(NewConfig)), members[2] }, comment: Encoding.ASCII.GetBytes("saved by keras"));
            Assert.Equal(expected.Bytes, File.ReadAllBytes(destination));
            AssertReadable(destination, members.Select(m => m.Name).ToArray(), NewConfig);
        }

        [Fact]
        public void MembersAreWrittenInCentralDirectoryOrderEachWithItsOwnBytes()
        {
            // Local order a, config, b; the central directory lists b, config, a: the output follows the directory.
            var a = Stored("a.bin", Weights(300)) with { Flags = 0x0008, Descriptor = true };
            var config = Stored(KerasArchive.ConfigMember, Encoding.ASCII.GetBytes(OldConfig));
            var b = Stored("assets/b.txt", Encoding.ASCII.GetBytes("b\n")) with { Comment = Encoding.ASCII.GetBytes("asset") };
            var source = Save("o.keras", Build(new[] { a, config, b }, order: new[] { 2, 1, 0 }));
            var destination = Path.Combine(dir, "o2.keras");

            KerasArchive.WriteWithConfig(source, destination, NewConfig);

            Assert.Equal(Build(new[] { b, Replaced(config, Utf8(NewConfig)), a }).Bytes, File.ReadAllBytes(destination));
            AssertReadable(destination, new[] { "assets/b.txt", "config.json", "a.bin" }, NewConfig);
        }

        [Fact]
        public void ADeflatedConfigStaysDeflatedWithItsCrcAndBothSizes()
        {
            var old = Encoding.ASCII.GetBytes(OldConfig + new string(' ', 200));
            var config = new Member(KerasArchive.ConfigMember, old, Deflate(old)) { Method = 8, Flags = 0x0008, Descriptor = true, LocalExtra = Extra(0xCAFB, 11) };
            var weights = Weights(5000);
            var other = new Member("model.weights.h5", weights, Deflate(weights)) { Method = 8, Flags = 0x0002 };
            var source = Save("z.keras", Build(new[] { config, other }));
            var destination = Path.Combine(dir, "z2.keras");
            var text = NewConfig + new string('x', 500);

            KerasArchive.WriteWithConfig(source, destination, text);

            var bytes = File.ReadAllBytes(destination);
            Assert.Equal(0x04034b50u, U32(bytes, 0));
            Assert.Equal(0, U16(bytes, 6));
            Assert.Equal(8, U16(bytes, 8));
            Assert.Equal(Crc(Utf8(text)), U32(bytes, 14));
            var compressedSize = (int)U32(bytes, 18);
            Assert.Equal((uint)Utf8(text).Length, U32(bytes, 22));
            Assert.True(compressedSize < Utf8(text).Length, $"{compressedSize} bytes of deflated text");
            var payload = bytes.Skip(30 + config.Name.Length + config.LocalExtra.Length).Take(compressedSize).ToArray();
            Assert.Equal(Utf8(text), Inflate(payload));
            Assert.Equal(Build(new[] { Replaced(config, Utf8(text)) with { Payload = payload }, other }).Bytes, bytes);
            AssertReadable(destination, new[] { "config.json", "model.weights.h5" }, text);
        }

        [Fact]
        public void TheSourceCanBeTheDestination()
        {
            var members = new[] { Stored(KerasArchive.ConfigMember, Encoding.ASCII.GetBytes(OldConfig)), Stored("model.weights.h5", Weights(1000)) };
            var path = Save("same.keras", Build(members));

            KerasArchive.WriteWithConfig(path, path, NewConfig);

            Assert.Equal(Build(new[] { Replaced(members[0], Utf8(NewConfig)), members[1] }).Bytes, File.ReadAllBytes(path));
        }

        [Fact]
        public void ALastCentralRecordOfExactly46BytesIsRead()
        {
            // A member with an empty name, no extra field and no comment: its central record is the bare 46 bytes and
            // ends exactly where the central directory ends.
            var members = new[] { Stored(KerasArchive.ConfigMember, Encoding.ASCII.GetBytes(OldConfig)), Stored(string.Empty, Encoding.ASCII.GetBytes("x")) };
            var source = Save("bare.keras", Build(members));
            var destination = Path.Combine(dir, "bare2.keras");

            KerasArchive.WriteWithConfig(source, destination, NewConfig);

            Assert.Equal(Build(new[] { Replaced(members[0], Utf8(NewConfig)), members[1] }).Bytes, File.ReadAllBytes(destination));
        }

        [Fact]
        public void AnEndRecordIsFoundBehindTheLongestCommentAndNotInsideIt()
        {
            // The comment holds a false end record signature, and fills the 65535 bytes the comment length allows, so
            // the real record is the first byte of the 65557 the reader searches.
            var comment = new byte[65535];
            for (var i = 0; i < comment.Length; i++)
            {
                comment[i] = (byte)'c';
            }

            Encoding.ASCII.GetBytes("PK\u0005\u0006").CopyTo(comment, 1000);
            Encoding.ASCII.GetBytes("PK\u0005\u0006").CopyTo(comment, comment.Length - 22);
            comment[comment.Length - 2] = 0;
            comment[comment.Length - 1] = 1;
            var members = new[] { Stored("metadata.json", Encoding.ASCII.GetBytes("{}")), Stored(KerasArchive.ConfigMember, Encoding.ASCII.GetBytes(OldConfig)) };
            var source = Save("c.keras", Build(members, comment: comment));
            var destination = Path.Combine(dir, "c2.keras");

            KerasArchive.WriteWithConfig(source, destination, NewConfig);

            Assert.Equal(Build(new[] { members[0], Replaced(members[1], Utf8(NewConfig)) }, comment: comment).Bytes, File.ReadAllBytes(destination));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(21)]
        public void AFileWithoutAnEndRecordIsNotAZip(int length)
        {
            var bytes = Enumerable.Range(0, length).Select(i => (byte)"PK\u0005\u0006"[i % 4]).ToArray();
            AssertRefused(Save("short.keras", bytes), "KerasArchiveInvalid", "no end of central directory record");
        }

        [Theory]
        [InlineData(10, 2)]
        [InlineData(12, 4)]
        [InlineData(16, 4)]
        public void ZipSixtyFourMarkersInTheEndRecordAreRefused(int field, int width)
        {
            var zip = Valid();
            Fill(zip.Bytes, zip.End + field, width, 0xFF);
            if (field == 10)
            {
                Fill(zip.Bytes, zip.End + 8, 2, 0xFF);
            }

            AssertRefused(Save("z64.keras", zip.Bytes), "KerasArchiveZip64", "ZIP64 archive");
        }

        [Theory]
        [InlineData(20)]
        [InlineData(24)]
        [InlineData(42)]
        public void ZipSixtyFourMarkersInACentralRecordAreRefused(int field)
        {
            var zip = Valid();
            Fill(zip.Bytes, zip.Central[1] + field, 4, 0xFF);
            AssertRefused(Save("z64c.keras", zip.Bytes), "KerasArchiveZip64", "ZIP64 archive");
        }

        [Theory]
        [InlineData(4, 1)]
        [InlineData(6, 1)]
        [InlineData(8, 2)]
        public void AnArchiveOnSeveralDisksIsRefused(int field, int value)
        {
            var zip = Valid();
            Put16(zip.Bytes, zip.End + field, value);
            AssertRefused(Save("disks.keras", zip.Bytes), "KerasArchiveInvalid", "it spans several disks");
        }

        [Theory]
        [InlineData(12)]
        [InlineData(16)]
        public void ACentralDirectoryReachingPastTheEndRecordIsRefused(int field)
        {
            var zip = Valid();
            Put32(zip.Bytes, zip.End + field, U32(zip.Bytes, zip.End + field) + 1);
            AssertRefused(Save("outside.keras", zip.Bytes), "KerasArchiveInvalid", "its central directory lies outside the file");
        }

        [Fact]
        public void MoreRecordsThanTheDirectoryHoldsNameTheMissingRecord()
        {
            var zip = Valid();
            Put16(zip.Bytes, zip.End + 8, 4);
            Put16(zip.Bytes, zip.End + 10, 4);
            AssertRefused(Save("count.keras", zip.Bytes), "KerasArchiveInvalid", "central directory record 3 is damaged");
        }

        [Fact]
        public void ACentralRecordWithoutItsSignatureIsNamedByIndex()
        {
            var zip = Valid();
            zip.Bytes[zip.Central[1] + 3] = 0x03;
            AssertRefused(Save("sig.keras", zip.Bytes), "KerasArchiveInvalid", "central directory record 1 is damaged");
        }

        [Fact]
        public void ACentralRecordLongerThanTheDirectoryIsNamedByIndex()
        {
            var zip = Valid();
            Put16(zip.Bytes, zip.Central[2] + 32, 100);
            AssertRefused(Save("long.keras", zip.Bytes), "KerasArchiveInvalid", "central directory record 2 is damaged");
        }

        [Fact]
        public void TwoMembersAtOneOffsetAreRefusedByName()
        {
            var zip = Valid();
            Put32(zip.Bytes, zip.Central[2] + 42, U32(zip.Bytes, zip.Central[0] + 42));
            var error = AssertRefused(Save("shared.keras", zip.Bytes), "KerasArchiveInvalid", "share their data");
            Assert.Contains("'metadata.json'", error.Message);
            Assert.Contains("'model.weights.h5'", error.Message);
        }

        [Fact]
        public void AConfigWhoseLocalHeaderLacksItsSignatureIsRefused()
        {
            var zip = Valid();
            zip.Bytes[zip.Local[1]] = (byte)'Q';
            AssertRefused(Save("local.keras", zip.Bytes), "KerasArchiveInvalid", "the local header of 'config.json' is damaged");
        }

        [Fact]
        public void AConfigOffsetPastTheEndOfTheFileIsRefused()
        {
            var zip = Valid();
            Put32(zip.Bytes, zip.Central[1] + 42, (uint)zip.Bytes.Length + 100);
            AssertRefused(Save("past.keras", zip.Bytes), "KerasArchiveInvalid", "a record points past the end of the file");
        }

        [Fact]
        public void AnotherMemberPastTheEndOfTheFileIsRefusedAndNothingIsWritten()
        {
            var zip = Valid();
            Put32(zip.Bytes, zip.Central[0] + 42, (uint)zip.Bytes.Length + 10);
            Put32(zip.Bytes, zip.Central[2] + 42, (uint)zip.Bytes.Length + 20);
            AssertRefused(Save("past2.keras", zip.Bytes), "KerasArchiveInvalid", "a record points past the end of the file");
        }

        [Fact]
        public void AConfigDeclaringMoreBytesThanItsRegionHoldsIsRefused()
        {
            var zip = Valid();
            Put32(zip.Bytes, zip.Central[1] + 20, U32(zip.Bytes, zip.Central[1] + 20) + 1);
            AssertRefused(Save("big.keras", zip.Bytes), "KerasArchiveInvalid", $"'config.json' declares {OldConfig.Length} bytes, which do not fit");
        }

        [Fact]
        public void AConfigDeclaringMoreThan256MiBIsRefused()
        {
            var zip = Valid();
            Put32(zip.Bytes, zip.Central[1] + 24, (256u * 1024 * 1024) + 1);
            AssertRefused(Save("huge.keras", zip.Bytes), "KerasArchiveInvalid", "'config.json' declares 268435457 bytes, which do not fit");
        }

        [Theory]
        [InlineData(1, "")]
        [InlineData(-1, "")]
        [InlineData(-1, "\0")]
        public void ADeflatedConfigOfAnotherSizeThanItDeclaresIsRefused(int delta, string last)
        {
            // The last case inflates to one byte more than declared, and that byte is 0.
            var old = Encoding.ASCII.GetBytes(OldConfig + last);
            var config = new Member(KerasArchive.ConfigMember, old, Deflate(old)) { Method = 8 };
            var zip = Build(new[] { config, Stored("model.weights.h5", Weights(10)) });
            Put32(zip.Bytes, zip.Central[0] + 24, (uint)(old.Length + delta));
            AssertRefused(Save("inflate.keras", zip.Bytes), "KerasArchiveInvalid", $"'config.json' does not inflate to the {old.Length + delta} bytes it declares");
        }

        [Fact]
        public void ADeflatedConfigThatIsNotDeflateDataIsRefused()
        {
            var old = Encoding.ASCII.GetBytes(OldConfig);
            var config = new Member(KerasArchive.ConfigMember, old, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }) { Method = 8 };
            AssertRefused(Save("bad-deflate.keras", Build(new[] { config }).Bytes), "KerasArchiveInvalid", "'config.json' cannot be inflated (");
        }

        [Fact]
        public void ACompressionMethodOtherThanStoredOrDeflatedIsRefusedByNumber()
        {
            var config = Stored(KerasArchive.ConfigMember, Encoding.ASCII.GetBytes(OldConfig)) with { Method = 12 };
            AssertRefused(Save("bzip2.keras", Build(new[] { config }).Bytes), "KerasArchiveInvalid", "'config.json' uses compression method 12; only stored (0) and deflated (8) are read");
        }

        [Fact]
        public void AConfigFailingItsCrcIsRefusedByName()
        {
            var zip = Valid();
            zip.Bytes[zip.Central[1] + 19] ^= 0x80;
            AssertRefused(Save("crc.keras", zip.Bytes), "KerasArchiveInvalid", "'config.json' fails its CRC-32 check");
        }

        [Fact]
        public void AMissingSourceIsFileNotFoundAndAFolderIsFileReadFailed()
        {
            AssertRefused(Path.Combine(dir, "absent.keras"), "FileNotFound", "Cannot find the file");
            var folder = Directory.CreateDirectory(Path.Combine(dir, "folder.keras")).FullName;
            AssertRefused(folder, "FileReadFailed", "Cannot read");
        }

        private static Member Stored(string name, byte[] data) => new(name, data, data);

        /// <summary>The member as the rewrite leaves it: new data, sizes in its local header, no data descriptor.</summary>
        private static Member Replaced(Member member, byte[] data) =>
            member with { Data = data, Payload = data, Descriptor = false, Flags = (ushort)(member.Flags & ~0x0008) };

        private static ZipLayout Valid() => Build(new[]
        {
            Stored("metadata.json", Encoding.ASCII.GetBytes("{\"keras_version\": \"3.5.0\"}")),
            Stored(KerasArchive.ConfigMember, Encoding.ASCII.GetBytes(OldConfig)),
            Stored("model.weights.h5", Weights(100)),
        });

        /// <summary>A zip (APPNOTE 4.3.6): the members' local headers and data in the given order, the central directory
        /// in <paramref name="order"/> (indexes into <paramref name="members"/>), then the end record.</summary>
        private static ZipLayout Build(IReadOnlyList<Member> members, int[]? order = null, byte[]? comment = null)
        {
            comment ??= Array.Empty<byte>();
            order ??= Enumerable.Range(0, members.Count).ToArray();
            var output = new List<byte>();
            var local = new int[members.Count];
            for (var i = 0; i < members.Count; i++)
            {
                var m = members[i];
                var name = Encoding.UTF8.GetBytes(m.Name);
                local[i] = output.Count;
                Add32(output, 0x04034b50);
                Add16(output, 20);
                Add16(output, m.Flags);
                Add16(output, m.Method);
                Add16(output, m.Time);
                Add16(output, m.Date);
                Add32(output, m.Descriptor ? 0 : Crc(m.Data));
                Add32(output, m.Descriptor ? 0 : (uint)m.Payload.Length);
                Add32(output, m.Descriptor ? 0 : (uint)m.Data.Length);
                Add16(output, name.Length);
                Add16(output, m.LocalExtra.Length);
                output.AddRange(name);
                output.AddRange(m.LocalExtra);
                output.AddRange(m.Payload);
                if (m.Descriptor)
                {
                    Add32(output, 0x08074b50);
                    Add32(output, Crc(m.Data));
                    Add32(output, (uint)m.Payload.Length);
                    Add32(output, (uint)m.Data.Length);
                }
            }

            var directory = output.Count;
            var central = new int[members.Count];
            foreach (var i in order)
            {
                var m = members[i];
                var name = Encoding.UTF8.GetBytes(m.Name);
                central[i] = output.Count;
                Add32(output, 0x02014b50);
                Add16(output, 0x031E);
                Add16(output, 20);
                Add16(output, m.Flags);
                Add16(output, m.Method);
                Add16(output, m.Time);
                Add16(output, m.Date);
                Add32(output, Crc(m.Data));
                Add32(output, (uint)m.Payload.Length);
                Add32(output, (uint)m.Data.Length);
                Add16(output, name.Length);
                Add16(output, m.CentralExtra.Length);
                Add16(output, m.Comment.Length);
                Add16(output, 0);
                Add16(output, 1);
                Add32(output, 0x81A40000);
                Add32(output, (uint)local[i]);
                output.AddRange(name);
                output.AddRange(m.CentralExtra);
                output.AddRange(m.Comment);
            }

            var end = output.Count;
            Add32(output, 0x06054b50);
            Add16(output, 0);
            Add16(output, 0);
            Add16(output, members.Count);
            Add16(output, members.Count);
            Add32(output, (uint)(end - directory));
            Add32(output, (uint)directory);
            Add16(output, comment.Length);
            output.AddRange(comment);
            return new ZipLayout(output.ToArray(), local, central, end);
        }

        private static void AssertReadable(string path, string[] names, string config)
        {
            using var zip = ZipFile.OpenRead(path);
            Assert.Equal(names, zip.Entries.Select(e => e.FullName).ToArray());
            using var reader = new StreamReader(zip.GetEntry(KerasArchive.ConfigMember)!.Open(), Encoding.UTF8);
            Assert.Equal(config, reader.ReadToEnd());
        }

        private InitializerException AssertRefused(string source, string errorId, string substance)
        {
            var destination = Path.Combine(dir, "refused-output.keras");
            var error = Assert.Throws<InitializerException>(() => KerasArchive.WriteWithConfig(source, destination, NewConfig));
            Assert.Equal(errorId, error.ErrorId);
            Assert.Contains(substance, error.Message);
            Assert.Contains($"'{source}'", error.Message);
            Assert.Equal(source, error.SourceName);
            Assert.False(File.Exists(destination));
            Assert.Empty(Directory.GetFiles(dir, "*.tmp*"));
            return error;
        }

        private string Save(string name, byte[] bytes)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private string Save(string name, ZipLayout zip) => Save(name, zip.Bytes);

        /// <summary>Bytes with high bits set in every position, so no byte of a length or offset is always zero.</summary>
        private static byte[] Weights(int count) => Enumerable.Range(0, count).Select(i => (byte)((i * 7919) ^ (i >> 8))).ToArray();

        private static byte[] Extra(ushort id, int dataLength)
        {
            var extra = new List<byte>();
            Add16(extra, id);
            Add16(extra, dataLength);
            extra.AddRange(Enumerable.Range(1, dataLength).Select(i => (byte)(0xF0 + i)));
            return extra.ToArray();
        }

        private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

        private static byte[] Deflate(byte[] data)
        {
            using var buffer = new MemoryStream();
            using (var deflate = new DeflateStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                deflate.Write(data, 0, data.Length);
            }

            return buffer.ToArray();
        }

        private static byte[] Inflate(byte[] data)
        {
            using var inflate = new DeflateStream(new MemoryStream(data), CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            inflate.CopyTo(buffer);
            return buffer.ToArray();
        }

        /// <summary>CRC-32 bit by bit, polynomial 0xEDB88320 (APPNOTE 4.4.7).</summary>
        private static uint Crc(byte[] data)
        {
            var c = 0xFFFFFFFFu;
            foreach (var b in data)
            {
                c ^= b;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
                }
            }

            return ~c;
        }

        private static void Add16(List<byte> output, int value)
        {
            output.Add((byte)value);
            output.Add((byte)(value >> 8));
        }

        private static void Add32(List<byte> output, uint value)
        {
            for (var k = 0; k < 4; k++)
            {
                output.Add((byte)(value >> (8 * k)));
            }
        }

        private static int U16(byte[] b, int i) => b[i] | (b[i + 1] << 8);

        private static uint U32(byte[] b, int i) => (uint)(b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));

        private static void Put16(byte[] b, int i, int value)
        {
            b[i] = (byte)value;
            b[i + 1] = (byte)(value >> 8);
        }

        private static void Put32(byte[] b, int i, uint value)
        {
            for (var k = 0; k < 4; k++)
            {
                b[i + k] = (byte)(value >> (8 * k));
            }
        }

        private static void Fill(byte[] b, int i, int count, byte value)
        {
            for (var k = 0; k < count; k++)
            {
                b[i + k] = value;
            }
        }

        /// <summary>A member: its uncompressed data, the bytes stored (the same when stored), and its header fields.</summary>
        private sealed record Member(string Name, byte[] Data, byte[] Payload)
        {
            public ushort Method { get; init; }

            public ushort Flags { get; init; }

            public bool Descriptor { get; init; }

            public byte[] LocalExtra { get; init; } = Array.Empty<byte>();

            public byte[] CentralExtra { get; init; } = Array.Empty<byte>();

            public byte[] Comment { get; init; } = Array.Empty<byte>();

            public ushort Time { get; init; } = 0x6B3C;

            public ushort Date { get; init; } = 0x58A1;
        }

        /// <summary>The bytes of an archive and where its records start: local headers and central records by member.</summary>
        private sealed record ZipLayout(byte[] Bytes, int[] Local, int[] Central, int End);
    }
}
