using System.Runtime.CompilerServices;

namespace Initializers
{
    /// <summary>IEEE binary16 and bfloat16 bit conversions. Stored as <see cref="ushort"/> so the library
    /// also works on netstandard2.0, which has no System.Half.</summary>
    internal static class HalfConversions
    {
        /// <summary>float32 to IEEE half, round to nearest even; overflow gives infinity, NaN stays NaN.</summary>
        /// <param name="value">Any float32; values beyond ±65504 (after rounding) become infinities.</param>
        public static ushort ToHalfBits(float value)
        {
            var bits = SingleToInt32Bits(value);
            var sign = (bits >> 16) & 0x8000;
            var exp = (bits >> 23) & 0xFF;
            var mant = bits & 0x7FFFFF;
            if (exp == 0xFF)
            {
                return (ushort)(sign | 0x7C00 | (mant != 0 ? 0x200 : 0));
            }

            var e = exp - 127 + 15;
            if (e >= 0x1F)
            {
                return (ushort)(sign | 0x7C00);
            }

            if (e <= 0)
            {
                if (e < -10)
                {
                    return (ushort)sign;
                }

                // Subnormal half: shift the mantissa with its implicit bit, rounding to nearest even.
                mant |= 0x800000;
                var shift = 14 - e;
                var half = mant >> shift;
                var rest = mant & ((1 << shift) - 1);
                var mid = 1 << (shift - 1);
                if (rest > mid || (rest == mid && (half & 1) != 0))
                {
                    half++;
                }

                return (ushort)(sign | half);
            }

            var result = (e << 10) | (mant >> 13);
            var low = mant & 0x1FFF;
            if (low > 0x1000 || (low == 0x1000 && (result & 1) != 0))
            {
                result++; // may carry into the exponent, which is the correct rounding (up to infinity)
            }

            return (ushort)(sign | result);
        }

        /// <summary><paramref name="value"/> rounded to the nearest value of a floating <paramref name="dtype"/> (through
        /// float32 for float16 and bfloat16); float64 and the other dtypes keep it.</summary>
        internal static double RoundTo(DType dtype, double value) => dtype switch
        {
            DType.Float32 => (float)value,
            DType.Float16 => FromHalfBits(ToHalfBits((float)value)),
            DType.BFloat16 => FromBFloat16Bits(ToBFloat16Bits((float)value)),
            _ => value,
        };

        /// <summary>IEEE half to float32 (exact).</summary>
        /// <param name="h">The half bits (sign, 5 exponent bits, 10 mantissa bits).</param>
        public static float FromHalfBits(ushort h)
        {
            var sign = (h & 0x8000) << 16;
            var exp = (h >> 10) & 0x1F;
            var mant = h & 0x3FF;
            if (exp == 0)
            {
                if (mant == 0)
                {
                    return Int32BitsToSingle(sign);
                }

                // Subnormal: value = mant * 2^-24.
                var v = mant * (1f / 16777216f);
                return sign != 0 ? -v : v;
            }

            if (exp == 0x1F)
            {
                return Int32BitsToSingle(sign | 0x7F800000 | (mant << 13));
            }

            return Int32BitsToSingle(sign | ((exp - 15 + 127) << 23) | (mant << 13));
        }

        /// <summary>float32 to bfloat16 (the top 16 bits), round to nearest even; NaN stays NaN.</summary>
        /// <param name="value">Any float32.</param>
        public static ushort ToBFloat16Bits(float value)
        {
            var bits = (uint)SingleToInt32Bits(value);
            if ((bits & 0x7FFFFFFF) > 0x7F800000)
            {
                return (ushort)((bits >> 16) | 0x40);
            }

            var rounding = 0x7FFFu + ((bits >> 16) & 1);
            return (ushort)((bits + rounding) >> 16);
        }

        /// <summary>The float32 value of a bfloat16 given as its 16 raw bits: exact, since bfloat16 is the upper half of
        /// a float32 (NaN and infinities are kept).</summary>
        /// <param name="b">The bfloat16 bits (sign, 8 exponent bits, 7 mantissa bits).</param>
        public static float FromBFloat16Bits(ushort b) => Int32BitsToSingle(b << 16);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe int SingleToInt32Bits(float value) => *(int*)&value;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe float Int32BitsToSingle(int value) => *(float*)&value;
    }
}
