using System;
using Initializers.LinearAlgebra;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Xunit;

namespace Initializers.Tests.LinearAlgebra
{
    public class OrthonormalizerTests
    {
        internal static double[] Gaussian(int m, int n, int seed)
        {
            var values = new double[m * n];
            new Normal(0.0, 1.0, new Random(seed)).Samples(values);
            return values;
        }

        /// <summary>max |QᵀQ - I| with a plain triple loop (independent of the library's GEMM).</summary>
        internal static double OrthogonalityError(double[] q, int m, int n)
        {
            var g = new double[n * n];
            for (var k = 0; k < m; k++)
            {
                for (var i = 0; i < n; i++)
                {
                    var v = q[k * n + i];
                    int gi = i * n, qk = k * n;
                    for (var j = i; j < n; j++)
                    {
                        g[gi + j] += v * q[qk + j];
                    }
                }
            }
            double max = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = i; j < n; j++)
                {
                    max = Math.Max(max, Math.Abs(g[i * n + j] - (i == j ? 1.0 : 0.0)));
                }
            }

            return max;
        }

        /// <summary>MathNet's thin Q with the Keras sign fix, q * sign(diag(r)).</summary>
        internal static double[] ReferenceQ(double[] a, int m, int n)
        {
            var qr = Matrix<double>.Build.DenseOfRowMajor(m, n, a).QR(QRMethod.Thin);
            var q = new double[m * n];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    q[i * n + j] = qr.Q[i, j] * Math.Sign(qr.R[j, j]);
                }
            }

            return q;
        }

        private static double MaxAbsDifference(double[] x, double[] y)
        {
            double max = 0;
            for (var i = 0; i < x.Length; i++)
            {
                max = Math.Max(max, Math.Abs(x[i] - y[i]));
            }

            return max;
        }

        [Theory]
        [InlineData(64, 64)]
        [InlineData(300, 200)]
        [InlineData(1024, 1024)]
        [InlineData(2048, 512)]
        public void GaussianInputGivesOrthonormalColumns(int m, int n)
        {
            var a = Gaussian(m, n, seed: m + n);
            var work = (double[])a.Clone();
            var method = Orthonormalizer.Run(work, m, n, maxThreads: 0);

            Assert.NotEqual(OrthonormalizationMethod.Householder, method);
            Assert.True(OrthogonalityError(work, m, n) <= 1e-12, $"float64 error {OrthogonalityError(work, m, n):E2}");

            var single = new float[m * n];
            Orthonormalizer.WriteSingle(work, m, n, single, transpose: false, gain: 1.0);
            var singleError = OrthogonalityError(Array.ConvertAll(single, v => (double)v), m, n);
            Assert.True(singleError <= 1e-5, $"float32 error {singleError:E2}");
        }

        [Theory]
        [InlineData(200, 120)]
        [InlineData(300, 300)]
        public void MatchesMathNetThinQRWithSignFix(int m, int n)
        {
            var a = Gaussian(m, n, seed: 7 * m + n);
            var q = (double[])a.Clone();
            Assert.Equal(OrthonormalizationMethod.CholeskyQR2Linearized, Orthonormalizer.Run(q, m, n, maxThreads: 0));
            var difference = MaxAbsDifference(q, ReferenceQ(a, m, n));
            Assert.True(difference <= 1e-9, $"max |Q - Q_mathnet| = {difference:E2}");
        }

        [Theory]
        [InlineData(200, 120)]
        [InlineData(300, 300)]
        public void HouseholderFallbackAgreesWithTheFastPath(int m, int n)
        {
            // The fallback (MathNet's QR) against the independent CholeskyQR2 code on a well-conditioned input.
            var a = Gaussian(m, n, seed: 11 * m + n);
            var fast = (double[])a.Clone();
            Assert.Equal(OrthonormalizationMethod.CholeskyQR2Linearized, Orthonormalizer.Run(fast, m, n, maxThreads: 0));
            var q = (double[])a.Clone();
            Orthonormalizer.HouseholderFallback(q, m, n);
            Assert.True(MaxAbsDifference(q, fast) <= 1e-9, $"max |Q_fallback - Q_fast| = {MaxAbsDifference(q, fast):E2}");
            Assert.True(OrthogonalityError(q, m, n) <= 1e-12);
        }

        [Fact]
        public void HouseholderFallbackIsBitIdenticalForAnyMathNetParallelism()
        {
            // Seeded values are a contract: MathNet's managed QR must not depend on how many threads it may use.
            const int m = 300, n = 260;
            var a = Gaussian(m, n, seed: 12);
            var previous = MathNet.Numerics.Control.MaxDegreeOfParallelism;
            try
            {
                var results = new double[3][];
                int[] degrees = { 1, 2, 4 };
                for (var k = 0; k < degrees.Length; k++)
                {
                    MathNet.Numerics.Control.MaxDegreeOfParallelism = degrees[k];
                    results[k] = (double[])a.Clone();
                    Orthonormalizer.HouseholderFallback(results[k], m, n);
                }
                for (var i = 0; i < a.Length; i++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(results[0][i]), BitConverter.DoubleToInt64Bits(results[1][i]));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(results[0][i]), BitConverter.DoubleToInt64Bits(results[2][i]));
                }
            }
            finally
            {
                MathNet.Numerics.Control.MaxDegreeOfParallelism = previous;
            }
        }

        [Theory]
        [InlineData(1024, 1024)]
        [InlineData(601, 517)]
        [InlineData(130, 70)]
        public void ResultIsBitIdenticalForAnyThreadCount(int m, int n)
        {
            var a = Gaussian(m, n, seed: 3);
            var one = (double[])a.Clone();
            var two = (double[])a.Clone();
            var three = (double[])a.Clone();
            Orthonormalizer.OrthonormalizeColumns(one, m, n, maxThreads: 1);
            Orthonormalizer.OrthonormalizeColumns(two, m, n, maxThreads: 2);
            Orthonormalizer.OrthonormalizeColumns(three, m, n, maxThreads: 3);
            for (var i = 0; i < one.Length; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(one[i]), BitConverter.DoubleToInt64Bits(two[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(one[i]), BitConverter.DoubleToInt64Bits(three[i]));
            }
        }

        [Theory]
        [InlineData(1e-10)] // cond ~ 1e10: the Cholesky route must refuse
        [InlineData(0.0)]   // exactly rank deficient
        public void NearlyDependentColumnsFallBackToHouseholder(double epsilon)
        {
            const int m = 150, n = 40;
            var a = Gaussian(m, n, seed: 5);
            var noise = Gaussian(m, 1, seed: 6);
            for (var i = 0; i < m; i++)
            {
                a[i * n + 1] = a[i * n + 0] + epsilon * noise[i]; // column 1 ~ column 0
            }

            var q = (double[])a.Clone();

            Assert.Equal(OrthonormalizationMethod.Householder, Orthonormalizer.Run(q, m, n, maxThreads: 0));
            Assert.True(OrthogonalityError(q, m, n) <= 1e-12);

            // QᵀA must be upper triangular with a non-negative diagonal: that is the positive-R QR of A.
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    double r = 0;
                    for (var k = 0; k < m; k++)
                    {
                        r += q[k * n + i] * a[k * n + j];
                    }

                    if (j < i)
                    {
                        Assert.True(Math.Abs(r) <= 1e-13, $"(QᵀA)[{i},{j}] = {r:E2}");
                    }
                    else
                    {
                        Assert.True(r >= -1e-12, $"R[{i},{i}] = {r:E2}");
                    }
                }
            }
            if (epsilon > 0)
            {
                // Column 0 is well determined; the later ones only up to the conditioning of span(a0, a1) (~1e-16 / 1e-10).
                var reference = ReferenceQ(a, m, n);
                for (var i = 0; i < m; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        Assert.True(Math.Abs(q[i * n + j] - reference[i * n + j]) <= (j == 0 ? 1e-12 : 1e-4),
                            $"Q[{i},{j}]: {q[i * n + j]} vs {reference[i * n + j]}");
                    }
                }
            }
        }

        [Fact]
        public unsafe void FailedSecondRoundRestoresTheInputForHouseholder()
        {
            // Columns 0 and 1 differ by 1e-10 (uniform data): the first Cholesky still finds positive pivots, so the
            // input is backed up, round 1 overwrites it, round 2 refuses, and Householder must see the original A.
            const int m = 150, n = 40;
            var random = new Random(5);
            var a = new double[m * n];
            for (var i = 0; i < a.Length; i++)
            {
                a[i] = random.NextDouble() - 0.5;
            }

            for (var i = 0; i < m; i++)
            {
                a[i * n + 1] = a[i * n] + 1e-10 * (random.NextDouble() - 0.5);
            }

            var g = new double[n * n];
            var x = new double[n * n];
            fixed (double* pa = a, pg = g, px = x)
            {
                Gemm.Multiply(n, n, m, Operand.Transposed(pa, n), Operand.RowMajor(pa, n), pg, n, false, false, true, 1);
                Assert.True(CholeskyInverse.Factor(pg, px, n, 1)); // precondition: round 1 does run
            }

            var q = (double[])a.Clone();
            Assert.Equal(OrthonormalizationMethod.Householder, Orthonormalizer.Run(q, m, n, maxThreads: 0));
            Assert.True(OrthogonalityError(q, m, n) <= 1e-12);
            for (var i = 1; i < n; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    double r = 0;
                    for (var k = 0; k < m; k++)
                    {
                        r += q[k * n + i] * a[k * n + j];
                    }

                    Assert.True(Math.Abs(r) <= 1e-13, $"(QᵀA)[{i},{j}] = {r:E2}: Householder did not see the original input");
                }
            }
        }

        [Fact]
        public void ModeratelyIllConditionedInputStaysOnTheFastPath()
        {
            const int m = 400, n = 100;
            var a = Gaussian(m, n, seed: 8);
            var noise = Gaussian(m, 1, seed: 9);
            for (var i = 0; i < m; i++)
            {
                a[i * n + 1] = a[i * n + 0] + 1e-4 * noise[i]; // cond ~ 1e4..1e5
            }

            var q = (double[])a.Clone();
            Assert.Equal(OrthonormalizationMethod.CholeskyQR2, Orthonormalizer.Run(q, m, n, maxThreads: 0)); // full second round
            Assert.True(OrthogonalityError(q, m, n) <= 1e-12);
            Assert.True(MaxAbsDifference(q, ReferenceQ(a, m, n)) <= 1e-9);
        }

        [Fact]
        public void SingleColumnIsNormalizedWithPositiveSign()
        {
            var a = new[] { -3.0, 4.0, 0.0 };
            Orthonormalizer.OrthonormalizeColumns(a, 3, 1);
            Assert.Equal(new[] { -0.6, 0.8, 0.0 }, a, new ToleranceComparer(1e-15));
        }

        [Fact]
        public void SingleOutputIsScaledAndOptionallyTransposed()
        {
            const int m = 70, n = 30;
            var a = Gaussian(m, n, seed: 12);
            var q = (double[])a.Clone();
            Orthonormalizer.OrthonormalizeColumns(q, m, n);

            var plain = new float[m * n];
            Orthonormalizer.OrthonormalizeToSingle((double[])a.Clone(), m, n, plain, transpose: false, gain: 2.5);
            var transposed = new float[m * n];
            Orthonormalizer.OrthonormalizeToSingle((double[])a.Clone(), m, n, transposed, transpose: true, gain: 2.5);
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    Assert.Equal((float)(2.5 * q[i * n + j]), plain[i * n + j]);
                    Assert.Equal((float)(2.5 * q[i * n + j]), transposed[j * m + i]);
                }
            }
        }

        [Fact]
        public void BadArgumentsThrow()
        {
            Assert.Throws<InitializerException>(() => Orthonormalizer.OrthonormalizeColumns(new double[6], 2, 3));
            Assert.Throws<InitializerException>(() => Orthonormalizer.OrthonormalizeColumns(new double[6], 3, 0));
            Assert.Throws<InitializerException>(() => Orthonormalizer.OrthonormalizeColumns(new double[5], 3, 2));
            Assert.Throws<InitializerException>(() => Orthonormalizer.OrthonormalizeColumns(new double[6], 3, 2, maxThreads: -1));
            Assert.Throws<InitializerException>(() =>
                Orthonormalizer.OrthonormalizeToSingle(new double[6], 3, 2, new float[5]));
        }

        private sealed class ToleranceComparer : System.Collections.Generic.IEqualityComparer<double>
        {
            private readonly double tolerance;
            public ToleranceComparer(double tolerance) => this.tolerance = tolerance;
            public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
            public int GetHashCode(double obj) => 0;
        }
    }
}
