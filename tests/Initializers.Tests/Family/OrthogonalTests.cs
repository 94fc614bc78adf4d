using System;
using System.Linq;
using Initializers.Family;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace Initializers.Tests.Family
{
    public class OrthogonalTests
    {
        [Theory]
        [InlineData(new[] { 64, 64 })]
        [InlineData(new[] { 300, 200 })]
        [InlineData(new[] { 200, 300 })]
        [InlineData(new[] { 3, 3, 16, 32 })]
        [InlineData(new[] { 2, 5, 40 })]
        [InlineData(new[] { 1, 7 })]
        public void RowsOrColumnsAreOrthonormal(int[] shape)
        {
            var rows = shape.Take(shape.Length - 1).Aggregate(1, (a, b) => a * b);
            var cols = shape[^1];
            foreach (var (dtype, tolerance) in new[] { (DType.Float32, 1e-5), (DType.Float64, 1e-12) })
            {
                var t = new Orthogonal(1.0, 17).Call(shape, dtype);
                Assert.Equal(shape, t.Shape);
                var m = Matrix<double>.Build.DenseOfRowMajor(rows, cols, t.ToArray<double>());
                // Tall: QᵀQ = I (cols × cols). Wide: QQᵀ = I (rows × rows).
                var gram = rows >= cols ? m.TransposeThisAndMultiply(m) : m.TransposeAndMultiply(m);
                var error = (gram - Matrix<double>.Build.DenseIdentity(gram.RowCount)).Enumerate().Max(Math.Abs);
                Assert.True(error < tolerance, $"{dtype} {string.Join("x", shape)}: max |QᵀQ - I| = {error}");
            }
        }

        [Fact]
        public void GainScalesTheMatrix()
        {
            var unit = new Orthogonal(1.0, 3).Call(new[] { 20, 10 }, DType.Float64).ToArray<double>();
            var scaled = new Orthogonal(2.5, 3).Call(new[] { 20, 10 }, DType.Float64).ToArray<double>();
            for (var i = 0; i < unit.Length; i++)
            {
                Assert.Equal(2.5 * unit[i], scaled[i], 12);
            }
        }

        [Fact]
        public void MatchesTheSignFixedQrOfTheSameGaussian()
        {
            // Independent reference: MathNet's Householder QR of the very same Gaussian matrix, columns times sign(r_jj).
            var gaussian = new RandomNormal(0, 1, 5).Call(new[] { 30 * 12 }, DType.Float64).ToArray<double>();
            var a = Matrix<double>.Build.DenseOfRowMajor(30, 12, gaussian);
            var qr = a.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
            var expected = qr.Q.Multiply(Matrix<double>.Build.DenseOfDiagonalArray(Enumerable.Range(0, 12).Select(j => (double)Math.Sign(qr.R[j, j])).ToArray()));
            var actual = Matrix<double>.Build.DenseOfRowMajor(30, 12, new Orthogonal(1.0, 5).Call(new[] { 30, 12 }, DType.Float64).ToArray<double>());
            Assert.True((expected - actual).Enumerate().Max(Math.Abs) < 1e-10);
            // A wide shape is the transpose of the tall one.
            var wide = Matrix<double>.Build.DenseOfRowMajor(12, 30, new Orthogonal(1.0, 5).Call(new[] { 12, 30 }, DType.Float64).ToArray<double>());
            Assert.True((expected.Transpose() - wide).Enumerate().Max(Math.Abs) < 1e-10);
        }

        [Fact]
        public void ASquareShapeIsTheSignFixedQItselfNotItsTranspose()
        {
            // Keras transposes only when rows < cols; a square matrix is Q of the Gaussian's QR, as it is.
            var gaussian = new RandomNormal(0, 1, 9).Call(new[] { 12 * 12 }, DType.Float64).ToArray<double>();
            var qr = Matrix<double>.Build.DenseOfRowMajor(12, 12, gaussian).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
            var expected = qr.Q.Multiply(Matrix<double>.Build.DenseOfDiagonalArray(Enumerable.Range(0, 12).Select(j => (double)Math.Sign(qr.R[j, j])).ToArray()));
            var actual = Matrix<double>.Build.DenseOfRowMajor(12, 12, new Orthogonal(1.0, 9).Call(new[] { 12, 12 }, DType.Float64).ToArray<double>());
            Assert.True((expected - actual).Enumerate().Max(Math.Abs) < 1e-10);
        }

        [Fact]
        public void ZeroSizedShapesGiveAnEmptyTensor() => Assert.Equal(0, new Orthogonal(seed: 1).Call(new[] { 0, 4 }).Count);
    }
}
