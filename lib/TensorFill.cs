using System;
using System.Globalization;
using System.Numerics;
using Initializers.Serialization;
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

        /// <summary>The one cast of a scalar into a tensor element, used by Constant, Ones, Identity, the tensor indexer and
        /// <see cref="Tensor.ToArray{T}"/>. It follows <c>tf.cast</c>: a float into an integer dtype truncates toward zero
        /// (2.7 and 2.5 give 2, -2.7 gives -2); a complex number into a real dtype keeps its real part; anything nonzero
        /// (NaN too) into bool is true; bool into a number is 1 or 0; into a float dtype the value rounds to the nearest
        /// representable one (ties to even) and a too-large magnitude becomes ±inf; an integer into an integer dtype is exact.
        /// Where tf.cast and numpy's astype are undefined (their result depends on the platform) it refuses with
        /// <paramref name="errorId"/> instead of inventing a number: NaN or ±inf into an integer dtype, and a value outside
        /// an integer dtype's range (there is no saturation and no wrap-around). A string is only accepted into the
        /// string dtype; a number into the string dtype is its invariant text (floats as Python prints them, 1.0).</summary>
        /// <param name="value">The scalar (a CLR number, bool, string, Complex or Complex32).</param>
        /// <param name="dtype">The target dtype; the result is its storage element (raw bits for float16 and bfloat16).</param>
        /// <param name="what">Names the value in messages: "Constant" gives "Constant value 300 does not fit dtype uint8".</param>
        /// <param name="errorId">The ErrorId of a refused value.</param>
        public static object Cast(object? value, DType dtype, string what, string errorId = "InvalidConfigValue")
        {
            if (value is null)
            {
                throw new InitializerException(errorId, ErrorKind.InvalidArgument, $"{what} value is null; give a number.", value);
            }

            try
            {
                switch (dtype)
                {
                    case DType.String:
                        return value switch
                        {
                            string s => s,
                            double x => NumberText.FormatDouble(x),
                            float f => NumberText.FormatSingle(f),
                            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                        };
                    case DType.Bool:
                        return value switch
                        {
                            bool b => b,
                            string => throw NotNumber(value, dtype, what, errorId),
                            NComplex c => c != NComplex.Zero,
                            Complex32 c => c.Real != 0 || c.Imaginary != 0,
                            _ => ToDouble(value) != 0,
                        };
                    case DType.Complex64:
                    {
                        var c = ToComplex(value, dtype, what, errorId);
                        return new Complex32((float)c.Real, (float)c.Imaginary);
                    }

                    case DType.Complex128:
                        return ToComplex(value, dtype, what, errorId);
                }

                if (value is string)
                {
                    throw NotNumber(value, dtype, what, errorId);
                }

                // tf.cast from complex to a real dtype keeps the real part.
                var real = value switch
                {
                    NComplex c => c.Real,
                    Complex32 c => c.Real,
                    _ => value,
                };
                var d = ToDouble(real);
                switch (dtype)
                {
                    case DType.Float16: return HalfConversions.ToHalfBits((float)d);
                    case DType.BFloat16: return HalfConversions.ToBFloat16Bits((float)d);
                    case DType.Float32: return (float)d;
                    case DType.Float64: return d;
                }

                // Integers: exact for integer input (so long.MaxValue survives), truncation toward zero for floats.
                var whole = ConfigIsInteger(real) ? Config.ConfigValues.ToBigInteger(real is bool bb ? (bb ? 1 : 0) : real) : ToBigInteger(d, value, dtype, what, errorId);
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
                    errorId,
                    ErrorKind.InvalidArgument,
                    $"{what} value {Config.ConfigValues.Format(value)} does not fit dtype {dtype.Name()}.",
                    value);
            }
            catch (Exception e) when (e is InvalidCastException || e is FormatException)
            {
                throw NotNumber(value, dtype, what, errorId);
            }
        }

        private static bool ConfigIsInteger(object v) => v is bool || Config.ConfigValues.IsInteger(v);

        private static BigInteger ToBigInteger(double d, object value, DType dtype, string what, string errorId)
        {
            if (double.IsNaN(d) || double.IsInfinity(d))
            {
                throw new InitializerException(
                    errorId,
                    ErrorKind.InvalidArgument,
                    $"{what} value {Config.ConfigValues.Format(value)} cannot be cast to integer dtype {dtype.Name()}.",
                    value);
            }

            return new BigInteger(Math.Truncate(d));
        }

        private static double ToDouble(object value) => value is bool b ? (b ? 1 : 0) : Convert.ToDouble(value, CultureInfo.InvariantCulture);

        private static NComplex ToComplex(object value, DType dtype, string what, string errorId) => value switch
        {
            NComplex c => c,
            Complex32 c => new NComplex(c.Real, c.Imaginary),
            string => throw NotNumber(value, dtype, what, errorId),
            _ => new NComplex(ToDouble(value), 0),
        };

        private static InitializerException NotNumber(object value, DType dtype, string what, string errorId) => new(
            errorId,
            ErrorKind.InvalidType,
            $"{what} value {Config.ConfigValues.Format(value)} ({value.GetType().Name}) cannot be cast to dtype {dtype.Name()}.",
            value);
    }
}
