using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary>Every file in Fixtures/numpy (written by real numpy 1.24.2; manifest.json gives each file's exact bits and
    /// whether numpy and a strict reader load or refuse it) through <see cref="Npy"/> and <see cref="Npz"/>.</summary>
    public sealed class NumpyFixtureTests
    {
        internal static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy");

        // The ErrorId each refused fixture must give (the manifest says why each is refused).
        private static readonly Dictionary<string, string> Refusals = new()
        {
            ["object_pickle.npy"] = "PickleRefused",
            ["truncated_f8_2x3.npy"] = "NpyTruncated",
            ["shape_larger_than_data.npy"] = "NpyTruncated",
            ["shape_overflow_wraps_to_6.npy"] = "ShapeOverflow",
            ["negative_dim.npy"] = "NpyInvalidShape",
            ["header_over_10000.npy"] = "NpyHeaderTooLarge",
            ["header_len_past_eof.npy"] = "NpyTruncated",
            ["version_4_0.npy"] = "NpyUnsupportedVersion",
            ["bad_magic.npy"] = "NpyBadMagic",
            ["structured_refuse.npy"] = "UnsupportedDType",
            ["extra_header_key.npy"] = "NpyHeaderInvalid",
            ["npz_object_member.npz"] = "PickleRefused",
        };

        // The tensor dtype of each descr kind (tensor-files.md §1.4).
        private static readonly Dictionary<string, DType> Kinds = new()
        {
            ["f2"] = DType.Float16, ["f4"] = DType.Float32, ["f8"] = DType.Float64,
            ["i1"] = DType.Int8, ["i2"] = DType.Int16, ["i4"] = DType.Int32, ["i8"] = DType.Int64,
            ["u1"] = DType.UInt8, ["u2"] = DType.UInt16, ["u4"] = DType.UInt32, ["u8"] = DType.UInt64,
            ["b1"] = DType.Bool, ["c8"] = DType.Complex64, ["c16"] = DType.Complex128,
        };

        public static IEnumerable<object[]> Files() => Manifest().Select(f => new object[] { f.GetProperty("file").GetString()! });

        internal static List<JsonElement> Manifest()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
            return doc.RootElement.GetProperty("files").EnumerateArray().Select(e => e.Clone()).ToList();
        }

        private static JsonElement Entry(string file) => Manifest().Single(f => f.GetProperty("file").GetString() == file);

        [Fact]
        public void EveryFixtureFileIsInTheManifestAndTested()
        {
            var files = Directory.GetFiles(Folder).Select(Path.GetFileName).Where(f => f!.EndsWith(".npy") || f.EndsWith(".npz")).OrderBy(f => f).ToArray();
            var listed = Manifest().Select(f => f.GetProperty("file").GetString()).Where(f => f!.EndsWith(".npy") || f.EndsWith(".npz")).OrderBy(f => f).ToArray();
            Assert.Equal(listed, files);
            Assert.Equal(47, files.Length);
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void EachFixtureLoadsWithTheManifestBitsOrIsRefusedWithItsErrorId(string file)
        {
            var entry = Entry(file);
            var kind = entry.GetProperty("kind").GetString();
            var expect = entry.GetProperty("expect").GetString();
            var path = Path.Combine(Folder, file);
            if (kind == "csv")
            {
                CheckCsv(entry, path);
                return;
            }

            if (expect == "refuse")
            {
                var id = Refusals[file];
                var error = Assert.Throws<InitializerException>(() =>
                {
                    if (kind == "npz")
                    {
                        Npz.Read(path);
                    }
                    else
                    {
                        Npy.Read(path);
                    }
                });
                Assert.Equal(id, error.ErrorId);
                Assert.Contains(file, error.Message);
                Assert.Contains(file, error.SourceName);
                return;
            }

            Assert.Contains(expect, new[] { "load", "either", "load-or-refuse-by-limit" });
            Assert.False(Refusals.ContainsKey(file));
            if (kind == "npy")
            {
                Check(entry, Npy.Read(path));
            }
            else
            {
                var tensors = Npz.Read(path);
                var members = entry.GetProperty("members").EnumerateArray().Where(m => m.GetProperty("zip_member").GetString()!.EndsWith(".npy")).ToList();
                Assert.Equal(members.Select(m => m.GetProperty("npz_key").GetString()), tensors.Select(t => t.Key));
                for (var i = 0; i < members.Count; i++)
                {
                    Check(members[i], tensors[i].Value);
                }
            }
        }

        [Fact]
        public void AnNpzMemberWithAPickleIsRefusedButTheOthersCanBeSelected()
        {
            var path = Path.Combine(Folder, "npz_object_member.npz");
            var ok = Npz.Read(path, name => name == "ok");
            Assert.Equal("ok", Assert.Single(ok).Key);
            Assert.Equal(new[] { 1f, 2f }, ok[0].Value.ToArray<float>());
            var error = Assert.Throws<InitializerException>(() => Npz.Read(path, name => name == "obj"));
            Assert.Equal("PickleRefused", error.ErrorId);
            Assert.Contains("obj.npy", error.Message);
        }

        [Fact]
        public void AHighRatioMemberIsRefusedByALimitBeforeInflating()
        {
            var path = Path.Combine(Folder, "npz_high_ratio.npz");
            var error = Assert.Throws<InitializerException>(() => Npz.Read(path, maxMemberBytes: 8 * 1024 * 1024));
            Assert.Equal("NpzMemberTooLarge", error.ErrorId);
            Assert.Contains("8388736", error.Message);
            var zeros = Assert.Single(Npz.Read(path, maxMemberBytes: 8388736)).Value;
            Assert.Equal(new[] { 8388608 }, zeros.Shape);
            Assert.All(zeros.AsSpan<byte>().ToArray(), b => Assert.Equal(0, b));
        }

        [Fact]
        public void AMemberDeclaringMoreThanDeflateCanProduceIsRefusedAsAZipBomb()
        {
            // npz_high_ratio.npz with the central directory's uncompressed size raised to 0xFFFFFFF0: 4 GiB from 8242
            // compressed bytes is beyond deflate's ~1032:1, so the declared size is a lie (or a bomb).
            var bytes = File.ReadAllBytes(Path.Combine(Folder, "npz_high_ratio.npz"));
            var central = FindSignature(bytes, 0x02014b50);
            BitConverter.GetBytes(0xFFFFFFF0u).CopyTo(bytes, central + 24);
            var path = Path.Combine(Path.GetTempPath(), "init-bomb-" + Guid.NewGuid().ToString("N") + ".npz");
            File.WriteAllBytes(path, bytes);
            try
            {
                var error = Assert.Throws<InitializerException>(() => Npz.Read(path));
                Assert.Equal("NpzMemberTooLarge", error.ErrorId);
                Assert.Contains("4294967280", error.Message);
                Assert.Contains("zip bomb", error.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }

#if !LIB_NETSTANDARD
        [Fact]
        public void AMemberWhoseCrcDoesNotMatchIsRefused()
        {
            // npz_three.npz with one data byte of the stored member step.npy changed (its last byte, the top byte of
            // the int64 42): the header still reads, so only the CRC-32 check can catch it.
            var bytes = File.ReadAllBytes(Path.Combine(Folder, "npz_three.npz"));
            var step = Entry("npz_three.npz").GetProperty("members")[2];
            var local = step.GetProperty("header_offset").GetInt32();
            var dataStart = local + 30 + BitConverter.ToUInt16(bytes, local + 26) + BitConverter.ToUInt16(bytes, local + 28);
            bytes[dataStart + step.GetProperty("file_size").GetInt32() - 1] ^= 0x40;
            var path = Path.Combine(Path.GetTempPath(), "init-crc-" + Guid.NewGuid().ToString("N") + ".npz");
            File.WriteAllBytes(path, bytes);
            try
            {
                var error = Assert.Throws<InitializerException>(() => Npz.Read(path));
                Assert.Equal("NpzInvalid", error.ErrorId);
                Assert.Contains("step.npy", error.Message);
                Assert.Equal(2, Npz.Read(path, name => name != "step").Count);
            }
            finally
            {
                File.Delete(path);
            }
        }
#endif

        /// <summary>Our writer's bytes equal numpy's for every fixture that np.save wrote with the dtype and layout we write.</summary>
        [Theory]
        [MemberData(nameof(Files))]
        public void OurNpyBytesEqualNumpysForEveryFixtureNpSaveWroteInOurLayout(string file)
        {
            var entry = Entry(file);
            if (!SameLayoutAsOurs(entry))
            {
                return;
            }

            var path = Path.Combine(Folder, file);
            var tensor = Npy.Read(path);
            using var stream = new MemoryStream();
            Npy.Write(stream, tensor, "memory");
            Assert.Equal(File.ReadAllBytes(path), stream.ToArray());
        }

        [Fact]
        public void TheByteExactComparisonCoversEveryDtypeNumpyWrites()
        {
            var covered = Manifest().Where(SameLayoutAsOurs).Select(e => e.GetProperty("descr").GetString()).Distinct().OrderBy(d => d).ToArray();
            Assert.Equal(new[] { "<c16", "<c8", "<f2", "<f4", "<f8", "<i2", "<i4", "<i8", "<U5", "<u2", "<u4", "<u8", "|b1", "|i1", "|u1" }.OrderBy(d => d), covered);
        }

        private static bool SameLayoutAsOurs(JsonElement entry) =>
            entry.GetProperty("kind").GetString() == "npy" &&
            entry.GetProperty("expect").GetString() == "load" &&
            entry.GetProperty("written_by").GetString()!.StartsWith("np.save(path", StringComparison.Ordinal) &&
            !entry.GetProperty("fortran_order").GetBoolean() &&
            !entry.GetProperty("descr").GetString()!.StartsWith(">", StringComparison.Ordinal);

        private static int FindSignature(byte[] bytes, uint signature)
        {
            for (var i = 0; i + 4 <= bytes.Length; i++)
            {
                if (BitConverter.ToUInt32(bytes, i) == signature)
                {
                    return i;
                }
            }

            throw new InvalidOperationException("signature not found");
        }

        /// <summary>The tensor has the manifest's dtype, shape and, element by element, its bits.</summary>
        /// <summary>A numpy.savetxt fixture read as np.loadtxt(delimiter=',') read it (the manifest's np_loadtxt: shape
        /// and exact values), and with ndmin 2 in the shape that was saved when that was a matrix.</summary>
        private static void CheckCsv(JsonElement entry, string path)
        {
            var dtype = Kinds[entry.GetProperty("descr").GetString()!.TrimStart('<')];
            var loadtxt = entry.GetProperty("np_loadtxt");
            var tensor = Csv.Read(path, dtype);
            Assert.Equal(dtype, tensor.DType);
            Assert.Equal(loadtxt.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()), tensor.Shape);
            var expected = Flatten(loadtxt.GetProperty("values")).ToList();
            if (dtype == DType.Int64)
            {
                Assert.Equal(expected.Select(v => v.GetInt64()), tensor.ToArray<long>());
            }
            else
            {
                var bits = expected.Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() switch
                {
                    "NaN" => BitConverter.Int64BitsToDouble(0x7FF8000000000000), // Python's float('nan'), what loadtxt gives
                    "Infinity" => double.PositiveInfinity,
                    _ => double.NegativeInfinity,
                } : v.GetDouble()).Select(BitConverter.DoubleToInt64Bits);
                Assert.Equal(bits, tensor.ToArray<double>().Select(BitConverter.DoubleToInt64Bits));
            }

            var saved = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            if (saved.Length == 2)
            {
                Assert.Equal(saved, Csv.Read(path, dtype, ndmin: 2).Shape);
            }
        }

        private static IEnumerable<JsonElement> Flatten(JsonElement value) =>
            value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().SelectMany(Flatten) : new[] { value };

        private static void Check(JsonElement expected, Tensor actual)
        {
            var descr = expected.GetProperty("descr").GetString()!;
            var code = descr.TrimStart('<', '>', '|', '=');
            var dtype = code[0] == 'U' || code[0] == 'S' ? DType.String : Kinds[code];
            Assert.Equal(dtype, actual.DType);
            Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()), actual.Shape);
            if (expected.TryGetProperty("all_values", out var all))
            {
                Assert.All(actual.ToArray<long>(), v => Assert.Equal(all.GetInt64(), v));
                return;
            }

            var bits = expected.GetProperty("bits_hex").EnumerateArray().ToList();
            Assert.Equal(bits.Count, (int)actual.Count);
            if (dtype == DType.String)
            {
                var strings = actual.ToArray<string>();
                for (var i = 0; i < strings.Length; i++)
                {
                    var raw = code[0] == 'U' ? new UTF32Encoding(false, false).GetBytes(strings[i]) : strings[i].Select(c => checked((byte)c)).ToArray();
                    Assert.Equal(bits[i].GetString(), Hex(raw));
                }

                return;
            }

            var bytes = actual.ToBytes();
            var size = dtype.ElementSize();
            for (var i = 0; i < bits.Count; i++)
            {
                if (dtype.IsComplex())
                {
                    var half = size / 2;
                    var parts = bits[i].EnumerateArray().Select(p => p.GetString()).ToArray();
                    Assert.Equal(parts[0], Hex(bytes.Skip(i * size).Take(half).Reverse().ToArray()));
                    Assert.Equal(parts[1], Hex(bytes.Skip((i * size) + half).Take(half).Reverse().ToArray()));
                }
                else
                {
                    Assert.Equal(bits[i].GetString(), Hex(bytes.Skip(i * size).Take(size).Reverse().ToArray()));
                }
            }
        }

        private static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2")));
    }
}
