using System;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace Initializers.LinearAlgebra
{
    /// <summary>Plain (unblocked, single-threaded) Householder QR for row-major matrices: the robust fallback of
    /// <see cref="Orthonormalizer"/> when the Cholesky route breaks down. About 4mn² flops; slower than CholeskyQR2
    /// but backward stable for any input, including rank-deficient ones.</summary>
    internal static unsafe class HouseholderQR
    {
        /// <summary>Overwrites the m x n row-major <paramref name="a"/> (m &gt;= n) with the thin Q factor whose
        /// R has a non-negative diagonal (a zero diagonal entry keeps its Householder column as is).</summary>
        [MethodImpl(Hot.Loop)]
        public static void OrthonormalizeColumns(double* a, int m, int n)
        {
            // Householder vectors, v_j (length m - j, v_j[0] = 1) stored one after another.
            var vectors = new double[(long)n * m - (long)n * (n - 1) / 2];
            var offsets = new long[n];
            var tau = new double[n];
            var signs = new double[n];
            var w = new double[n];
            fixed (double* vs = vectors, ws = w)
            {
                long offset = 0;
                for (int j = 0; j < n; j++)
                {
                    int len = m - j;
                    double* v = vs + offset;
                    offsets[j] = offset;
                    offset += len;
                    for (int i = 0; i < len; i++)
                        v[i] = a[(long)(j + i) * n + j];
                    double alpha = v[0], sumSquares = 0.0;
                    for (int i = 1; i < len; i++)
                        sumSquares = MicroKernel.MulAdd(v[i], v[i], sumSquares);
                    signs[j] = 1.0;
                    if (sumSquares == 0.0)
                    {
                        // Already zero below the diagonal: H = I, R[j, j] = alpha.
                        tau[j] = 0.0;
                        signs[j] = alpha < 0 ? -1.0 : 1.0;
                        continue;
                    }
                    double norm = Math.Sqrt(MicroKernel.MulAdd(alpha, alpha, sumSquares));
                    double beta = alpha >= 0 ? -norm : norm; // R[j, j]; opposite sign to alpha avoids cancellation
                    tau[j] = (beta - alpha) / beta;
                    double scale = 1.0 / (alpha - beta);
                    v[0] = 1.0;
                    for (int i = 1; i < len; i++)
                        v[i] *= scale;
                    signs[j] = beta < 0 ? -1.0 : 1.0;
                    Reflect(a, n, j, j + 1, len, v, tau[j], ws);
                }

                // Q = H_0 ... H_{n-1} [I; 0], accumulated backwards so each step touches only the trailing block.
                new Span<double>(a, m * n).Clear();
                for (int i = 0; i < n; i++)
                    a[(long)i * n + i] = 1.0;
                for (int j = n - 1; j >= 0; j--)
                {
                    if (tau[j] != 0.0)
                        Reflect(a, n, j, j, m - j, vs + offsets[j], tau[j], ws);
                }
            }
            // Sign fix: Q * sign(diag(R)).
            for (int i = 0; i < m; i++)
            {
                double* row = a + (long)i * n;
                for (int j = 0; j < n; j++)
                    row[j] *= signs[j];
            }
        }

        /// <summary>Applies H = I - tau v vᵀ to rows [row0, row0 + len) and columns [col0, n) of a, row-wise:
        /// w = vᵀ A, then A -= tau v wᵀ.</summary>
        [MethodImpl(Hot.Loop)]
        private static void Reflect(double* a, int n, int row0, int col0, int len, double* v, double tau, double* w)
        {
            int cols = n - col0;
            if (cols <= 0)
                return;
            for (int j = 0; j < cols; j++)
                w[j] = 0.0;
            for (int i = 0; i < len; i++)
                Axpy(v[i], a + (long)(row0 + i) * n + col0, w, cols);
            for (int i = 0; i < len; i++)
                Axpy(-tau * v[i], w, a + (long)(row0 + i) * n + col0, cols);
        }

        /// <summary>y += alpha x, element by element with the same fused rounding in the vector and scalar paths.</summary>
        [MethodImpl(Hot.Loop)]
        internal static void Axpy(double alpha, double* x, double* y, int count)
        {
            int i = 0;
#if NET8_0_OR_GREATER
            if (MicroKernel.IsVectorized)
            {
                Vector256<double> va = Vector256.Create(alpha);
                for (; i <= count - 4; i += 4)
                    Avx.Store(y + i, Fma.MultiplyAdd(va, Avx.LoadVector256(x + i), Avx.LoadVector256(y + i)));
            }
#endif
            for (; i < count; i++)
                y[i] = MicroKernel.MulAdd(alpha, x[i], y[i]);
        }
    }
}
