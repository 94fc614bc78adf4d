using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace Initializers.LinearAlgebra
{
    /// <summary>Cholesky factorization G = RᵀR of a symmetric positive definite matrix that also returns the
    /// inverse X = R⁻¹ (both upper triangular), by recursive halving so that almost all the work is in <see cref="Gemm"/>.</summary>
    /// <remarks>
    /// With G = [G11 G12; G12ᵀ G22], R = [R11 R12; 0 R22] and X = [X11 X12; 0 X22]:
    /// (R11, X11) from G11; R12 = X11ᵀ G12; G22 -= R12ᵀ R12; (R22, X22) from G22; X12 = -X11 R12 X22.
    /// That is n³/3 multiply-adds in all, the same as a Cholesky factorization followed by a triangular inverse.
    /// </remarks>
    internal static unsafe class CholeskyInverse
    {
        private const int LeafSize = 64;

        /// <summary>Factors the n x n row-major <paramref name="g"/> (only its upper triangle is read; it is
        /// overwritten) and writes R⁻¹ into the upper triangle of <paramref name="x"/>. Lower triangles are scratch.</summary>
        /// <returns>False when a pivot is not positive (G is not numerically positive definite).</returns>
        public static bool Factor(double* g, double* x, int n, int threads) => Factor(g, x, n, 0, n, threads);

        private static bool Factor(double* g, double* x, int ld, int offset, int size, int threads)
        {
            var g11 = g + (long)offset * ld + offset;
            var x11 = x + (long)offset * ld + offset;
            if (size <= LeafSize)
            {
                return FactorLeaf(g11, x11, ld, size);
            }

            int h1 = (size / 2 + 7) / 8 * 8, h2 = size - h1;
            double* g12 = g11 + h1, g22 = g11 + (long)h1 * ld + h1;
            double* x12 = x11 + h1, x22 = x11 + (long)h1 * ld + h1;
            if (!Factor(g, x, ld, offset, h1, threads))
            {
                return false;
            }

            var r12 = ArrayPool<double>.Shared.Rent(h1 * h2);
            try
            {
                fixed (double* t = r12)
                {
                    // R12 = X11ᵀ G12 (X11ᵀ is lower triangular).
                    Gemm.Multiply(h1, h2, h1, Operand.Transposed(x11, ld, Structure.Lower), Operand.RowMajor(g12, ld),
                        t, h2, accumulate: false, subtract: false, upperOnly: false, threads);
                    // G22 -= R12ᵀ R12 (only the upper triangle is used later).
                    Gemm.Multiply(h2, h2, h1, Operand.Transposed(t, h2), Operand.RowMajor(t, h2),
                        g22, ld, accumulate: true, subtract: true, upperOnly: true, threads);
                    // X12 = X11 R12, to be finished once X22 is known.
                    Gemm.Multiply(h1, h2, h1, Operand.RowMajor(x11, ld, Structure.Upper), Operand.RowMajor(t, h2),
                        x12, ld, accumulate: false, subtract: false, upperOnly: false, threads);
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(r12);
            }

            if (!Factor(g, x, ld, offset + h1, h2, threads))
            {
                return false;
            }
            // X12 = -(X11 R12) X22.
            Gemm.MultiplyUpperRightInPlace(h1, h2, x12, ld, Operand.RowMajor(x22, ld, Structure.Upper), negate: true, threads);
            return true;
        }

        /// <summary>Unblocked Cholesky (right-looking, row by row) and triangular inverse of a small block.</summary>
        [MethodImpl(Hot.Loop)]
        private static bool FactorLeaf(double* g, double* x, int ld, int n)
        {
            for (var i = 0; i < n; i++)
            {
                var gi = g + (long)i * ld;
                var d = gi[i];
                if (!(d > 0.0) || double.IsInfinity(d))
                {
                    return false;
                }

                var r = Math.Sqrt(d);
                gi[i] = r;
                for (var j = i + 1; j < n; j++)
                {
                    gi[j] /= r;
                }
                // Trailing update of the upper triangle: row j -= R[i, j] * row i.
                for (var j = i + 1; j < n; j++)
                {
                    var f = -gi[j];
                    var gj = g + (long)j * ld;
                    for (var l = j; l < n; l++)
                    {
                        gj[l] = MicroKernel.MulAdd(f, gi[l], gj[l]);
                    }
                }
            }
            // Row i of X solves X[i, :] R = e_i; s accumulates the partial sums in place in that row.
            for (var i = 0; i < n; i++)
            {
                var xi = x + (long)i * ld;
                for (var j = i; j < n; j++)
                {
                    xi[j] = 0.0;
                }

                for (var k = i; k < n; k++)
                {
                    var gk = g + (long)k * ld;
                    var v = ((k == i ? 1.0 : 0.0) - xi[k]) / gk[k];
                    xi[k] = v;
                    for (var j = k + 1; j < n; j++)
                    {
                        xi[j] = MicroKernel.MulAdd(v, gk[j], xi[j]);
                    }
                }
            }
            return true;
        }
    }
}
