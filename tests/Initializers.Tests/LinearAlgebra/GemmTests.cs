using System;
using Initializers.LinearAlgebra;
using Xunit;

namespace Initializers.Tests.LinearAlgebra
{
    [Trait("Category", "EveryTier")]
    public unsafe class GemmTests
    {
        private static double[] Random(int length, int seed)
        {
            var r = new Random(seed);
            var values = new double[length];
            for (var i = 0; i < length; i++)
            {
                values[i] = r.NextDouble() - 0.5;
            }

            return values;
        }

        private static double Element(double[] x, int ld, bool transposed, Structure structure, int i, int j)
        {
            if ((structure == Structure.Upper && i > j) || (structure == Structure.Lower && i < j))
            {
                return 0.0;
            }

            return transposed ? x[j * ld + i] : x[i * ld + j];
        }

        // Sizes straddle the 6x8 register tile, the 96-row task tile and the 256-deep block.
        [Theory]
        [InlineData(7, 9, 5, false, false, 0, 0, false, false)]
        [InlineData(100, 70, 300, true, false, 0, 0, false, true)]
        [InlineData(131, 131, 260, false, false, 0, 1, true, false)]
        [InlineData(97, 45, 97, true, false, 2, 0, false, false)]
        [InlineData(97, 45, 97, false, false, 1, 0, true, true)]
        [InlineData(203, 203, 517, true, false, 0, 0, true, true)]
        [InlineData(60, 300, 60, false, true, 0, 2, false, false)]
        public void MatchesNaiveProduct(int m, int n, int k, bool transposeA, bool transposeB, int shapeA, int shapeB,
            bool accumulate, bool subtract)
        {
            var structureA = (Structure)shapeA;
            var structureB = (Structure)shapeB;
            // Stored operands are full of values everywhere: structurally zero entries must be ignored.
            int lda = transposeA ? m : k, ldb = transposeB ? k : n;
            double[] a = Random(m * k, 1), b = Random(k * n, 2), c = Random(m * n, 3);
            var expected = new double[m * n];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (var p = 0; p < k; p++)
                    {
                        sum += Element(a, lda, transposeA, structureA, i, p) * Element(b, ldb, transposeB, structureB, p, j);
                    }

                    sum = subtract ? -sum : sum;
                    expected[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
                }
            }
            foreach (var threads in new[] { 1, 2 })
            {
                var actual = (double[])c.Clone();
                fixed (double* pa = a, pb = b, pc = actual)
                {
                    var opA = transposeA ? Operand.Transposed(pa, lda, structureA) : Operand.RowMajor(pa, lda, structureA);
                    var opB = transposeB ? Operand.Transposed(pb, ldb, structureB) : Operand.RowMajor(pb, ldb, structureB);
                    Gemm.Multiply(m, n, k, opA, opB, pc, n, accumulate, subtract, upperOnly: false, threads);
                }
                for (var i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"element {i}: {expected[i]} vs {actual[i]}");
                }
            }
        }

        [Theory]
        [InlineData(50, 33)]
        [InlineData(300, 250)]
        public void InPlaceUpperRightMultiplyMatchesNaive(int m, int n)
        {
            double[] c = Random(m * n, 4), b = Random(n * n, 5);
            foreach (var negate in new[] { false, true })
            {
                var actual = (double[])c.Clone();
                fixed (double* pb = b, pc = actual)
                {
                    Gemm.MultiplyUpperRightInPlace(m, n, pc, n, Operand.RowMajor(pb, n, Structure.Upper), negate, threads: 2);
                }

                for (var i = 0; i < m; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        double sum = 0;
                        for (var p = 0; p <= j; p++)
                        {
                            sum += c[i * n + p] * b[p * n + j];
                        }

                        Assert.True(Math.Abs((negate ? -sum : sum) - actual[i * n + j]) <= 1e-12);
                    }
                }
            }
        }

        [Fact]
        public void UpperOnlyFillsTheUpperTriangle()
        {
            const int n = 77, k = 40;
            var a = Random(k * n, 6);
            var c = new double[n * n];
            fixed (double* pa = a, pc = c)
            {
                Gemm.Multiply(n, n, k, Operand.Transposed(pa, n), Operand.RowMajor(pa, n), pc, n, false, false, upperOnly: true, threads: 2);
            }

            for (var i = 0; i < n; i++)
            {
                for (var j = i; j < n; j++)
                {
                    double sum = 0;
                    for (var p = 0; p < k; p++)
                    {
                        sum += a[p * n + i] * a[p * n + j];
                    }

                    Assert.True(Math.Abs(sum - c[i * n + j]) <= 1e-12);
                }
            }
        }

        [SkippableFact]
        public void ScalarKernelMatchesVectorKernelBitForBit()
        {
            // Both kernels fuse the multiply-add where the hardware has one and round twice where it has not (netstandard2.0).
            Skip.IfNot(MicroKernel.IsVectorized, "No vector micro-kernel on this tier: the scalar kernel is the only one.");
            const int k = 37;
            double[] a = Random(MicroKernel.Mr * k, 7), b = Random(MicroKernel.Nr * k, 8), c = Random(MicroKernel.Mr * 10, 9);
            var vector = (double[])c.Clone();
            var scalar = (double[])c.Clone();
            fixed (double* pa = a, pb = b, pv = vector, ps = scalar)
            {
                MicroKernel.Run(k, pa, pb, pv, 10, subtract: true);
                MicroKernel.RunScalar(k, pa, pb, ps, 10, subtract: true);
            }
            for (var i = 0; i < c.Length; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(vector[i]), BitConverter.DoubleToInt64Bits(scalar[i]));
            }
        }

        [Fact]
        public void CholeskyInverseInvertsTheFactor()
        {
            const int n = 150; // recursion with leaves
            var a = Random(2 * n * n, 10);
            var g = new double[n * n];
            var x = new double[n * n];
            fixed (double* pa = a, pg = g, px = x)
            {
                Gemm.Multiply(n, n, 2 * n, Operand.Transposed(pa, n), Operand.RowMajor(pa, n), pg, n, false, false, false, 1);
                var g0 = (double[])g.Clone();
                Assert.True(CholeskyInverse.Factor(pg, px, n, threads: 2));
                // G0 = RᵀR and X = R⁻¹, so XᵀG0X = I (only the upper triangles are meaningful).
                double max = 0;
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        double sum = 0;
                        for (var p = 0; p <= i; p++)
                        {
                            for (var q = 0; q <= j; q++)
                            {
                                sum += x[p * n + i] * g0[p * n + q] * x[q * n + j];
                            }
                        }

                        max = Math.Max(max, Math.Abs(sum - (i == j ? 1 : 0)));
                    }
                }
                Assert.True(max <= 1e-10, $"max |XᵀGX - I| = {max:E2}");
            }
        }
    }
}
