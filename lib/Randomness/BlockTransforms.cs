using System;
using System.Runtime.CompilerServices;

namespace Initializers.Randomness
{
    /// <summary>Turns the four words of one Philox block into <see cref="PerBlock"/> values.</summary>
    internal interface IBlockTransform<T> where T : unmanaged
    {
        int PerBlock { get; }

        void Transform(uint w0, uint w1, uint w2, uint w3, Span<T> values);
    }

    /// <summary>The per-block conversions shared by the scalar and the vector paths.</summary>
    internal static class Bits
    {
        public const float TwoPowMinus24 = 1f / 16777216f;
        public const double TwoPowMinus53 = 1.0 / 9007199254740992.0;
        public const ulong Mantissa52 = 0x000F_FFFF_FFFF_FFFFUL;
        public const ulong OneBits = 0x3FF0_0000_0000_0000UL;

        /// <summary>[0, 1) from the top 24 bits of a word.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float UnitFloat(uint w) => (int)(w >> 8) * TwoPowMinus24;

        /// <summary>The top 53 bits of the 64-bit word lo | hi &lt;&lt; 32, as an exact double in [0, 2^53).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Top53(uint lo, uint hi) => (long)((lo | (ulong)hi << 32) >> 11);

        /// <summary>The largest float below x (x finite).</summary>
        public static float NextDown(float x)
        {
            if (x == 0f)
            {
                return -float.Epsilon;
            }

            var bits = FastMath.SingleToInt32Bits(x);
            return FastMath.Int32BitsToSingle(x > 0f ? bits - 1 : bits + 1);
        }

        /// <summary>The largest double below x (x finite).</summary>
        public static double NextDown(double x)
        {
            if (x == 0.0)
            {
                return -double.Epsilon;
            }

            var bits = BitConverter.DoubleToInt64Bits(x);
            return BitConverter.Int64BitsToDouble(x > 0.0 ? bits - 1 : bits + 1);
        }

        /// <summary>Two standard normals from two words (Box–Muller): radius from w0, angle from w1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void BoxMuller(uint w0, uint w1, out float z0, out float z1)
        {
            var u1 = 1f - UnitFloat(w0);                        // (0, 1], exact: log never sees 0
            var r = (float)Math.Sqrt(-2f * FastMath.Log(u1));  // correctly rounded, as vsqrtps
            FastMath.SinCosFromBits(w1, out var s, out var c);
            z0 = r * c;
            z1 = r * s;
        }

        /// <summary>Two standard normals from four words: radius from (w0, w1), angle from (w2, w3).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void BoxMuller(uint w0, uint w1, uint w2, uint w3, out double z0, out double z1)
        {
            // (0, 1] with 52 bits, exactly: 2 - m for m in [1, 2).
            var u1 = 2.0 - BitConverter.Int64BitsToDouble((long)(OneBits | ((w0 | (ulong)w1 << 32) & Mantissa52)));
            var r = Math.Sqrt(-2.0 * FastMath.Log(u1));
            FastMath.SinCosFromBits(w2 | (ulong)w3 << 32, out var s, out var c);
            z0 = r * c;
            z1 = r * s;
        }
    }

    /// <summary>float uniform in [min, max): one word per element, four per block.</summary>
    internal readonly struct UniformFloatTransform : IBlockTransform<float>
    {
        public readonly float Min, Range, MaxBelow;

        public UniformFloatTransform(float min, float max)
        {
            Min = min;
            Range = max - min;
            MaxBelow = Bits.NextDown(max);
        }

        public int PerBlock => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Apply(float unit)
        {
            // min + u*range can round up to max; clamp to the float just below (same as vminps).
            var v = Min + unit * Range;
            return v < MaxBelow ? v : MaxBelow;
        }

        public void Transform(uint w0, uint w1, uint w2, uint w3, Span<float> values)
        {
            values[0] = Apply(Bits.UnitFloat(w0));
            values[1] = Apply(Bits.UnitFloat(w1));
            values[2] = Apply(Bits.UnitFloat(w2));
            values[3] = Apply(Bits.UnitFloat(w3));
        }
    }

    /// <summary>double uniform in [min, max): two words (53 bits) per element, two per block.</summary>
    internal readonly struct UniformDoubleTransform : IBlockTransform<double>
    {
        /// <summary>ScaledRange = (max - min) * 2^-53, so min + x*ScaledRange is min + (x/2^53)*(max - min)
        /// with one multiply less; scaling by a power of two is exact unless the range is below about 1e-292.</summary>
        public readonly double Min, ScaledRange, MaxBelow;

        public UniformDoubleTransform(double min, double max)
        {
            Min = min;
            ScaledRange = (max - min) * Bits.TwoPowMinus53;
            MaxBelow = Bits.NextDown(max);
        }

        public int PerBlock => 2;

        /// <summary>x = the 53 random bits as an integer-valued double.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Apply(double x)
        {
            var v = Min + x * ScaledRange;
            return v < MaxBelow ? v : MaxBelow;
        }

        public void Transform(uint w0, uint w1, uint w2, uint w3, Span<double> values)
        {
            values[0] = Apply(Bits.Top53(w0, w1));
            values[1] = Apply(Bits.Top53(w2, w3));
        }
    }

    /// <summary>float normal: Box–Muller on (w0, w1) gives elements 0 (cos) and 1 (sin), on (w2, w3) elements 2 and 3.</summary>
    internal readonly struct NormalFloatTransform : IBlockTransform<float>
    {
        public readonly float Mean, StdDev;

        public NormalFloatTransform(float mean, float stddev)
        {
            Mean = mean;
            StdDev = stddev;
        }

        public int PerBlock => 4;

        public void Transform(uint w0, uint w1, uint w2, uint w3, Span<float> values)
        {
            Bits.BoxMuller(w0, w1, out var z0, out var z1);
            Bits.BoxMuller(w2, w3, out var z2, out var z3);
            values[0] = Mean + StdDev * z0;
            values[1] = Mean + StdDev * z1;
            values[2] = Mean + StdDev * z2;
            values[3] = Mean + StdDev * z3;
        }
    }

    /// <summary>double normal: one Box–Muller pair per block (element 0 = cos, element 1 = sin).</summary>
    internal readonly struct NormalDoubleTransform : IBlockTransform<double>
    {
        public readonly double Mean, StdDev;

        public NormalDoubleTransform(double mean, double stddev)
        {
            Mean = mean;
            StdDev = stddev;
        }

        public int PerBlock => 2;

        public void Transform(uint w0, uint w1, uint w2, uint w3, Span<double> values)
        {
            Bits.BoxMuller(w0, w1, w2, w3, out var z0, out var z1);
            values[0] = Mean + StdDev * z0;
            values[1] = Mean + StdDev * z1;
        }
    }

    /// <summary>Raw 64-bit words: element 0 = w0 | w1 &lt;&lt; 32, element 1 = w2 | w3 &lt;&lt; 32.</summary>
    internal readonly struct Raw64Transform : IBlockTransform<ulong>
    {
        public int PerBlock => 2;

        public void Transform(uint w0, uint w1, uint w2, uint w3, Span<ulong> values)
        {
            values[0] = w0 | (ulong)w1 << 32;
            values[1] = w2 | (ulong)w3 << 32;
        }
    }
}
