using System;
using System.Runtime.CompilerServices;

namespace Initializers.Randomness
{
    /// <summary>
    /// Scalar log and sin/cos polynomials for Box–Muller. <c>FastMathAvx2</c> performs the very same
    /// sequence of IEEE operations lane by lane (no fused multiply-add anywhere), so both give identical bits.
    /// </summary>
    /// <remarks>
    /// float: Cephes logf, sinf and cosf polynomials (S. L. Moshier). double: the fdlibm kernels
    /// (e_log.c, k_sin.c, k_cos.c), which are also what musl uses.
    /// </remarks>
    internal static class FastMath
    {
        // ---- float constants ----
        internal const float LogP0 = 7.0376836292E-2f, LogP1 = -1.1514610310E-1f, LogP2 = 1.1676998740E-1f,
            LogP3 = -1.2420140846E-1f, LogP4 = 1.4249322787E-1f, LogP5 = -1.6668057665E-1f,
            LogP6 = 2.0000714765E-1f, LogP7 = -2.4999993993E-1f, LogP8 = 3.3333331174E-1f;
        internal const float Ln2HiF = 0.693359375f, Ln2LoF = -2.12194440e-4f;
        internal const float SinS0 = -1.9515295891E-4f, SinS1 = 8.3321608736E-3f, SinS2 = -1.6666654611E-1f;
        internal const float CosC0 = 2.443315711809948E-5f, CosC1 = -1.388731625493765E-3f, CosC2 = 4.166664568298827E-2f;
        internal const float HalfPiF = 1.57079632679489661923f;

        // ---- double constants ----
        internal const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
            Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01,
            Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;
        internal const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10;
        internal const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
            S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
            S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
        internal const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
            C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07,
            C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
        internal const double HalfPi = 1.57079632679489661923;

        /// <summary>Natural log of a positive normal float (no checks for 0, negatives, NaN or infinity).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Log(float x)
        {
            // Split x = 2^k * m with m in [sqrt(1/2), sqrt(2)): shifting the bits by (1 - sqrt(1/2))
            // makes the exponent field step exactly where m crosses sqrt(1/2).
            var bits = SingleToInt32Bits(x) + (0x3f800000 - 0x3f3504f3);
            var k = (bits >> 23) - 0x7f;
            var f = Int32BitsToSingle((bits & 0x007fffff) + 0x3f3504f3) - 1f;
            float e = k;
            var z = f * f;
            // The degree-8 polynomial by Estrin's scheme (dependency depth 3 multiply-adds instead of Horner's 8):
            // the vector twin is latency bound, and this order is what it performs lane by lane.
            var q0 = LogP7 * f + LogP8;
            var q1 = LogP5 * f + LogP6;
            var q2 = LogP3 * f + LogP4;
            var q3 = LogP1 * f + LogP2;
            var z2 = z * z;
            var r1 = q1 * z + q0;
            var r2 = q3 * z + q2;
            var p = (LogP0 * z2 + r2) * z2 + r1;
            var y = p * f * z;
            y = y + Ln2LoF * e;
            y = y - 0.5f * z;
            var r = f + y;
            return r + Ln2HiF * e;
        }

        /// <summary>sin and cos of a in [-pi/4, pi/4].</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SinCosKernel(float a, out float sin, out float cos)
        {
            var z = a * a;
            var ps = SinS0 * z + SinS1;
            ps = ps * z + SinS2;
            sin = ps * z * a + a;
            var pc = CosC0 * z + CosC1;
            pc = pc * z + CosC2;
            cos = pc * z * z - 0.5f * z + 1f;
        }

        /// <summary>
        /// sin and cos of a uniformly random angle taken from 32 random bits: the top two bits pick the
        /// quadrant q, the next 24 a fraction t in [-1/2, 1/2); the angle is q*pi/2 + t*pi/2, which covers
        /// one full turn. The polynomial only sees [-pi/4, pi/4], so no range reduction error arises.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SinCosFromBits(uint bits, out float sin, out float cos)
        {
            var t = (int)((bits >> 6) & 0xFFFFFF) * (1f / 16777216f) - 0.5f;
            SinCosKernel(t * HalfPiF, out var s, out var c);
            // Rotate by q quarter turns: q odd swaps sin and cos; the signs follow the quadrant.
            var swap = (bits & 0x4000_0000u) != 0;
            var rotatedCos = swap ? s : c;
            var rotatedSin = swap ? c : s;
            cos = FlipSign(rotatedCos, (bits ^ (bits << 1)) & 0x8000_0000u);   // negative in quadrants 1 and 2
            sin = FlipSign(rotatedSin, bits & 0x8000_0000u);                     // negative in quadrants 2 and 3
        }

        /// <summary>Natural log of a positive normal double (no checks).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Log(double x)
        {
            // Same split as the float version: m in [sqrt(1/2), sqrt(2)), f = m - 1.
            var bits = BitConverter.DoubleToInt64Bits(x) + ((0x3ff00000L - 0x3fe6a09eL) << 32);
            var k = (long)((ulong)bits >> 52) - 0x3ff;
            var f = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) + (0x3fe6a09eL << 32)) - 1.0;
            var hfsq = 0.5 * f * f;
            var s = f / (2.0 + f);
            var z = s * s;
            var w = z * z;
            var t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
            var t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
            var r = t2 + t1;
            double dk = k;
            return dk * Ln2Hi - ((hfsq - (s * (hfsq + r) + dk * Ln2Lo)) - f);
        }

        /// <summary>sin and cos of a in [-pi/4, pi/4].</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SinCosKernel(double a, out double sin, out double cos)
        {
            var z = a * a;
            var v = z * a;
            var rs = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
            sin = a + v * (S1 + z * rs);
            var rc = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
            var hz = 0.5 * z;
            var w = 1.0 - hz;
            cos = w + (((1.0 - w) - hz) + z * rc);
        }

        /// <summary>
        /// sin and cos of a random angle from 64 random bits: bits 63..62 pick the quadrant, bits 51..0
        /// give the fraction t in [-1/2, 1/2) (exactly, through the exponent trick); angle = (q + t)*pi/2.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SinCosFromBits(ulong bits, out double sin, out double cos)
        {
            var t = BitConverter.Int64BitsToDouble((long)(0x3FF0000000000000UL | (bits & 0x000FFFFFFFFFFFFFUL))) - 1.5;
            SinCosKernel(t * HalfPi, out var s, out var c);
            var swap = (bits & 0x4000_0000_0000_0000UL) != 0;
            var rotatedCos = swap ? s : c;
            var rotatedSin = swap ? c : s;
            cos = FlipSign(rotatedCos, (bits ^ (bits << 1)) & 0x8000_0000_0000_0000UL);
            sin = FlipSign(rotatedSin, bits & 0x8000_0000_0000_0000UL);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float FlipSign(float x, uint signBit) => Int32BitsToSingle(SingleToInt32Bits(x) ^ (int)signBit);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double FlipSign(double x, ulong signBit) =>
            BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) ^ (long)signBit);

        // BitConverter.SingleToInt32Bits is missing from netstandard2.0.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe int SingleToInt32Bits(float x) => *(int*)&x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe float Int32BitsToSingle(int x) => *(float*)&x;
    }
}
