using System;
using System.Buffers;
using Initializers.LinearAlgebra;
using Initializers.Randomness;

namespace Initializers.Family
{
    /// <summary>Allocates a tensor and fills it from the counter-based generator (Randomness/). Element i depends only
    /// on (seed, i), so <see cref="FillOptions"/> may split the work any way without changing a bit. float16 and
    /// bfloat16 are sampled in float32 and rounded to nearest even, chunk by chunk, without a full-size temporary.</summary>
    internal static class Sampling
    {
        /// <summary>The Philox stream for element values (the counter's fourth word).</summary>
        private const uint ValueStream = 0;

        /// <summary>Fills <c>destination</c>, whose first element is element <c>offset</c> of the tensor.</summary>
        private delegate void Filler<T>(Span<T> destination, long offset);

        public static Tensor Uniform(int[] shape, DType dtype, long seed, double minval, double maxval) => Sample(
            shape,
            dtype,
            (d, o) => RandomFill.Uniform(d, seed, ValueStream, o, (float)minval, (float)maxval),
            (d, o) => RandomFill.Uniform(d, seed, ValueStream, o, minval, maxval));

        public static Tensor Normal(int[] shape, DType dtype, long seed, double mean, double stddev) => Sample(
            shape,
            dtype,
            (d, o) => RandomFill.Normal(d, seed, ValueStream, o, (float)mean, (float)stddev),
            (d, o) => RandomFill.Normal(d, seed, ValueStream, o, mean, stddev));

        public static Tensor TruncatedNormal(int[] shape, DType dtype, long seed, double mean, double stddev) => Sample(
            shape,
            dtype,
            (d, o) => RandomFill.TruncatedNormal(d, seed, ValueStream, o, (float)mean, (float)stddev),
            (d, o) => RandomFill.TruncatedNormal(d, seed, ValueStream, o, mean, stddev));

        /// <summary>Integers uniform on [minval, maxvalExclusive), for integer-dtype RandomUniform.</summary>
        public static Tensor UniformInteger(int[] shape, DType dtype, long seed, long minval, long maxvalExclusive)
        {
            var tensor = Tensor.Allocate(shape, dtype, uninitialized: true);
            var data = tensor.Data;
            FillOptions.Current.Run(data.LongLength, (start, length) =>
            {
                if (dtype == DType.Int64)
                {
                    RandomFill.UniformInt64(((long[])data).AsSpan((int)start, length), seed, ValueStream, start, minval, maxvalExclusive);
                    return;
                }

                var buffer = ArrayPool<long>.Shared.Rent(length);
                try
                {
                    RandomFill.UniformInt64(buffer.AsSpan(0, length), seed, ValueStream, start, minval, maxvalExclusive);
                    Narrow(buffer, data, (int)start, length, dtype);
                }
                finally
                {
                    ArrayPool<long>.Shared.Return(buffer);
                }
            });
            return tensor;
        }

        /// <summary>Keras's Orthogonal: a float64 Gaussian (max(rows, cols), min(rows, cols)) matrix, orthonormalised
        /// (Q·sign(diag(R))), transposed when wide, times gain, rounded to the dtype.</summary>
        public static Tensor Orthogonal(int[] shape, DType dtype, long seed, int rows, int cols, double gain)
        {
            if (rows == 0 || cols == 0)
            {
                return Tensor.Allocate(shape, dtype, uninitialized: false);
            }

            var m = Math.Max(rows, cols);
            var n = Math.Min(rows, cols);
            // The work matrix, the Gram matrix of the orthonormalisation and the result must fit together.
            var work = ((long)m * n * sizeof(double)) + ((long)n * n * sizeof(double)) + ((long)rows * cols * Tensor.StorageSize(dtype));
            var what = "Orthogonal of shape " + TensorShape.Format(shape) + " (" + m + " x " + n + " float64 work matrices and the " + dtype.Name() + " result)";
            MemoryBudget.Check(work, what);
            double[] q;
            try
            {
                q = new double[(long)m * n];
            }
            catch (OutOfMemoryException ex)
            {
                throw MemoryBudget.OutOfMemory(work, what, ex);
            }

            var options = FillOptions.Current;
            options.Run(q.LongLength, (start, length) => RandomFill.Normal(q.AsSpan((int)start, length), seed, ValueStream, start, 0.0, 1.0));
            var tall = rows >= cols;
            var tensor = Tensor.Allocate(shape, dtype, uninitialized: true);
            if (dtype == DType.Float32)
            {
                // Tall: Q is rows×cols as is. Wide: Q is cols×rows and the result is its transpose.
                Orthonormalizer.OrthonormalizeToSingle(q, m, n, (float[])tensor.Data, transpose: !tall, gain, options.MaxThreads);
                return tensor;
            }

            Orthonormalizer.OrthonormalizeColumns(q, m, n, options.MaxThreads);
            options.Run(rows, (firstRow, rowCount) =>
            {
                for (var i = (int)firstRow; i < firstRow + rowCount; i++)
                {
                    for (var j = 0; j < cols; j++)
                    {
                        var value = gain * (tall ? q[((long)i * n) + j] : q[((long)j * n) + i]);
                        Store(tensor, ((long)i * cols) + j, value);
                    }
                }
            });
            return tensor;
        }

        public static (long Lowest, long Highest) IntegerRange(DType dtype) => dtype switch
        {
            DType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
            DType.Int16 => (short.MinValue, short.MaxValue),
            DType.Int32 => (int.MinValue, int.MaxValue),
            DType.UInt8 => (byte.MinValue, byte.MaxValue),
            DType.UInt16 => (ushort.MinValue, ushort.MaxValue),
            DType.UInt32 => (uint.MinValue, uint.MaxValue),
            DType.UInt64 => (0, long.MaxValue),
            _ => (long.MinValue, long.MaxValue),
        };

        private static Tensor Sample(int[] shape, DType dtype, Filler<float> fillSingle, Filler<double> fillDouble)
        {
            var tensor = Tensor.Allocate(shape, dtype, uninitialized: true);
            var options = FillOptions.Current;
            switch (tensor.Data)
            {
                case float[] single:
                    options.Run(single.LongLength, (start, length) => fillSingle(single.AsSpan((int)start, length), start));
                    break;
                case double[] pair:
                    options.Run(pair.LongLength, (start, length) => fillDouble(pair.AsSpan((int)start, length), start));
                    break;
                case ushort[] bits:
                    var half = dtype == DType.Float16;
                    options.Run(bits.LongLength, (start, length) =>
                    {
                        var buffer = ArrayPool<float>.Shared.Rent(length);
                        try
                        {
                            fillSingle(buffer.AsSpan(0, length), start);
                            for (var i = 0; i < length; i++)
                            {
                                bits[start + i] = half ? HalfConversions.ToHalfBits(buffer[i]) : HalfConversions.ToBFloat16Bits(buffer[i]);
                            }
                        }
                        finally
                        {
                            ArrayPool<float>.Shared.Return(buffer);
                        }
                    });
                    break;
            }

            return tensor;
        }

        private static void Store(Tensor tensor, long index, double value)
        {
            switch (tensor.DType)
            {
                case DType.Float64: ((double[])tensor.Data)[index] = value; break;
                case DType.Float16: ((ushort[])tensor.Data)[index] = HalfConversions.ToHalfBits((float)value); break;
                default: ((ushort[])tensor.Data)[index] = HalfConversions.ToBFloat16Bits((float)value); break;
            }
        }

        private static void Narrow(long[] source, Array destination, int start, int length, DType dtype)
        {
            for (var i = 0; i < length; i++)
            {
                var v = source[i];
                switch (dtype)
                {
                    case DType.Int8: ((sbyte[])destination)[start + i] = (sbyte)v; break;
                    case DType.Int16: ((short[])destination)[start + i] = (short)v; break;
                    case DType.Int32: ((int[])destination)[start + i] = (int)v; break;
                    case DType.UInt8: ((byte[])destination)[start + i] = (byte)v; break;
                    case DType.UInt16: ((ushort[])destination)[start + i] = (ushort)v; break;
                    case DType.UInt32: ((uint[])destination)[start + i] = (uint)v; break;
                    default: ((ulong[])destination)[start + i] = (ulong)v; break;
                }
            }
        }
    }
}
