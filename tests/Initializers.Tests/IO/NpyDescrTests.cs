using System.Collections.Generic;
using System.Linq;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary><c>NpyDescr</c>: each descr string numpy writes or accepts (tensor-files.md §1.4) to its dtype, bytes per
    /// element and byte order; the descrs it refuses with the reason and the file; and the descr written per dtype.</summary>
    public class NpyDescrTests
    {
        [Theory]
        [InlineData("<f2", DType.Float16, 2L, false)]
        [InlineData(">f2", DType.Float16, 2L, true)]
        [InlineData("<f4", DType.Float32, 4L, false)]
        [InlineData("|f4", DType.Float32, 4L, false)] // '|' and '=' and no mark: the reading host's order
        [InlineData("=f8", DType.Float64, 8L, false)]
        [InlineData("f8", DType.Float64, 8L, false)]
        [InlineData("|i1", DType.Int8, 1L, false)]
        [InlineData(">i1", DType.Int8, 1L, true)]
        [InlineData(">i2", DType.Int16, 2L, true)]
        [InlineData("<i4", DType.Int32, 4L, false)]
        [InlineData(">i8", DType.Int64, 8L, true)]
        [InlineData("|u1", DType.UInt8, 1L, false)]
        [InlineData("<u2", DType.UInt16, 2L, false)]
        [InlineData(">u4", DType.UInt32, 4L, true)]
        [InlineData("u8", DType.UInt64, 8L, false)]
        [InlineData("|b1", DType.Bool, 1L, false)]
        [InlineData(">c8", DType.Complex64, 8L, true)]
        [InlineData("<c16", DType.Complex128, 16L, false)]
        public void NumericDescrsGiveTheirDTypeSizeAndOrder(string descr, DType dtype, long size, bool bigEndian)
        {
            var d = NpyDescr.Parse(descr, "f.npy");
            Assert.Equal(dtype, d.DType);
            Assert.Equal(size, d.ItemSize);
            Assert.Equal(bigEndian, d.BigEndian);
            Assert.Equal('\0', d.StringKind);
        }

        [Theory]
        [InlineData("<c8", 4)] // each float32 half of a complex64
        [InlineData(">c16", 8)]
        [InlineData("<f8", 8)]
        [InlineData("|u1", 1)]
        public void AComplexIsSwappedPerHalfAndAnyOtherNumberWhole(string descr, int unit) => Assert.Equal(unit, NpyDescr.Parse(descr, "f.npy").SwapUnit);

        [Theory]
        [InlineData("<U5", 20L, false, 'U')]
        [InlineData(">U5", 20L, true, 'U')]
        [InlineData("U1", 4L, false, 'U')]
        [InlineData("<U9", 36L, false, 'U')]
        [InlineData("<U10", 40L, false, 'U')]
        [InlineData("<U0", 0L, false, 'U')]
        [InlineData("<U2147483647", 8589934588L, false, 'U')]
        [InlineData("|S5", 5L, false, 'S')]
        [InlineData("S0", 0L, false, 'S')]
        [InlineData("|S2147483647", 2147483647L, false, 'S')]
        public void StringDescrsGiveFourBytesPerUnicodeUnitOrOnePerByte(string descr, long size, bool bigEndian, char kind)
        {
            var d = NpyDescr.Parse(descr, "f.npy");
            Assert.Equal(DType.String, d.DType);
            Assert.Equal(size, d.ItemSize);
            Assert.Equal(bigEndian, d.BigEndian);
            Assert.Equal(kind, d.StringKind);
        }

        [Theory]
        [InlineData("")]
        [InlineData("<")]
        [InlineData("U")]
        [InlineData("<U")]
        [InlineData("|S")]
        [InlineData("<U/")] // '/' and ':' are the characters either side of the digits
        [InlineData("<U:")]
        [InlineData("<U5a")]
        [InlineData("<S-1")]
        [InlineData("<f16")]
        [InlineData("<g")]
        [InlineData("<M8[ns]")]
        [InlineData("<<f4")]
        [InlineData("bfloat16")]
        public void AnythingElseIsUnsupportedNamingTheDescrAndTheFile(string descr)
        {
            var e = Assert.Throws<InitializerException>(() => NpyDescr.Parse(descr, "f.npy"));
            Assert.Equal("UnsupportedDType", e.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, e.Kind);
            Assert.Equal(
                $"'f.npy' has descr '{descr}', which is none of the tensor dtypes. .npy and .npz hold f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1 c8 c16 and U/S strings.",
                e.Message);
            Assert.Equal(descr, e.Target);
            Assert.Equal("f.npy", e.SourceName);
        }

        [Theory]
        [InlineData("<U2147483648")]
        [InlineData("|S2147483648")]
        [InlineData("<U99999999999999999999")] // beyond 64 bits
        public void AStringWidthBeyondIntMaxValueIsUnsupported(string descr)
        {
            var e = Assert.Throws<InitializerException>(() => NpyDescr.Parse(descr, "f.npy"));
            Assert.Equal("UnsupportedDType", e.ErrorId);
            Assert.StartsWith($"'f.npy' has descr '{descr}', which is none of the tensor dtypes (the string width is too large). .npy and .npz hold", e.Message);
            Assert.Equal(descr, e.Target);
        }

        [Fact]
        public void ATwoByteVoidIsRefusedPointingToSafetensors()
        {
            foreach (var descr in new[] { "<V2", "|V2", "V2" })
            {
                var e = Assert.Throws<InitializerException>(() => NpyDescr.Parse(descr, "f.npy"));
                Assert.Equal("UnsupportedDType", e.ErrorId);
                Assert.StartsWith($"'f.npy' has descr '{descr}', which is none of the tensor dtypes (a 2-byte void says nothing about its contents", e.Message);
                Assert.Contains("use safetensors (BF16) for it). .npy and .npz hold", e.Message);
            }
        }

        [Theory]
        [InlineData("|O")]
        [InlineData("O")]
        [InlineData(">O")]
        [InlineData("<O8")]
        [InlineData("=O")]
        public void ObjectDescrsAreRefusedAsPickles(string descr)
        {
            var e = Assert.Throws<InitializerException>(() => NpyDescr.Parse(descr, "p.npy"));
            Assert.Equal("PickleRefused", e.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, e.Kind);
            Assert.StartsWith($"'p.npy' holds an object array (descr '{descr}'): its data is a Python pickle, which is never loaded", e.Message);
            Assert.Equal(descr, e.Target);
            Assert.Equal("p.npy", e.SourceName);
        }

        public static IEnumerable<object[]> Written() => new[]
        {
            new object[] { DType.Float16, "<f2" }, new object[] { DType.Float32, "<f4" }, new object[] { DType.Float64, "<f8" },
            new object[] { DType.Int8, "|i1" }, new object[] { DType.Int16, "<i2" }, new object[] { DType.Int32, "<i4" },
            new object[] { DType.Int64, "<i8" }, new object[] { DType.UInt8, "|u1" }, new object[] { DType.UInt16, "<u2" },
            new object[] { DType.UInt32, "<u4" }, new object[] { DType.UInt64, "<u8" }, new object[] { DType.Bool, "|b1" },
            new object[] { DType.Complex64, "<c8" }, new object[] { DType.Complex128, "<c16" },
        };

        [Theory]
        [MemberData(nameof(Written))]
        public void TheDescrWrittenIsNumpysAndReadsBackAsTheSameDType(DType dtype, string descr)
        {
            Assert.Equal(descr, NpyDescr.For(dtype, 0, "f.npy"));
            Assert.Equal(dtype, NpyDescr.Parse(descr, "f.npy").DType);
        }

        [Fact]
        public void StringsAreWrittenAsUtf32OfTheGivenWidth()
        {
            Assert.Equal("<U1", NpyDescr.For(DType.String, 1, "f.npy"));
            Assert.Equal("<U1234", NpyDescr.For(DType.String, 1234, "f.npy"));
        }

        [Fact]
        public void BFloat16HasNoDescrToWrite()
        {
            var e = Assert.Throws<InitializerException>(() => NpyDescr.For(DType.BFloat16, 0, "out.npz"));
            Assert.Equal("UnsupportedDType", e.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, e.Kind);
            Assert.StartsWith("Cannot write a bfloat16 tensor to 'out.npz': numpy has no bfloat16 dtype", e.Message);
            Assert.Contains("safetensors (BF16)", e.Message);
            Assert.Equal("bfloat16", e.Target);
            Assert.Equal("out.npz", e.SourceName);
        }

        [Fact]
        public void LittleEndianDescrsForSafetensorsHaveTheElementSize()
        {
            foreach (var dtype in DTypes.All.Where(d => d != DType.String))
            {
                var d = NpyDescr.LittleEndian(dtype);
                Assert.Equal(dtype, d.DType);
                Assert.Equal(dtype.ElementSize(), d.ItemSize);
                Assert.False(d.BigEndian);
            }
        }
    }
}
