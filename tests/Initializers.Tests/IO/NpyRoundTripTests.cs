using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Initializers.IO;
using MathNet.Numerics;
using Xunit;
using NComplex = System.Numerics.Complex;

namespace Initializers.Tests.IO
{
    /// <summary>Every dtype through .npy and .npz and back, bit for bit; the writer's refusals and header rules; the
    /// reader's checks on hand-made headers.</summary>
    public sealed class NpyRoundTripTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-npy-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        /// <summary>A 2x3 tensor of each dtype .npy holds, with edge values (NaN payloads, -0, min/max, non-BMP text).</summary>
        internal static Tensor Sample(DType dtype)
        {
            var shape = new[] { 2, 3 };
            Array data = dtype switch
            {
                DType.Float16 => new ushort[] { 0x3E00, 0x8000, 0x7E01, 0x7C00, 0xFC00, 0x0001 },
                DType.Float32 => new[] { 1.5f, -0.0f, BitConverter.Int32BitsToSingle(0x7FC00001), float.PositiveInfinity, float.MinValue, float.Epsilon },
                DType.Float64 => new[] { 1.5, -0.0, BitConverter.Int64BitsToDouble(0x7FF8000000000001), double.NegativeInfinity, double.MaxValue, double.Epsilon },
                DType.Int8 => new sbyte[] { sbyte.MinValue, -1, 0, 1, 2, sbyte.MaxValue },
                DType.Int16 => new short[] { short.MinValue, -1, 0, 1, 258, short.MaxValue },
                DType.Int32 => new[] { int.MinValue, -1, 0, 1, 0x01020304, int.MaxValue },
                DType.Int64 => new[] { long.MinValue, -1, 0, 1, 0x0102030405060708, long.MaxValue },
                DType.UInt8 => new byte[] { 0, 1, 2, 127, 128, 255 },
                DType.UInt16 => new ushort[] { 0, 1, 258, 0x7FFF, 0x8000, ushort.MaxValue },
                DType.UInt32 => new uint[] { 0, 1, 0x01020304, 0x7FFFFFFF, 0x80000000, uint.MaxValue },
                DType.UInt64 => new ulong[] { 0, 1, 0x0102030405060708, long.MaxValue, 0x8000000000000000, ulong.MaxValue },
                DType.Bool => new[] { true, false, true, true, false, false },
                DType.Complex64 => new[] { new Complex32(1.5f, -2f), new Complex32(-0f, 0f), new Complex32(float.NaN, float.PositiveInfinity), new Complex32(1, 0), new Complex32(0, 1), new Complex32(float.Epsilon, -float.MaxValue) },
                DType.Complex128 => new[] { new NComplex(1.5, -2), new NComplex(-0.0, 0), new NComplex(double.NaN, double.NegativeInfinity), new NComplex(1, 0), new NComplex(0, 1), new NComplex(double.Epsilon, -double.MaxValue) },
                DType.String => new[] { "", "a", "hello", "\u00ff", "\u03c0", "\U0001F600 x" },
                _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
            };
            return new Tensor(shape, dtype, data);
        }

        public static IEnumerable<object[]> NpyDTypes() => DTypes.All.Where(d => d != DType.BFloat16).Select(d => new object[] { d });

        [Theory]
        [MemberData(nameof(NpyDTypes))]
        public void EveryDTypeRoundTripsThroughNpyBitForBit(DType dtype)
        {
            var tensor = Sample(dtype);
            var path = Path.Combine(dir, "t.npy");
            Npy.Write(path, tensor);
            var back = Npy.Read(path);
            Assert.Equal(tensor, back);
            Assert.Equal(dtype, back.DType);
            Assert.Equal(0, File.ReadAllBytes(path).Length >= 128 ? File.ReadAllBytes(path)[127] - '\n' : -1);
        }

        [Theory]
        [MemberData(nameof(NpyDTypes))]
        public void EveryDTypeRoundTripsThroughNpzStoredAndDeflated(DType dtype)
        {
            foreach (var compress in new[] { false, true })
            {
                var path = Path.Combine(dir, $"t{compress}.npz");
                var tensors = new[]
                {
                    new KeyValuePair<string, Tensor>("w", Sample(dtype)),
                    new KeyValuePair<string, Tensor>("dense/bias", Tensor.Zeros(new[] { 0, 4 }, dtype)),
                    new KeyValuePair<string, Tensor>("step", Tensor.Zeros(Array.Empty<int>(), dtype)),
                };
                Npz.Write(path, tensors, compress);
                var back = Npz.Read(path);
                Assert.Equal(tensors.Select(t => t.Key), back.Select(t => t.Key));
                Assert.Equal(tensors.Select(t => t.Value), back.Select(t => t.Value));

                // Local header: method 0 (stored) or 8 (deflated), at offset 8 of the first member.
                var bytes = File.ReadAllBytes(path);
                Assert.Equal(compress ? 8 : 0, BitConverter.ToUInt16(bytes, 8));
            }
        }

        [Fact]
        public void ZeroDEmptyAndHigherRanksRoundTrip()
        {
            var path = Path.Combine(dir, "r.npy");
            foreach (var shape in new[] { Array.Empty<int>(), new[] { 0 }, new[] { 3, 0, 2 }, new[] { 2, 3, 4, 5, 1, 2 } })
            {
                var t = Tensor.Zeros(shape, DType.Int32);
                var span = t.AsSpan<int>();
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = (i * 7) - 50;
                }

                Npy.Write(path, t);
                Assert.Equal(t, Npy.Read(path));
            }
        }

        [Fact]
        public void BFloat16IsRefusedPointingToSafetensorsAndNothingIsWritten()
        {
            var t = Tensor.Zeros(new[] { 2 }, DType.BFloat16);
            var npy = Path.Combine(dir, "b.npy");
            var npz = Path.Combine(dir, "b.npz");
            var e1 = Assert.Throws<InitializerException>(() => Npy.Write(npy, t));
            var e2 = Assert.Throws<InitializerException>(() => Npz.Write(npz, new[] { new KeyValuePair<string, Tensor>("x", t) }));
            foreach (var e in new[] { e1, e2 })
            {
                Assert.Equal("UnsupportedDType", e.ErrorId);
                Assert.Contains("safetensors", e.Message);
                Assert.Contains("bfloat16", e.Message);
            }

            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void ALoneSurrogateIsRefusedBeforeWriting()
        {
            var t = new Tensor(new[] { 1 }, DType.String, new[] { "a\uD800" });
            var e = Assert.Throws<InitializerException>(() => Npy.Write(Path.Combine(dir, "s.npy"), t));
            Assert.Equal("NpyInvalidValue", e.ErrorId);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void DuplicateNpzNamesAreRefusedOnWrite()
        {
            var t = Tensor.Zeros(new[] { 1 });
            var e = Assert.Throws<InitializerException>(() => Npz.Write(Path.Combine(dir, "d.npz"), new[] { new KeyValuePair<string, Tensor>("a", t), new KeyValuePair<string, Tensor>("a", t) }));
            Assert.Equal("NpzDuplicateMember", e.ErrorId);
        }

        [Fact]
        public void AHeaderThatDoesNotFitVersion1IsWrittenAsVersion2WithTheSameLayout()
        {
            // No tensor needs it (a 65,535-byte header takes thousands of dimensions), so the rule is checked on the header alone.
            var small = Npy.Header("<f4", new[] { 2, 3 });
            Assert.Equal(1, small[6]);
            Assert.Equal(128, small.Length);
            var shape = Enumerable.Repeat(1, 22000).ToArray();
            var big = Npy.Header("<f4", shape);
            Assert.Equal(2, big[6]);
            Assert.Equal(0, big.Length % 64);
            Assert.Equal((byte)'\n', big[^1]);
            Assert.Equal(big.Length - 12, (int)BitConverter.ToUInt32(big, 8));
        }

        [Theory]
        [InlineData("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", true)]
        [InlineData("{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<i4\"}", true)]
        [InlineData("{ 'shape' :(2L,) ,'descr':'<i4','fortran_order':False }", true)]
        [InlineData("{'descr': 'i4', 'fortran_order': False, 'shape': (2,)}", true)]
        [InlineData("{'descr': '=i4', 'fortran_order': False, 'shape': (2,)}", true)]
        [InlineData("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), 'shape': (2,)}", false)]
        [InlineData("{'descr': '<i4', 'fortran_order': 0, 'shape': (2,)}", false)]
        [InlineData("{'descr': '<i4', 'fortran_order': False, 'shape': [2]}", false)]
        [InlineData("{'descr': '<i4', 'fortran_order': False}", false)]
        [InlineData("{'descr': '<i4', 'fortran_order': False, 'shape': (2,)} x", false)]
        [InlineData("{'descr': '<i4', 'fortran_order': False, 'shape': (2.0,)}", false)]
        [InlineData("{'descr': '<i4', 'fortran_order': False, 'shape': (2,)", false)]
        [InlineData("__import__('os')", false)]
        public void HeadersFromOtherWritersAreReadAndMalformedOnesRefused(string dict, bool valid)
        {
            var path = Path.Combine(dir, "h.npy");
            File.WriteAllBytes(path, Hand(dict, 1, new byte[] { 1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF }));
            if (valid)
            {
                Assert.Equal(new[] { 1, -2 }, Npy.Read(path).ToArray<int>());
            }
            else
            {
                var e = Assert.Throws<InitializerException>(() => Npy.Read(path));
                Assert.Equal("NpyHeaderInvalid", e.ErrorId);
                Assert.Contains(path, e.Message);
            }
        }

        [Theory]
        [InlineData("<V2", "UnsupportedDType", "safetensors")]
        [InlineData("<M8[ns]", "UnsupportedDType", "M8[ns]")]
        [InlineData("<f16", "UnsupportedDType", "f16")]
        [InlineData("<g", "UnsupportedDType", "<g")]
        [InlineData("|O", "PickleRefused", "pickle")]
        [InlineData("<U99999999999", "UnsupportedDType", "U99999999999")]
        public void UnknownDescrsAreRefusedNamingTheDescr(string descr, string errorId, string inMessage)
        {
            var path = Path.Combine(dir, "d.npy");
            File.WriteAllBytes(path, Hand($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2,), }}", 1, new byte[16]));
            var e = Assert.Throws<InitializerException>(() => Npy.Read(path));
            Assert.Equal(errorId, e.ErrorId);
            Assert.Contains(inMessage, e.Message);
        }

        [Theory]
        [InlineData("(3037000500, 3037000500)", "ShapeOverflow")] // product 9.2e18 fits, times 8 bytes does not
        [InlineData("(18446744073709551616,)", "ShapeOverflow")] // 2^64
        [InlineData("(4294967296, 4294967296)", "ShapeOverflow")]
        [InlineData("(0, 18446744073709551615)", "TensorTooLarge")] // empty, but a dimension .NET cannot index
        [InlineData("(3, -1)", "NpyInvalidShape")]
        [InlineData("(1000000,)", "NpyTruncated")]
        [InlineData("(268435456, 8, 2)", "NpyTruncated")] // 32 GiB claimed by a 16-byte data section: nothing allocated
        public void ShapesAreCheckedWithCheckedArithmeticAgainstTheFileSizeBeforeAllocating(string shape, string errorId)
        {
            var path = Path.Combine(dir, "s.npy");
            File.WriteAllBytes(path, Hand($"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}", 1, new byte[16]));
            var e = Assert.Throws<InitializerException>(() => Npy.Read(path));
            Assert.Equal(errorId, e.ErrorId);
            Assert.Contains(path, e.Message);
        }

        [Fact]
        public void FortranOrderOfRankThreeReversesAllAxes()
        {
            // Shape (2, 3, 4), Fortran order: element [i, j, k] is at file position i + 2j + 6k.
            var file = new int[24];
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    for (var k = 0; k < 4; k++)
                    {
                        file[i + (2 * j) + (6 * k)] = (100 * i) + (10 * j) + k;
                    }
                }
            }

            var path = Path.Combine(dir, "f.npy");
            File.WriteAllBytes(path, Hand("{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3, 4), }", 3, file.SelectMany(v => BitConverter.GetBytes(v).Reverse()).ToArray()));
            var t = Npy.Read(path);
            Assert.Equal(new[] { 2, 3, 4 }, t.Shape);
            Assert.Equal(123, t[1, 2, 3]);
            Assert.Equal(Enumerable.Range(0, 24).Select(c => (100 * (c / 12)) + (10 * (c / 4 % 3)) + (c % 4)), t.ToArray<int>());
        }

        [Fact]
        public void BigEndianStringsAndInvalidCodePoints()
        {
            var path = Path.Combine(dir, "u.npy");
            File.WriteAllBytes(path, Hand("{'descr': '>U2', 'fortran_order': False, 'shape': (1,), }", 1, new byte[] { 0, 1, 0xF6, 0, 0, 0, 0, (byte)'a' }));
            Assert.Equal("\U0001F600a", Npy.Read(path)[0]);
            File.WriteAllBytes(path, Hand("{'descr': '<U1', 'fortran_order': False, 'shape': (1,), }", 1, new byte[] { 0, 0xD8, 0, 0 }));
            var e = Assert.Throws<InitializerException>(() => Npy.Read(path));
            Assert.Equal("NpyInvalidValue", e.ErrorId);
            Assert.Contains("0xD800", e.Message);
        }

        [Fact]
        public void AnyNonzeroBoolByteReadsAsTrue()
        {
            var path = Path.Combine(dir, "b.npy");
            File.WriteAllBytes(path, Hand("{'descr': '|b1', 'fortran_order': False, 'shape': (4,), }", 1, new byte[] { 0, 1, 2, 255 }));
            var t = Npy.Read(path);
            Assert.Equal(new[] { false, true, true, true }, t.ToArray<bool>());
            Assert.Equal(new byte[] { 0, 1, 1, 1 }, t.ToBytes());
        }

        [Fact]
        public void MissingFilesAndDirectoriesAreNamed()
        {
            var missing = Path.Combine(dir, "none.npy");
            Assert.Equal("FileNotFound", Assert.Throws<InitializerException>(() => Npy.Read(missing)).ErrorId);
            Assert.Equal("PathIsDirectory", Assert.Throws<InitializerException>(() => Npz.Read(dir)).ErrorId);
            File.WriteAllText(missing, "not a zip");
            var e = Assert.Throws<InitializerException>(() => Npz.Read(missing));
            Assert.Equal("NpzInvalid", e.ErrorId);
            Assert.Contains(missing, e.Message);
        }

        /// <summary>A .npy file assembled by hand: magic, version, the dict padded to 16 bytes as old writers do, data.</summary>
        internal static byte[] Hand(string dict, int major, byte[] data)
        {
            var fieldBytes = major == 1 ? 2 : 4;
            var header = dict;
            while ((8 + fieldBytes + header.Length + 1) % 16 != 0)
            {
                header += " ";
            }

            header += "\n";
            var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
            bytes.AddRange(BitConverter.GetBytes(header.Length).Take(fieldBytes));
            bytes.AddRange(Encoding.UTF8.GetBytes(header));
            bytes.AddRange(data);
            return bytes.ToArray();
        }
    }
}
