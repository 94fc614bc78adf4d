#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Initializers.Randomness.FastMath;

namespace Initializers.Randomness
{
    /// <summary>
    /// The lane-wise twins of <see cref="FastMath"/>: every line below mirrors one line there, in the same
    /// order and with separate multiplies and adds, so each lane gives the bits the scalar code gives.
    /// </summary>
    internal static class FastMathAvx2
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> F(float x) => Vector256.Create(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> D(double x) => Vector256.Create(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Log(Vector256<float> x)
        {
            var bits = x.AsInt32() + Vector256.Create(0x3f800000 - 0x3f3504f3);
            var k = Vector256.ShiftRightArithmetic(bits, 23) - Vector256.Create(0x7f);
            var f = ((bits & Vector256.Create(0x007fffff)) + Vector256.Create(0x3f3504f3)).AsSingle() - F(1f);
            var e = Avx.ConvertToVector256Single(k);
            var z = f * f;
            var q0 = F(LogP7) * f + F(LogP8);
            var q1 = F(LogP5) * f + F(LogP6);
            var q2 = F(LogP3) * f + F(LogP4);
            var q3 = F(LogP1) * f + F(LogP2);
            var z2 = z * z;
            var r1 = q1 * z + q0;
            var r2 = q3 * z + q2;
            var p = (F(LogP0) * z2 + r2) * z2 + r1;
            var y = p * f * z;
            y = y + F(Ln2LoF) * e;
            y = y - F(0.5f) * z;
            var r = f + y;
            return r + F(Ln2HiF) * e;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SinCosKernel(Vector256<float> a, out Vector256<float> sin, out Vector256<float> cos)
        {
            var z = a * a;
            var ps = F(SinS0) * z + F(SinS1);
            ps = ps * z + F(SinS2);
            sin = ps * z * a + a;
            var pc = F(CosC0) * z + F(CosC1);
            pc = pc * z + F(CosC2);
            cos = pc * z * z - F(0.5f) * z + F(1f);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SinCosFromBits(Vector256<uint> bits, out Vector256<float> sin, out Vector256<float> cos)
        {
            var fraction = Vector256.ShiftRightLogical(bits, 6) & Vector256.Create(0xFFFFFFu);
            var t = Avx.ConvertToVector256Single(fraction.AsInt32()) * F(1f / 16777216f) - F(0.5f);
            SinCosKernel(t * F(HalfPiF), out var s, out var c);
            // Bit 30 set: swap sin and cos (all-ones mask from shifting bit 30 into the sign and spreading it).
            var swap = Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(bits, 1).AsInt32(), 31).AsSingle();
            var rotatedCos = Avx.BlendVariable(c, s, swap);
            var rotatedSin = Avx.BlendVariable(s, c, swap);
            var signMask = Vector256.Create(0x8000_0000u);
            cos = rotatedCos ^ ((bits ^ Vector256.ShiftLeft(bits, 1)) & signMask).AsSingle();
            sin = rotatedSin ^ (bits & signMask).AsSingle();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Log(Vector256<double> x)
        {
            var bits = x.AsInt64() + Vector256.Create((0x3ff00000L - 0x3fe6a09eL) << 32);
            var k = Vector256.ShiftRightLogical(bits, 52) - Vector256.Create(0x3ffL);
            var f = ((bits & Vector256.Create(0x000FFFFFFFFFFFFFL)) + Vector256.Create(0x3fe6a09eL << 32)).AsDouble() - D(1.0);
            var hfsq = D(0.5) * f * f;
            var s = f / (D(2.0) + f);
            var z = s * s;
            var w = z * z;
            var t1 = w * (D(Lg2) + w * (D(Lg4) + w * D(Lg6)));
            var t2 = z * (D(Lg1) + w * (D(Lg3) + w * (D(Lg5) + w * D(Lg7))));
            var r = t2 + t1;
            var dk = SmallInt64ToDouble(k);
            return dk * D(Ln2Hi) - ((hfsq - (s * (hfsq + r) + dk * D(Ln2Lo))) - f);
        }

        /// <summary>Exact int64 to double for |k| &lt; 2^51 (AVX2 has no such conversion): add 1.5*2^52 in
        /// the bit pattern, subtract it as a double.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> SmallInt64ToDouble(Vector256<long> k) =>
            (k + Vector256.Create(0x4338000000000000L)).AsDouble() - D(6755399441055744.0);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SinCosKernel(Vector256<double> a, out Vector256<double> sin, out Vector256<double> cos)
        {
            var z = a * a;
            var v = z * a;
            var rs = D(S2) + z * (D(S3) + z * (D(S4) + z * (D(S5) + z * D(S6))));
            sin = a + v * (D(S1) + z * rs);
            var rc = z * (D(C1) + z * (D(C2) + z * (D(C3) + z * (D(C4) + z * (D(C5) + z * D(C6))))));
            var hz = D(0.5) * z;
            var w = D(1.0) - hz;
            cos = w + (((D(1.0) - w) - hz) + z * rc);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SinCosFromBits(Vector256<ulong> bits, out Vector256<double> sin, out Vector256<double> cos)
        {
            var t = ((bits & Vector256.Create(Bits.Mantissa52)) | Vector256.Create(Bits.OneBits)).AsDouble() - D(1.5);
            SinCosKernel(t * D(HalfPi), out var s, out var c);
            // Bit 62 set: swap. Shift it into the sign bit; blendvpd looks at the sign bit only.
            var swap = Vector256.ShiftLeft(bits, 1).AsDouble();
            var rotatedCos = Avx.BlendVariable(c, s, swap);
            var rotatedSin = Avx.BlendVariable(s, c, swap);
            var signMask = Vector256.Create(0x8000_0000_0000_0000UL);
            cos = rotatedCos ^ ((bits ^ Vector256.ShiftLeft(bits, 1)) & signMask).AsDouble();
            sin = rotatedSin ^ (bits & signMask).AsDouble();
        }
    }
}
#endif
