using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
#endif

namespace Initializers.LinearAlgebra
{
    /// <summary>The register-tiled inner kernel of <see cref="Gemm"/>: C[6x8] ±= A[6xk] * B[kx8] on packed panels.</summary>
    /// <remarks>
    /// Every element of C gets its own accumulator that starts at zero and receives the k products in ascending k
    /// order through fused multiply-adds; the accumulator is then added to (or subtracted from) C once. The
    /// vector kernel (AVX2 + FMA) and the scalar kernel perform exactly the same operations per element, so they
    /// give identical bits. The scalar kernel uses <c>Math.FusedMultiplyAdd</c> only where the hardware has a fused
    /// multiply-add (x86 FMA, Arm64); on netstandard2.0 and on x86 CPUs without FMA it uses a*b+c, which rounds
    /// twice, so results on such machines may differ from FMA machines in the last bits.
    /// </remarks>
    internal static unsafe class MicroKernel
    {
        /// <summary>Rows of the register tile (broadcast values of A per k).</summary>
        public const int Mr = 6;

        /// <summary>Columns of the register tile (two Vector256&lt;double&gt; of B per k).</summary>
        public const int Nr = 8;

#if NET8_0_OR_GREATER
        /// <summary>True when the AVX2/FMA kernel runs.</summary>
        public static readonly bool IsVectorized = Fma.IsSupported && Avx2.IsSupported;

        /// <summary>True when the scalar paths use a real fused multiply-add (and so match the vector kernel bit for bit).</summary>
        public static readonly bool HasFusedMultiplyAdd = Fma.IsSupported || AdvSimd.Arm64.IsSupported;
#else
        /// <summary>True when the System.Numerics.Vector kernel runs (4 doubles per vector, e.g. AVX2 under .NET Framework).</summary>
        public static readonly bool IsVectorized = System.Numerics.Vector.IsHardwareAccelerated && System.Numerics.Vector<double>.Count == 4;

        /// <summary>netstandard2.0 has no fused multiply-add: every path computes a*b+c with two roundings.</summary>
        public static readonly bool HasFusedMultiplyAdd = false;
#endif

        /// <summary>a*b + c, fused where the hardware can do it (see the class remarks).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double MulAdd(double a, double b, double c)
        {
#if NET8_0_OR_GREATER
            if (HasFusedMultiplyAdd)
            {
                return System.Math.FusedMultiplyAdd(a, b, c);
            }
#endif
            return a * b + c;
        }

        /// <summary>C[0..6, 0..8] (row-major, stride <paramref name="ldc"/>) ±= sum over p &lt; k of a[p*6+i] * b[p*8+j].</summary>
        /// <param name="k">Depth (number of packed columns of A / rows of B).</param>
        /// <param name="a">Packed A panel: for each p, the 6 values A[0..6, p].</param>
        /// <param name="b">Packed B panel: for each p, the 8 values B[p, 0..8].</param>
        /// <param name="c">Top-left element of the C tile.</param>
        /// <param name="ldc">Row stride of C.</param>
        /// <param name="subtract">Subtract the product from C instead of adding it.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Run(int k, double* a, double* b, double* c, int ldc, bool subtract)
        {
            if (IsVectorized)
            {
#if NET8_0_OR_GREATER
                RunFma(k, a, b, c, ldc, subtract);
#else
                RunVector(k, a, b, c, ldc, subtract);
#endif
                return;
            }
            RunScalar(k, a, b, c, ldc, subtract);
        }

        /// <summary>Reference kernel: the same per-element operation sequence as the vector kernel.</summary>
        [MethodImpl(Hot.Loop)]
        internal static void RunScalar(int k, double* a, double* b, double* c, int ldc, bool subtract)
        {
            var acc = stackalloc double[Mr * Nr];
            for (var i = 0; i < Mr * Nr; i++)
            {
                acc[i] = 0.0;
            }

            for (var p = 0; p < k; p++, a += Mr, b += Nr)
            {
                for (var i = 0; i < Mr; i++)
                {
                    var ai = a[i];
                    var row = acc + i * Nr;
                    for (var j = 0; j < Nr; j++)
                    {
                        row[j] = MulAdd(ai, b[j], row[j]);
                    }
                }
            }
            for (var i = 0; i < Mr; i++)
            {
                var ci = c + (long)i * ldc;
                for (var j = 0; j < Nr; j++)
                {
                    ci[j] = subtract ? ci[j] - acc[i * Nr + j] : ci[j] + acc[i * Nr + j];
                }
            }
        }

#if !NET8_0_OR_GREATER
        /// <summary>netstandard2.0 kernel (Windows PowerShell 5.1): the FMA kernel's layout with Vector&lt;double&gt;
        /// (Count == 4) multiply then add, the same two roundings per step as <see cref="RunScalar"/>.</summary>
        [MethodImpl(Hot.Loop)]
        private static void RunVector(int k, double* a, double* b, double* c, int ldc, bool subtract)
        {
            System.Numerics.Vector<double> c00 = default, c01 = default, c10 = default, c11 = default;
            System.Numerics.Vector<double> c20 = default, c21 = default, c30 = default, c31 = default;
            System.Numerics.Vector<double> c40 = default, c41 = default, c50 = default, c51 = default;
            for (var p = 0; p < k; p++, a += Mr, b += Nr)
            {
                var b0 = Unsafe.Read<System.Numerics.Vector<double>>(b);
                var b1 = Unsafe.Read<System.Numerics.Vector<double>>(b + 4);
                var ai = new System.Numerics.Vector<double>(a[0]);
                c00 += ai * b0; c01 += ai * b1;
                ai = new System.Numerics.Vector<double>(a[1]);
                c10 += ai * b0; c11 += ai * b1;
                ai = new System.Numerics.Vector<double>(a[2]);
                c20 += ai * b0; c21 += ai * b1;
                ai = new System.Numerics.Vector<double>(a[3]);
                c30 += ai * b0; c31 += ai * b1;
                ai = new System.Numerics.Vector<double>(a[4]);
                c40 += ai * b0; c41 += ai * b1;
                ai = new System.Numerics.Vector<double>(a[5]);
                c50 += ai * b0; c51 += ai * b1;
            }
            StoreVector(c, c00, c01, subtract);
            StoreVector(c + ldc, c10, c11, subtract);
            StoreVector(c + 2L * ldc, c20, c21, subtract);
            StoreVector(c + 3L * ldc, c30, c31, subtract);
            StoreVector(c + 4L * ldc, c40, c41, subtract);
            StoreVector(c + 5L * ldc, c50, c51, subtract);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreVector(double* c, System.Numerics.Vector<double> lo, System.Numerics.Vector<double> hi, bool subtract)
        {
            var c0 = Unsafe.Read<System.Numerics.Vector<double>>(c);
            var c1 = Unsafe.Read<System.Numerics.Vector<double>>(c + 4);
            Unsafe.Write(c, subtract ? c0 - lo : c0 + lo);
            Unsafe.Write(c + 4, subtract ? c1 - hi : c1 + hi);
        }
#endif

#if NET8_0_OR_GREATER
        /// <summary>AVX2/FMA kernel: 12 accumulators (6 rows x 2 vectors), 2 loads of B and 6 broadcasts of A per k.</summary>
        [MethodImpl(Hot.Loop)]
        private static void RunFma(int k, double* a, double* b, double* c, int ldc, bool subtract)
        {
            Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector256<double> c20 = default, c21 = default, c30 = default, c31 = default;
            Vector256<double> c40 = default, c41 = default, c50 = default, c51 = default;
            for (var p = 0; p < k; p++, a += Mr, b += Nr)
            {
                var b0 = Avx.LoadVector256(b);
                var b1 = Avx.LoadVector256(b + 4);
                var ai = Avx.BroadcastScalarToVector256(a);
                c00 = Fma.MultiplyAdd(ai, b0, c00);
                c01 = Fma.MultiplyAdd(ai, b1, c01);
                ai = Avx.BroadcastScalarToVector256(a + 1);
                c10 = Fma.MultiplyAdd(ai, b0, c10);
                c11 = Fma.MultiplyAdd(ai, b1, c11);
                ai = Avx.BroadcastScalarToVector256(a + 2);
                c20 = Fma.MultiplyAdd(ai, b0, c20);
                c21 = Fma.MultiplyAdd(ai, b1, c21);
                ai = Avx.BroadcastScalarToVector256(a + 3);
                c30 = Fma.MultiplyAdd(ai, b0, c30);
                c31 = Fma.MultiplyAdd(ai, b1, c31);
                ai = Avx.BroadcastScalarToVector256(a + 4);
                c40 = Fma.MultiplyAdd(ai, b0, c40);
                c41 = Fma.MultiplyAdd(ai, b1, c41);
                ai = Avx.BroadcastScalarToVector256(a + 5);
                c50 = Fma.MultiplyAdd(ai, b0, c50);
                c51 = Fma.MultiplyAdd(ai, b1, c51);
            }
            Store(c, c00, c01, subtract);
            Store(c + ldc, c10, c11, subtract);
            Store(c + 2L * ldc, c20, c21, subtract);
            Store(c + 3L * ldc, c30, c31, subtract);
            Store(c + 4L * ldc, c40, c41, subtract);
            Store(c + 5L * ldc, c50, c51, subtract);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store(double* c, Vector256<double> lo, Vector256<double> hi, bool subtract)
        {
            if (subtract)
            {
                Avx.Store(c, Avx.Subtract(Avx.LoadVector256(c), lo));
                Avx.Store(c + 4, Avx.Subtract(Avx.LoadVector256(c + 4), hi));
            }
            else
            {
                Avx.Store(c, Avx.Add(Avx.LoadVector256(c), lo));
                Avx.Store(c + 4, Avx.Add(Avx.LoadVector256(c + 4), hi));
            }
        }
#endif
    }
}
