using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary>Rewriting config.json inside a .keras zip: the other members keep their bytes, names and order.</summary>
    public sealed class KerasArchiveTests : IDisposable
    {
        private const string NewConfig = "{\"class_name\": \"Sequential\", \"config\": {\"seed\": 7}}";
        private static readonly Lazy<bool> HasPython = new(() => NumpyInteropTests.HasPython && NumpyInteropTests.Run("import zipfile").ExitCode == 0);
        private readonly string dir = Directory.CreateTempSubdirectory("init-keras-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [Theory]
        [InlineData(CompressionLevel.NoCompression)]
        [InlineData(CompressionLevel.Optimal)]
        public void OtherMembersKeepTheirContentNamesOrderAndTimes(CompressionLevel level)
        {
            var source = Path.Combine(dir, "m.keras");
            var weights = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray();
            using (var zip = new ZipArchive(File.Create(source), ZipArchiveMode.Create))
            {
                Add(zip, "metadata.json", Encoding.UTF8.GetBytes("{\"keras_version\": \"3.5.0\"}"), level, new DateTime(2024, 5, 1, 12, 34, 56));
                Add(zip, "config.json", Encoding.UTF8.GetBytes("{\"class_name\": \"Sequential\"}"), level, new DateTime(2024, 5, 1, 12, 34, 58));
                Add(zip, "model.weights.h5", weights, level, new DateTime(2024, 5, 1, 12, 35, 0));
            }

            var before = File.ReadAllBytes(source);
            var destination = Path.Combine(dir, "out.keras");
            KerasArchive.WriteWithConfig(source, destination, NewConfig);

            Assert.Equal(before, File.ReadAllBytes(source));
            using var oldZip = ZipFile.OpenRead(source);
            using var newZip = ZipFile.OpenRead(destination);
            Assert.Equal(oldZip.Entries.Select(e => e.FullName), newZip.Entries.Select(e => e.FullName));
            Assert.Equal(oldZip.Entries.Select(e => e.LastWriteTime), newZip.Entries.Select(e => e.LastWriteTime));
            Assert.Equal(oldZip.Entries.Select(e => e.CompressedLength == e.Length), newZip.Entries.Select(e => e.CompressedLength == e.Length));
            Assert.Equal(NewConfig, Encoding.UTF8.GetString(Read(newZip.GetEntry("config.json")!)));
            foreach (var name in new[] { "metadata.json", "model.weights.h5" })
            {
                Assert.Equal(Read(oldZip.GetEntry(name)!), Read(newZip.GetEntry(name)!));
                Assert.Equal(oldZip.GetEntry(name)!.CompressedLength, newZip.GetEntry(name)!.CompressedLength);
            }

            // Members before config.json stand at the same offsets, so the files share everything up to its header.
            var metadataEnd = IndexOf(before, Encoding.ASCII.GetBytes("config.json")) - 30;
            Assert.Equal(before.Take(metadataEnd), File.ReadAllBytes(destination).Take(metadataEnd));
        }

        [SkippableFact]
        public void PythonZipfileSeesTheSameRawMembersAndAValidArchive()
        {
            Skip.IfNot(HasPython.Value, "/usr/bin/python3 is not installed");
            var source = Path.Combine(dir, "py.keras");
            var destination = Path.Combine(dir, "py2.keras");
            // Written as Keras writes it: zipfile defaults (stored), metadata first, then config, weights and an asset.
            var make = NumpyInteropTests.Run(
                "import zipfile, os\n" +
                $"with zipfile.ZipFile(r'{source}', 'w') as z:\n" +
                "    z.writestr('metadata.json', '{\"keras_version\": \"3.15.1\", \"date_saved\": \"2026-05-01@12:34:56\"}')\n" +
                "    z.writestr('config.json', '{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {}}')\n" +
                "    z.writestr('model.weights.h5', os.urandom(70000))\n" +
                "    z.writestr(zipfile.ZipInfo('assets/vocab.txt', (2024, 1, 2, 3, 4, 6)), 'a\\nb\\n' * 1000, compress_type=zipfile.ZIP_DEFLATED)\n");
            Assert.True(make.ExitCode == 0, make.Output);

            KerasArchive.WriteWithConfig(source, destination, NewConfig);

            var check = NumpyInteropTests.Run(
                "import zipfile\n" +
                "def raw(path):\n" +
                "    out = {}\n" +
                "    with zipfile.ZipFile(path) as z, open(path, 'rb') as f:\n" +
                "        assert z.testzip() is None\n" +
                "        for i in z.infolist():\n" +
                "            f.seek(i.header_offset)\n" +
                "            head = f.read(30)\n" +
                "            n = int.from_bytes(head[26:28], 'little') + int.from_bytes(head[28:30], 'little')\n" +
                "            out[i.filename] = (head + f.read(n + i.compress_size), i.compress_type, i.date_time, i.CRC)\n" +
                "        return [i.filename for i in z.infolist()], out, z.read('config.json')\n" +
                $"names1, raw1, _ = raw(r'{source}')\n" +
                $"names2, raw2, config = raw(r'{destination}')\n" +
                "assert names1 == names2, (names1, names2)\n" +
                "for name in names1:\n" +
                "    if name != 'config.json':\n" +
                "        assert raw1[name] == raw2[name], name\n" +
                "assert raw2['config.json'][1:3] == raw1['config.json'][1:3]\n" +
                "print(config.decode('utf-8'))\n");
            Assert.True(check.ExitCode == 0, check.Output);
            Assert.Equal(NewConfig, check.Output.TrimEnd('\n'));
        }

        [Fact]
        public void ArchivesWithoutConfigAndFilesThatAreNotZipsAreRefusedByName()
        {
            var noConfig = Path.Combine(dir, "n.keras");
            using (var zip = new ZipArchive(File.Create(noConfig), ZipArchiveMode.Create))
            {
                Add(zip, "metadata.json", new byte[] { 1 }, CompressionLevel.NoCompression, new DateTime(2020, 1, 1));
            }

            Assert.Equal("KerasArchiveNoConfig", Assert.Throws<InitializerException>(() => KerasArchive.WriteWithConfig(noConfig, noConfig, NewConfig)).ErrorId);
            var text = Path.Combine(dir, "t.keras");
            File.WriteAllText(text, "{\"class_name\": \"Sequential\"}");
            var ex = Assert.Throws<InitializerException>(() => KerasArchive.WriteWithConfig(text, Path.Combine(dir, "o.keras"), NewConfig));
            Assert.Equal("KerasArchiveInvalid", ex.ErrorId);
            Assert.False(File.Exists(Path.Combine(dir, "o.keras")));
        }

        [Fact]
        public void ACorruptConfigMemberFailsItsCrcCheck()
        {
            var source = Path.Combine(dir, "c.keras");
            using (var zip = new ZipArchive(File.Create(source), ZipArchiveMode.Create))
            {
                Add(zip, "config.json", Encoding.ASCII.GetBytes("{\"class_name\": \"Sequential\"}"), CompressionLevel.NoCompression, new DateTime(2020, 1, 1));
            }

            var bytes = File.ReadAllBytes(source);
            bytes[IndexOf(bytes, Encoding.ASCII.GetBytes("Sequential"))] = (byte)'s';
            File.WriteAllBytes(source, bytes);
            var ex = Assert.Throws<InitializerException>(() => KerasArchive.WriteWithConfig(source, Path.Combine(dir, "c2.keras"), NewConfig));
            Assert.Equal("KerasArchiveInvalid", ex.ErrorId);
            Assert.Contains("CRC-32", ex.Message);
        }

        private static void Add(ZipArchive zip, string name, byte[] data, CompressionLevel level, DateTime time)
        {
            var entry = zip.CreateEntry(name, level);
            entry.LastWriteTime = time;
            using var stream = entry.Open();
            stream.Write(data, 0, data.Length);
        }

        private static byte[] Read(ZipArchiveEntry entry)
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
