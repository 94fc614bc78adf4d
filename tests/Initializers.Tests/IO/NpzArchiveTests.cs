using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
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

        /// <summary>A member's errors name the archive and the member.</summary>
        [Fact]
        public void ABrokenMemberNamesTheArchiveAndTheMember()
        {
            // The magic is right (0x93 "NUMPY"); the version bytes and header after it are not.
            var path = Archive(("a.npy", new byte[] { 0x93 }.Concat(Encoding.ASCII.GetBytes("NUMPY broken")).ToArray()));
            var error = Assert.Throws<InitializerException>(() => Npz.Read(path));
            Assert.Contains($"'{path}:a.npy'", error.Message);
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
            Assert.Empty(Directory.GetFiles(dir));
        }
    }
}
