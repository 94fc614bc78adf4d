using System;
using System.Collections;
using Initializers.Family;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NComplex = System.Numerics.Complex;
using Xunit;

namespace Initializers.Tests.Foundation
{
    public class TensorTests
    {
        [Fact]
        public void IsNotEnumerableSoPowerShellCannotUnrollIt() => Assert.False(typeof(IEnumerable).IsAssignableFrom(typeof(Tensor)));

        [Fact]
        public void ScalarHasRankZeroAndOneElement()
        {
            var t = Tensor.Zeros(Array.Empty<int>());
            Assert.Equal(0, t.Rank);
            Assert.Equal(1, t.Count);
            Assert.Equal(0f, t[System.Array.Empty<int>()]);
            Assert.Equal("Tensor(shape=[], dtype=float32)\n0.", t.ToString());
        }

        [Fact]
        public void StorageIsRowMajor()
        {
            var t = new Constant(new object[] { new object[] { 1, 2, 3 }, new object[] { 4, 5, 6 } }).Call(new[] { 2, 3 });
            Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, (float[])t.ToArray());
            Assert.Equal(6f, t[1, 2]);
            Assert.Equal(4f, t[1, 0]);
            Assert.Equal(3f, t[0, -1]);
        }

        [Fact]
        public void IndexerChecksRankAndRange()
        {
            var t = Tensor.Zeros(new[] { 2, 3 });
            Assert.Equal("InvalidIndex", Assert.Throws<InitializerException>(() => t[2, 0]).ErrorId);
            Assert.Equal("InvalidIndex", Assert.Throws<InitializerException>(() => t[0]).ErrorId);
        }

        [Fact]
        public void ToStringIsNumpyLike()
        {
            var t = new Constant(new object[] { 1, 2, 3, 4, 5, 6 }).Call(new[] { 2, 3 }, DType.Int32);
            Assert.Equal("Tensor(shape=[2, 3], dtype=int32)\n[[1, 2, 3],\n [4, 5, 6]]", t.ToString());
            var f = new Constant(0.5).Call(new[] { 2 });
            Assert.Equal("Tensor(shape=[2], dtype=float32)\n[0.5, 0.5]", f.ToString());
        }

        [Fact]
        public void LargeTensorsAreSummarisedWithEllipsis()
        {
            var t = Tensor.Zeros(new[] { 2000 });
            Assert.Equal("Tensor(shape=[2000], dtype=float32)\n[0., 0., 0., ..., 0., 0., 0.]", t.ToString());
            var m = Tensor.Zeros(new[] { 100, 100 }, DType.Int8);
            var lines = m.ToString().Split('\n');
            Assert.Equal("Tensor(shape=[100, 100], dtype=int8)", lines[0]);
            Assert.Equal("[[0, 0, 0, ..., 0, 0, 0],", lines[1]);
            Assert.Equal(" ...,", lines[4]);
            Assert.Equal(8, lines.Length); // header, 3 rows, "...", 3 rows
        }

        [Fact]
        public void MathNetMatrixKeepsRowAndColumnMeaning()
        {
            var t = new Constant(new object[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 }).Call(new[] { 2, 3 }, DType.Float64);
            var m = t.ToMatrix<double>();
            Assert.Equal(2, m.RowCount);
            Assert.Equal(3, m.ColumnCount);
            Assert.Equal(2.0, m[0, 1]);
            Assert.Equal(4.0, m[1, 0]);
            var back = m.ToTensor();
            Assert.Equal(new[] { 2, 3 }, back.Shape);
            Assert.Equal(t.ToArray(), back.ToArray());
        }

        [Fact]
        public void MathNetVectorAndFloat32Matrix()
        {
            var v = new Constant(new object[] { 1, 2, 3 }).Call(new[] { 3 }).ToVector<float>();
            Assert.Equal(new float[] { 1, 2, 3 }, v.ToArray());
            var m = Matrix<float>.Build.DenseOfArray(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
            var t = m.ToTensor();
            Assert.Equal(DType.Float32, t.DType);
            Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, (float[])t.ToArray());
        }

        [Fact]
        public void Complex64ValuesComeOutAsSystemComplex()
        {
            // 0.1f widened to double (0.100000001490116...) is exact.
            var t = new Constant(0.1).Call(new[] { 2 }, DType.Complex64);
            Assert.Equal(new NComplex(0.1f, 0), t.GetFlat(0));
            Assert.Equal(new NComplex(0.1f, 0), t[1]);
            Assert.Equal(new[] { new NComplex(0.1f, 0), new NComplex(0.1f, 0) }, Assert.IsType<NComplex[]>(t.ToArray()));
            Assert.Equal(new[] { new Complex32(0.1f, 0), new Complex32(0.1f, 0) }, t.ToArray<Complex32>());
        }

        [Fact]
        public void MatrixNeedsRankTwoAndAMatchingType()
        {
            Assert.Equal("InvalidRank", Assert.Throws<InitializerException>(() => Tensor.Zeros(new[] { 3 }).ToMatrix<float>()).ErrorId);
            Assert.Equal("UnsupportedDType", Assert.Throws<InitializerException>(() => Tensor.Zeros(new[] { 2, 2 }, DType.Int32).ToMatrix<float>()).ErrorId);
        }

        [Fact]
        public void Float16ValuesReadBackAsFloat()
        {
            var t = new Constant(1.5).Call(new[] { 2 }, DType.Float16);
            Assert.Equal(new float[] { 1.5f, 1.5f }, (float[])t.ToArray());
            Assert.Equal((ushort)0x3E00, t.AsSpan<ushort>()[0]); // 1.5 = 0x3E00 in binary16
        }

        [Fact]
        public void FromArrayTakesTheDTypeOfEachElementType()
        {
            Assert.Equal(DType.Int8, Tensor.FromArray(new sbyte[] { -1 }, new[] { 1 }).DType);
            Assert.Equal(DType.Int16, Tensor.FromArray(new short[] { -1 }, new[] { 1 }).DType);
            Assert.Equal(DType.UInt8, Tensor.FromArray(new byte[] { 1 }, new[] { 1 }).DType);
            Assert.Equal(DType.UInt32, Tensor.FromArray(new uint[] { 1 }, new[] { 1 }).DType);
            Assert.Equal(DType.UInt64, Tensor.FromArray(new ulong[] { 1 }, new[] { 1 }).DType);
            Assert.Equal(DType.Complex64, Tensor.FromArray(new[] { new Complex32(1, 2) }, new[] { 1 }).DType);
        }

        [Fact]
        public void FromArrayOfNullIsAnArgumentNullException() =>
            Assert.Equal("array", Assert.Throws<ArgumentNullException>(() => Tensor.FromArray(null!, new[] { 1 })).ParamName);

        [Fact]
        public void AnElementTypeWithoutADTypeIsNamedInTheError()
        {
            var ex = Assert.Throws<InitializerException>(() => Tensor.FromArray(new[] { 1m }, new[] { 1 }));
            Assert.Equal("UnsupportedType", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidType, ex.Kind);
            Assert.StartsWith("An array of Decimal has no dtype; use a dtype's element type", ex.Message);

            var read = Assert.Throws<InitializerException>(() => Tensor.Zeros(new[] { 1 }).ToArray<decimal>());
            Assert.Equal("UnsupportedType", read.ErrorId);
            Assert.StartsWith("ToArray<Decimal> has no dtype", read.Message);
        }

        [Fact]
        public void UShortValuesIntoBFloat16AndFloat16AreCastAsNumbersNotTakenAsBits()
        {
            // 1 and 2 as numbers are 1.0 and 2.0 (bits 0x3F80/0x4000 in bfloat16); taken as bits they would be subnormals.
            Assert.Equal(new[] { 1f, 2f }, (float[])Tensor.FromArray(new ushort[] { 1, 2 }, new[] { 2 }, DType.BFloat16).ToArray());
            Assert.Equal(new ushort[] { 0x3F80, 0x4000 }, (ushort[])Tensor.FromArray(new ushort[] { 1, 2 }, new[] { 2 }, DType.BFloat16).ToBits());

            // ToArray<ushort> of float16 2.0 (bits 0x4000) is the value 2, not the bits.
            var half = Tensor.FromArray(new[] { 2f }, new[] { 1 }, DType.Float16);
            Assert.Equal(new ushort[] { 2 }, half.ToArray<ushort>());
        }

#if !LIB_NETSTANDARD
        [SkippableFact]
        public void ATensorBeyondTheMemoryBudgetIsInsufficientMemoryNamingItsBytes()
        {
            // 2,147,483,591 complex128 elements of 16 bytes = 34,359,737,456 bytes: the largest tensor there is. A
            // machine with that much room would allocate it, so the test needs less room than that.
            Skip.If(MemoryBudget.Available(collect: false) >= 34_359_737_456L, "this process could allocate 34 GB");
            var ex = Assert.Throws<InitializerException>(() => Tensor.Zeros(new[] { 2147483591 }, DType.Complex128));
            Assert.Equal("InsufficientMemory", ex.ErrorId);
            Assert.StartsWith("A complex128 tensor of shape (2147483591,) needs 34,359,737,456 bytes of memory; the process can get only", ex.Message);
        }
#endif

        [Fact]
        public void AStringElementIsStoredAsOneReference()
        {
            Assert.Equal(IntPtr.Size, Tensor.StorageSize(DType.String));
            Assert.Equal(2, Tensor.StorageSize(DType.Float16));
            Assert.Equal(16, Tensor.StorageSize(DType.Complex128));
        }

        [Fact]
        public void AsSpanOfTheWrongTypeSaysWhatIsStored()
        {
            var ex = Assert.Throws<InvalidCastException>(() => Tensor.Zeros(new[] { 2 }).AsSpan<int>());
            Assert.Equal("A float32 tensor stores Single, not Int32.", ex.Message);
        }

        [Fact]
        public void ToArrayOfObjectBoxesEachElement()
        {
            var t = Tensor.FromArray(new[] { 1, 2 }, new[] { 2 });
            Assert.Equal(new object[] { 1, 2 }, t.ToArray<object>());
        }

        [Fact]
        public void AValueTheDTypeCannotHoldIsInvalidValueNamingTheTensorElement()
        {
            var nan = Tensor.FromArray(new[] { float.NaN }, new[] { 1 });
            var read = Assert.Throws<InitializerException>(() => nan.ToArray<int>());
            Assert.Equal("InvalidValue", read.ErrorId);
            Assert.Contains("Tensor element", read.Message);

            var ints = Tensor.Zeros(new[] { 1 }, DType.Int32);
            var write = Assert.Throws<InitializerException>(() => ints[0] = 1e20);
            Assert.Equal("InvalidValue", write.ErrorId);
            Assert.Contains("Tensor element", write.Message);
        }

        [Fact]
        public void ToBitsAndToBytesRefuseTheDTypesTheyDoNotCover()
        {
            var bits = Assert.Throws<InitializerException>(() => Tensor.Zeros(new[] { 1 }, DType.Int32).ToBits());
            Assert.Equal("UnsupportedDType", bits.ErrorId);
            Assert.StartsWith("ToBits is for the floating dtypes (float16, bfloat16, float32, float64); a int32 tensor's", bits.Message);

            var bytes = Assert.Throws<InitializerException>(() => Tensor.Zeros(new[] { 1 }, DType.String).ToBytes());
            Assert.Equal("UnsupportedDType", bytes.ErrorId);
            Assert.Equal("A string tensor has no fixed-size elements, so it has no raw bytes; use ToArray().", bytes.Message);
        }

        [Fact]
        public void IndexErrorsNameTheIndexAndTheValidRange()
        {
            var t = Tensor.Zeros(new[] { 2, 3 });
            var flat = Assert.Throws<InitializerException>(() => t.GetFlat(6));
            Assert.Equal("InvalidIndex", flat.ErrorId);
            Assert.Equal("Flat position 6 is out of range for a tensor of 6 elements (0 to 5).", flat.Message);

            var count = Assert.Throws<InitializerException>(() => t[new[] { 1 }]);
            Assert.Equal("A tensor of shape [2, 3] needs 2 indices; got 1.", count.Message);
            var none = Assert.Throws<InitializerException>(() => t[(int[])null!]);
            Assert.Equal("A tensor of shape [2, 3] needs 2 indices; got 0.", none.Message);

            var axis = Assert.Throws<InitializerException>(() => t[0, 3]);
            Assert.Equal("InvalidIndex", axis.ErrorId);
            Assert.Equal("Index 3 is out of range for axis 1 with size 3.", axis.Message);
        }

        [Fact]
        public void EqualsNullIsFalseAndATensorEqualsItself()
        {
            var t = Tensor.Zeros(new[] { 2 });
            Assert.False(t.Equals((Tensor?)null));
            Assert.True(t.Equals(t));
        }

        [Fact]
        public void TensorsThatDifferInDTypeShapeOrOneElementHashApart()
        {
            var floats = Tensor.Zeros(new[] { 2 }, DType.Float32);
            var ints = Tensor.Zeros(new[] { 2 }, DType.Int32);
            Assert.NotEqual(floats.GetHashCode(), ints.GetHashCode());

            var wide = Tensor.Zeros(new[] { 2, 3 }, DType.Int32);
            var tall = Tensor.Zeros(new[] { 3, 2 }, DType.Int32);
            Assert.NotEqual(wide.GetHashCode(), tall.GetHashCode());

            var a = Tensor.FromArray(new[] { "a" }, new[] { 1 });
            var b = Tensor.FromArray(new[] { "b" }, new[] { 1 });
            Assert.NotEqual(a.GetHashCode(), b.GetHashCode());
            Assert.Equal(a.GetHashCode(), Tensor.FromArray(new[] { "a" }, new[] { 1 }).GetHashCode());

            // 128 float32 elements = 512 bytes, hashed whole: the last element counts.
            var last = Tensor.Zeros(new[] { 128 });
            var changed = Tensor.Zeros(new[] { 128 });
            changed[127] = 1f;
            Assert.NotEqual(last.GetHashCode(), changed.GetHashCode());
        }

        [Theory]
        [InlineData(20, 5)]
        [InlineData(20, 19)]
        [InlineData(33, 5)]
        [InlineData(40, 39)]
        [InlineData(40, 3)]
        public void StringTensorsThatDifferInAnEdgeStringHashApart(int length, int changed)
        {
            var strings = new string[length];
            for (var i = 0; i < length; i++)
            {
                strings[i] = "s" + i;
            }

            var before = Tensor.FromArray(strings, new[] { length }).GetHashCode();
            strings[changed] = "other";
            Assert.NotEqual(before, Tensor.FromArray(strings, new[] { length }).GetHashCode());
        }

        [Fact]
        public void CompareToPutsNullFirstAndRefusesANonTensor()
        {
            var t = Tensor.Zeros(new[] { 2 });
            Assert.Equal(1, t.CompareTo(null));
            var ex = Assert.Throws<ArgumentException>(() => ((IComparable)t).CompareTo("x"));
            Assert.StartsWith("A Tensor compares only with a Tensor, not a String.", ex.Message);
        }

        [Fact]
        public void CompareToOrdersByDTypeThenShape()
        {
            Assert.NotEqual(0, Tensor.Zeros(new[] { 2 }, DType.Float32).CompareTo(Tensor.Zeros(new[] { 2 }, DType.Int32)));
            Assert.True(Tensor.Zeros(new[] { 2, 3 }, DType.Int32).CompareTo(Tensor.Zeros(new[] { 3, 2 }, DType.Int32)) < 0);
        }

        [Fact]
        public void CompareToOrdersStringsOrdinallyElementByElement()
        {
            var ab = Tensor.FromArray(new[] { "a", "b" }, new[] { 2 });
            var ac = Tensor.FromArray(new[] { "a", "c" }, new[] { 2 });
            Assert.Equal(0, ab.CompareTo(Tensor.FromArray(new[] { "a", "b" }, new[] { 2 })));
            Assert.Equal(-1, ab.CompareTo(ac));
            Assert.Equal(1, ac.CompareTo(ab));
        }

        // numpy: np.zeros((2, 2, 2)) prints a blank line between the outer blocks; 7 elements are all printed.
        [Fact]
        public void PrintsNestedAxesLikeNumpy()
        {
            Assert.Equal("[[[0., 0.],\n  [0., 0.]],\n\n [[0., 0.],\n  [0., 0.]]]", Tensor.Zeros(new[] { 2, 2, 2 }).FormatValues());
            Assert.Equal("[0, 0, 0, 0, 0, 0, 0]", Tensor.Zeros(new[] { 7 }, DType.Int32).FormatValues());
        }

        [Fact]
        public void PrintsBoolsAsPythonDoes() =>
            Assert.Equal("[True, False]", Tensor.FromArray(new[] { true, false }, new[] { 2 }).FormatValues());

        [Fact]
        public void PrintsStringsQuoted() =>
            Assert.Equal("['a', 'it\\'s']", Tensor.FromArray(new[] { "a", "it's" }, new[] { 2 }).FormatValues());

        [Fact]
        public void PrintsFloatsAndComplexesLikeNumpy()
        {
            Assert.Equal("[1., 2.5]", Tensor.FromArray(new[] { 1f, 2.5f }, new[] { 2 }, DType.Float16).FormatValues());
            Assert.Equal("[nan, inf]", Tensor.FromArray(new[] { double.NaN, double.PositiveInfinity }, new[] { 2 }).FormatValues());
            Assert.Equal("[(1+0j)]", Tensor.FromArray(new[] { new Complex32(1, 0) }, new[] { 1 }).FormatValues());
            Assert.Equal("[(1+2j), (1-2j), (1+0j)]", Tensor.FromArray(new[] { new NComplex(1, 2), new NComplex(1, -2), new NComplex(1, 0) }, new[] { 3 }).FormatValues());
        }

        [Fact]
        public void OnlyMoreThan1000ElementsAreSummarised()
        {
            Assert.DoesNotContain("...", Tensor.Zeros(new[] { 1000 }, DType.Int32).ToString());
            Assert.DoesNotContain("...", Tensor.Zeros(new[] { 1000 }, DType.Int32).FormatValues());
            Assert.Contains("0, 0, 0, ..., 0, 0, 0]", Tensor.Zeros(new[] { 1001 }, DType.Int32).FormatValues());

            // numpy summarises only an axis longer than 2 * 3 edge items: all 6 rows of a 6 x 200 tensor are shown.
            var rows = Tensor.Zeros(new[] { 6, 200 }, DType.Int32).FormatValues().Split('\n');
            Assert.Equal(6, rows.Length);
        }
    }
}
