using System;
using System.Buffers;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Initializers.LinearAlgebra
{
    /// <summary>Which algorithm produced Q (for tests and diagnostics).</summary>
    internal enum OrthonormalizationMethod
    {
        /// <summary>Two rounds of Cholesky QR (the fast path).</summary>
        CholeskyQR2,
        /// <summary>Two rounds of Cholesky QR, the second one's factor taken to first order because the second Gram
        /// matrix was within <c>1e-8</c> of I (the neglected terms are below rounding).</summary>
        CholeskyQR2Linearized,
        /// <summary>Householder QR, MathNet's managed <c>Matrix.QR()</c> (the fallback for ill-conditioned or
        /// rank-deficient input).</summary>
        Householder,
    }

    /// <summary>The orthogonalization kernel behind Keras's Orthogonal initializer: the thin QR factor Q of a tall
    /// matrix, normalized so that R has a positive diagonal (what Keras gets from <c>q * sign(diag(r))</c>).</summary>
    /// <remarks>
    /// Fast path, CholeskyQR2 in float64: G = AᵀA, G = RᵀR (Cholesky), Q = A R⁻¹, then the same once more on Q.
    /// The second round repairs the loss of orthogonality of the first (about u·cond(A)²); when that loss is below
    /// 1e-8 its Cholesky factor is taken to first order (exact to rounding, and cheaper). Cholesky's R has a positive
    /// diagonal, so the sign normalization is built in. When the input is too ill-conditioned for that (a pivot is not
    /// positive, or the second Gram matrix is far from I, which takes cond(A) above ~1e7..1e8) the result comes from a
    /// Householder QR of the original input instead (MathNet's managed thin QR), followed by the sign fix. Gaussian
    /// draws get there only when square or nearly so, and rarely: by the tail of the condition number of Gaussian
    /// matrices (Edelman), cond(A) of an n x n draw exceeds 5e7 with probability of about n / 2.5e7, and none of 34
    /// million seeded 2 x 2, 4 x 4 and 8 x 8 draws did. Exactly rank-deficient input gets
    /// sign +1 where R has a zero diagonal entry (Keras's sign(0) = 0 would zero that column). Like any Cholesky QR,
    /// the fast path's backward error ||A - QR|| grows like u·cond(A) (Householder's does not); Gaussian inputs have
    /// cond(A) of about 1e2..1e5, where that is 1e-14..1e-11 relative.
    /// Work memory: two n x n float64 matrices (pooled), per-thread packing buffers kept for reuse (about 1 MB, plus
    /// up to 384 x n doubles for in-place products), and a copy of A only when A looks ill-conditioned; the fallback
    /// takes about three m x n float64 matrices more. It runs on MathNet's current linear-algebra provider: the
    /// managed one, unless a C# host switched MathNet to a native provider (whose results may differ in the last bits).
    /// Results are bit-identical for any thread count. Machines without a hardware fused multiply-add (and the
    /// netstandard2.0 build) round some operations differently and may differ in the last bits.
    /// </remarks>
    internal static unsafe class Orthonormalizer
    {
        // Above this condition estimate ||A||_F ||R⁻¹||_F (>= cond(A)), A is backed up before round 1 overwrites it.
        // Round 1 leaves Q1ᵀQ1 - I at about u·cond(A)² (1e-2 at cond 1e7), so below it round 2 is not expected to fail.
        private const double BackupAbove = 1e7;

        // When ||Q1ᵀQ1 - I||_F <= this, the second round's Cholesky factor is taken to first order: the neglected
        // terms are O(δ²) <= 1e-16, below rounding, and n³/3 multiply-adds are saved. Gaussian inputs are usually
        // at 1e-11..1e-9 here (u·cond(A)²); the occasional worse-conditioned draw takes the full factorization.
        private const double LinearizeBelow = 1e-8;

        /// <summary>Replaces the m x n row-major matrix <paramref name="a"/> (m &gt;= n &gt;= 1) by its Q factor:
        /// orthonormal columns, with A = QR and R upper triangular with a positive diagonal.</summary>
        /// <param name="a">Row-major m x n matrix, at least m * n long; overwritten with Q.</param>
        /// <param name="m">Rows (at least <paramref name="n"/>).</param>
        /// <param name="n">Columns (at least 1).</param>
        /// <param name="maxThreads">Threads to use; 0 means <see cref="Environment.ProcessorCount"/>. The result does not depend on it.</param>
        public static void OrthonormalizeColumns(double[] a, int m, int n, int maxThreads = 0)
        {
            if (a == null)
            {
                throw new ArgumentNullException(nameof(a));
            }

            OrthonormalizeColumns(a.AsSpan(), m, n, maxThreads);
        }

        /// <inheritdoc cref="OrthonormalizeColumns(double[], int, int, int)"/>
        public static void OrthonormalizeColumns(Span<double> a, int m, int n, int maxThreads = 0) => Run(a, m, n, maxThreads);

        /// <summary>Orthonormalizes <paramref name="work"/> in place like <see cref="OrthonormalizeColumns(Span{double}, int, int, int)"/>,
        /// then writes <c>gain * Q</c> (m x n) or <c>gain * Qᵀ</c> (n x m, when <paramref name="transpose"/>) as float32,
        /// row-major, into <paramref name="destination"/>.</summary>
        /// <remarks>For a Keras shape with rows &lt; cols, pass m = cols, n = rows and transpose = true.</remarks>
        public static void OrthonormalizeToSingle(Span<double> work, int m, int n, Span<float> destination,
            bool transpose = false, double gain = 1.0, int maxThreads = 0)
        {
            if (destination.Length < (long)m * n)
            {
                throw new InitializerException("InvalidShape", ErrorKind.InvalidArgument,
                    $"The destination holds {destination.Length} values; {m} x {n} are needed.", destination.Length);
            }

            Run(work, m, n, maxThreads);
            WriteSingle(work, m, n, destination, transpose, gain);
        }

        /// <summary>Writes gain * Q (or its transpose) as float32; the transpose goes in 32 x 32 blocks to stay in cache.</summary>
        internal static void WriteSingle(ReadOnlySpan<double> q, int m, int n, Span<float> destination, bool transpose, double gain)
        {
            if (!transpose)
            {
                for (var i = 0; i < m * n; i++)
                {
                    destination[i] = (float)(gain * q[i]);
                }

                return;
            }
            const int block = 32;
            for (var i0 = 0; i0 < m; i0 += block)
            {
                var i1 = Math.Min(m, i0 + block);
                for (var j0 = 0; j0 < n; j0 += block)
                {
                    var j1 = Math.Min(n, j0 + block);
                    for (var j = j0; j < j1; j++)
                    {
                        for (var i = i0; i < i1; i++)
                        {
                            destination[j * m + i] = (float)(gain * q[i * n + j]);
                        }
                    }
                }
            }
        }

        internal static OrthonormalizationMethod Run(Span<double> a, int m, int n, int maxThreads)
        {
            if (n < 1 || m < n)
            {
                throw new InitializerException("InvalidShape", ErrorKind.InvalidArgument,
                    $"Orthonormalizing columns needs rows >= columns >= 1; got {m} x {n}.", new[] { m, n });
            }

            if (a.Length < (long)m * n)
            {
                throw new InitializerException("InvalidShape", ErrorKind.InvalidArgument,
                    $"The matrix holds {a.Length} values; {m} x {n} are needed.", a.Length);
            }

            if (maxThreads < 0)
            {
                throw new InitializerException("InvalidThreadCount", ErrorKind.InvalidArgument,
                    "maxThreads must be 0 (all processors) or positive.", maxThreads);
            }

            var threads = maxThreads == 0 ? Environment.ProcessorCount : maxThreads;

            OrthonormalizationMethod? method;
            fixed (double* p = a)
            {
                method = CholeskyQR2(p, m, n, threads);
            }

            if (method.HasValue)
            {
                return method.Value;
            }

            HouseholderFallback(a, m, n);
            return OrthonormalizationMethod.Householder;
        }

        /// <summary>The fallback: overwrites the m x n row-major <paramref name="a"/> with the thin Q of MathNet's
        /// Householder QR times sign(diag(R)), a zero diagonal entry counting as +1. Backward stable for any input;
        /// about 4mn² flops, single-threaded.</summary>
        internal static void HouseholderFallback(Span<double> a, int m, int n)
        {
            var columnMajor = new double[(long)m * n];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    columnMajor[(long)j * m + i] = a[i * n + j];
                }
            }

            var qr = new DenseMatrix(m, n, columnMajor).QR(QRMethod.Thin);
            var q = ((DenseMatrix)qr.Q).Values;
            for (var j = 0; j < n; j++)
            {
                var sign = qr.R.At(j, j) < 0 ? -1.0 : 1.0;
                for (var i = 0; i < m; i++)
                {
                    a[i * n + j] = sign * q[(long)j * m + i];
                }
            }
        }

        /// <summary>Two rounds of Cholesky QR in place. Returns null, with <paramref name="a"/> unchanged, when the
        /// input is too ill-conditioned for it.</summary>
        private static OrthonormalizationMethod? CholeskyQR2(double* a, int m, int n, int threads)
        {
            var gram = ArrayPool<double>.Shared.Rent(n * n);
            var inverse = ArrayPool<double>.Shared.Rent(n * n);
            double[]? backup = null;
            try
            {
                fixed (double* g = gram, x = inverse)
                {
                    // Round 1: G = AᵀA, R⁻¹, Q1 = A R⁻¹.
                    Gemm.Multiply(n, n, m, Operand.Transposed(a, n), Operand.RowMajor(a, n), g, n,
                        accumulate: false, subtract: false, upperOnly: true, threads);
                    var normA = Math.Sqrt(Trace(g, n));
                    if (!CholeskyInverse.Factor(g, x, n, threads))
                    {
                        return null;
                    }
                    // ||A||_F ||R⁻¹||_F bounds cond(A) from above (by up to a factor n). Only when it is large is
                    // there a real chance that round 2 fails, so only then is A copied to be restored for Householder.
                    var condition = normA * UpperFrobeniusNorm(x, n);
                    if (double.IsNaN(condition) || double.IsInfinity(condition))
                    {
                        return null;
                    }

                    if (condition > BackupAbove)
                    {
                        backup = ArrayPool<double>.Shared.Rent(m * n);
                        new Span<double>(a, m * n).CopyTo(backup);
                    }
                    Gemm.MultiplyUpperRightInPlace(m, n, a, n, Operand.RowMajor(x, n, Structure.Upper), negate: false, threads);

                    // Round 2 on Q1: its Gram matrix must be close to I (cond(Q1)² <= 3) for the result to be orthonormal.
                    Gemm.Multiply(n, n, m, Operand.Transposed(a, n), Operand.RowMajor(a, n), g, n,
                        accumulate: false, subtract: false, upperOnly: true, threads);
                    var distance = DistanceFromIdentity(g, n);
                    var linearize = distance <= LinearizeBelow;
                    if (linearize)
                    {
                        LinearizedInverseFactor(g, x, n);
                    }
                    else if (!(distance <= 0.5) || !CholeskyInverse.Factor(g, x, n, threads))
                    {
                        // Not expected without a backup (cond(A) <= 1e7); if it happens anyway, a holds Q1 = A R1⁻¹,
                        // whose Q factor is the same, and Householder takes it from there.
                        backup?.AsSpan(0, m * n).CopyTo(new Span<double>(a, m * n));
                        return null;
                    }
                    Gemm.MultiplyUpperRightInPlace(m, n, a, n, Operand.RowMajor(x, n, Structure.Upper), negate: false, threads);
                    return linearize ? OrthonormalizationMethod.CholeskyQR2Linearized : OrthonormalizationMethod.CholeskyQR2;
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(gram);
                ArrayPool<double>.Shared.Return(inverse);
                if (backup != null)
                {
                    ArrayPool<double>.Shared.Return(backup);
                }
            }
        }

        /// <summary>R⁻¹ for G = I + E = RᵀR with ||E||_F = δ small: R = I + F + O(δ²) with F = triu(E) - diag(E)/2,
        /// so R⁻¹ = I - F + O(δ²). Writes I - F into the upper triangle of <paramref name="x"/>.</summary>
        private static void LinearizedInverseFactor(double* g, double* x, int n)
        {
            for (var i = 0; i < n; i++)
            {
                double* gi = g + (long)i * n, xi = x + (long)i * n;
                xi[i] = 1.0 - 0.5 * (gi[i] - 1.0);
                for (var j = i + 1; j < n; j++)
                {
                    xi[j] = -gi[j];
                }
            }
        }

        private static double Trace(double* g, int n)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += g[(long)i * n + i];
            }

            return sum;
        }

        private static double UpperFrobeniusNorm(double* x, int n)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                for (var j = i; j < n; j++)
                {
                    sum += x[(long)i * n + j] * x[(long)i * n + j];
                }
            }

            return Math.Sqrt(sum);
        }

        /// <summary>||G - I||_F of a symmetric matrix from its upper triangle.</summary>
        private static double DistanceFromIdentity(double* g, int n)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                var d = g[(long)i * n + i] - 1.0;
                sum += d * d;
                for (var j = i + 1; j < n; j++)
                {
                    sum += 2 * g[(long)i * n + j] * g[(long)i * n + j];
                }
            }
            return Math.Sqrt(sum);
        }
    }
}
