using System;
using System.Globalization;
using System.Numerics;
using MathNet.Numerics;
using NComplex = System.Numerics.Complex;

namespace Initializers
{
    /// <summary>Constant fills and value casts shared by Ones and Constant.</summary>
    internal static class TensorFill
    {
        /// <summary>A tensor whose every element is <paramref name="value"/> (already cast by <see cref="Cast"/>).</summary>
        public static Tensor Full(int[] shape, DType dtype, object value)
        {
            var tensor = Tensor.Allocate(shape, dtype, uninitialized: true);
            // Switch on the dtype, not the array type: the CLR lets a ulong[] pass as long[] (and uint[] as int[]).
            var data = tensor.Data;
            switch (dtype)
            {
                case DType.Float32: Fill((float[])data, (float)value); break;
                case DType.Float64: Fill((double[])data, (double)value); break;
                case DType.Float16 or DType.BFloat16 or DType.UInt16: Fill((ushort[])data, (ushort)value); break;
                case DType.Int8: Fill((sbyte[])data, (sbyte)value); break;
                case DType.Int16: Fill((short[])data, (short)value); break;
                case DType.Int32: Fill((int[])data, (int)value); break;
                case DType.Int64: Fill((long[])data, (long)value); break;
                case DType.UInt8: Fill((byte[])data, (byte)value); break;
                case DType.UInt32: Fill((uint[])data, (uint)value); break;
                case DType.UInt64: Fill((ulong[])data, (ulong)value); break;
                case DType.Bool: Fill((bool[])data, (bool)value); break;
                case DType.Complex64: Fill((Complex32[])data, (Complex32)value); break;
                case DType.Complex128: Fill((NComplex[])data, (NComplex)value); break;
                default: Fill((string[])data, (string)value); break;
            }

            return tensor;
        }

        /// <summary>Fills an array, split across cores above <see cref="FillOptions.ParallelThreshold"/> elements.</summary>
        public static void Fill<T>(T[] array, T value) =>
            FillOptions.Current.Run(array.LongLength, (start, length) => array.AsSpan((int)start, length).Fill(value));

        /// <summary>Casts a scalar to the storage element of <paramref name="dtype"/>, numpy-style for real types
        /// (floats truncate toward zero into integers) but refusing values that do not fit.</summary>
        public static object Cast(object? value, DType dtype, string className)
        {
            if (value is null)
            {
                throw new InitializerException("InvalidConfigValue", ErrorKind.InvalidArgument, $"{className} value is null; give a number.", value);
            }

            try
            {
                switch (dtype)
                {
                    case DType.String:
                        return value is string s ? s : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                    case DType.Bool:
                        return value is bool b ? b : value is string ? throw NotNumber(value, dtype, className) : ToDouble(value) != 0;
                    case DType.Complex64:
                    {
                        var c = ToComplex(value, dtype, className);
                        return new Complex32((float)c.Real, (float)c.Imaginary);
                    }

                    case DType.Complex128:
                        return ToComplex(value, dtype, className);
                }

                if (value is string || value is NComplex || value is Complex32)
                {
                    throw NotNumber(value, dtype, className);
                }

                var d = ToDouble(value);
                switch (dtype)
                {
                    case DType.Float16: return HalfConversions.ToHalfBits((float)d);
                    case DType.BFloat16: return HalfConversions.ToBFloat16Bits((float)d);
                    case DType.Float32: return (float)d;
                    case DType.Float64: return d;
                }

                // Integers: exact for integer input (so long.MaxValue survives), truncation toward zero for floats.
                var whole = ConfigIsInteger(value) ? Config.ConfigValues.ToBigInteger(value is bool bb ? (bb ? 1 : 0) : value) : ToBigInteger(d, value, dtype, className);
                return dtype switch
                {
                    DType.Int8 => (object)(sbyte)whole,
                    DType.Int16 => (short)whole,
                    DType.Int32 => (int)whole,
                    DType.Int64 => (long)whole,
                    DType.UInt8 => (byte)whole,
                    DType.UInt16 => (ushort)whole,
                    DType.UInt32 => (uint)whole,
                    _ => (ulong)whole,
                };
            }
            catch (OverflowException)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"{className} value {Config.ConfigValues.Format(value)} does not fit dtype {dtype.Name()}.",
                    value);
            }
        }

        private static bool ConfigIsInteger(object v) => v is bool || Config.ConfigValues.IsInteger(v);

        private static BigInteger ToBigInteger(double d, object value, DType dtype, string className)
        {
            if (double.IsNaN(d) || double.IsInfinity(d))
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"{className} value {Config.ConfigValues.Format(value)} cannot be cast to integer dtype {dtype.Name()}.",
                    value);
            }

            return new BigInteger(Math.Truncate(d));
        }

        private static double ToDouble(object value) => value is bool b ? (b ? 1 : 0) : Convert.ToDouble(value, CultureInfo.InvariantCulture);

        private static NComplex ToComplex(object value, DType dtype, string className) => value switch
        {
            NComplex c => c,
            Complex32 c => new NComplex(c.Real, c.Imaginary),
            string => throw NotNumber(value, dtype, className),
            _ => new NComplex(ToDouble(value), 0),
        };

        private static InitializerException NotNumber(object value, DType dtype, string className) => new(
            "InvalidConfigValue",
            ErrorKind.InvalidType,
            $"{className} value {Config.ConfigValues.Format(value)} ({value.GetType().Name}) cannot be cast to dtype {dtype.Name()}.",
            value);
    }
}
