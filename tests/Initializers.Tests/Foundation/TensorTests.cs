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
    }
}
