using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary>The safetensors writer against the reference implementation's own byte vectors and hand-written headers;
    /// every dtype back bit for bit; and each check of the reference reader on a file built byte by byte here.</summary>
    public sealed class SafetensorsTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-st-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        public static IEnumerable<object[]> SafetensorsDTypes() =>
            DTypes.All.Where(d => !d.IsComplex() && d != DType.String).Select(d => new object[] { d });

        /// <summary>A 2x3 tensor of each dtype, bfloat16 included (bits of 1.0, -0, a NaN payload, -inf, the largest
        /// finite value and the smallest subnormal).</summary>
        internal static Tensor Sample(DType dtype) => dtype == DType.BFloat16
            ? new Tensor(new[] { 2, 3 }, dtype, new ushort[] { 0x3F80, 0x8000, 0x7FC1, 0xFF80, 0x7F7F, 0x0001 })
            : NpyRoundTripTests.Sample(dtype);

        [Fact]
        public void WritesTheReferenceTestVectorByteForByte()
        {
            // safetensors/src/tensor.rs, test_serialization: "attn.0", F32, shape [1, 2, 3], values 0..5.
            var expected = new byte[]
            {
                64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
                116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
                58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
                101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
                0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
            };
            var path = Path.Combine(dir, "a.safetensors");
            Safetensors.Write(path, new[] { Pair("attn.0", new Tensor(new[] { 1, 2, 3 }, DType.Float32, new[] { 0f, 1, 2, 3, 4, 5 })) });
            Assert.Equal(expected, File.ReadAllBytes(path));
        }

        [Fact]
        public void PadsTheHeaderWithSpacesToAMultipleOfEightAsTheReferenceDoes()
        {
            // test_serialization_forced_alignement: "attn0", shape [1, 1, 2, 3]: 65 header bytes padded to 72.
            var expected = new byte[]
            {
                72, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 48, 34, 58, 123, 34, 100, 116,
                121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58,
                91, 49, 44, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102,
                115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 32, 32, 32, 32, 32,
                32, 32, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0,
                160, 64,
            };
            var path = Path.Combine(dir, "a.safetensors");
            Safetensors.Write(path, new[] { Pair("attn0", new Tensor(new[] { 1, 1, 2, 3 }, DType.Float32, new[] { 0f, 1, 2, 3, 4, 5 })) });
            Assert.Equal(expected, File.ReadAllBytes(path));
            Assert.Equal(5f, (float)Safetensors.Read(path).Single().Value.GetFlat(5));
        }

        [Fact]
        public void HeaderBuilderMatchesTheReferenceForNoTensorsWithAndWithoutMetadata()
        {
            // test_empty: {} and {"__metadata__":{"framework":"pt"}}, each padded with spaces.
            Assert.Equal(
                new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32 },
                Safetensors.BuildHeader(new List<SafetensorsEntry>(), null, "x"));
            Assert.Equal(
                new byte[]
                {
                    40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
                    95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
                    116, 34, 125, 125, 32, 32, 32, 32, 32,
                },
                Safetensors.BuildHeader(new List<SafetensorsEntry>(), new[] { new KeyValuePair<string, string>("framework", "pt") }, "x"));
            var path = Path.Combine(dir, "empty.safetensors");
            Safetensors.Write(path, Array.Empty<KeyValuePair<string, Tensor>>());
            Assert.Empty(Safetensors.Read(path));
        }

        [Fact]
        public void OrdersTensorsByDTypeAlignmentThenNameAndWritesDataInThatOrder()
        {
            var path = Path.Combine(dir, "order.safetensors");
            Safetensors.Write(path, new[]
            {
                Pair("flag", new Tensor(new[] { 2 }, DType.Bool, new[] { true, false })),
                Pair("w", new Tensor(new[] { 1 }, DType.Float32, new[] { 1f })),
                Pair("half", new Tensor(new[] { 1 }, DType.BFloat16, new ushort[] { 0x3F80 })),
                Pair("b", new Tensor(Array.Empty<int>(), DType.Float64, new[] { 2.0 })),
                Pair("a", new Tensor(new[] { 1 }, DType.Float32, new[] { 3f })),
                Pair("\u00e9", new Tensor(new[] { 0 }, DType.Float32, Array.Empty<float>())),
                Pair("z", new Tensor(new[] { 1 }, DType.UInt8, new byte[] { 7 })),
            });

            // Reference order: F64, F32 (a, w, then é: UTF-8 bytes C3 A9 sort after 'w'), BF16, U8, BOOL.
            const string json = "{" +
                "\"b\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}," +
                "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}," +
                "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}," +
                "\"\u00e9\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[16,16]}," +
                "\"half\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[16,18]}," +
                "\"z\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[18,19]}," +
                "\"flag\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[19,21]}}";
            var bytes = File.ReadAllBytes(path);
            var n = (int)BitConverter.ToUInt64(bytes, 0);
            Assert.Equal(0, n % 8);
            Assert.Equal(json, Encoding.UTF8.GetString(bytes, 8, n).TrimEnd(' '));
            var data = bytes.Skip(8 + n).ToArray();
            Assert.Equal(
                BitConverter.GetBytes(2.0).Concat(BitConverter.GetBytes(3f)).Concat(BitConverter.GetBytes(1f))
                    .Concat(new byte[] { 0x80, 0x3F, 7, 1, 0 }),
                data);
        }

        [Theory]
        [MemberData(nameof(SafetensorsDTypes))]
        public void EveryDTypeRoundTripsBitForBitWithEmptyAndScalarTensors(DType dtype)
        {
            var path = Path.Combine(dir, "t.safetensors");
            var tensors = new[]
            {
                Pair("w", Sample(dtype)),
                Pair("dense/bias", Tensor.Zeros(new[] { 0, 4 }, dtype)),
                Pair("step", Tensor.Zeros(Array.Empty<int>(), dtype)),
            };
            Safetensors.Write(path, tensors);
            var back = Safetensors.Read(path, null, out var metadata);
            Assert.Equal(tensors.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key), back.Select(t => t.Key));
            foreach (var pair in tensors)
            {
                var read = back.Single(b => b.Key == pair.Key).Value;
                Assert.Equal(pair.Value, read);
                Assert.Equal(pair.Value.Shape, read.Shape);
                Assert.Equal(pair.Value.ToBytes(), read.ToBytes());
                Assert.Null(read.GetProvenance());
            }

            Assert.Empty(metadata);
        }

        [Theory]
        [InlineData(DType.Complex64)]
        [InlineData(DType.Complex128)]
        [InlineData(DType.String)]
        public void RefusesDTypesItCannotHoldNamingTheFormatsThatCan(DType dtype)
        {
            var path = Path.Combine(dir, "t.safetensors");
            var ex = Assert.Throws<InitializerException>(() => Safetensors.Write(path, new[] { Pair("w", NpyRoundTripTests.Sample(dtype)) }));
            Assert.Equal("UnsupportedDType", ex.ErrorId);
            Assert.Contains(".npy and .npz", ex.Message);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Theory]
        [InlineData("__metadata__", "SafetensorsReservedName")]
        [InlineData("", "InvalidTensorName")]
        public void RefusesReservedAndEmptyNamesWhenWriting(string name, string errorId)
        {
            var path = Path.Combine(dir, "t.safetensors");
            var ex = Assert.Throws<InitializerException>(() => Safetensors.Write(path, new[] { Pair("ok", Sample(DType.Float32)), Pair(name, Sample(DType.Float32)) }));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void RefusesADuplicateNameWhenWriting()
        {
            var ex = Assert.Throws<InitializerException>(() => Safetensors.Write(Path.Combine(dir, "t.safetensors"), new[] { Pair("w", Sample(DType.Float32)), Pair("w", Sample(DType.Int8)) }));
            Assert.Equal("SafetensorsDuplicateName", ex.ErrorId);
            Assert.Contains("'w'", ex.Message);
        }

        [Fact]
        public void RefusesNullAndReservedMetadataWhenWriting()
        {
            var path = Path.Combine(dir, "t.safetensors");
            var w = new[] { Pair("w", Sample(DType.Float32)) };
            Assert.Equal("SafetensorsInvalidMetadata", Assert.Throws<InitializerException>(() => Safetensors.Write(path, w, new[] { new KeyValuePair<string, string>("k", null!) })).ErrorId);
            Assert.Equal("SafetensorsInvalidMetadata", Assert.Throws<InitializerException>(() => Safetensors.Write(path, w, new[] { new KeyValuePair<string, string>(Safetensors.ProvenanceKey, "{}") })).ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void RefusesToWriteAHeaderOverTheLimit()
        {
            var entries = new List<SafetensorsEntry> { new("w", DType.Float32, new long[] { 1 }) };

            // {"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} is 54 bytes, padded to 56.
            Assert.Equal(8 + 56, Safetensors.BuildHeader(entries, null, "x", maxHeaderSize: 56).Length);
            var ex = Assert.Throws<InitializerException>(() => Safetensors.BuildHeader(entries, null, "x", maxHeaderSize: 55));
            Assert.Equal("SafetensorsHeaderTooLarge", ex.ErrorId);
        }

        [Fact]
        public void WritesMetadataWithFormatPtAndReadsItBack()
        {
            var path = Path.Combine(dir, "m.safetensors");
            Safetensors.Write(path, new[] { Pair("w", Sample(DType.Float32)) }, new[] { new KeyValuePair<string, string>("note", "a \"quoted\"\nline") });
            Safetensors.Read(path, null, out var metadata);
            Assert.Equal(new[] { new KeyValuePair<string, string>("format", "pt"), new KeyValuePair<string, string>("note", "a \"quoted\"\nline") }, metadata);
            var header = Header(File.ReadAllBytes(path));
            Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\",\"note\":\"a \\\"quoted\\\"\\nline\"},\"w\":", header);

            // A format of the caller's replaces pt.
            Safetensors.Write(path, new[] { Pair("w", Sample(DType.Float32)) }, new[] { new KeyValuePair<string, string>("format", "flax") });
            Safetensors.Read(path, null, out metadata);
            Assert.Equal(new[] { new KeyValuePair<string, string>("format", "flax") }, metadata);
        }

        [Fact]
        public void ReadsHeadersInAnyKeyOrderWithOtherPaddingAndSelectsByName()
        {
            var path = Write(
                "{\"b\":{\"data_offsets\":[4,6],\"shape\":[1],\"dtype\":\"I16\"},\n  \"a\":{\"shape\":[],\"dtype\":\"F32\",\"data_offsets\":[0,4]}}\n\t  ",
                new byte[] { 0, 0, 0x40, 0x40, 0xFE, 0xFF });
            var all = Safetensors.Read(path);
            Assert.Equal(new[] { "a", "b" }, all.Select(t => t.Key));
            Assert.Equal(3f, (float)all[0].Value.GetFlat(0));
            Assert.Equal((short)-2, (short)all[1].Value.GetFlat(0));
            Assert.Equal(new[] { "b" }, Safetensors.Read(path, n => n == "b").Select(t => t.Key));
        }

        [Fact]
        public void ReadsC64AsComplex64()
        {
            var path = Write("{\"c\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", BitConverter.GetBytes(1.5f).Concat(BitConverter.GetBytes(-2f)).ToArray());
            var c = Safetensors.Read(path).Single().Value;
            Assert.Equal(DType.Complex64, c.DType);
            Assert.Equal(new System.Numerics.Complex(1.5, -2), c.GetFlat(0));
        }

        [Fact]
        public void AFloat8TensorIsRefusedWhenReadButTheOthersCanBeSelected()
        {
            var path = Write(
                "{\"f8\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]},\"u\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[2,3]}}",
                new byte[] { 1, 2, 9 });
            var ex = Assert.Throws<InitializerException>(() => Safetensors.Read(path));
            Assert.Equal("UnsupportedDType", ex.ErrorId);
            Assert.Contains("F8_E4M3", ex.Message);
            Assert.Equal((byte)9, Safetensors.Read(path, n => n == "u").Single().Value.GetFlat(0));
        }

        [Fact]
        public void FileShorterThanTheLengthFieldIsHeaderTooSmall() =>
            AssertRefused(new byte[] { 8, 0, 0, 0, 0, 0, 0 }, "SafetensorsHeaderTooSmall");

        [Theory]
        [InlineData(100_000_001UL)]
        [InlineData(ulong.MaxValue)]
        public void HeaderLengthOverTheLimitIsRefusedBeforeAllocating(ulong n) =>
            AssertRefused(BitConverter.GetBytes(n).Concat(Encoding.ASCII.GetBytes("{}")).ToArray(), "SafetensorsHeaderTooLarge");

        [Fact]
        public void HeaderLengthPastTheEndOfTheFileIsInvalidHeaderLength() =>
            AssertRefused(BitConverter.GetBytes(99_999_999UL).Concat(Encoding.ASCII.GetBytes("{}      ")).ToArray(), "SafetensorsInvalidHeaderLength");

        [Fact]
        public void HeaderThatIsNotUtf8IsInvalidHeader() =>
            AssertRefused(Bytes(new byte[] { (byte)'{', 0xFF, (byte)'}', 32, 32, 32, 32, 32 }, Array.Empty<byte>()), "SafetensorsInvalidHeader");

        [Theory]
        [InlineData(" {}")]
        [InlineData("[]")]
        [InlineData("")]
        public void HeaderThatDoesNotStartWithABraceIsInvalidHeaderStart(string header) =>
            AssertRefused(Bytes(Encoding.ASCII.GetBytes(header), Array.Empty<byte>()), "SafetensorsInvalidHeaderStart");

        [Theory]
        [InlineData("{\"a\":")]
        [InlineData("{\"a\":1}")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,18446744073709551616]}}")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,000000000000000000000004]}}")]
        public void MalformedHeadersAreInvalidHeaderDeserialization(string header) =>
            AssertRefused(Bytes(Encoding.ASCII.GetBytes(header), new byte[4]), "SafetensorsInvalidHeaderDeserialization");

        [Fact]
        public void DuplicateNamesAreRefusedEvenWhenBothEntriesAreIdentical()
        {
            // The reference keeps one entry of a map and Python's json the last: two identical entries would pass there.
            const string entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
            var ex = AssertRefused(Bytes(Encoding.ASCII.GetBytes("{\"a\":" + entry + ",\"a\":" + entry + "}"), new byte[4]), "SafetensorsDuplicateName");
            Assert.Contains("'a'", ex.Message);
        }

        [Fact]
        public void ATensorNamedMetadataIsRefusedAsNonStringMetadata() =>
            AssertRefused(Bytes(Encoding.ASCII.GetBytes("{\"__metadata__\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"), new byte[4]), "SafetensorsInvalidMetadata");

        [Theory]
        [InlineData("{\"__metadata__\":{\"format\":\"pt\",\"n\":1}}")]
        [InlineData("{\"__metadata__\":{\"n\":null}}")]
        [InlineData("{\"__metadata__\":{\"n\":{\"nested\":\"x\"}}}")]
        [InlineData("{\"__metadata__\":[\"x\"]}")]
        public void NonStringMetadataValuesAreRefused(string header) =>
            AssertRefused(Bytes(Encoding.ASCII.GetBytes(header), Array.Empty<byte>()), "SafetensorsInvalidMetadata");

        [Fact]
        public void AnUnknownDTypeStringIsUnsupportedDType()
        {
            var ex = AssertRefused(Bytes(Encoding.ASCII.GetBytes("{\"a\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}"), new byte[16]), "UnsupportedDType");
            Assert.Contains("F128", ex.Message);
        }

        [Theory]
        [InlineData("[0,4]", "[8,12]", 12)] // a hole
        [InlineData("[0,8]", "[4,8]", 8)] // an overlap
        [InlineData("[0,4]", "[0,4]", 4)] // two names sharing bytes
        [InlineData("[4,8]", "[8,12]", 12)] // not starting at 0
        public void OffsetsWithHolesOrOverlapsAreInvalidOffset(string a, string b, int dataBytes)
        {
            var sizeA = int.Parse(a.Split(',')[1].TrimEnd(']')) - int.Parse(a.Split(',')[0].TrimStart('['));
            var header = $"{{\"a\":{{\"dtype\":\"U8\",\"shape\":[{sizeA}],\"data_offsets\":{a}}},\"b\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":{b}}}}}";
            AssertRefused(Bytes(Encoding.ASCII.GetBytes(header), new byte[dataBytes]), "SafetensorsInvalidOffset");
        }

        [Fact]
        public void AnEndBeforeTheBeginIsInvalidOffset() =>
            AssertRefused(Bytes(Encoding.ASCII.GetBytes("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,2]}}"), new byte[4]), "SafetensorsInvalidOffset");

        [Theory]
        [InlineData("[4294967296,4294967296]")] // 2^64 elements
        [InlineData("[9223372036854775808,2,1]")] // wraps to exactly 0 elements without checks
        [InlineData("[4611686018427387904]")] // 2^62 elements fit, their 2^67 bits do not
        public void ShapeProductsThatOverflowAreShapeOverflow(string shape) =>
            AssertRefused(Bytes(Encoding.ASCII.GetBytes($"{{\"a\":{{\"dtype\":\"F32\",\"shape\":{shape},\"data_offsets\":[0,0]}}}}"), Array.Empty<byte>()), "ShapeOverflow");

        [Fact]
        public void ASizeThatDisagreesWithTheOffsetsIsTensorInvalidInfo() =>
            AssertRefused(Bytes(Encoding.ASCII.GetBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}"), new byte[8]), "SafetensorsTensorInvalidInfo");

        [Fact]
        public void SubByteTensorsOfOddBitCountsAreMisaligned() =>
            AssertRefused(Bytes(Encoding.ASCII.GetBytes("{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,1]}}"), new byte[1]), "SafetensorsMisalignedSlice");

        [Theory]
        [InlineData(4)] // the data past the end of the file
        [InlineData(12)] // trailing bytes
        public void DataThatDoesNotEndExactlyAtTheEndOfTheFileIsIncompleteBuffer(int dataBytes) =>
            AssertRefused(Bytes(Encoding.ASCII.GetBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"), new byte[dataBytes]), "SafetensorsIncompleteBuffer");

        [Fact]
        public void ADimensionOverTheTensorLimitIsTensorTooLargeWhenRead() =>
            AssertRefused(Bytes(Encoding.ASCII.GetBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[0,3000000000],\"data_offsets\":[0,0]}}"), Array.Empty<byte>()), "TensorTooLarge");

        [Fact]
        public void ProvenanceGoesIntoMetadataAsStringsAndRebuildsTheSameValues()
        {
            var path = Path.Combine(dir, "p.safetensors");
            var seeded = Initializer.FromConfig("GlorotUniform", new Dictionary<string, object> { ["seed"] = 42 }).Call(new[] { 3, 4 }, DType.BFloat16);
            var unseeded = Initializer.FromConfig("RandomNormal", null).Call(new[] { 5 }, DType.Float64);
            var zeros = Initializer.FromConfig("Zeros", null).Call(new[] { 2 }, DType.Int32);
            var plain = Sample(DType.Float32);
            Safetensors.Write(path, new[] { Pair("kernel", seeded), Pair("noise", unseeded), Pair("zeros", zeros), Pair("plain", plain) });

            var back = Safetensors.Read(path, null, out var metadata).ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal("pt", metadata.Single(m => m.Key == "format").Value);
            Assert.Equal(new[] { "format", Safetensors.ProvenanceKey }, metadata.Select(m => m.Key));
            Assert.Null(back["plain"].GetProvenance());
            Assert.Equal(42L, back["kernel"].GetProvenance()!.Seed);
            Assert.Equal(((global::Initializers.Family.RandomInitializer)unseeded.GetProvenance()!.Initializer).EffectiveSeed, back["noise"].GetProvenance()!.Seed);
            Assert.Null(back["zeros"].GetProvenance()!.Seed);
            Assert.Equal("GlorotUniform", back["kernel"].GetProvenance()!.Initializer.ClassName);
            Assert.Equal(TensorProvenance.CurrentVersion, back["kernel"].GetProvenance()!.Version);
            foreach (var name in new[] { "kernel", "noise", "zeros" })
            {
                var rebuilt = back[name].GetProvenance()!.Rebuild();
                Assert.Equal(back[name].ToBytes(), rebuilt.ToBytes());
                Assert.Equal(back[name].Shape, rebuilt.Shape);
                Assert.Equal(back[name].DType, rebuilt.DType);
            }
        }

        private static KeyValuePair<string, Tensor> Pair(string name, Tensor tensor) => new(name, tensor);

        private static string Header(byte[] file) => Encoding.UTF8.GetString(file, 8, (int)BitConverter.ToUInt64(file, 0));

        /// <summary>Each refusal of the reader says what is wrong and where ({path} stands for the file's full path). The
        /// header texts are padded with spaces to a multiple of 8, as the reference writes them.</summary>
        [Theory]
        [InlineData("{\"a\":", 0, "The safetensors header of '{path}' is not valid JSON: Invalid JSON at line 1, column 9: expected a value (object, array, string, number, true, false or null), found the end of the text.")]
        [InlineData("{\"a\":1}", 0, "The safetensors header of '{path}' is not of the safetensors form: the entry of 'a' is 1, not an object.")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", 4, "The safetensors header of '{path}' is not of the safetensors form: the entry of 'a' has the unknown field 'extra' (only dtype, shape and data_offsets exist).")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "The safetensors header of '{path}' is not of the safetensors form: the data_offsets of 'a' is not an array of 2 unsigned integers.")]
        [InlineData("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "The safetensors header of '{path}' is not of the safetensors form: the entry of 'a' has no dtype string.")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "The safetensors header of '{path}' is not of the safetensors form: the shape of 'a' holds -1, not an unsigned 64-bit integer.")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,18446744073709551616]}}", 4, "The safetensors header of '{path}' is not of the safetensors form: the data_offsets of 'a' holds 18446744073709551616, not an unsigned 64-bit integer.")]
        // The 21-digit number starts at offset 50 of the header: {"a":{"dtype":"F32","shape":[1],"data_offsets":[0, is 5 + 15 + 12 + 16 + 2 = 50 characters.
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,000000000000000000000004]}}", 4, "The safetensors header of '{path}' is not of the safetensors form: the number at offset 50 of the header has more than 20 digits.")]
        [InlineData("[]", 0, "The safetensors header of '{path}' does not start with '{'.")]
        [InlineData("{\"__metadata__\":[\"x\"]}", 0, "The __metadata__ of '{path}' is not an object of string values.")]
        [InlineData("{\"__metadata__\":{\"n\":null}}", 0, "The __metadata__ value of 'n' in '{path}' is null; safetensors metadata values are strings only.")]
        [InlineData("{\"a\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16, "The tensor 'a' of '{path}' has the dtype 'F128', which safetensors does not define. safetensors defines BOOL F4 F6_E2M3 F6_E3M2 U8 I8 F8_E5M2 F8_E4M3 F8_E8M0 F8_E4M3FNUZ F8_E5M2FNUZ I16 U16 F16 BF16 I32 U32 F32 C64 F64 I64 U64.")]
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[4,8]}}", 8, "The tensor 'a' of '{path}' has data_offsets [4, 8], which leaves the bytes 0 to 4 unused (a hole).")]
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[4,8]}}", 8, "The tensor 'b' of '{path}' has data_offsets [4, 8], which overlaps the previous tensor, which ends at 8.")]
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,2]}}", 4, "The tensor 'b' of '{path}' has data_offsets [4, 2], which ends at 2, before it begins.")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", 0, "The tensor 'a' of '{path}' has the shape [4294967296, 4294967296], whose size overflows 64 bits.")]
        [InlineData("{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}", 2, "The tensor 'a' of '{path}' (F4, shape [3]) holds 12 bits, not whole bytes.")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "The tensor 'a' of '{path}' (F32, shape [3]) needs 12 bytes, but its data_offsets [0, 8] span 8.")]
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]}}", 12, "The tensors of '{path}' cover 8 data bytes, but the file holds 12 after the header; safetensors files end exactly where the last tensor does.")]
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[0,3000000000],\"data_offsets\":[0,0]}}", 0, "The tensor 'a' of '{path}' has the shape [0, 3000000000]; a tensor dimension is at most 2147483647.")]
        public void EveryRefusalSaysWhatIsWrong(string header, int dataBytes, string says)
        {
            var path = Write(header, new byte[dataBytes]);
            var ex = Assert.Throws<InitializerException>(() => Safetensors.Read(path));
            Assert.Equal(says.Replace("{path}", Path.GetFullPath(path)), ex.Message);
        }

        [Fact]
        public void TheLengthFieldsRefusalsSayWhatIsWrong()
        {
            string Message(byte[] bytes)
            {
                var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".safetensors");
                File.WriteAllBytes(path, bytes);
                return Assert.Throws<InitializerException>(() => Safetensors.Read(path)).Message.Replace(Path.GetFullPath(path), "{path}");
            }

            Assert.Equal("'{path}' is not a safetensors file: it holds 7 bytes, fewer than the 8 of the header length.", Message(new byte[] { 8, 0, 0, 0, 0, 0, 0 }));
            Assert.Equal("The safetensors header of '{path}' claims 100000001 bytes; at most 100000000 are read (the reference's limit).",
                Message(BitConverter.GetBytes(100_000_001UL).Concat(Encoding.ASCII.GetBytes("{}")).ToArray()));
            Assert.Equal("The safetensors header of '{path}' claims 99999999 bytes, but the file holds only 8 after the length.",
                Message(BitConverter.GetBytes(99_999_999UL).Concat(Encoding.ASCII.GetBytes("{}      ")).ToArray()));
            Assert.Equal("The safetensors header of '{path}' is not valid UTF-8.", Message(Bytes(new byte[] { (byte)'{', 0xFF, (byte)'}', 32, 32, 32, 32, 32 }, Array.Empty<byte>())));
            // Exactly the limit is read (and here found too long for the file).
            Assert.Equal("The safetensors header of '{path}' claims 100000000 bytes, but the file holds only 2 after the length.",
                Message(BitConverter.GetBytes(100_000_000UL).Concat(Encoding.ASCII.GetBytes("{}")).ToArray()));
        }

        /// <summary>The dtype names of the safetensors specification (safetensors/src/tensor.rs, <c>Dtype</c>) read as
        /// their dtype, written in the file by hand rather than by the writer.</summary>
        [Theory]
        [InlineData("BOOL", DType.Bool, 1)]
        [InlineData("U8", DType.UInt8, 1)]
        [InlineData("I8", DType.Int8, 1)]
        [InlineData("I16", DType.Int16, 2)]
        [InlineData("U16", DType.UInt16, 2)]
        [InlineData("F16", DType.Float16, 2)]
        [InlineData("BF16", DType.BFloat16, 2)]
        [InlineData("I32", DType.Int32, 4)]
        [InlineData("U32", DType.UInt32, 4)]
        [InlineData("F32", DType.Float32, 4)]
        [InlineData("F64", DType.Float64, 8)]
        [InlineData("I64", DType.Int64, 8)]
        [InlineData("U64", DType.UInt64, 8)]
        [InlineData("C64", DType.Complex64, 8)]
        public void EachSpecificationDTypeNameReadsAsItsDType(string name, DType dtype, int size)
        {
            var path = Write("{\"t\":{\"dtype\":\"" + name + "\",\"shape\":[2],\"data_offsets\":[0," + (2 * size) + "]}}", new byte[2 * size]);
            var tensor = Safetensors.Read(path).Single().Value;
            Assert.Equal(dtype, tensor.DType);
            Assert.Equal(new[] { 2 }, tensor.Shape);
        }

        /// <summary>The float8 and sub-byte dtypes are defined (so the header is valid) but have no tensor type here.</summary>
        [Theory]
        [InlineData("F8_E5M2", 8)]
        [InlineData("F8_E4M3", 8)]
        [InlineData("F8_E8M0", 8)]
        [InlineData("F8_E4M3FNUZ", 8)]
        [InlineData("F8_E5M2FNUZ", 8)]
        [InlineData("F6_E2M3", 6)]
        [InlineData("F6_E3M2", 6)]
        [InlineData("F4", 4)]
        public void EachSpecificationDTypeWithoutATensorTypeIsRefusedByName(string name, int bits)
        {
            var bytes = 8 * bits / 8;
            var path = Write("{\"t\":{\"dtype\":\"" + name + "\",\"shape\":[8],\"data_offsets\":[0," + bytes + "]}}", new byte[bytes]);
            var ex = Assert.Throws<InitializerException>(() => Safetensors.Read(path));
            Assert.Equal("UnsupportedDType", ex.ErrorId);
            Assert.Contains("has the safetensors dtype " + name + ", which has no tensor dtype here", ex.Message);
        }

        /// <summary>The stream writer writes the bytes the file writer writes.</summary>
        [Fact]
        public void TheStreamWriterWritesWhatTheFileWriterWrites()
        {
            var tensors = new[] { Pair("b", Sample(DType.Int16)), Pair("a", Sample(DType.Float64)) };
            var metadata = new[] { new KeyValuePair<string, string>("k", "v") };
            var path = Path.Combine(dir, "f.safetensors");
            Safetensors.Write(path, tensors, metadata);
            using var stream = new MemoryStream();
            Safetensors.Write(stream, tensors, metadata, "s");
            Assert.Equal(File.ReadAllBytes(path), stream.ToArray());
        }

        /// <summary>Entries of a streamed tensor are checked as the header is built: a negative dimension, and a byte
        /// size past 64 bits (which no in-memory tensor can have), are refused with the tensor's name.</summary>
        [Fact]
        public void TheHeaderBuilderRefusesANegativeDimensionAndASizeOver64Bits()
        {
            var negative = Assert.Throws<InitializerException>(() => Safetensors.BuildHeader(new List<SafetensorsEntry> { new("w", DType.Float32, new long[] { 2, -3 }) }, null, "x.safetensors"));
            Assert.Equal("InvalidShape", negative.ErrorId);
            Assert.Equal("Cannot write 'w' to 'x.safetensors': its shape has the negative dimension -3.", negative.Message);

            // 2^62 float32 elements are 2^64 bytes.
            var overflow = Assert.Throws<InitializerException>(() => Safetensors.BuildHeader(new List<SafetensorsEntry> { new("w", DType.Float32, new long[] { 1L << 31, 1L << 31 }) }, null, "x.safetensors"));
            Assert.Equal("ShapeOverflow", overflow.ErrorId);
            Assert.Equal("Cannot write 'w' to 'x.safetensors': its size in bytes overflows 64 bits.", overflow.Message);

            // 2^61 float32 elements (2^63 bytes) overflow a signed offset as well; one element fewer per row does not.
            Assert.Equal("ShapeOverflow", Assert.Throws<InitializerException>(() => Safetensors.BuildHeader(new List<SafetensorsEntry> { new("w", DType.Float32, new long[] { 1L << 61 }) }, null, "x")).ErrorId);
            var fits = new List<SafetensorsEntry> { new("w", DType.Float32, new long[] { (1L << 61) - 1 }) };
            Safetensors.BuildHeader(fits, null, "x");
            Assert.Equal(long.MaxValue - 3, fits[0].End);
        }

        /// <summary>A stream that ends before the header length it claims (a file cut while it is read).</summary>
        [Fact]
        public void AStreamThatEndsInsideTheHeaderIsInvalidHeaderLength()
        {
            var bytes = Bytes(Encoding.UTF8.GetBytes("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}"), new byte[1]);
            using var stream = new MemoryStream(bytes, 0, 20);
            var ex = Assert.Throws<InitializerException>(() => Safetensors.ReadHeader(stream, bytes.Length, "cut.safetensors", out _, out _));
            Assert.Equal("SafetensorsInvalidHeaderLength", ex.ErrorId);
            Assert.Equal("'cut.safetensors' ends inside its safetensors header.", ex.Message);
        }

        /// <summary>serde reads <c>"__metadata__": null</c> as no metadata: the tensors still read.</summary>
        [Fact]
        public void NullMetadataIsNoMetadata()
        {
            var path = Write("{\"__metadata__\":null,\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[] { 7, 9 });
            var read = Safetensors.Read(path, null, out var metadata);
            Assert.Empty(metadata);
            Assert.Equal(new byte[] { 7, 9 }, read.Single().Value.ToArray<byte>());
        }

        /// <summary>A tensor of more elements than one tensor holds is refused before its data is read (here the data
        /// is not even there: the length given is what the header needs).</summary>
        [Fact]
        public void ATensorOfMoreElementsThanOneTensorHoldsIsTensorTooLarge()
        {
            var header = Bytes(Encoding.UTF8.GetBytes("{\"a\":{\"dtype\":\"U8\",\"shape\":[65536,65536],\"data_offsets\":[0,4294967296]}}"), Array.Empty<byte>());
            using var stream = new MemoryStream(header);
            var ex = Assert.Throws<InitializerException>(() => Safetensors.Read(stream, header.Length + 4294967296L, "big.safetensors", null, out _));
            Assert.Equal("TensorTooLarge", ex.ErrorId);
            Assert.Equal("The tensor 'a' of 'big.safetensors' has the shape [65536, 65536]; one tensor holds at most 2147483591 elements.", ex.Message);
        }

        [Fact]
        public void MetadataWithANullOrRepeatedKeyIsRefusedWhenWriting()
        {
            var path = Path.Combine(dir, "t.safetensors");
            var w = new[] { Pair("w", Sample(DType.Float32)) };
            var nullKey = Assert.Throws<InitializerException>(() => Safetensors.Write(path, w, new[] { new KeyValuePair<string, string>(null!, "v") }));
            Assert.Equal(("SafetensorsInvalidMetadata", $"Cannot write '{path}': a key is null."), (nullKey.ErrorId, nullKey.Message));
            var twice = Assert.Throws<InitializerException>(() => Safetensors.Write(path, w, new[] { new KeyValuePair<string, string>("k", "1"), new KeyValuePair<string, string>("k", "2") }));
            Assert.Equal(("SafetensorsInvalidMetadata", $"Cannot write '{path}': the key 'k' is given twice."), (twice.ErrorId, twice.Message));
            var nullValue = Assert.Throws<InitializerException>(() => Safetensors.Write(path, w, new[] { new KeyValuePair<string, string>("k", null!) }));
            Assert.Equal($"Cannot write '{path}': the value of 'k' is null (values are strings).", nullValue.Message);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        /// <summary>An entry that is not an object, or a shape that is not an array, is named as it is.</summary>
        [Theory]
        [InlineData("{\"a\":\"x\"}", "the entry of 'a' is the string \"x\", not an object")]
        [InlineData("{\"a\":true}", "the entry of 'a' is true, not an object")]
        [InlineData("{\"a\":false}", "the entry of 'a' is false, not an object")]
        [InlineData("{\"a\":null}", "the entry of 'a' is null, not an object")]
        [InlineData("{\"a\":[1]}", "the entry of 'a' is an array, not an object")]
        [InlineData("{\"a\":2.5}", "the entry of 'a' is 2.5, not an object")]
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":\"x\",\"data_offsets\":[0,1]}}", "the shape of 'a' is not an array of unsigned integers")]
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":{}}}", "the data_offsets of 'a' is not an array of 2 unsigned integers")]
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[{}],\"data_offsets\":[0,1]}}", "the shape of 'a' holds an object, not an unsigned 64-bit integer")]
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[\"1\"],\"data_offsets\":[0,1]}}", "the shape of 'a' holds the string \"1\", not an unsigned 64-bit integer")]
        public void AnEntryOfTheWrongFormIsNamedAsItIs(string header, string why)
        {
            var path = Write(header, new byte[1]);
            var ex = Assert.Throws<InitializerException>(() => Safetensors.Read(path));
            Assert.Equal("SafetensorsInvalidHeaderDeserialization", ex.ErrorId);
            Assert.Equal($"The safetensors header of '{Path.GetFullPath(path)}' is not of the safetensors form: {why}.", ex.Message);
        }

        /// <summary>More refusals in full: shapes of two dimensions, a second tensor's span, a dimension of 2^64 - 1.</summary>
        [Theory]
        [InlineData("{\"a\":{\"dtype\":\"F4\",\"shape\":[3,1],\"data_offsets\":[0,2]}}", 2, "The tensor 'a' of '{path}' (F4, shape [3, 1]) holds 12 bits, not whole bytes.")]
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[3,1],\"data_offsets\":[4,12]}}", 12, "The tensor 'b' of '{path}' (F32, shape [3, 1]) needs 12 bytes, but its data_offsets [4, 12] span 8.")]
        [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[18446744073709551615],\"data_offsets\":[0,0]}}", 0, "The tensor 'a' of '{path}' has the shape [18446744073709551615], whose size overflows 64 bits.")]
        // Twenty-one nines: counted as digits like any other (the run check, not the integer conversion, refuses it).
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,999999999999999999999]}}", 0, "The safetensors header of '{path}' is not of the safetensors form: the number at offset 49 of the header has more than 20 digits.")]
        // A dimension past 2^63 is still a dimension past the tensor limit, even with no elements.
        [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[0,9223372036854775808],\"data_offsets\":[0,0]}}", 0, "The tensor 'a' of '{path}' has the shape [0, 9223372036854775808]; a tensor dimension is at most 2147483647.")]
        public void MoreRefusalsSayWhatIsWrong(string header, int dataBytes, string says)
        {
            var path = Write(header, new byte[dataBytes]);
            var ex = Assert.Throws<InitializerException>(() => Safetensors.Read(path));
            Assert.Equal(says.Replace("{path}", Path.GetFullPath(path)), ex.Message);
        }

        /// <summary>Digits inside strings (names, metadata, escaped quotes) are not numbers: a name of 30 digits reads.</summary>
        [Theory]
        [InlineData("123456789012345678901234567890")]
        [InlineData("x\\\"123456789012345678901234567890")]
        [InlineData("\\\\123456789012345678901234567890")]
        public void DigitsInsideNamesAreNotNumbers(string jsonName)
        {
            var path = Write("{\"__metadata__\":{\"n\":\"98765432109876543210987\"},\"" + jsonName + "\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[] { 5 });
            var read = Safetensors.Read(path, null, out var metadata);
            Assert.Equal((byte)5, Assert.Single(read).Value.GetFlat(0));
            Assert.Equal("98765432109876543210987", Assert.Single(metadata).Value);
        }

        /// <summary>Empty dimensions: the largest dimension with a zero reads as an empty tensor, as do dimensions whose
        /// product passes the tensor limit before the zero comes; a tensor of exactly two dimensions reads with them.</summary>
        [Theory]
        [InlineData("[0,2147483647]", 0)]
        [InlineData("[2147483647,0]", 0)]
        [InlineData("[65536,65536,0]", 0)]
        [InlineData("[3,5]", 15)]
        public void EmptyAndOrdinaryShapesRead(string shape, int elements)
        {
            var path = Write("{\"a\":{\"dtype\":\"U8\",\"shape\":" + shape + ",\"data_offsets\":[0," + elements + "]}}", new byte[elements]);
            var tensor = Safetensors.Read(path).Single().Value;
            Assert.Equal(shape.Trim('[', ']').Split(',').Select(int.Parse), tensor.Shape);
            Assert.Equal(elements, tensor.Data.Length);
        }

        /// <summary>Tensors that start at the same offset are ordered by their end: an empty tensor before a full one at
        /// offset 0, whatever the header's order.</summary>
        [Fact]
        public void AnEmptyTensorAndAFullOneAtTheSameOffsetBothRead()
        {
            var path = Write("{\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}", new byte[] { 1, 2, 3, 4 });
            var read = Safetensors.Read(path);
            Assert.Equal(new[] { "a", "b" }, read.Select(kv => kv.Key));
            Assert.Equal(new byte[] { 1, 2, 3, 4 }, read[1].Value.ToArray<byte>());
        }

        /// <summary>The writer's checks on a 64-bit layout: the element count and the running offset overflow as well as
        /// one tensor's byte size; and a stream shorter than its stated length is too small for a header.</summary>
        [Fact]
        public void TheLayoutsCountsAndOffsetsDoNotWrap()
        {
            Assert.Equal("ShapeOverflow", Assert.Throws<InitializerException>(() => Safetensors.BuildHeader(new List<SafetensorsEntry> { new("w", DType.UInt8, new long[] { 1L << 32, 1L << 32 }) }, null, "x")).ErrorId);
            var two = new List<SafetensorsEntry> { new("a", DType.Float32, new long[] { (1L << 61) - 1 }), new("b", DType.Float32, new long[] { 2 }) };
            var ex = Assert.Throws<InitializerException>(() => Safetensors.BuildHeader(two, null, "x"));
            Assert.Equal(("ShapeOverflow", "Cannot write 'b' to 'x': its size in bytes overflows 64 bits."), (ex.ErrorId, ex.Message));
            var duplicate = Assert.Throws<InitializerException>(() => Safetensors.BuildHeader(new List<SafetensorsEntry> { new("w", DType.UInt8, new long[] { 1 }), new("w", DType.UInt8, new long[] { 1 }) }, null, "x"));
            Assert.Equal(("SafetensorsDuplicateName", "Cannot write 'x': the name 'w' is given twice."), (duplicate.ErrorId, duplicate.Message));
            var tooLong = Assert.Throws<InitializerException>(() => Safetensors.BuildHeader(new List<SafetensorsEntry> { new("w", DType.Float32, new long[] { 1 }) }, null, "x", maxHeaderSize: 55));
            Assert.Equal("Cannot write 'x': its header would be 56 bytes; safetensors readers accept at most 55.", tooLong.Message);

            using var stream = new MemoryStream(new byte[] { 8, 0, 0, 0 });
            Assert.Equal("SafetensorsHeaderTooSmall", Assert.Throws<InitializerException>(() => Safetensors.ReadHeader(stream, 100, "s", out _, out _)).ErrorId);
        }

        [Fact]
        public void TheWritersNameRefusalsSayWhatIsWrong()
        {
            var path = Path.Combine(dir, "n.safetensors");
            var empty = Assert.Throws<InitializerException>(() => Safetensors.Write(path, new[] { Pair("", Sample(DType.Float32)) }));
            Assert.Equal($"Cannot write '{path}': a tensor name is empty.", empty.Message);
            // The names are checked before the metadata.
            var first = Assert.Throws<InitializerException>(() => Safetensors.Write(path, new[] { Pair("", Sample(DType.Float32)) }, new[] { new KeyValuePair<string, string>("k", null!) }));
            Assert.Equal("InvalidTensorName", first.ErrorId);
            var reserved = Assert.Throws<InitializerException>(() => Safetensors.Write(path, new[] { Pair("__metadata__", Sample(DType.Float32)) }));
            Assert.Equal($"Cannot write '{path}': '__metadata__' is the header key of the metadata, so no tensor may have that name (readers would refuse the file).", reserved.Message);
            var provenance = Assert.Throws<InitializerException>(() => Safetensors.Write(path, new[] { Pair("w", Sample(DType.Float32)) }, new[] { new KeyValuePair<string, string>(Safetensors.ProvenanceKey, "{}") }));
            Assert.Equal($"Cannot write '{path}': 'initializers.provenance' is written from the tensors' provenance.", provenance.Message);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        /// <summary>A file of the given header bytes (padded with spaces to a multiple of 8 unless empty) and data.</summary>
        private static byte[] Bytes(byte[] header, byte[] data)
        {
            var padded = header.Length == 0 ? header : header.Concat(Enumerable.Repeat((byte)' ', (8 - (header.Length % 8)) % 8)).ToArray();
            return BitConverter.GetBytes((ulong)padded.Length).Concat(padded).Concat(data).ToArray();
        }

        private string Write(string header, byte[] data)
        {
            var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".safetensors");
            File.WriteAllBytes(path, Bytes(Encoding.UTF8.GetBytes(header), data));
            return path;
        }

        private InitializerException AssertRefused(byte[] bytes, string errorId)
        {
            var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".safetensors");
            File.WriteAllBytes(path, bytes);
            var ex = Assert.Throws<InitializerException>(() => Safetensors.Read(path));
            Assert.True(errorId == ex.ErrorId, $"Expected {errorId}, got {ex.ErrorId}: {ex.Message}");
            Assert.Equal(Path.GetFullPath(path), ex.SourceName);
            return ex;
        }
    }
}
