using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary><see cref="Csv"/>: the layout numpy.savetxt writes and numpy.loadtxt reads, bit-exact round trips, the
    /// shapes of loadtxt's ndmin, and the errors with their line, column and text.</summary>
    public sealed class CsvTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-csv-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        public static IEnumerable<object[]> CsvDTypes() => DTypes.All.Where(d => d.IsInteger() || d == DType.Float16 || d == DType.Float32 || d == DType.Float64).Select(d => new object[] { d });

        [Theory]
        [MemberData(nameof(CsvDTypes))]
        public void EveryRealDTypeRoundTripsBitForBitButNaNPayloads(DType dtype)
        {
            var tensor = NpyRoundTripTests.Sample(dtype);
            var path = Path.Combine(dir, "t.csv");
            Csv.Write(path, tensor);
            var back = Csv.Read(path, dtype);
            Assert.Equal(dtype, back.DType);
            Assert.Equal(new[] { 2, 3 }, back.Shape);
            var expected = tensor.ToArray().Cast<object>().Select(Canonical).ToArray();
            Assert.Equal(expected, back.ToArray().Cast<object>().Select(Canonical).ToArray());
        }

        [Fact]
        public void TheTextIsNumpysLayoutWithTheShortestRoundTripFloats()
        {
            var path = Path.Combine(dir, "t.csv");
            Csv.Write(path, NpyRoundTripTests.Sample(DType.Float32));
            Assert.Equal("1.5,-0,nan\ninf,-3.4028235e+38,1e-45\n", File.ReadAllText(path));
            Csv.Write(path, new Tensor(new[] { 3 }, DType.Float64, new[] { 0.1, 1e16, 2.5e-7 }));
            Assert.Equal("0.1\n10000000000000000\n2.5e-07\n", File.ReadAllText(path));
            Csv.Write(path, new Tensor(Array.Empty<int>(), DType.Int64, new[] { -7L }));
            Assert.Equal("-7\n", File.ReadAllText(path));
            Csv.Write(path, new Tensor(new[] { 1 }, DType.BFloat16, new ushort[] { HalfConversions.ToBFloat16Bits(0.1f) }));
            Assert.Equal("0.100097656\n", File.ReadAllText(path));
            Assert.Equal(HalfConversions.ToBFloat16Bits(0.1f), ((ushort[])Csv.Read(path, DType.BFloat16, ndmin: 1).ToBits())[0]);
        }

        [Theory]
        [InlineData(DType.Float32)]
        [InlineData(DType.Float64)]
        public void RandomBitPatternsRoundTripExactly(DType dtype)
        {
            var random = new Random(12345);
            var bytes = new byte[4096 * dtype.ElementSize()];
            random.NextBytes(bytes);
            Array data = dtype == DType.Float32
                ? Enumerable.Range(0, 4096).Select(i => BitConverter.ToSingle(bytes, i * 4)).Where(f => !float.IsNaN(f)).ToArray()
                : Enumerable.Range(0, 4096).Select(i => BitConverter.ToDouble(bytes, i * 8)).Where(d => !double.IsNaN(d)).ToArray();
            var tensor = new Tensor(new[] { data.Length }, dtype, data);
            var path = Path.Combine(dir, "r.csv");
            Csv.Write(path, tensor);
            Assert.Equal(tensor.ToBytes(), Csv.Read(path, dtype).ToBytes());
        }

        [Theory]
        [InlineData("1,2,3\n", 0, new[] { 3 })]
        [InlineData("1,2,3\n", 1, new[] { 3 })]
        [InlineData("1,2,3\n", 2, new[] { 1, 3 })]
        [InlineData("1\n2\n3\n", 0, new[] { 3 })]
        [InlineData("1\n2\n3\n", 2, new[] { 3, 1 })]
        [InlineData("5\n", 0, new int[0])]
        [InlineData("5\n", 1, new[] { 1 })]
        [InlineData("5\n", 2, new[] { 1, 1 })]
        [InlineData("", 0, new[] { 0 })]
        [InlineData("", 2, new[] { 0, 1 })]
        [InlineData("1,2\n3,4\n", 0, new[] { 2, 2 })]
        public void TheShapeFollowsLoadtxtNdmin(string text, int ndmin, int[] shape)
        {
            // The shapes np.loadtxt(io.StringIO(text), delimiter=',', ndmin=ndmin).shape gave with numpy 1.24.2.
            Assert.Equal(shape, Csv.Read(new StringReader(text), DType.Float64, ndmin, "s").Shape);
        }

        [Fact]
        public void CommentsBlankLinesSpacesAndCrLfAreSkippedAsLoadtxtSkipsThem()
        {
            var path = Path.Combine(dir, "c.csv");
            File.WriteAllText(path, "# header\r\n1 , 2 # x\r\n\r\n   \r\n nan,-Inf\r\n");
            var tensor = Csv.Read(path);
            Assert.Equal(new[] { 2, 2 }, tensor.Shape);
            Assert.Equal(new[] { 1, 2, double.NaN, double.NegativeInfinity }, tensor.ToArray<double>());
        }

        [Fact]
        public void ARowOfAnotherLengthIsCsvRaggedWithItsLineAndColumn()
        {
            var path = Path.Combine(dir, "ragged.csv");
            File.WriteAllText(path, "# c\n1,2,3\n4,5\n");
            var error = Assert.Throws<InitializerException>(() => Csv.Read(path));
            Assert.Equal("CsvRagged", error.ErrorId);
            Assert.Equal($"'{path}' line 3, column 3: the row has 2 columns where the first has 3 (text '4,5').", error.Message);
            Assert.Equal(path, error.SourceName);
        }

        [Theory]
        [InlineData("1,x\n", DType.Float64, 1, 2, "x")]
        [InlineData("1,2\n3,\n", DType.Float64, 2, 2, "")]
        [InlineData("1,2\n3,0x10\n", DType.Float32, 2, 2, "0x10")]
        [InlineData("1\n1.5\n", DType.Int64, 2, 1, "1.5")]
        [InlineData("1\n128\n", DType.Int8, 2, 1, "128")]
        [InlineData("-1\n", DType.UInt64, 1, 1, "-1")]
        // .NET's integer parsers ignore a trailing NUL; Python's int() and numpy.loadtxt refuse it.
        [InlineData("1\0\n", DType.Int64, 1, 1, "1\0")]
        [InlineData("2,7\0\n", DType.UInt64, 1, 2, "7\0")]
        public void ANonNumberIsCsvInvalidValueWithItsLineColumnAndText(string text, DType dtype, int line, int column, string value)
        {
            var path = Path.Combine(dir, "bad.csv");
            File.WriteAllText(path, text);
            var error = Assert.Throws<InitializerException>(() => Csv.Read(path, dtype));
            Assert.Equal("CsvInvalidValue", error.ErrorId);
            Assert.Equal($"'{path}' line {line}, column {column}: cannot read '{value}' as {dtype.Name()}.", error.Message);
        }

        [Theory]
        [InlineData(DType.Bool)]
        [InlineData(DType.Complex64)]
        [InlineData(DType.Complex128)]
        [InlineData(DType.String)]
        public void BoolComplexAndStringAreRefusedNamingTheFormatsThatHoldThem(DType dtype)
        {
            var path = Path.Combine(dir, "u.csv");
            var error = Assert.Throws<InitializerException>(() => Csv.Write(path, Tensor.Zeros(new[] { 2 }, dtype)));
            Assert.Equal("UnsupportedDType", error.ErrorId);
            Assert.Contains(".npy and .npz", error.Message);
            Assert.False(File.Exists(path));
            Assert.Equal("UnsupportedDType", Assert.Throws<InitializerException>(() => Csv.Read(new StringReader("1"), dtype, 0, "s")).ErrorId);
        }

        [Fact]
        public void RankThreeIsInvalidRankAndNdminIsZeroOneOrTwo()
        {
            var path = Path.Combine(dir, "r3.csv");
            Assert.Equal("InvalidRank", Assert.Throws<InitializerException>(() => Csv.Write(path, Tensor.Zeros(new[] { 2, 2, 2 }))).ErrorId);
            Assert.False(File.Exists(path));
            Assert.Equal("InvalidArgument", Assert.Throws<InitializerException>(() => Csv.Read(new StringReader("1"), DType.Float64, 3, "s")).ErrorId);
        }

        private static object Canonical(object value) => value switch
        {
            float f when float.IsNaN(f) => "nan",
            double d when double.IsNaN(d) => "nan",
            float f => BitConverter.SingleToInt32Bits(f),
            double d => BitConverter.DoubleToInt64Bits(d),
            _ => value,
        };
    }
}
