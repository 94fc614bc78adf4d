using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using Initializers.Family;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary>.npz archives built by hand (System.IO.Compression) for what numpy's writer never produces, and the
    /// writer's refusals: each with its ErrorId, its message and the member it names.</summary>
    public sealed class NpzArchiveTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-npz-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        private static byte[] NpyBytes(Tensor tensor)
        {
            using var stream = new MemoryStream();
            Npy.Write(stream, tensor, "m.npy");
            return stream.ToArray();
        }

        private string Archive(params (string Name, byte[] Bytes)[] members)
        {
            var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".npz");
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                foreach (var (name, bytes) in members)
                {
                    using var entry = zip.CreateEntry(name).Open();
                    entry.Write(bytes, 0, bytes.Length);
                }
            }

            return path;
        }

        [Fact]
        public void AMemberNamedTwiceIsAmbiguous()
        {
            var a = NpyBytes(new Ones().Call(new[] { 2 }));
            var path = Archive(("a.npy", a), ("a.npy", a));
            var error = Assert.Throws<InitializerException>(() => Npz.Read(path));
            Assert.Equal("NpzDuplicateMember", error.ErrorId);
            Assert.Equal($"'{path}' holds the member 'a.npy' twice; which one is meant is ambiguous.", error.Message);
        }

        /// <summary>A member that is not .npy is skipped; the provenance member is read as UTF-8 text and attached to the
        /// tensors, and must be UTF-8.</summary>
        [Fact]
        public void OtherMembersAreSkippedAndTheProvenanceMustBeUtf8()
        {
            var a = NpyBytes(new Ones().Call(new[] { 2 }));
            var read = Npz.Read(Archive(("notes.txt", Encoding.ASCII.GetBytes("x")), ("a.npy", a)));
            Assert.Equal("a", Assert.Single(read).Key);

            var path = Archive(("a.npy", a), (Npz.ProvenanceMember, new byte[] { 0x7B, 0xFF, 0x7D }));
            var error = Assert.Throws<InitializerException>(() => Npz.Read(path));
            Assert.Equal("NpzInvalid", error.ErrorId);
            Assert.StartsWith($"'{path}:{Npz.ProvenanceMember}' is not UTF-8 text: ", error.Message);
        }

        [Fact]
        public void AFileThatIsNoZipIsNpzInvalid()
        {
            var path = Path.Combine(dir, "x.npz");
            File.WriteAllText(path, "not a zip");
            var error = Assert.Throws<InitializerException>(() => Npz.Read(path));
            Assert.Equal("NpzInvalid", error.ErrorId);
            Assert.StartsWith($"'{path}' is not a valid .npz (zip) archive: ", error.Message);
            Assert.Equal(path, error.SourceName);
        }

        /// <summary>An archive whose end record is intact but whose central directory is not, and an empty file.</summary>
        [Fact]
        public void ABrokenCentralDirectoryOrAnEmptyFileIsNpzInvalid()
        {
            var path = Path.Combine(dir, "cd.npz");
            Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("a", new Ones().Call(new[] { 2 })) });
            var bytes = File.ReadAllBytes(path);
            var (_, central) = Find(bytes, "a.npy");
            bytes[central] = 0;
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<InitializerException>(() => Npz.Read(path));
            Assert.Equal("NpzInvalid", error.ErrorId);
            Assert.StartsWith($"'{path}' is not a valid .npz (zip) archive: ", error.Message);

            var empty = Path.Combine(dir, "empty.npz");
            File.WriteAllBytes(empty, Array.Empty<byte>());
            var none = Assert.Throws<InitializerException>(() => Npz.Read(empty));
            Assert.Equal("NpzInvalid", none.ErrorId);
            Assert.StartsWith($"'{empty}' is not a valid .npz (zip) archive: ", none.Message);
            Assert.Equal(empty, none.SourceName);
        }

        /// <summary>A member's errors name the archive and the member.</summary>
        [Fact]
        public void ABrokenMemberNamesTheArchiveAndTheMember()
        {
            // The magic is right (0x93 "NUMPY"); the version bytes and header after it are not.
            var path = Archive(("a.npy", new byte[] { 0x93 }.Concat(Encoding.ASCII.GetBytes("NUMPY broken")).ToArray()));
            var error = Assert.Throws<InitializerException>(() => Npz.Read(path));
            Assert.Contains($"'{path}:a.npy'", error.Message);
        }

        /// <summary>The overloads with a cancellation token read and write as the others do, and stop when it is
        /// cancelled, leaving no file.</summary>
        [Fact]
        public void TheCancellableOverloadsReadAndWriteAndStop()
        {
            var path = Path.Combine(dir, "c.npz");
            var tensors = new[] { new KeyValuePair<string, Tensor>("a", new Constant(3).Call(new[] { 2 })) };
            Npz.Write(path, tensors, compress: true, overwriteReadOnly: false, CancellationToken.None);
            var read = Npz.Read(path, null, long.MaxValue, CancellationToken.None);
            Assert.Equal(new[] { 3f, 3f }, Assert.Single(read).Value.ToArray<float>());

            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => Npz.Read(path, null, long.MaxValue, cancelled.Token));
            var other = Path.Combine(dir, "d.npz");
            Assert.ThrowsAny<OperationCanceledException>(() => Npz.Write(other, tensors, false, false, cancelled.Token));
            Assert.False(File.Exists(other));
        }

        /// <summary>The offset of the local header of <paramref name="member"/> and of its central directory record.</summary>
        private static (int Local, int Central) Find(byte[] zip, string member)
        {
            for (var i = zip.Length - 46; i >= 0; i--)
            {
                if (BitConverter.ToUInt32(zip, i) == 0x02014b50 && Encoding.ASCII.GetString(zip, i + 46, BitConverter.ToUInt16(zip, i + 28)) == member)
                {
                    return ((int)BitConverter.ToUInt32(zip, i + 42), i);
                }
            }

            throw new InvalidOperationException(member + " not found");
        }

        /// <summary>A deflated member whose deflate data is broken (its first block of the reserved type 3) cannot be
        /// inflated: NpzInvalid, naming the archive and the member.</summary>
        [Fact]
        public void ADeflatedMemberThatDoesNotInflateIsNpzInvalid()
        {
            var path = Path.Combine(dir, "z.npz");
            Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("a", new Ones().Call(new[] { 64 })) }, compress: true);
            var bytes = File.ReadAllBytes(path);
            var (local, _) = Find(bytes, "a.npy");
            bytes[local + 30 + BitConverter.ToUInt16(bytes, local + 26) + BitConverter.ToUInt16(bytes, local + 28)] = 0x07;
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<InitializerException>(() => Npz.Read(path));
            Assert.Equal("NpzInvalid", error.ErrorId);
            Assert.StartsWith($"'{path}:a.npy' cannot be read: ", error.Message);
            Assert.Equal($"{path}:a.npy", error.SourceName);
        }

        /// <summary>A member that holds more bytes than its declared size is refused, never read past that size (the
        /// declared size is what the size limits were checked against). On .NET 8 and later ZipArchive itself stops at
        /// the declared size, so the CRC-32 of the part read is what disagrees (the netstandard2.0 build, without that
        /// check, finds the part read no provenance record).</summary>
        [Fact]
        public void AMemberThatHoldsMoreThanItsDeclaredSizeIsNpzInvalid()
        {
            var path = Path.Combine(dir, "p.npz");
            Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("a", new Ones().Call(new[] { 4 })) }, compress: true);
            var bytes = File.ReadAllBytes(path);
            var (local, central) = Find(bytes, Npz.ProvenanceMember);
            BitConverter.GetBytes(5u).CopyTo(bytes, local + 22);
            BitConverter.GetBytes(5u).CopyTo(bytes, central + 24);
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<InitializerException>(() => Npz.Read(path));
#if LIB_NETSTANDARD
            // No CRC-32 check in the netstandard2.0 build: the 5 bytes read are not a provenance record.
            Assert.Equal("ProvenanceInvalid", error.ErrorId);
#else
            Assert.Equal("NpzInvalid", error.ErrorId);
            Assert.StartsWith($"'{path}:{Npz.ProvenanceMember}' ", error.Message);
#endif
        }

        /// <summary>The provenance member is UTF-8 without a byte order mark: UTF-16 text, even with its BOM, is not
        /// taken for it.</summary>
        [Fact]
        public void AProvenanceMemberInUtf16IsNotUtf8()
        {
            var a = NpyBytes(new Ones().Call(new[] { 2 }));
            var path = Archive(("a.npy", a), (Npz.ProvenanceMember, new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("{}")).ToArray()));
            var error = Assert.Throws<InitializerException>(() => Npz.Read(path));
            Assert.Equal("NpzInvalid", error.ErrorId);
            Assert.StartsWith($"'{path}:{Npz.ProvenanceMember}' is not UTF-8 text: ", error.Message);
        }

        /// <summary>The provenance member is size-checked as a tensor member is, and its errors name it.</summary>
        [Fact]
        public void TheProvenanceMemberIsCheckedAndNamed()
        {
            var path = Path.Combine(dir, "prov.npz");
            Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("a", new Ones().Call(new[] { 4 })) }, compress: true);
            var bytes = File.ReadAllBytes(path);
            var (local, central) = Find(bytes, Npz.ProvenanceMember);
            BitConverter.GetBytes(100_000_000u).CopyTo(bytes, local + 22);
            BitConverter.GetBytes(100_000_000u).CopyTo(bytes, central + 24);
            File.WriteAllBytes(path, bytes);
            var bomb = Assert.Throws<InitializerException>(() => Npz.Read(path));
            Assert.Equal("NpzMemberTooLarge", bomb.ErrorId);
            Assert.StartsWith($"'{path}:{Npz.ProvenanceMember}' declares 100000000 uncompressed bytes from ", bomb.Message);

            var a = NpyBytes(new Ones().Call(new[] { 2 }));
            var broken = Archive(("a.npy", a), (Npz.ProvenanceMember, Encoding.UTF8.GetBytes("{")));
            var invalid = Assert.Throws<InitializerException>(() => Npz.Read(broken));
            Assert.Contains($"{broken}:{Npz.ProvenanceMember}", invalid.Message);

            var notUtf8 = Archive(("a.npy", a), (Npz.ProvenanceMember, new byte[] { 0x7B, 0xFF, 0x7D }));
            Assert.Equal($"{notUtf8}:{Npz.ProvenanceMember}", Assert.Throws<InitializerException>(() => Npz.Read(notUtf8)).SourceName);
        }

        /// <summary>A compressed archive deflates every member, the provenance member too (method 8 in the central
        /// directory, as np.savez_compressed writes); a stored one stores them all (method 0).</summary>
        [Theory]
        [InlineData(true, 8)]
        [InlineData(false, 0)]
        public void EveryMemberHasTheArchivesCompression(bool compress, int method)
        {
            var path = Path.Combine(dir, "m.npz");
            Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("a", new Ones().Call(new[] { 64 })) }, compress);
            var bytes = File.ReadAllBytes(path);
            foreach (var member in new[] { "a.npy", Npz.ProvenanceMember })
            {
                Assert.Equal(method, BitConverter.ToUInt16(bytes, Find(bytes, member).Central + 10));
            }
        }

        /// <summary>A member's write errors name the archive and the member.</summary>
        [Fact]
        public void AMembersWriteErrorNamesTheArchiveAndTheMember()
        {
            var path = Path.Combine(dir, "s.npz");
            var strings = Tensor.FromArray(new[] { "ok", "\uD800" }, new[] { 2 });
            var error = Assert.Throws<InitializerException>(() => Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("s", strings) }));
            Assert.Contains($"{path}:s.npy", error.Message);
            Assert.False(File.Exists(path));
        }

        /// <summary>Deflate's limit is about 1032 bytes out per byte in: a member may declare up to 1032 times its
        /// compressed size plus 1024 before it is refused unread as a zip bomb (beyond the bound it is NpzMemberTooLarge; at
        /// the bound it is inflated, and whatever else is wrong with it is found then).</summary>
        [Fact]
        public void TheZipBombBoundIs1032ToOnePlus1024()
        {
            var path = Path.Combine(dir, "b.npz");
            Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("a", new Ones().Call(new[] { 64 })) }, compress: true);
            var original = File.ReadAllBytes(path);
            Exception? Declare(long extra)
            {
                var bytes = (byte[])original.Clone();
                var (local, central) = Find(bytes, "a.npy");
                var compressed = BitConverter.ToUInt32(bytes, central + 20);
                var declared = (uint)((compressed * 1032) + extra);
                BitConverter.GetBytes(declared).CopyTo(bytes, local + 22);
                BitConverter.GetBytes(declared).CopyTo(bytes, central + 24);
                File.WriteAllBytes(path, bytes);
                return Record.Exception(() => Npz.Read(path));
            }

            Assert.Equal("NpzMemberTooLarge", Assert.IsType<InitializerException>(Declare(1025)).ErrorId);
            Assert.NotEqual("NpzMemberTooLarge", (Declare(1024) as InitializerException)?.ErrorId);
        }

        [Theory]
        [InlineData("", "InvalidTensorName", "a tensor name is empty.")]
        [InlineData("a", "NpzDuplicateMember", "the name 'a' is given twice.")]
        public void TheWriterRefusesEmptyAndRepeatedNames(string second, string errorId, string says)
        {
            var path = Path.Combine(dir, "w.npz");
            var tensors = new List<KeyValuePair<string, Tensor>> { new("a", new Ones().Call(new[] { 2 })), new(second, new Ones().Call(new[] { 2 })) };
            var error = Assert.Throws<InitializerException>(() => Npz.Write(path, tensors));
            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal($"Cannot write '{path}': " + says, error.Message);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void ABfloat16TensorIsRefusedBeforeAnyFileExists()
        {
            var path = Path.Combine(dir, "w.npz");
            var error = Assert.Throws<InitializerException>(() => Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("b", new Ones().Call(new[] { 2 }, DType.BFloat16)) }));
            Assert.Equal("UnsupportedDType", error.ErrorId);
            Assert.Equal(path, error.SourceName); // the archive, not one of its members: refused before any is written
            Assert.Empty(Directory.GetFiles(dir));
        }
    }
}
