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
    /// <summary>The edges of <see cref="TensorFile"/>: the format from the options over the extension and from the
    /// content over a wrong extension (down to files of one and two bytes), the selection of names, several tensors in
    /// one file, the refusals of the writers (null arguments, streamed CSV, metadata, one-tensor formats, missing
    /// provenance) with what they name, and the provenance sidecar: its size limit, its encoding, a read-only one, and a
    /// stale one that cannot be removed.</summary>
    public sealed class TensorFileEdgeTests : IDisposable
    {
        private const int SidecarLimit = 16 * 1024 * 1024;

        private readonly string dir = Directory.CreateTempSubdirectory("init-tfedge-").FullName;

        public void Dispose()
        {
            foreach (var f in Directory.EnumerateFiles(dir))
            {
                File.SetAttributes(f, FileAttributes.Normal);
            }

            Directory.Delete(dir, recursive: true);
        }

        private static KeyValuePair<string, Tensor> Named(string name, Tensor tensor) => new(name, tensor);

        /// <summary>Whether chattr +i works in the temporary folder (a container may lack CAP_LINUX_IMMUTABLE, tmpfs the
        /// attribute).</summary>
        private bool ChattrWorks()
        {
            var probe = Path.Combine(dir, "probe");
            File.WriteAllText(probe, "");
            try
            {
                using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chattr", $"+i \"{probe}\"") { UseShellExecute = false, RedirectStandardError = true })!;
                p.WaitForExit();
                if (p.ExitCode != 0)
                {
                    return false;
                }

                Chattr($"-i \"{probe}\"");
                return true;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
            finally
            {
                File.Delete(probe);
            }
        }

        private static void Chattr(string arguments)
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chattr", arguments) { UseShellExecute = false })!;
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }

        private static Tensor Vector(params double[] values) => Tensor.FromArray(values, new[] { values.Length });

        private static Tensor WithProvenance() => Initializer.FromConfig("Constant", new Dictionary<string, object> { ["value"] = 1.5 }).Call(new[] { 2 }, DType.Float64);

        [Theory]
        [InlineData("a.SafeTensors", TensorFileFormat.Safetensors)]
        [InlineData("a.CSV", TensorFileFormat.Csv)]
        [InlineData("a.npz.bak", TensorFileFormat.Npy)]
        [InlineData("noextension", TensorFileFormat.Npy)]
        public void TheFormatComesFromTheLastExtensionInAnyCase(string name, TensorFileFormat format) =>
            Assert.Equal(format, TensorFile.FormatOf(Path.Combine("d", name)));

        [Fact]
        public void TheSidecarIsThePathWithJsonAppendedAndNullPathsAreRefused()
        {
            Assert.Equal(Path.Combine("d", "w.npy") + ".json", TensorFile.SidecarPath(Path.Combine("d", "w.npy")));
            Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => TensorFile.FormatOf(null!)).ParamName);
            Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => TensorFile.SidecarPath(null!)).ParamName);
        }

        [Fact]
        public void TheFormatOfTheOptionsWinsOverTheExtension()
        {
            // A CSV file without the .csv extension is read as CSV when the options say so, with their dtype and rank.
            var path = Path.Combine(dir, "data.txt");
            File.WriteAllText(path, "1,2,3\n");
            var back = TensorFile.Read(path, null, new TensorReadOptions { Format = TensorFileFormat.Csv, CsvDType = DType.Int32, CsvMinimumRank = 2 }).Single();
            Assert.Equal("data", back.Key);
            Assert.Equal(Tensor.FromArray(new[] { 1, 2, 3 }, new[] { 1, 3 }), back.Value);

            var bin = Path.Combine(dir, "w.bin");
            TensorFile.Write(bin, new[] { Named("w", Vector(1, 2)) }, new TensorWriteOptions { Format = TensorFileFormat.Npz });
            Assert.Equal((byte)'P', File.ReadAllBytes(bin)[0]);
            Assert.Equal((byte)'K', File.ReadAllBytes(bin)[1]);
            Assert.Equal(Vector(1, 2), Npz.Read(bin).Single().Value);
        }

        [Fact]
        public void TheContentWinsOverAWrongExtension()
        {
            var npy = Path.Combine(dir, "really-npy.safetensors");
            Npy.Write(npy, Vector(1, 2));
            var back = TensorFile.Read(npy).Single();
            Assert.Equal("really-npy", back.Key);
            Assert.Equal(Vector(1, 2), back.Value);

            var npz = Path.Combine(dir, "really-npz.npy");
            Npz.Write(npz, new[] { Named("a", Vector(3)) });
            back = TensorFile.Read(npz).Single();
            Assert.Equal("a", back.Key);
            Assert.Equal(Vector(3), back.Value);

            var safetensors = Path.Combine(dir, "really-safetensors.npz");
            Safetensors.Write(safetensors, new[] { Named("b", Vector(4)) });
            back = TensorFile.Read(safetensors).Single();
            Assert.Equal("b", back.Key);
            Assert.Equal(Vector(4), back.Value);
        }

        [Theory]
        [InlineData("pk.bin", new byte[] { (byte)'P', (byte)'K' }, "Npz")]
        [InlineData("px.bin", new byte[] { (byte)'P', (byte)'x', 0, 0 }, "Npy")]
        [InlineData("xk.bin", new byte[] { (byte)'x', (byte)'K', 0, 0 }, "Npy")]
        [InlineData("nine.bin", new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, (byte)'[' }, "Npy")]
        [InlineData("brace.bin", new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, (byte)'{' }, "Safetensors")]
        [InlineData("magic.safetensors", new byte[] { 0x93 }, "Npy")]
        [InlineData("short.safetensors", new byte[] { 1, 2, 3, 4 }, "Safetensors")]
        [InlineData("short.bin", new byte[] { 1, 2, 3, 4 }, "Npy")]
        [InlineData("empty.safetensors", new byte[0], "Safetensors")]
        public void TheFirstBytesOfEvenATinyFileChooseTheReader(string name, byte[] content, string reader)
        {
            // The zip signature "PK" makes an .npz, the .npy magic byte 0x93 an .npy, whatever the extension; a '{' after
            // the 8-byte header length makes a safetensors file; otherwise the extension decides. The truncated file is then refused by the reader that was chosen.
            var path = Path.Combine(dir, name);
            File.WriteAllBytes(path, content);
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Read(path));
            Assert.StartsWith(reader, ex.ErrorId, StringComparison.Ordinal);
            Assert.Equal(path, ex.SourceName);
        }

        [Fact]
        public void TheSelectionIsAskedTheNameOfAOneTensorFile()
        {
            var path = Path.Combine(dir, "w.npy");
            Npy.Write(path, Vector(5));
            var asked = new List<string>();
            Assert.Empty(TensorFile.Read(path, n =>
            {
                asked.Add(n);
                return false;
            }));
            var back = TensorFile.Read(path, n =>
            {
                asked.Add(n);
                return n == "w";
            });
            Assert.Equal(new[] { "w", "w" }, asked);
            Assert.Equal(Vector(5), back.Single().Value);
        }

        [Theory]
        [InlineData("two.npz")]
        [InlineData("two.safetensors")]
        public void SeveralTensorsGoIntoOneFileInOrderAndAreSelectedByName(string name)
        {
            var path = Path.Combine(dir, name);
            TensorFile.Write(path, new[] { Named("a", Vector(1, 2)), Named("b", Vector(3)) });
            var back = TensorFile.Read(path);
            Assert.Equal(new[] { "a", "b" }, back.Select(t => t.Key));
            Assert.Equal(Vector(1, 2), back[0].Value);
            Assert.Equal(Vector(3), back[1].Value);

            var selected = TensorFile.Read(path, n => n == "b");
            Assert.Equal("b", selected.Single().Key);
            Assert.Equal(Vector(3), selected.Single().Value);
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        }

        [Fact]
        public void ACancelledTokenStopsAReadAndAWriteBeforeTheyStart()
        {
            var path = Path.Combine(dir, "w.npy");
            Npy.Write(path, Vector(1));
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => TensorFile.Read(path, null, new TensorReadOptions { Cancellation = cts.Token }));
            var other = Path.Combine(dir, "x.npy");
            Assert.ThrowsAny<OperationCanceledException>(() => TensorFile.Write(other, new[] { Named("x", Vector(2)) }, new TensorWriteOptions { Cancellation = cts.Token }));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        }

        [Fact]
        public void NullArgumentsAreNamed()
        {
            var path = Path.Combine(dir, "w.npz");
            var elements = Initializer.FromConfig("Ones", null).Elements(new long[] { 2 });
            Assert.Equal("tensors", Assert.Throws<ArgumentNullException>(() => TensorFile.Write(path, (IEnumerable<KeyValuePair<string, Tensor>>)null!)).ParamName);
            var nullTensor = Assert.Throws<ArgumentNullException>(() => TensorFile.Write(path, new[] { Named("w", Vector(1)), Named("gone", null!) }));
            Assert.Equal("tensors", nullTensor.ParamName);
            Assert.Contains("'gone'", nullTensor.Message, StringComparison.Ordinal);

            Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => TensorFile.Write(null!, "w", elements)).ParamName);
            Assert.Equal("elements", Assert.Throws<ArgumentNullException>(() => TensorFile.Write(path, "w", null!)).ParamName);
            Assert.Equal("tensors", Assert.Throws<ArgumentNullException>(() => TensorFile.Write(path, (IEnumerable<KeyValuePair<string, TensorElements>>)null!)).ParamName);
            var nullElements = Assert.Throws<ArgumentNullException>(() => TensorFile.Write(path, new[] { new KeyValuePair<string, TensorElements>("w", elements), new KeyValuePair<string, TensorElements>("none", null!) }));
            Assert.Equal("tensors", nullElements.ParamName);
            Assert.Contains("'none'", nullElements.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void StreamingIntoCsvIsRefusedWhetherTheExtensionOrTheOptionsSayCsv()
        {
            var elements = Initializer.FromConfig("Ones", null).Elements(new long[] { 2 });
            var csv = Path.Combine(dir, "w.csv");
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Write(csv, "w", elements));
            Assert.Equal("StreamingFormatUnsupported", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(csv, ex.SourceName);
            Assert.Contains($"'{csv}'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("CSV", ex.Message, StringComparison.Ordinal);

            var npy = Path.Combine(dir, "w.npy");
            ex = Assert.Throws<InitializerException>(() => TensorFile.Write(npy, "w", elements, new TensorWriteOptions { Format = TensorFileFormat.Csv }));
            Assert.Equal("StreamingFormatUnsupported", ex.ErrorId);
            Assert.Contains($"'{npy}'", ex.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void AStreamedTensorGoesIntoTheFormatOfTheOptions()
        {
            var ones = Initializer.FromConfig("Ones", null);
            var path = Path.Combine(dir, "w.bin");
            TensorFile.Write(path, "w", ones.Elements(new long[] { 3 }), new TensorWriteOptions { Format = TensorFileFormat.Safetensors });
            var back = Safetensors.Read(path).Single();
            Assert.Equal("w", back.Key);
            Assert.Equal(ones.Call(new[] { 3 }), back.Value);
        }

        [Theory]
        [InlineData("one.npy", 0, "npy")]
        [InlineData("one.npy", 2, "npy")]
        [InlineData("one.csv", 0, "csv")]
        [InlineData("one.csv", 3, "csv")]
        public void AOneTensorFormatNamesTheCountThePathAndWhereSeveralGo(string name, int count, string extension)
        {
            var path = Path.Combine(dir, name);
            var tensors = Enumerable.Range(0, count).Select(i => Named("t" + i, Vector(i))).ToList();
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Write(path, tensors));
            Assert.Equal(char.ToUpperInvariant(extension[0]) + extension.Substring(1) + "NeedsOneTensor", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(path, ex.SourceName);
            Assert.Equal($"A .{extension} file holds exactly one tensor; {count} were given for '{path}'. Write several into one .npz or .safetensors file.", ex.Message);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Theory]
        [InlineData("m.npy", "Npy")]
        [InlineData("m.csv", "Csv")]
        [InlineData("m.npz", "Npz")]
        public void MetadataIsRefusedOutsideSafetensorsNamingTheFileAndItsFormat(string name, string format)
        {
            var path = Path.Combine(dir, name);
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Write(path, new[] { Named("a", Vector(1)) }, new TensorWriteOptions { Metadata = new[] { new KeyValuePair<string, string>("k", "v") } }));
            Assert.Equal("MetadataNotApplicable", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains($"'{path}'", ex.Message, StringComparison.Ordinal);
            Assert.Contains($"a {format} file", ex.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void MetadataGoesIntoASafetensorsFile()
        {
            var path = Path.Combine(dir, "m.safetensors");
            TensorFile.Write(path, new[] { Named("a", Vector(1)) }, new TensorWriteOptions { Metadata = new[] { new KeyValuePair<string, string>("k", "v") } });
            var back = Safetensors.Read(path, null, out var metadata);
            Assert.Equal(Vector(1), back.Single().Value);
            Assert.Contains(new KeyValuePair<string, string>("k", "v"), metadata);
        }

        [Theory]
        [InlineData("p.npy")]
        [InlineData("p.csv")]
        public void ASidecarForATensorWithoutProvenanceNamesThePath(string name)
        {
            var path = Path.Combine(dir, name);
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Write(path, new[] { Named("p", Vector(1)) }, new TensorWriteOptions { ProvenanceSidecar = true }));
            Assert.Equal("ProvenanceUnavailable", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
            Assert.Equal(path, ex.SourceName);
            Assert.Contains($"'{path}'", ex.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void AReadOnlyFileAndSidecarAreReplacedWithOverwriteReadOnlyAndStayReadOnly()
        {
            var path = Path.Combine(dir, "w.npy");
            var tensor = WithProvenance();
            TensorFile.Write(path, new[] { Named("w", Vector(9, 9)) });
            File.WriteAllText(path + ".json", "stale");
            File.SetAttributes(path, FileAttributes.ReadOnly);
            File.SetAttributes(path + ".json", FileAttributes.ReadOnly);

            TensorFile.Write(path, new[] { Named("w", tensor) }, new TensorWriteOptions { ProvenanceSidecar = true, OverwriteReadOnly = true });
            Assert.Equal(tensor.GetProvenance()!.ToJson() + "\n", File.ReadAllText(path + ".json"));
            Assert.True((File.GetAttributes(path) & FileAttributes.ReadOnly) != 0);
            Assert.True((File.GetAttributes(path + ".json") & FileAttributes.ReadOnly) != 0);
            var back = TensorFile.Read(path).Single().Value;
            Assert.Equal(tensor, back);
            Assert.Equal("Constant", back.GetProvenance()!.Initializer.ClassName);
        }

        [Fact]
        public void ASidecarOfExactlySixteenMebibytesIsReadAndOneByteMoreIsRefused()
        {
            // The limit is 16 MiB (16777216 bytes): the file at the limit (a real record padded with spaces, which JSON
            // allows) is read; one byte more is refused before it is read (a sparse file, nothing is written to disk).
            var path = Path.Combine(dir, "w.npy");
            var tensor = WithProvenance();
            TensorFile.Write(path, new[] { Named("w", tensor) });
            var sidecar = path + ".json";
            var record = Encoding.UTF8.GetBytes(tensor.GetProvenance()!.ToJson());
            using (var stream = new FileStream(sidecar, FileMode.CreateNew))
            {
                stream.Write(record, 0, record.Length);
                var spaces = new byte[SidecarLimit - record.Length];
                spaces.AsSpan().Fill((byte)' ');
                stream.Write(spaces, 0, spaces.Length);
            }

            Assert.Equal(SidecarLimit, new FileInfo(sidecar).Length);
            Assert.Equal("Constant", TensorFile.Read(path).Single().Value.GetProvenance()!.Initializer.ClassName);

            File.Delete(sidecar);
            using (var stream = new FileStream(sidecar, FileMode.CreateNew))
            {
                stream.SetLength(SidecarLimit + 1L);
            }

            var ex = Assert.Throws<InitializerException>(() => TensorFile.Read(path));
            Assert.Equal("ProvenanceInvalid", ex.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, ex.Kind);
            Assert.Equal(sidecar, ex.SourceName);
            Assert.Equal($"The provenance sidecar '{sidecar}' is 16777217 bytes; at most 16777216 are read.", ex.Message);
        }

        [Fact]
        public void ASidecarThatIsNotUtf8IsAReadErrorNamingIt()
        {
            var path = Path.Combine(dir, "w.npy");
            Npy.Write(path, Vector(1, 2));
            var sidecar = path + ".json";
            File.WriteAllBytes(sidecar, new byte[] { (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}' });
            var ex = Assert.Throws<InitializerException>(() => TensorFile.Read(path));
            Assert.Equal("FileOpenFailed", ex.ErrorId);
            Assert.Equal(ErrorKind.ReadError, ex.Kind);
            Assert.Equal(sidecar, ex.SourceName);
            Assert.StartsWith($"Cannot read the provenance sidecar '{sidecar}': ", ex.Message, StringComparison.Ordinal);
            Assert.IsAssignableFrom<DecoderFallbackException>(ex.InnerException);
        }

        [SkippableFact]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public void AnUnreadableSidecarIsAReadErrorNamingIt()
        {
            Skip.If(WithoutFilePermissionOverride.Unavailable is not null, WithoutFilePermissionOverride.Unavailable);
            var path = Path.Combine(dir, "w.csv");
            File.WriteAllText(path, "1\n2\n");
            var sidecar = path + ".json";
            File.WriteAllText(sidecar, "{}");
            File.SetUnixFileMode(sidecar, UnixFileMode.None);
            InitializerException? ex = null;
            WithoutFilePermissionOverride.Run(() => ex = Assert.Throws<InitializerException>(() => TensorFile.Read(path)));
            Assert.Equal("FileOpenFailed", ex!.ErrorId);
            Assert.Equal(ErrorKind.ReadError, ex.Kind);
            Assert.Equal(sidecar, ex.SourceName);
            Assert.StartsWith($"Cannot read the provenance sidecar '{sidecar}': ", ex.Message, StringComparison.Ordinal);
            Assert.IsType<UnauthorizedAccessException>(ex.InnerException);
        }

        [SkippableFact]
        public void AStaleSidecarThatCannotBeRemovedIsAWriteErrorNamingIt()
        {
            // As root, chattr +i (immutable) makes unlink(2) fail for real; other users and Windows skip this test.
            Skip.IfNot(OperatingSystem.IsLinux() && Environment.UserName == "root", "needs Linux and root for chattr +i");
            Skip.IfNot(ChattrWorks(), "chattr +i is refused here (no CAP_LINUX_IMMUTABLE, or a file system without the attribute)");
            var path = Path.Combine(dir, "w.npy");
            var sidecar = path + ".json";
            File.WriteAllText(sidecar, "stale");
            Chattr($"+i \"{sidecar}\"");
            InitializerException ex;
            try
            {
                ex = Assert.Throws<InitializerException>(() => TensorFile.Write(path, new[] { Named("w", Vector(1, 2)) }));
            }
            finally
            {
                Chattr($"-i \"{sidecar}\"");
            }

            Assert.Equal("FileWriteFailed", ex.ErrorId);
            Assert.Equal(ErrorKind.WriteError, ex.Kind);
            Assert.Equal(sidecar, ex.Target);
            Assert.Equal(sidecar, ex.SourceName);
            Assert.StartsWith($"Cannot remove the stale provenance sidecar '{sidecar}': ", ex.Message, StringComparison.Ordinal);
            Assert.Equal("stale", File.ReadAllText(sidecar));
            Assert.Equal(Vector(1, 2), Npy.Read(path));
        }
    }
}
