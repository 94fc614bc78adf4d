#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Initializers.Randomness.FastMath;

namespace Initializers.Randomness
{
    /// <summary>
    /// 512-bit twins of <see cref="FastMathAvx2"/> for machines with AVX-512: the same IEEE operations in the same
    /// order, lane by lane, so every lane gives the scalar bits. Box–Muller is latency bound (a long chain per
    /// value inside a limited out-of-order window); twice the lanes per instruction halves the instructions the
    /// window has to hold, even where 512-bit operations execute in two halves.
    /// </summary>
    internal static class FastMath512
    {
        public static bool IsSupported => Vector512.IsHardwareAccelerated;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> F(float x) => Vector512.Create(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> D(double x) => Vector512.Create(x);

        /// <summary>Lane-wise <see cref="Bits.BoxMuller(uint, uint, out float, out float)"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void BoxMuller(Vector512<uint> w0, Vector512<uint> w1, out Vector512<float> z0, out Vector512<float> z1)
        {
            var unit = Vector512.ConvertToSingle(Vector512.ShiftRightLogical(w0, 8).AsInt32()) * F(Bits.TwoPowMinus24);
            var u1 = F(1f) - unit;
            var r = Vector512.Sqrt(F(-2f) * Log(u1));
            SinCosFromBits(w1, out var s, out var c);
            z0 = r * c;
            z1 = r * s;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Log(Vector512<float> x)
        {
            var bits = x.AsInt32() + Vector512.Create(0x3f800000 - 0x3f3504f3);
            var k = Vector512.ShiftRightArithmetic(bits, 23) - Vector512.Create(0x7f);
            var f = ((bits & Vector512.Create(0x007fffff)) + Vector512.Create(0x3f3504f3)).AsSingle() - F(1f);
            var e = Vector512.ConvertToSingle(k);
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
        public static void SinCosFromBits(Vector512<uint> bits, out Vector512<float> sin, out Vector512<float> cos)
        {
            var fraction = Vector512.ShiftRightLogical(bits, 6) & Vector512.Create(0xFFFFFFu);
            var t = Vector512.ConvertToSingle(fraction.AsInt32()) * F(1f / 16777216f) - F(0.5f);
            var a = t * F(HalfPiF);
            var z = a * a;
            var ps = F(SinS0) * z + F(SinS1);
            ps = ps * z + F(SinS2);
            var s = ps * z * a + a;
            var pc = F(CosC0) * z + F(CosC1);
            pc = pc * z + F(CosC2);
            var c = pc * z * z - F(0.5f) * z + F(1f);
            var swap = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(bits, 1).AsInt32(), 31).AsSingle();
            var rotatedCos = Vector512.ConditionalSelect(swap, s, c);
            var rotatedSin = Vector512.ConditionalSelect(swap, c, s);
            var signMask = Vector512.Create(0x8000_0000u);
            cos = rotatedCos ^ ((bits ^ Vector512.ShiftLeft(bits, 1)) & signMask).AsSingle();
            sin = rotatedSin ^ (bits & signMask).AsSingle();
        }

        /// <summary>Lane-wise <see cref="Bits.BoxMuller(uint, uint, uint, uint, out double, out double)"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void BoxMuller(Vector512<ulong> radiusBits, Vector512<ulong> angleBits, out Vector512<double> z0, out Vector512<double> z1)
        {
            var m = ((radiusBits & Vector512.Create(Bits.Mantissa52)) | Vector512.Create(Bits.OneBits)).AsDouble();
            var u1 = D(2.0) - m;
            var r = Vector512.Sqrt(D(-2.0) * Log(u1));
            SinCosFromBits(angleBits, out var s, out var c);
            z0 = r * c;
            z1 = r * s;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Log(Vector512<double> x)
        {
            var bits = x.AsInt64() + Vector512.Create((0x3ff00000L - 0x3fe6a09eL) << 32);
            var k = Vector512.ShiftRightLogical(bits, 52) - Vector512.Create(0x3ffL);
            var f = ((bits & Vector512.Create(0x000FFFFFFFFFFFFFL)) + Vector512.Create(0x3fe6a09eL << 32)).AsDouble() - D(1.0);
            var hfsq = D(0.5) * f * f;
            var s = f / (D(2.0) + f);
            var z = s * s;
            var w = z * z;
            var t1 = w * (D(Lg2) + w * (D(Lg4) + w * D(Lg6)));
            var t2 = z * (D(Lg1) + w * (D(Lg3) + w * (D(Lg5) + w * D(Lg7))));
            var r = t2 + t1;
            var dk = (k + Vector512.Create(0x4338000000000000L)).AsDouble() - D(6755399441055744.0);
            return dk * D(Ln2Hi) - ((hfsq - (s * (hfsq + r) + dk * D(Ln2Lo))) - f);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SinCosFromBits(Vector512<ulong> bits, out Vector512<double> sin, out Vector512<double> cos)
        {
            var t = ((bits & Vector512.Create(Bits.Mantissa52)) | Vector512.Create(Bits.OneBits)).AsDouble() - D(1.5);
            var a = t * D(HalfPi);
            var z = a * a;
            var v = z * a;
            var rs = D(S2) + z * (D(S3) + z * (D(S4) + z * (D(S5) + z * D(S6))));
            var s = a + v * (D(S1) + z * rs);
            var rc = z * (D(C1) + z * (D(C2) + z * (D(C3) + z * (D(C4) + z * (D(C5) + z * D(C6))))));
            var hz = D(0.5) * z;
            var w = D(1.0) - hz;
            var c = w + (((D(1.0) - w) - hz) + z * rc);
            var swap = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(bits, 1).AsInt64(), 63).AsDouble();
            var rotatedCos = Vector512.ConditionalSelect(swap, s, c);
            var rotatedSin = Vector512.ConditionalSelect(swap, c, s);
            var signMask = Vector512.Create(0x8000_0000_0000_0000UL);
            cos = rotatedCos ^ ((bits ^ Vector512.ShiftLeft(bits, 1)) & signMask).AsDouble();
            sin = rotatedSin ^ (bits & signMask).AsDouble();
        }
    }
}
#endif
