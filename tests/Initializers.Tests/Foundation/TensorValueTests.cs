using System;
using System.Numerics;
using Initializers.Config;
using Initializers.Family;
using Initializers.Serialization;
using MathNet.Numerics;
using Xunit;

namespace Initializers.Tests.Foundation
{
    /// <summary>The one cast rule, raw bits and bytes, value equality and the one number formatter. Every expected
    /// value is worked out by hand (IEEE 754 bit layouts, tf.cast's truncation toward zero).</summary>
    public class TensorValueTests
    {
        private static Tensor Vector(DType dtype, params object[] values) => new Constant(values).Call(new[] { values.Length }, dtype);

        // tf.cast([2.7, 2.5, -2.7, -2.5, 0.9], tf.int32) == [2, 2, -2, -2, 0]: truncation toward zero, no rounding.
        [Fact]
        public void ConstantTheIndexerAndToArrayAllTruncateFloatsTowardZero()
        {
            var fromConstant = Vector(DType.Int32, 2.7, 2.5, -2.7, -2.5, 0.9);
            Assert.Equal(new[] { 2, 2, -2, -2, 0 }, (int[])fromConstant.ToArray());

            var viaIndexer = Tensor.Zeros(new[] { 5 }, DType.Int32);
            var inputs = new object[] { 2.7, 2.5, -2.7, -2.5, 0.9f };
            for (var i = 0; i < inputs.Length; i++)
            {
                viaIndexer[i] = inputs[i];
            }

            Assert.Equal(new[] { 2, 2, -2, -2, 0 }, (int[])viaIndexer.ToArray());

            var floats = Vector(DType.Float32, 2.7, 2.5, -2.7, -2.5, 0.9);
            Assert.Equal(new[] { 2, 2, -2, -2, 0 }, floats.ToArray<int>());
            Assert.Equal(new long[] { 2, 2, -2, -2, 0 }, floats.ToArray<long>());
        }

        [Fact]
        public void ValuesOutsideAnIntegerDTypeAndNaNAreRefusedNotWrappedOrSaturated()
        {
            var t = Tensor.Zeros(new[] { 1 }, DType.UInt8);
            Assert.Equal("InvalidValue", Assert.Throws<InitializerException>(() => t[0] = 256).ErrorId);
            Assert.Equal("InvalidValue", Assert.Throws<InitializerException>(() => t[0] = -1).ErrorId);
            Assert.Equal("InvalidValue", Assert.Throws<InitializerException>(() => t[0] = double.NaN).ErrorId);
            Assert.Equal("InvalidValue", Assert.Throws<InitializerException>(() => t[0] = "7").ErrorId);
            Assert.Equal("InvalidConfigValue", Assert.Throws<InitializerException>(() => new Constant(256).Call(new[] { 1 }, DType.UInt8)).ErrorId);
            t[0] = 255.9; // truncates to 255, which fits
            Assert.Equal((byte)255, t[0]);
            Assert.Equal("InvalidValue", Assert.Throws<InitializerException>(() => Vector(DType.Float64, 1e10).ToArray<int>()).ErrorId);
        }

        [Fact]
        public void ComplexIntoARealDTypeKeepsTheRealPartAsTfCastDoes()
        {
            var t = Tensor.Zeros(new[] { 2 }, DType.Int32);
            t[0] = new Complex(2.7, 5);
            t[1] = new Complex32(-3.5f, 1);
            Assert.Equal(new[] { 2, -3 }, (int[])t.ToArray());
            Assert.Equal(new[] { 2.7f }, (float[])new Constant(new Complex(2.7, 1)).Call(new[] { 1 }).ToArray());
        }

        [Fact]
        public void BoolAndStringFollowTheSameRule()
        {
            var b = Tensor.Zeros(new[] { 3 }, DType.Bool);
            b[0] = 0.5;
            b[1] = double.NaN; // nonzero, so true (tf.cast and numpy agree)
            b[2] = 0;
            Assert.Equal(new[] { true, true, false }, (bool[])b.ToArray());
            Assert.Equal(new[] { "1.0", "0.1", "3" }, (string[])Vector(DType.String, 1.0, 0.1f, 3).ToArray());
        }

        [Fact]
        public void IndexerOverloadsCoverRanksTwoToEight()
        {
            var t = Tensor.Zeros(new[] { 2, 3, 4 }, DType.Int64);
            t[1, 2, 3] = 7;
            Assert.Equal(7L, t[1, 2, 3]);
            Assert.Equal(7L, t[-1, -1, -1]);
            Assert.Equal(7L, t.GetFlat(23));
            var r8 = Tensor.Zeros(new[] { 1, 1, 1, 1, 1, 1, 1, 2 });
            r8[0, 0, 0, 0, 0, 0, 0, 1] = 2;
            Assert.Equal(2f, r8.GetFlat(1));
            Assert.Equal("InvalidIndex", Assert.Throws<InitializerException>(() => t[0, 0, 4]).ErrorId);
            Assert.Equal("InvalidIndex", Assert.Throws<InitializerException>(() => t[0, -4, 0]).ErrorId);
        }

        [Fact]
        public void ToListNestsLikeNumpyToList()
        {
            var t = Vector(DType.Int32, 1, 2, 3, 4, 5, 6);
            var m = new Constant(new object[] { 1, 2, 3, 4, 5, 6 }).Call(new[] { 2, 3 }, DType.Int32);
            Assert.Equal(new object[] { 1, 2, 3, 4, 5, 6 }, (object[])t.ToList());
            var rows = (object[])m.ToList();
            Assert.Equal(new object[] { 4, 5, 6 }, (object[])rows[1]);
            Assert.Equal(5f, Tensor.Zeros(Array.Empty<int>()).ToList() is float f ? f + 5 : -1);
        }

        // IEEE binary16: 1.0 = 0 01111 0000000000 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800, 65504 (max) = 0x7BFF.
        // bfloat16 is the top half of float32: 1.0f = 0x3F800000 -> 0x3F80, -2.0f = 0xC0000000 -> 0xC000, 0.5f -> 0x3F00.
        [Fact]
        public void ToBitsGivesTheRawHalfPrecisionBits()
        {
            Assert.Equal(new ushort[] { 0x3C00, 0xC000, 0x3800, 0x7BFF }, (ushort[])Vector(DType.Float16, 1.0, -2.0, 0.5, 65504).ToBits());
            Assert.Equal(new ushort[] { 0x3F80, 0xC000, 0x3F00 }, (ushort[])Vector(DType.BFloat16, 1.0, -2.0, 0.5).ToBits());
            Assert.Equal(new uint[] { 0x3F800000 }, (uint[])Vector(DType.Float32, 1.0).ToBits());
            Assert.Equal(new ulong[] { 0x3FF0000000000000 }, (ulong[])Vector(DType.Float64, 1.0).ToBits());
            Assert.Equal("UnsupportedDType", Assert.Throws<InitializerException>(() => Vector(DType.Int32, 1).ToBits()).ErrorId);
        }

        [Fact]
        public void ToBytesIsLittleEndianRowMajor()
        {
            Assert.Equal(new byte[] { 0x00, 0x3C, 0x80, 0x3F }, Vector(DType.Float16, 1.0, 1.875).ToBytes()); // 1.875 = 0x3F80 in binary16
            Assert.Equal(new byte[] { 0x80, 0x3F }, Vector(DType.BFloat16, 1.0).ToBytes());
            Assert.Equal(new byte[] { 1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF }, Vector(DType.Int32, 1, -2).ToBytes());
            Assert.Equal(new byte[] { 1, 0 }, Vector(DType.Bool, true, false).ToBytes());
            // complex64 (1+2j): 1.0f = 0x3F800000, 2.0f = 0x40000000, real part first.
            Assert.Equal(new byte[] { 0, 0, 0x80, 0x3F, 0, 0, 0, 0x40 }, Vector(DType.Complex64, new Complex(1, 2)).ToBytes());
            Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0xF0, 0x3F }, Vector(DType.Float64, 1.0).ToBytes());
            Assert.Equal("UnsupportedDType", Assert.Throws<InitializerException>(() => Vector(DType.String, "a").ToBytes()).ErrorId);
        }

        [Fact]
        public void TensorsWithTheSameShapeDTypeAndBitsAreEqual()
        {
            var a = new RandomNormal(seed: 7).Call(new[] { 3, 4 });
            var b = new RandomNormal(seed: 7).Call(new[] { 3, 4 });
            Assert.True(a.Equals(b));
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.Equal(0, a.CompareTo(b));
            var c = new RandomNormal(seed: 8).Call(new[] { 3, 4 });
            Assert.False(a.Equals(c));
            Assert.NotEqual(0, a.CompareTo(c));
            Assert.Equal(-Math.Sign(a.CompareTo(c)), Math.Sign(c.CompareTo(a)));

            // Same bytes, other shape or dtype: not equal.
            Assert.False(Vector(DType.Int32, 1, 2, 3, 4).Equals(new Constant(new object[] { 1, 2, 3, 4 }).Call(new[] { 2, 2 }, DType.Int32)));
            Assert.False(Vector(DType.Int32, 0).Equals(Vector(DType.UInt32, 0)));
            Assert.True(Vector(DType.String, "a", "b").Equals(Vector(DType.String, "a", "b")));
            Assert.False(Vector(DType.String, "a").Equals(Vector(DType.String, "A")));
        }

        [Fact]
        public void LargeEqualTensorsHashAlikeAndAChangeAtEitherEndChangesTheHash()
        {
            var a = new RandomUniform(seed: 3).Call(new[] { 1000 });
            var b = new RandomUniform(seed: 3).Call(new[] { 1000 });
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            b[0] = 2f;
            Assert.NotEqual(a.GetHashCode(), b.GetHashCode());
            var c = new RandomUniform(seed: 3).Call(new[] { 1000 });
            c[999] = 2f;
            Assert.NotEqual(a.GetHashCode(), c.GetHashCode());
            var s = Vector(DType.String, "a", "b", "c");
            Assert.Equal(s.GetHashCode(), Vector(DType.String, "a", "b", "c").GetHashCode());
        }

        [Fact]
        public void EqualityIsBitwiseSoNaNEqualsItselfAndZeroDiffersFromNegativeZero()
        {
            Assert.True(Vector(DType.Float32, double.NaN).Equals(Vector(DType.Float32, double.NaN)));
            Assert.False(Vector(DType.Float64, 0.0).Equals(Vector(DType.Float64, -0.0)));
        }

        // Initializer equality is config equality (what get_config and a JSON/YAML round trip preserve, as Keras
        // compares configs). An unseeded initializer draws its seed at construction and Keras's get_config reports
        // seed=None, so two unseeded ones are equal yet give different values; compare EffectiveSeed for that.
        [Fact]
        public void UnseededInitializersAreEqualByConfigThoughTheirDrawnSeedsDiffer()
        {
            var a = new RandomNormal();
            var b = new RandomNormal();
            Assert.Equal(a, b);
            Assert.NotEqual(a.EffectiveSeed, b.EffectiveSeed);
            Assert.False(a.Call(new[] { 8 }).Equals(b.Call(new[] { 8 })));
            Assert.NotEqual(new RandomNormal(seed: 1), new RandomNormal(seed: 2));
        }

        [Theory]
        [InlineData(0.05, "0.05")]
        [InlineData(1e-7, "1e-07")]
        [InlineData(1e300, "1e+300")]
        [InlineData(3.0, "3")]
        [InlineData(-0.0, "-0")]
        [InlineData(double.NaN, "nan")]
        [InlineData(double.NegativeInfinity, "-inf")]
        [InlineData(0.1 + 0.2, "0.30000000000000004")]
        public void ShortestIsTheOneFloatFormatter(double value, string expected) => Assert.Equal(expected, NumberText.Shortest(value));

        [Fact]
        public void MessagesAndTheTensorPrinterUseTheOneFormatter()
        {
            Assert.Equal("0.1", NumberText.Shortest(0.1f));
            Assert.Equal("0.1", ConfigValues.Format(0.1f));          // was 0.10000000149011612
            Assert.Equal("1e-07", ConfigValues.Format(1e-7));        // was 1E-07
            Assert.Equal("RandomNormal(mean=0.0, stddev=1e-07, seed=None)", new RandomNormal(0, 1e-7).ToString());
            Assert.Equal("Tensor(shape=[2], dtype=float64)\n[1e-07, 2.]", Vector(DType.Float64, 1e-7, 2.0).ToString());
            Assert.Equal("[(0.1+2j), (1-0.5j)]", Vector(DType.Complex64, new Complex(0.1, 2), new Complex(1, -0.5)).FormatValues());
        }
    }
}
