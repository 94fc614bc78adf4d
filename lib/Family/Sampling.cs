using System;
using System.Buffers;
using System.Runtime.InteropServices;
using Initializers.LinearAlgebra;
using MathNet.Numerics;
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

        /// <summary>The Philox stream for choices that are not element values (PyTorch sparse_'s zeroed rows).</summary>
        private const uint SelectionStream = 1;

        /// <summary>Fills <c>destination</c>, whose first element is element <c>offset</c> of the tensor.</summary>
        private delegate void Filler<T>(Span<T> destination, long offset);

        public static Tensor Uniform(int[] shape, DType dtype, long seed, double minval, double maxval) =>
            Sample(shape, dtype, (offset, destination) => UniformRange(dtype, seed, minval, maxval, offset, destination));

        public static Tensor Normal(int[] shape, DType dtype, long seed, double mean, double stddev) =>
            Sample(shape, dtype, (offset, destination) => NormalRange(dtype, seed, mean, stddev, offset, destination));

        public static Tensor TruncatedNormal(int[] shape, DType dtype, long seed, double mean, double stddev) =>
            Sample(shape, dtype, (offset, destination) => TruncatedNormalRange(dtype, seed, mean, stddev, offset, destination));

        /// <summary>Integers uniform on [minval, maxvalExclusive), for integer-dtype RandomUniform.</summary>
        public static Tensor UniformInteger(int[] shape, DType dtype, long seed, long minval, long maxvalExclusive) =>
            Sample(shape, dtype, (offset, destination) => UniformIntegerRange(dtype, seed, minval, maxvalExclusive, offset, destination));

        /// <summary>Elements offset.. of a uniform tensor into <paramref name="destination"/> (storage bytes of the
        /// floating <paramref name="dtype"/>): the values <see cref="Uniform"/> puts there.</summary>
        public static void UniformRange(DType dtype, long seed, double minval, double maxval, long offset, Span<byte> destination) => FloatingRange(
            dtype,
            offset,
            destination,
            (d, o) => RandomFill.Uniform(d, seed, ValueStream, o, (float)minval, (float)maxval),
            (d, o) => RandomFill.Uniform(d, seed, ValueStream, o, minval, maxval));

        /// <summary>Elements offset.. of a normal tensor, as <see cref="UniformRange"/>.</summary>
        public static void NormalRange(DType dtype, long seed, double mean, double stddev, long offset, Span<byte> destination) => FloatingRange(
            dtype,
            offset,
            destination,
            (d, o) => RandomFill.Normal(d, seed, ValueStream, o, (float)mean, (float)stddev),
            (d, o) => RandomFill.Normal(d, seed, ValueStream, o, mean, stddev));

        /// <summary>Elements offset.. of a truncated normal tensor, as <see cref="UniformRange"/>.</summary>
        public static void TruncatedNormalRange(DType dtype, long seed, double mean, double stddev, long offset, Span<byte> destination) => FloatingRange(
            dtype,
            offset,
            destination,
            (d, o) => RandomFill.TruncatedNormal(d, seed, ValueStream, o, (float)mean, (float)stddev),
            (d, o) => RandomFill.TruncatedNormal(d, seed, ValueStream, o, mean, stddev));

        /// <summary>Elements offset.. of PyTorch's <c>trunc_normal_</c> with absolute bounds [a, b], by PyTorch's method:
        /// u uniform on [2·Φ((a−mean)/std)−1, 2·Φ((b−mean)/std)−1), then mean + std·sqrt(2)·erfinv(u), clamped to [a, b].
        /// Computed in float64 for every dtype and rounded to it, so a float32 element is the float64 element rounded.</summary>
        public static void TruncatedBetweenRange(DType dtype, long seed, double mean, double stddev, double a, double b, long offset, Span<byte> destination)
        {
            var low = (2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, (a - mean) / stddev)) - 1;
            var high = (2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, (b - mean) / stddev)) - 1;
            void Draw(Span<double> d, long o)
            {
                RandomFill.Uniform(d, seed, ValueStream, o, low, high);
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = Math.Min(b, Math.Max(a, mean + (stddev * Math.Sqrt(2.0) * SpecialFunctions.ErfInv(d[i]))));
                }
            }

            FloatingRange(
                dtype,
                offset,
                destination,
                (d, o) =>
                {
                    var buffer = ArrayPool<double>.Shared.Rent(d.Length);
                    try
                    {
                        var wide = buffer.AsSpan(0, d.Length);
                        Draw(wide, o);
                        for (var i = 0; i < d.Length; i++)
                        {
                            d[i] = (float)wide[i];
                        }
                    }
                    finally
                    {
                        ArrayPool<double>.Shared.Return(buffer);
                    }
                },
                Draw);
        }

        /// <summary>PyTorch's <c>sparse_</c> selection: in each column of the (rows, cols) <paramref name="tensor"/>,
        /// <paramref name="zerosPerColumn"/> distinct rows chosen uniformly (a partial Fisher–Yates shuffle of the row
        /// indices, from Philox stream <see cref="SelectionStream"/>, draw i of column c at counter c·rows + i) are set to 0.</summary>
        public static void ZeroRowsPerColumn(Tensor tensor, long seed, int rows, int cols, int zerosPerColumn)
        {
            var order = new long[rows];
            var draw = new long[1];
            for (var c = 0; c < cols; c++)
            {
                for (var i = 0; i < rows; i++)
                {
                    order[i] = i;
                }

                for (var i = 0; i < zerosPerColumn; i++)
                {
                    RandomFill.UniformInt64(draw, seed, SelectionStream, ((long)c * rows) + i, i, rows);
                    var j = draw[0];
                    (order[i], order[j]) = (order[j], order[i]);
                    Array.Clear(tensor.Data, (int)((order[i] * cols) + c), 1);
                }
            }
        }

        /// <summary>Elements offset.. of an integer uniform tensor (storage bytes of the integer dtype): 64-bit draws
        /// narrowed to the dtype.</summary>
        public static void UniformIntegerRange(DType dtype, long seed, long minval, long maxvalExclusive, long offset, Span<byte> destination)
        {
            if (dtype == DType.Int64)
            {
                RandomFill.UniformInt64(MemoryMarshal.Cast<byte, long>(destination), seed, ValueStream, offset, minval, maxvalExclusive);
                return;
            }

            var length = destination.Length / dtype.ElementSize();
            var buffer = ArrayPool<long>.Shared.Rent(length);
            try
            {
                var values = buffer.AsSpan(0, length);
                RandomFill.UniformInt64(values, seed, ValueStream, offset, minval, maxvalExclusive);
                Narrow(values, destination, dtype);
            }
            finally
            {
                ArrayPool<long>.Shared.Return(buffer);
            }
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

        /// <summary>Allocates the tensor and fills it chunk by chunk (in parallel per <see cref="FillOptions"/>) through
        /// the range function that also serves <see cref="TensorElements"/>, so both give the same bits.</summary>
        public static Tensor Sample(int[] shape, DType dtype, TensorElements.RangeFiller fill)
        {
            var tensor = Tensor.Allocate(shape, dtype, uninitialized: true);
            var data = tensor.Data;
            FillOptions.Current.Run(data.LongLength, (start, length) => fill(start, Storage.Bytes(data, (int)start, length)));
            return tensor;
        }

        /// <summary>float32 and float64 are drawn in place; float16 and bfloat16 are drawn in float32 and rounded to
        /// nearest even.</summary>
        private static void FloatingRange(DType dtype, long offset, Span<byte> destination, Filler<float> fillSingle, Filler<double> fillDouble)
        {
            switch (dtype)
            {
                case DType.Float32:
                    fillSingle(MemoryMarshal.Cast<byte, float>(destination), offset);
                    return;
                case DType.Float64:
                    fillDouble(MemoryMarshal.Cast<byte, double>(destination), offset);
                    return;
            }

            var bits = MemoryMarshal.Cast<byte, ushort>(destination);
            var half = dtype == DType.Float16;
            var buffer = ArrayPool<float>.Shared.Rent(bits.Length);
            try
            {
                fillSingle(buffer.AsSpan(0, bits.Length), offset);
                for (var i = 0; i < bits.Length; i++)
                {
                    bits[i] = half ? HalfConversions.ToHalfBits(buffer[i]) : HalfConversions.ToBFloat16Bits(buffer[i]);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
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

        private static void Narrow(ReadOnlySpan<long> source, Span<byte> destination, DType dtype)
        {
            switch (dtype)
            {
                case DType.Int8 or DType.UInt8:
                    for (var i = 0; i < source.Length; i++)
                    {
                        destination[i] = (byte)source[i];
                    }

                    break;
                case DType.Int16 or DType.UInt16:
                    var shorts = MemoryMarshal.Cast<byte, ushort>(destination);
                    for (var i = 0; i < source.Length; i++)
                    {
                        shorts[i] = (ushort)source[i];
                    }

                    break;
                case DType.Int32 or DType.UInt32:
                    var ints = MemoryMarshal.Cast<byte, uint>(destination);
                    for (var i = 0; i < source.Length; i++)
                    {
                        ints[i] = (uint)source[i];
                    }

                    break;
                default:
                    MemoryMarshal.Cast<long, byte>(source).CopyTo(destination);
                    break;
            }
        }
    }
}
