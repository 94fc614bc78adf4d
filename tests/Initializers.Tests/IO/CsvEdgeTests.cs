using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary><see cref="Csv"/> at its edges: the sign of a NaN and the spellings of infinity loadtxt (Python's float)
    /// accepts, every character of a decimal float, the exact range of each integer dtype, the text written for integers
    /// and float16, the bytes (no byte order mark), the argument checks, and cancellation while a long file streams.</summary>
    public sealed class CsvEdgeTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-csv-edge-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [Theory]
        [InlineData("nan", 0x7FF8000000000000UL)]
        [InlineData("NaN", 0x7FF8000000000000UL)]
        [InlineData("+nan", 0x7FF8000000000000UL)]
        [InlineData("-nan", 0xFFF8000000000000UL)]
        [InlineData(" -NAN ", 0xFFF8000000000000UL)]
        [InlineData("inf", 0x7FF0000000000000UL)]
        [InlineData("+inf", 0x7FF0000000000000UL)]
        [InlineData("Infinity", 0x7FF0000000000000UL)]
        [InlineData("+INFINITY", 0x7FF0000000000000UL)]
        [InlineData("-inf", 0xFFF0000000000000UL)]
        [InlineData("-Infinity", 0xFFF0000000000000UL)]
        public void NanAndInfinityReadAsPythonsFloatReadsThemSignIncluded(string text, ulong bits)
        {
            // Python: struct.pack('<d', float('nan')) is the positive quiet NaN 0x7FF8000000000000, float('-nan') has
            // the sign bit set; float() accepts 'inf' and 'infinity' in any case with either sign.
            var tensor = Csv.Read(new StringReader(text + "\n"), DType.Float64, 1, "s");
            Assert.Equal(new[] { 1 }, tensor.Shape);
            Assert.Equal(bits, (ulong)BitConverter.DoubleToInt64Bits(tensor.ToArray<double>()[0]));
        }

        [Fact]
        public void EveryCharacterOfADecimalFloatIsRead()
        {
            var tensor = Csv.Read(new StringReader("0,9,10.09e+1,-1E-2,+.5,5.,1e-400,1.5e309\n"), DType.Float64, 0, "s");
            Assert.Equal(new[] { 0, 9, 100.9, -0.01, 0.5, 5, 0, double.PositiveInfinity }, tensor.ToArray<double>());
        }

        [Theory]
        [InlineData("0x1A")]
        [InlineData("1_000")]
        [InlineData("\u221E")]
        [InlineData("1e")]
        [InlineData(".")]
        [InlineData("+")]
        [InlineData("nan(1)")]
        [InlineData("--1")]
        [InlineData("1\0")]
        public void TextThatIsNoDecimalFloatIsCsvInvalidValueNamingIt(string text)
        {
            // CPython's PyOS_string_to_double, the parser behind numpy.loadtxt's floats, refuses each of these (checked with
            // Python 3 through ctypes); .NET's double.TryParse would take "1\0" (it ignores trailing NULs).
            var error = Assert.Throws<InitializerException>(() => Csv.Read(new StringReader("1,2\n3, " + text + " \n"), DType.Float32, 0, "in.csv"));
            Assert.Equal("CsvInvalidValue", error.ErrorId);
            Assert.Equal($"'in.csv' line 2, column 2: cannot read '{text}' as float32.", error.Message);
            Assert.Equal("in.csv", error.SourceName);
        }

        [Theory]
        [InlineData(DType.Int8, "-128", "127", "-129", "128")]
        [InlineData(DType.Int16, "-32768", "32767", "-32769", "32768")]
        [InlineData(DType.Int32, "-2147483648", "2147483647", "-2147483649", "2147483648")]
        [InlineData(DType.Int64, "-9223372036854775808", "9223372036854775807", "-9223372036854775809", "9223372036854775808")]
        [InlineData(DType.UInt8, "0", "255", "-1", "256")]
        [InlineData(DType.UInt16, "0", "65535", "-1", "65536")]
        [InlineData(DType.UInt32, "0", "4294967295", "-1", "4294967296")]
        [InlineData(DType.UInt64, "0", "18446744073709551615", "-1", "18446744073709551616")]
        public void EachIntegerDTypeReadsExactlyItsRange(DType dtype, string min, string max, string below, string above)
        {
            var tensor = Csv.Read(new StringReader($" {min} ,+{max}\n"), dtype, 0, "s");
            Assert.Equal(dtype, tensor.DType);
            Assert.Equal(new[] { min, max }, tensor.ToArray().Cast<object>().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)).ToArray());
            foreach (var (text, column) in new[] { (below, 1), (above, 2) })
            {
                var line = column == 1 ? $"{text},0" : $"0,{text}";
                var error = Assert.Throws<InitializerException>(() => Csv.Read(new StringReader($"{min},{max}\n{line}\n"), dtype, 0, "ints.csv"));
                Assert.Equal("CsvInvalidValue", error.ErrorId);
                Assert.Equal($"'ints.csv' line 2, column {column}: cannot read '{text}' as {dtype.Name()}.", error.Message);
            }
        }

        [Fact]
        public void ALongerRowIsCsvRaggedAtTheFirstColumnPastTheFirstRow()
        {
            var error = Assert.Throws<InitializerException>(() => Csv.Read(new StringReader("1,2\n\n3,4,5 # more\n"), DType.Float64, 0, "r.csv"));
            Assert.Equal("CsvRagged", error.ErrorId);
            Assert.Equal("'r.csv' line 3, column 3: the row has 3 columns where the first has 2 (text '3,4,5 # more').", error.Message);
            Assert.Equal("r.csv", error.SourceName);
        }

        [Theory]
        [InlineData("# only a comment\n\n   \n", 1, new[] { 0 })]
        [InlineData("1\n2\n3\n", 1, new[] { 3 })]
        [InlineData("1,2\n3,4\n", 1, new[] { 2, 2 })]
        [InlineData("1,2\n3,4\n", 2, new[] { 2, 2 })]
        [InlineData("7,8 # one row\n", 0, new[] { 2 })]
        public void MoreShapesOfLoadtxtNdmin(string text, int ndmin, int[] shape)
        {
            Assert.Equal(shape, Csv.Read(new StringReader(text), DType.Float64, ndmin, "s").Shape);
        }

        [Fact]
        public void IntegersAndFloat16AreWrittenAsPlainInvariantText()
        {
            var path = Path.Combine(dir, "i.csv");
            Csv.Write(path, new Tensor(new[] { 2, 2 }, DType.Int8, new sbyte[] { -128, 127, 0, -1 }));
            Assert.Equal("-128,127\n0,-1\n", File.ReadAllText(path));
            Csv.Write(path, new Tensor(new[] { 2 }, DType.UInt64, new[] { ulong.MaxValue, 0UL }));
            Assert.Equal("18446744073709551615\n0\n", File.ReadAllText(path));
            Assert.Equal(new[] { ulong.MaxValue, 0UL }, Csv.Read(path, DType.UInt64).ToArray<ulong>());

            // float16 0x2E66 is 0.0999755859375 and 0x3555 is 0.333251953125; their shortest float32 texts (Python:
            // the fewest %g digits that struct.pack('<f') reads back as the same float) are 0.099975586 and 0.33325195.
            Csv.Write(path, new Tensor(new[] { 4 }, DType.Float16, new ushort[] { 0x2E66, 0x7BFF, 0xC100, 0x3555 }));
            Assert.Equal("0.099975586\n65504\n-2.5\n0.33325195\n", File.ReadAllText(path));
            Assert.Equal(new ushort[] { 0x2E66, 0x7BFF, 0xC100, 0x3555 }, (ushort[])Csv.Read(path, DType.Float16).ToBits());
        }

        [Fact]
        public void TheBytesAreUtf8WithoutAByteOrderMarkAndTheStreamStaysOpen()
        {
            var path = Path.Combine(dir, "b.csv");
            Csv.Write(path, new Tensor(Array.Empty<int>(), DType.Float64, new[] { 2.5 }));
            Assert.Equal(Encoding.ASCII.GetBytes("2.5\n"), File.ReadAllBytes(path));

            using var stream = new MemoryStream();
            Csv.Write(stream, new Tensor(new[] { 1, 3 }, DType.Int32, new[] { 1, -2, 3 }), "m");
            Assert.Equal(Encoding.ASCII.GetBytes("1,-2,3\n"), stream.ToArray());
            stream.WriteByte((byte)'#');
        }

        [Fact]
        public void AByteOrderMarkBeforeTheFirstValueIsSkipped()
        {
            var path = Path.Combine(dir, "bom.csv");
            File.WriteAllBytes(path, new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.ASCII.GetBytes("1,2\n")).ToArray());
            Assert.Equal(new[] { 1.0, 2.0 }, Csv.Read(path).ToArray<double>());
        }

        [Theory]
        [InlineData(new[] { 0 }, "")]
        [InlineData(new[] { 2, 0 }, "\n\n")]
        public void EmptyTensorsWriteAsSavetxtWritesThem(int[] shape, string text)
        {
            // numpy.savetxt writes one line per row, each the join of its (here no) values.
            using var stream = new MemoryStream();
            Csv.Write(stream, Tensor.Zeros(shape, DType.Float64), "m");
            Assert.Equal(text, Encoding.ASCII.GetString(stream.ToArray()));
        }

        [Fact]
        public void TheStreamWriterRefusesBadTensorsBeforeWritingAByte()
        {
            using var stream = new MemoryStream();
            var rank = Assert.Throws<InitializerException>(() => Csv.Write(stream, Tensor.Zeros(new[] { 2, 1, 3 }, DType.Float64), "m.csv"));
            Assert.Equal("InvalidRank", rank.ErrorId);
            Assert.Contains("rank 3 (shape [2, 1, 3])", rank.Message);
            Assert.Equal("m.csv", rank.SourceName);
            var dtype = Assert.Throws<InitializerException>(() => Csv.Write(stream, Tensor.Zeros(new[] { 2 }, DType.Bool), "m.csv"));
            Assert.Equal("UnsupportedDType", dtype.ErrorId);
            Assert.Contains("CSV cannot hold a bool tensor", dtype.Message);
            Assert.Equal(0, stream.Length);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(3)]
        public void AnNdminOtherThanZeroOneOrTwoIsRefusedBeforeTheFileIsOpened(int ndmin)
        {
            var missing = Path.Combine(dir, "missing.csv");
            var error = Assert.Throws<InitializerException>(() => Csv.Read(missing, DType.Float64, ndmin));
            Assert.Equal("InvalidArgument", error.ErrorId);
            Assert.Equal($"ndmin is 0, 1 or 2, not {ndmin}.", error.Message);
            Assert.Equal(ndmin, error.Target);
            Assert.Equal(missing, error.SourceName);
            var dtype = Assert.Throws<InitializerException>(() => Csv.Read(missing, DType.Complex64));
            Assert.Equal("UnsupportedDType", dtype.ErrorId);
            Assert.Contains("not complex64", dtype.Message);
        }

        [Fact]
        public void NullArgumentsAreArgumentNullExceptions()
        {
            Assert.Equal("reader", Assert.Throws<ArgumentNullException>(() => Csv.Read((TextReader)null!, DType.Float64, 0, "s")).ParamName);
            Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => Csv.Write((Stream)null!, Tensor.Zeros(new[] { 1 }), "s")).ParamName);
            using var stream = new MemoryStream();
            Assert.Equal("tensor", Assert.Throws<ArgumentNullException>(() => Csv.Write(stream, null!, "s")).ParamName);
            Assert.Equal("tensor", Assert.Throws<ArgumentNullException>(() => Csv.Write(Path.Combine(dir, "n.csv"), null!)).ParamName);
        }

        [Fact]
        public void TheCancellableOverloadsReadAndWriteAndACancelledTokenLeavesNoFile()
        {
            var path = Path.Combine(dir, "t.csv");
            using var live = new CancellationTokenSource();
            Csv.Write(path, new Tensor(new[] { 2 }, DType.Float64, new[] { 1.5, -2.0 }), false, live.Token);
            Assert.Equal(new[] { 1.5, -2.0 }, Csv.Read(path, DType.Float64, 0, live.Token).ToArray<double>());

            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            var other = Path.Combine(dir, "u.csv");
            Assert.ThrowsAny<OperationCanceledException>(() => Csv.Write(other, Tensor.Zeros(new[] { 2 }, DType.Float64), false, cancelled.Token));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
            Assert.ThrowsAny<OperationCanceledException>(() => Csv.Read(path, DType.Float64, 0, cancelled.Token));
        }

        [Fact]
        public void AReadCancelledMidwayStopsWithinTheNext1024Lines()
        {
            // 2000 lines; the token is cancelled once line 10 has been read, so the read must stop by line 1025.
            using var source = new CancellationTokenSource();
            var reader = new CancellingReader(string.Concat(Enumerable.Repeat("1,2\n", 2000)), 10, source);
            using (Cancellation.Use(source.Token))
            {
                Assert.ThrowsAny<OperationCanceledException>(() => Csv.Read(reader, DType.Float64, 0, "s"));
            }

            Assert.InRange(reader.Lines, 10, 1025);
        }

        [Fact]
        public void AWriteCancelledMidwayStopsWithinTheNext1024Rows()
        {
            // 5000 rows of 19 bytes overflow the writer's 64 KiB buffer after about 3450 rows; the first bytes reaching
            // the stream cancel the token, so the write must stop at the next check (row 4096) and never finish.
            using var source = new CancellationTokenSource();
            using var stream = new CancellingStream(source);
            var tensor = new Tensor(new[] { 5000 }, DType.Float64, Enumerable.Repeat(0.12345678901234566, 5000).ToArray());
            using (Cancellation.Use(source.Token))
            {
                Assert.ThrowsAny<OperationCanceledException>(() => Csv.Write(stream, tensor, "s"));
            }

            Assert.True(stream.Length > 0 && stream.Length < 5000 * 20, $"{stream.Length} bytes written");
        }

        /// <summary>Cancels a token when a given line has been read.</summary>
        private sealed class CancellingReader : StringReader
        {
            private readonly int cancelAt;
            private readonly CancellationTokenSource source;

            public CancellingReader(string text, int cancelAt, CancellationTokenSource source)
                : base(text)
            {
                this.cancelAt = cancelAt;
                this.source = source;
            }

            public int Lines { get; private set; }

            public override string? ReadLine()
            {
                var line = base.ReadLine();
                if (line is not null && ++Lines == cancelAt)
                {
                    source.Cancel();
                }

                return line;
            }
        }

        /// <summary>Cancels a token when the first bytes are written to it.</summary>
        private sealed class CancellingStream : MemoryStream
        {
            private readonly CancellationTokenSource source;

            public CancellingStream(CancellationTokenSource source) => this.source = source;

            public override void Write(byte[] buffer, int offset, int count)
            {
                source.Cancel();
                base.Write(buffer, offset, count);
            }

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                source.Cancel();
                base.Write(buffer);
            }
        }
    }
}
