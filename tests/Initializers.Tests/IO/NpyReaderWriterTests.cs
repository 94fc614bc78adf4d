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
    /// <summary><see cref="Npy"/>'s reader and writer against the .npy layout (tensor-files.md §1): the magic, the
    /// version and its length field, the header size limit, structured and object descrs, the shape checks against the
    /// bytes present, big-endian and Fortran-order data, strings, streams that deliver a byte at a time, data over one
    /// 1 MiB chunk, and each refusal's ErrorId, file name and the value it names.</summary>
    public sealed class NpyReaderWriterTests : IDisposable
    {
        private static readonly byte[] MagicBytes = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

        // The descr numpy writes for each dtype on a little-endian host (tensor-files.md §1.4), without the order mark.
        private static readonly Dictionary<DType, string> Codes = new()
        {
            [DType.Float16] = "f2", [DType.Float32] = "f4", [DType.Float64] = "f8",
            [DType.Int8] = "i1", [DType.Int16] = "i2", [DType.Int32] = "i4", [DType.Int64] = "i8",
            [DType.UInt8] = "u1", [DType.UInt16] = "u2", [DType.UInt32] = "u4", [DType.UInt64] = "u8",
            [DType.Bool] = "b1", [DType.Complex64] = "c8", [DType.Complex128] = "c16",
        };

        private readonly string dir = Directory.CreateTempSubdirectory("init-npyrw-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        public static IEnumerable<object[]> NumericDTypes() => Codes.Keys.Select(d => new object[] { d });

        [Fact]
        public void NullArgumentsAreNamed()
        {
            var t = Tensor.Zeros(new[] { 1 });
            Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => Npy.Read(null!, 10, "m.npy")).ParamName);
            Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => Npy.Read((string)null!)).ParamName);
            Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => Npy.Write((Stream)null!, t, "m.npy")).ParamName);
            Assert.Equal("tensor", Assert.Throws<ArgumentNullException>(() => Npy.Write(new MemoryStream(), (Tensor)null!, "m.npy")).ParamName);
            Assert.Equal("tensor", Assert.Throws<ArgumentNullException>(() => Npy.Write(Path.Combine(dir, "n.npy"), (Tensor)null!)).ParamName);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void EachByteOfTheMagicIsChecked(int position)
        {
            var bytes = File1("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
            bytes[position] ^= 0x20;
            var path = Path.Combine(dir, "magic.npy");
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<InitializerException>(() => Npy.Read(path));
            Assert.Equal("NpyBadMagic", e.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, e.Kind);
            Assert.Contains($"'{path}' is not a .npy file", e.Message);
            Assert.Contains("\\x93NUMPY", e.Message);
            Assert.Equal(path, e.Target);
            Assert.Equal(path, e.SourceName);
        }

        [Fact]
        public void FewerThanEightBytesAreNoNpyFile()
        {
            // The stream holds a whole file, but the caller says only 7 bytes are the document's.
            var whole = File1("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
            Assert.Equal("NpyBadMagic", Refused(whole, 7).ErrorId);

            // The caller claims 100 bytes; the stream ends after 7.
            Assert.Equal("NpyBadMagic", Refused(whole.Take(7).ToArray(), 100).ErrorId);

            // Exactly the eight bytes of magic and version: the magic is fine, the length field is missing.
            var e = Refused(whole.Take(8).ToArray());
            Assert.Equal("NpyTruncated", e.ErrorId);
            Assert.Contains("'m.npy' is truncated: it ends inside the header length field", e.Message);
        }

        [Theory]
        [InlineData(0, 0)]
        [InlineData(4, 0)]
        [InlineData(255, 0)]
        [InlineData(1, 1)]
        [InlineData(2, 5)]
        [InlineData(3, 255)]
        public void OnlyVersions1020And30AreRead(int major, int minor)
        {
            var bytes = File1("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
            bytes[6] = (byte)major;
            bytes[7] = (byte)minor;
            var e = Refused(bytes, name: "v.npy");
            Assert.Equal("NpyUnsupportedVersion", e.ErrorId);
            Assert.Contains($"'v.npy' is .npy format {major}.{minor};", e.Message);
            Assert.Equal($"{major}.{minor}", e.Target);
            Assert.Equal("v.npy", e.SourceName);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void EachVersionReadsItsLengthFieldAndHeader(int major)
        {
            var t = Read(Build(Latin1("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }\n"), major, new byte[] { 0x34, 0x12, 0xFF, 0xFF }));
            Assert.Equal(new short[] { 0x1234, -1 }, t.ToArray<short>());
        }

        [Theory]
        [InlineData(1, 9)]
        [InlineData(2, 9)]
        [InlineData(2, 10)]
        [InlineData(2, 11)]
        [InlineData(3, 11)]
        public void AFileEndingInsideTheLengthFieldIsTruncated(int major, int keep)
        {
            var bytes = Build(Latin1("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }\n"), major, new byte[4]);

            // Either the stream itself ends there, or the caller's length does (a zip member's size).
            foreach (var e in new[] { Refused(bytes.Take(keep).ToArray()), Refused(bytes, keep) })
            {
                Assert.Equal("NpyTruncated", e.ErrorId);
                Assert.Contains("'m.npy' is truncated: it ends inside the header length field.", e.Message);
                Assert.Equal("m.npy", e.Target);
            }
        }

        [Fact]
        public void AnEmptyHeaderRightAfterTheLengthFieldIsParsedNotTruncated()
        {
            // Ten bytes: magic, version 1.0, HEADER_LEN 0. Nothing is missing; the (empty) header is not a dict.
            var e = Refused(Build(Array.Empty<byte>(), 1, Array.Empty<byte>()));
            Assert.Equal("NpyHeaderInvalid", e.ErrorId);
        }

        [Theory]
        [InlineData(1, new byte[] { 0x34, 0x12 }, 4660L)]
        [InlineData(2, new byte[] { 0x78, 0x56, 0x34, 0x12 }, 305419896L)]
        [InlineData(3, new byte[] { 0x00, 0x00, 0x01, 0x00 }, 65536L)]
        [InlineData(2, new byte[] { 0x00, 0x00, 0x00, 0x80 }, 2147483648L)] // unsigned: not a negative length
        [InlineData(2, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, 4294967295L)]
        public void TheHeaderLengthIsAnUnsignedLittleEndianFieldCheckedAgainstTheFile(int major, byte[] field, long claimed)
        {
            // 40 bytes after the length field.
            var bytes = MagicBytes.Concat(new[] { (byte)major, (byte)0 }).Concat(field).Concat(new byte[40]).ToArray();
            var e = Refused(bytes, name: "h.npy");
            Assert.Equal("NpyTruncated", e.ErrorId);
            Assert.Contains($"The .npy header of 'h.npy' claims {claimed} bytes, but the file holds only 40 after the length field.", e.Message);
            Assert.Equal(claimed, e.Target);
        }

        [Fact]
        public void AHeaderEndingExactlyAtTheEndOfTheFileIsWhole()
        {
            // An empty array has no data: the file ends where the header does (tensor-files.md §1.7).
            var t = Read(File1("{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }", Array.Empty<byte>()));
            Assert.Equal(new[] { 0 }, t.Shape);
            Assert.Equal(DType.Float64, t.DType);
        }

        [Fact]
        public void HeadersOfUpTo10000BytesAreReadAndLongerOnesRefusedByTheLimit()
        {
            var dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }";
            var path = Path.Combine(dir, "big.npy");
            File.WriteAllBytes(path, Build(Latin1(dict.PadRight(9999) + "\n"), 1, new byte[] { 7, 0, 0, 0 }));
            Assert.Equal(new[] { 7 }, Npy.Read(path).ToArray<int>());

            File.WriteAllBytes(path, Build(Latin1(dict.PadRight(10000) + "\n"), 1, new byte[] { 7, 0, 0, 0 }));
            var e = Assert.Throws<InitializerException>(() => Npy.Read(path));
            Assert.Equal("NpyHeaderTooLarge", e.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, e.Kind);
            Assert.Contains($"The .npy header of '{path}' is 10001 bytes; at most 10000 are read", e.Message);
            Assert.Equal(10001L, e.Target);
        }

        [Fact]
        public void StreamsThatEndBeforeTheLengthTheCallerGaveAreTruncated()
        {
            var whole = File1("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", new byte[48]);
            var e = Refused(whole.Take(30).ToArray(), whole.Length, "a.npz:w.npy");
            Assert.Equal("NpyTruncated", e.ErrorId);
            Assert.Contains("'a.npz:w.npy' is truncated: it ends inside the header.", e.Message);
            Assert.Equal("a.npz:w.npy", e.SourceName);

            e = Refused(whole.Take(whole.Length - 3).ToArray(), whole.Length, "a.npz:w.npy");
            Assert.Equal("NpyTruncated", e.ErrorId);
            Assert.Contains("'a.npz:w.npy' is truncated: it ends inside the data.", e.Message);

            var strings = File1("{'descr': '<U2', 'fortran_order': False, 'shape': (2,), }", new byte[16]);
            e = Refused(strings.Take(strings.Length - 1).ToArray(), strings.Length);
            Assert.Equal("NpyTruncated", e.ErrorId);
            Assert.Contains("it ends inside the data.", e.Message);
        }

        [Theory]
        [InlineData("[('a', '<f4'), ('b', '|O')]")]
        [InlineData("[('a', 'O')]")]
        [InlineData("[('a', '>O8')]")]
        [InlineData("[('a', '=O')]")]
        [InlineData("[(\"a\", \"O\")]")]
        public void AStructuredDescrWithAnObjectFieldIsAPickleAndRefused(string descr)
        {
            var e = Refused(File1("{'descr': " + descr + ", 'fortran_order': False, 'shape': (1,), }", new byte[64]), name: "s.npy");
            Assert.Equal("PickleRefused", e.ErrorId);
            Assert.Contains($"'s.npy' holds a structured array with an object field (descr {descr})", e.Message);
            Assert.Equal(descr, e.Target);
        }

        [Theory]
        [InlineData("[('a', '<f4')]")]
        [InlineData("[('Obj', '<f4')]")] // a field whose name starts with O is no object field
        [InlineData("[('NO', '<f4')]")] // nor one whose name ends in O
        [InlineData("[('x', '<f4'), ('y', '<i8')]")]
        public void AStructuredDescrWithoutObjectFieldsIsAnUnsupportedDType(string descr)
        {
            var e = Refused(File1("{'descr': " + descr + ", 'fortran_order': False, 'shape': (1,), }", new byte[64]), name: "s.npy");
            Assert.Equal("UnsupportedDType", e.ErrorId);
            Assert.Contains($"'s.npy' holds a structured array (descr {descr}), which is none of the tensor dtypes.", e.Message);
            Assert.Equal(descr, e.Target);
        }

        [Theory]
        [MemberData(nameof(NumericDTypes))]
        public void BigEndianDataOfEveryDTypeIsSwappedPerValue(DType dtype)
        {
            // '>' data: each element (each half of a complex) is the little-endian bytes reversed.
            var expected = NpyRoundTripTests.Sample(dtype);
            var size = dtype.ElementSize();
            var unit = dtype == DType.Complex64 || dtype == DType.Complex128 ? size / 2 : size;
            var le = expected.ToBytes();
            var be = new byte[le.Length];
            for (var i = 0; i < le.Length; i += unit)
            {
                for (var k = 0; k < unit; k++)
                {
                    be[i + k] = le[i + unit - 1 - k];
                }
            }

            var t = Read(File1("{'descr': '>" + Codes[dtype] + "', 'fortran_order': False, 'shape': (2, 3), }", be));
            Assert.Equal(dtype, t.DType);
            Assert.Equal(expected, t);
        }

        [Theory]
        [InlineData("|")]
        [InlineData("=")]
        [InlineData("")]
        public void NoOrderAndTheNativeMarksReadLittleEndian(string mark)
        {
            var t = Read(File1("{'descr': '" + mark + "u4', 'fortran_order': False, 'shape': (2,), }", new byte[] { 1, 2, 3, 4, 0xFF, 0, 0, 0x80 }));
            Assert.Equal(new uint[] { 0x04030201, 0x800000FF }, t.ToArray<uint>());
        }

        [Theory]
        [MemberData(nameof(NumericDTypes))]
        public void FortranOrderDataOfEveryDTypeIsTransposed(DType dtype)
        {
            // Shape (2, 3) in Fortran order: the file holds [0,0] [1,0] [0,1] [1,1] [0,2] [1,2] (tensor-files.md §1.7).
            var expected = NpyRoundTripTests.Sample(dtype);
            var size = dtype.ElementSize();
            var le = expected.ToBytes();
            var file = new[] { 0, 3, 1, 4, 2, 5 }.SelectMany(c => le.Skip(c * size).Take(size)).ToArray();
            var t = Read(File1("{'descr': '<" + Codes[dtype] + "', 'fortran_order': True, 'shape': (2, 3), }", file));
            Assert.Equal(new[] { 2, 3 }, t.Shape);
            Assert.Equal(expected, t);
        }

        [Fact]
        public void FortranOrderStringsAreTransposed()
        {
            var values = new[] { "a", "b", "c", "d", "e", "f" }; // [[a b c] [d e f]]
            var file = new[] { 0, 3, 1, 4, 2, 5 }.SelectMany(c => Utf32(values[c], 1)).ToArray();
            var t = Read(File1("{'descr': '<U1', 'fortran_order': True, 'shape': (2, 3), }", file));
            Assert.Equal(values, t.ToArray<string>());
            Assert.Equal("f", t[1, 2]);
        }

        [Fact]
        public void FortranOrderOfRankZeroOneAndEmptyArraysIsTheDataAsStored()
        {
            Assert.Equal(new[] { 1, 2, 3 }, Read(File1("{'descr': '<i4', 'fortran_order': True, 'shape': (3,), }", Ints(1, 2, 3))).ToArray<int>());
            var scalar = Read(File1("{'descr': '<i4', 'fortran_order': True, 'shape': (), }", Ints(9)));
            Assert.Empty(scalar.Shape);
            Assert.Equal(new[] { 9 }, scalar.ToArray<int>());
            var empty = Read(File1("{'descr': '<i4', 'fortran_order': True, 'shape': (0, 3), }", Array.Empty<byte>()));
            Assert.Equal(new[] { 0, 3 }, empty.Shape);
        }

        [Theory]
        [InlineData("(3, -2)", "-2")]
        [InlineData("(-1,)", "-1")]
        public void ANegativeDimensionIsNamed(string shape, string dim)
        {
            var e = Refused(File1("{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }", new byte[48]), name: "n.npy");
            Assert.Equal("NpyInvalidShape", e.ErrorId);
            Assert.Contains($"with the negative dimension {dim}; dimensions must be >= 0", e.Message);
            Assert.Contains("'n.npy'", e.Message);
            Assert.Equal(dim, e.Target);
        }

        [Fact]
        public void ADimensionBeyond64BitsIsNamed()
        {
            var e = Refused(File1("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 18446744073709551616), }", new byte[16]), name: "o.npy");
            Assert.Equal("ShapeOverflow", e.ErrorId);
            Assert.Contains("'o.npy' has the shape (2, 18446744073709551616), whose dimension 18446744073709551616 does not fit in 64 bits", e.Message);
            Assert.Equal("18446744073709551616", e.Target);
        }

        [Theory]
        [InlineData("(4294967296, 4294967296)")] // the element count overflows
        [InlineData("(3037000500, 3037000500)")] // the count fits, times 8 bytes does not
        [InlineData("(18446744073709551615,)")] // 2^64 - 1 fits, times 8 bytes does not
        public void AShapeWhoseByteSizeOverflowsIsNamed(string shape)
        {
            var e = Refused(File1("{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }", new byte[16]), name: "o.npy");
            Assert.Equal("ShapeOverflow", e.ErrorId);
            var dims = "(" + shape.Trim('(', ')', ',') + ")";
            Assert.Contains($"'o.npy' has the shape {dims}, whose size in bytes overflows 64 bits", e.Message);
            Assert.Equal(dims, e.Target);
        }

        [Theory]
        [InlineData("(0, 2147483647, 2147483647, 2147483647)")]
        [InlineData("(2147483647, 2147483647, 2147483647, 0)")]
        [InlineData("(2147483647, 0, 2147483647, 2147483647)")]
        public void AZeroDimensionMakesAnEmptyArrayWhateverTheProductOfTheOthers(string shape)
        {
            var t = Read(File1("{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }", Array.Empty<byte>()));
            Assert.Equal(0L, t.Count);
            Assert.Equal(shape.Trim('(', ')').Split(", ").Select(int.Parse), t.Shape);
        }

        [Fact]
        public void DimensionsUpToIntMaxValueAreAccepted()
        {
            Assert.Equal(new[] { 0, int.MaxValue }, Read(File1("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 2147483647), }", Array.Empty<byte>())).Shape);
            var e = Refused(File1("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 2147483648), }", Array.Empty<byte>()), name: "d.npy");
            Assert.Equal("TensorTooLarge", e.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, e.Kind);
            Assert.Contains("'d.npy' has the shape (0, 2147483648); a tensor dimension is at most 2147483647.", e.Message);
            Assert.Equal(2147483648UL, e.Target);
        }

        [Fact]
        public void DataOneByteShortIsTruncatedWithTheSizes()
        {
            var e = Refused(File1("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", new byte[15]), name: "t.npy");
            Assert.Equal("NpyTruncated", e.ErrorId);
            Assert.Contains("'t.npy' is truncated: the header claims shape (2, 1) of descr float64 (16 data bytes), but only 15 bytes follow the header.", e.Message);
            Assert.Equal(16UL, e.Target);

            // One byte more is exactly enough.
            Assert.Equal(new[] { 2, 1 }, Read(File1("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", new byte[16])).Shape);
        }

        [Fact]
        public void MoreElementsThanATensorHoldsAreRefusedBeforeAllocating()
        {
            // The caller vouches for 1 TiB (a zip member's size), so only the element limit stops 46341² bytes.
            var bytes = File1("{'descr': '|u1', 'fortran_order': False, 'shape': (46341, 46341), }", new byte[16]);
            var e = Refused(bytes, 1L << 40, "big.npy");
            Assert.Equal("TensorTooLarge", e.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, e.Kind);
            Assert.Contains($"'big.npy' holds 2147488281 elements; one tensor holds at most {TensorShape.MaxElements}.", e.Message);
            Assert.Equal(2147488281UL, e.Target);
        }

        [Theory]
        [InlineData("<U0")]
        [InlineData("|S0")]
        public void ZeroWidthStringsAreChargedOneByteOfTheFileEach(string descr)
        {
            var ok = Read(File1("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (5,), }", new byte[5]));
            Assert.Equal(new[] { "", "", "", "", "" }, ok.ToArray<string>());

            var e = Refused(File1("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2, 3), }", new byte[5]), name: "z.npy");
            Assert.Equal("TensorTooLarge", e.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, e.Kind);
            Assert.Contains("'z.npy' claims shape (2, 3) of zero-width strings (6 elements) in 5 bytes of data", e.Message);
            Assert.Equal(6UL, e.Target);
        }

        [Fact]
        public void ByteStringsLoseTrailingNulsOnlyAndReadAsLatin1()
        {
            var data = new byte[] { (byte)'a', (byte)'b', 0, 0, 0, 0, 0, 0, (byte)'a', 0, (byte)'b', 0, 0xE9, 0xFF, 0x80, (byte)'z' };
            var t = Read(File1("{'descr': '|S4', 'fortran_order': False, 'shape': (4,), }", data));
            Assert.Equal(new[] { "ab", "", "a\0b", "\u00e9\u00ff\u0080z" }, t.ToArray<string>());
        }

        [Fact]
        public void Utf32StringsLoseTrailingNulsOnly()
        {
            var data = Utf32("a", 3).Concat(Utf32("", 3)).Concat(Utf32("a\0b", 3)).Concat(Utf32("xyz", 3)).ToArray();
            var t = Read(File1("{'descr': '<U3', 'fortran_order': False, 'shape': (4,), }", data));
            Assert.Equal(new[] { "a", "", "a\0b", "xyz" }, t.ToArray<string>());
        }

        [Theory]
        [InlineData(0x10FFFFu, "\U0010FFFF")]
        [InlineData(0xD7FFu, "\uD7FF")]
        [InlineData(0xE000u, "\uE000")]
        [InlineData(0x1F600u, "\U0001F600")]
        public void EveryUnicodeScalarValueReads(uint cp, string expected)
        {
            foreach (var big in new[] { false, true })
            {
                var unit = BitConverter.GetBytes(cp);
                if (big)
                {
                    Array.Reverse(unit);
                }

                var t = Read(File1("{'descr': '" + (big ? ">" : "<") + "U1', 'fortran_order': False, 'shape': (1,), }", unit));
                Assert.Equal(expected, t[0]);
            }
        }

        [Theory]
        [InlineData(0x110000u, "0x110000")]
        [InlineData(0xFFFFFFFFu, "0xFFFFFFFF")]
        [InlineData(0xD800u, "0xD800")]
        [InlineData(0xDFFFu, "0xDFFF")]
        public void ACodeUnitThatIsNoScalarValueIsRefusedNamingTheElement(uint cp, string hex)
        {
            foreach (var big in new[] { false, true })
            {
                var data = Utf32("ok", 2).Concat(Utf32("x", 1)).Concat(BitConverter.GetBytes(cp)).ToArray();
                if (big)
                {
                    for (var i = 0; i < data.Length; i += 4)
                    {
                        Array.Reverse(data, i, 4);
                    }
                }

                var e = Refused(File1("{'descr': '" + (big ? ">" : "<") + "U2', 'fortran_order': False, 'shape': (2,), }", data), name: "u.npy");
                Assert.Equal("NpyInvalidValue", e.ErrorId);
                Assert.Contains($"Element 1 of 'u.npy' holds {hex}, which is not a Unicode code point.", e.Message);
                Assert.Equal(cp, e.Target);
            }
        }

        [Fact]
        public void StringsOfUpTo64MiBEachAreReadAndWiderOnesRefused()
        {
            // An empty array: the width alone decides. 16777216 UTF-32 units are 64 MiB, the most one element may take.
            Assert.Equal(new[] { 0 }, Read(File1("{'descr': '<U16777216', 'fortran_order': False, 'shape': (0,), }", Array.Empty<byte>())).Shape);
            Assert.Equal(new[] { 0 }, Read(File1("{'descr': '|S20000', 'fortran_order': False, 'shape': (0,), }", Array.Empty<byte>())).Shape);
            foreach (var (descr, bytes) in new[] { ("<U16777217", 67108868L), ("|S67108865", 67108865L), ("|S2147483647", 2147483647L) })
            {
                var e = Refused(File1("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (0,), }", Array.Empty<byte>()), name: "w.npy");
                Assert.Equal("TensorTooLarge", e.ErrorId);
                Assert.Contains($"'w.npy' has strings of {bytes} bytes each; at most 67108864 are read.", e.Message);
                Assert.Equal(bytes, e.Target);
            }
        }

        [Fact]
        public void AStreamThatDeliversOneByteAtATimeIsReadWhole()
        {
            var values = new[] { 1.5, -2.25, double.MaxValue };
            var bytes = File1("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", values.SelectMany(BitConverter.GetBytes).ToArray());
            var t = Npy.Read(new TrickleStream(bytes), bytes.Length, "slow.npy");
            Assert.Equal(values, t.ToArray<double>());

            var strings = File1("{'descr': '<U2', 'fortran_order': False, 'shape': (2,), }", Utf32("hi", 2).Concat(Utf32("\U0001F600", 2)).ToArray());
            Assert.Equal(new[] { "hi", "\U0001F600" }, Npy.Read(new TrickleStream(strings), strings.Length, "slow.npy").ToArray<string>());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void DataOverOneChunkIsReadWhole(bool bigEndian)
        {
            // 1 MiB of float32 is 262,144 values; three more make a second, partial chunk.
            const int count = 262147;
            var data = new byte[count * 4];
            for (var i = 0; i < count; i++)
            {
                var b = BitConverter.GetBytes((float)i);
                if (bigEndian)
                {
                    Array.Reverse(b);
                }

                b.CopyTo(data, i * 4);
            }

            var bytes = File1("{'descr': '" + (bigEndian ? ">" : "<") + "f4', 'fortran_order': False, 'shape': (" + count + ",), }", data);
            var t = Read(bytes);
            var read = t.ToArray<float>();
            Assert.Equal(count, read.Length);
            Assert.Equal(Enumerable.Range(0, count).Select(i => (float)i), read);
        }

        [Fact]
        public void DataOverOneChunkIsWrittenInCallsOfAtMost1MiB()
        {
            const int count = 262147;
            var tensor = Tensor.FromArray(Enumerable.Range(0, count).Select(i => (float)i).ToArray(), new[] { count });
            using var stream = new RecordingStream();
            Npy.Write(stream, tensor, "m.npy");
            Assert.Equal(new[] { 128, 1 << 20, 12 }, stream.Calls);
            var bytes = stream.ToArray();
            Assert.Equal(128 + (count * 4), bytes.Length);
            for (var i = 0; i < count; i += 4099)
            {
                Assert.Equal((float)i, BitConverter.ToSingle(bytes, 128 + (i * 4)));
            }

            Assert.Equal(count - 1f, BitConverter.ToSingle(bytes, bytes.Length - 4));
        }

        [Fact]
        public void EmptyStringsAreWrittenAsU1AsNumpyDoes()
        {
            using var stream = new MemoryStream();
            Npy.Write(stream, Tensor.FromArray(new[] { "", "" }, new[] { 2 }), "e.npy");
            var bytes = stream.ToArray();
            Assert.Contains("{'descr': '<U1', 'fortran_order': False, 'shape': (2,), }", Encoding.ASCII.GetString(bytes, 10, 118));
            Assert.Equal(new byte[8], bytes.Skip(128).ToArray());
        }

        [Fact]
        public void StringsAreWrittenAsUtf32OfTheWidestValueInCodePoints()
        {
            using var stream = new MemoryStream();
            Npy.Write(stream, Tensor.FromArray(new[] { "\U0001F600\u00e9", "abc", "d" }, new[] { 3 }), "s.npy");
            var bytes = stream.ToArray();
            Assert.Contains("'descr': '<U3'", Encoding.ASCII.GetString(bytes, 10, 118));
            var expected = new byte[]
            {
                0x00, 0xF6, 0x01, 0x00, 0xE9, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                (byte)'a', 0, 0, 0, (byte)'b', 0, 0, 0, (byte)'c', 0, 0, 0,
                (byte)'d', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            };
            Assert.Equal(expected, bytes.Skip(128).ToArray());
        }

        [Theory]
        [InlineData("a\\uD800b", 1, "D800")] // escaped: xunit would turn a lone surrogate in theory data into U+FFFD
        [InlineData("\\uDC00", 0, "DC00")]
        [InlineData("ab\\uDBFF", 2, "DBFF")]
        [InlineData("\\uD83D\\uDE00\\uD83D", 2, "D83D")]
        [InlineData("x\\uDE00\\uD83D", 1, "DE00")]
        public void ALoneSurrogateIsRefusedNamingItsIndexAndTheFile(string escaped, int index, string hex)
        {
            var value = System.Text.RegularExpressions.Regex.Unescape(escaped);
            var path = Path.Combine(dir, "s.npy");
            var e = Assert.Throws<InitializerException>(() => Npy.Write(path, Tensor.FromArray(new[] { "ok", value }, new[] { 2 })));
            Assert.Equal("NpyInvalidValue", e.ErrorId);
            Assert.Contains($"Cannot write the string at index {index} of a value to '{path}': it holds a lone surrogate (U+{hex})", e.Message);
            Assert.Equal(value, e.Target);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void AHeaderForADimensionBeyond32BitsIsNumpys()
        {
            // numpy 1.24 (tensor-files.md §1.2): the dict, 21 - len('3000000000') = 11 growth spaces, then spaces and
            // '\n' up to a multiple of 64 bytes counting the 10 bytes of magic, version and length field.
            var dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3000000000,), }" + new string(' ', 11);
            var text = dict.PadRight(117) + "\n";
            var header = Npy.Header("<f8", new[] { 3000000000L });
            Assert.Equal(MagicBytes.Concat(new byte[] { 1, 0, 118, 0 }).Concat(Latin1(text)).ToArray(), header);
        }

        [Fact]
        public void AHeaderLongerThan255BytesHasBothBytesOfItsLengthField()
        {
            var header = Npy.Header("<f4", Enumerable.Repeat(1, 100).ToArray());
            Assert.Equal(1, header[6]);
            Assert.Equal(0, header.Length % 64);
            Assert.True(header.Length > 266);
            Assert.Equal(header.Length - 10, header[8] | (header[9] << 8));
            Assert.Equal((byte)'\n', header[^1]);
            Assert.Equal(100, Read(header.Concat(new byte[4]).ToArray()).Rank);
        }

        [Fact]
        public void HeaderTextIsLatin1InVersions1And2AndUtf8InVersion3()
        {
            // The descr '<é' is no dtype; the message quotes it as decoded.
            foreach (var major in new[] { 1, 2 })
            {
                var e = Refused(Build(Latin1("{'descr': '<\u00e9', 'fortran_order': False, 'shape': (1,), }\n"), major, new byte[8]));
                Assert.Equal("UnsupportedDType", e.ErrorId);
                Assert.Contains("has descr '<\u00e9',", e.Message);
            }

            var utf8 = Refused(Build(Encoding.UTF8.GetBytes("{'descr': '<\u00e9', 'fortran_order': False, 'shape': (1,), }\n"), 3, new byte[8]));
            Assert.Equal("UnsupportedDType", utf8.ErrorId);
            Assert.Contains("has descr '<\u00e9',", utf8.Message);

            var bad = Refused(Build(Latin1("{'descr': '<\u00e9', 'fortran_order': False, 'shape': (1,), }\n"), 3, new byte[8]), name: "b.npy");
            Assert.Equal("NpyHeaderInvalid", bad.ErrorId);
            Assert.Contains("The format 3.0 header of 'b.npy' is not valid UTF-8.", bad.Message);
            Assert.Equal("b.npy", bad.Target);
        }

        [Fact]
        public void ACancelledTokenStopsStringReadsAndWrites()
        {
            var strings = Tensor.FromArray(new[] { "a", "b" }, new[] { 2 });
            using var written = new MemoryStream();
            Npy.Write(written, strings, "s.npy");
            var bytes = written.ToArray();
            using var cts = new CancellationTokenSource();
            using (Cancellation.Use(cts.Token))
            {
                cts.Cancel();
                Assert.ThrowsAny<OperationCanceledException>(() => Npy.Read(new MemoryStream(bytes), bytes.Length, "s.npy"));
                using var again = new MemoryStream();
                Assert.ThrowsAny<OperationCanceledException>(() => Npy.Write(again, strings, "s.npy"));
                Assert.Equal(128, again.Length); // the header, and no element
            }
        }

        [Fact]
        public void ReadingAPathNamesTheFileInErrorsAndReadsTheWholeFile()
        {
            var path = Path.Combine(dir, "x.npy");
            File.WriteAllBytes(path, File1("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xAA }));
            Assert.Equal(new[] { 1L, -1L }, Npy.Read(path, CancellationToken.None).ToArray<long>());

            var missing = Path.Combine(dir, "none.npy");
            var e = Assert.Throws<InitializerException>(() => Npy.Read(missing));
            Assert.Equal("FileNotFound", e.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, e.Kind);
            Assert.Contains($"Cannot find the file '{missing}'.", e.Message);
            Assert.Equal(missing, e.SourceName);

            e = Assert.Throws<InitializerException>(() => Npy.Read(dir));
            Assert.Equal("PathIsDirectory", e.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
            Assert.Contains($"'{dir}' is a directory", e.Message);
            Assert.Equal(dir, e.SourceName);
        }

        [Fact]
        public void AFileAnotherProcessHoldsExclusivelyIsAReadErrorNamingIt()
        {
            var path = Path.Combine(dir, "locked.npy");
            Npy.Write(path, Tensor.Zeros(new[] { 2 }));
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                var e = Assert.Throws<InitializerException>(() => Npy.Read(path));
                Assert.Equal("FileOpenFailed", e.ErrorId);
                Assert.Equal(ErrorKind.ReadError, e.Kind);
                Assert.StartsWith($"Cannot read '{path}': ", e.Message);
                Assert.Contains(e.InnerException!.Message, e.Message);
                Assert.IsAssignableFrom<IOException>(e.InnerException);
                Assert.Equal(path, e.Target);
                Assert.Equal(path, e.SourceName);
            }

            Assert.Equal(new[] { 0f, 0f }, Npy.Read(path).ToArray<float>());
        }

        [Fact]
        public void WritingWithATokenThatIsNotCancelledWritesTheFile()
        {
            var path = Path.Combine(dir, "w.npy");
            using var cts = new CancellationTokenSource();
            Npy.Write(path, Tensor.FromArray(new[] { 1.5, -2 }, new[] { 2 }), false, cts.Token);
            Assert.Equal(new[] { 1.5, -2 }, Npy.Read(path, cts.Token).ToArray<double>());
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(128 + 16, bytes.Length);
            Assert.Equal(-2.0, BitConverter.ToDouble(bytes, 136));
        }

        private static Tensor Read(byte[] bytes) => Npy.Read(new MemoryStream(bytes, writable: false), bytes.Length, "m.npy");

        private static InitializerException Refused(byte[] bytes, long? length = null, string name = "m.npy") =>
            Assert.Throws<InitializerException>(() => Npy.Read(new MemoryStream(bytes, writable: false), length ?? bytes.Length, name));

        /// <summary>A version 1.0 file: the dict and one '\n' (unpadded, which numpy reads too), then the data.</summary>
        private static byte[] File1(string dict, byte[] data) => Build(Latin1(dict + "\n"), 1, data);

        /// <summary>Magic, version major.0, the HEADER_LEN field of the version's width, the header bytes, the data.</summary>
        private static byte[] Build(byte[] header, int major, byte[] data)
        {
            var fieldBytes = major == 1 ? 2 : 4;
            return MagicBytes.Concat(new[] { (byte)major, (byte)0 }).Concat(BitConverter.GetBytes(header.Length).Take(fieldBytes)).Concat(header).Concat(data).ToArray();
        }

        private static byte[] Latin1(string text) => text.Select(c => checked((byte)c)).ToArray();

        private static byte[] Ints(params int[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

        /// <summary>Little-endian UTF-32 of <paramref name="text"/>, NUL-padded to <paramref name="width"/> code points.</summary>
        private static byte[] Utf32(string text, int width)
        {
            var bytes = new UTF32Encoding(false, false).GetBytes(text);
            return bytes.Concat(new byte[(width * 4) - bytes.Length]).ToArray();
        }

        /// <summary>Returns at most one byte per Read, as a network or inflating stream may.</summary>
        private sealed class TrickleStream : MemoryStream
        {
            public TrickleStream(byte[] bytes)
                : base(bytes, writable: false)
            {
            }

            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
        }

        /// <summary>Records the size of each Write call.</summary>
        private sealed class RecordingStream : MemoryStream
        {
            public List<int> Calls { get; } = new();

            public override void Write(byte[] buffer, int offset, int count)
            {
                Calls.Add(count);
                base.Write(buffer, offset, count);
            }
        }

        /// <summary>A null element of a string tensor is written as the empty string, as PowerShell's <c>[string]$null</c>
        /// is (numpy, given Python's None, would write 'None'), not a raw NullReferenceException half way through the file.</summary>
        [Fact]
        public void ANullStringElementIsWrittenAsTheEmptyString()
        {
            var tensor = Tensor.FromArray(new string?[] { null, "ab" }, new[] { 2 });
            using var stream = new MemoryStream();
            Npy.Write(stream, tensor, "s.npy");
            var bytes = stream.ToArray();
            Assert.Contains("'descr': '<U2'", Encoding.ASCII.GetString(bytes, 10, bytes.Length - 10 - 16));
            Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, (byte)'a', 0, 0, 0, (byte)'b', 0, 0, 0 }, bytes.Skip(bytes.Length - 16).ToArray());
            stream.Position = 0;
            Assert.Equal(new[] { "", "ab" }, Npy.Read(stream, stream.Length, "s.npy").ToArray<string>());
        }
    }
}
