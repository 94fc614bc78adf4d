using System;
using System.Runtime.InteropServices;
using MathNet.Numerics;
using NComplex = System.Numerics.Complex;

namespace Initializers
{
    /// <summary>Byte views of a tensor's storage arrays, shared by the file writers and the element-range fills.</summary>
    internal static class Storage
    {
        /// <summary>The storage element type of <paramref name="dtype"/> (see the remarks on <see cref="Tensor"/>).</summary>
        public static Type ElementType(DType dtype) => dtype switch
        {
            DType.Float16 or DType.BFloat16 or DType.UInt16 => typeof(ushort),
            DType.Float32 => typeof(float),
            DType.Float64 => typeof(double),
            DType.Int8 => typeof(sbyte),
            DType.Int16 => typeof(short),
            DType.Int32 => typeof(int),
            DType.Int64 => typeof(long),
            DType.UInt8 => typeof(byte),
            DType.UInt32 => typeof(uint),
            DType.UInt64 => typeof(ulong),
            DType.Bool => typeof(bool),
            DType.Complex64 => typeof(Complex32),
            DType.Complex128 => typeof(NComplex),
            _ => typeof(string),
        };

        /// <summary>The bytes of elements [start, start + n) of a primitive or complex storage array, without a copy.</summary>
        public static Span<byte> Bytes(Array data, int start, int n) => data switch
        {
            ushort[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            float[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            double[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            short[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            int[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            long[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            byte[] a => a.AsSpan(start, n),
            uint[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            ulong[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            bool[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            Complex32[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            NComplex[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            _ => throw new InvalidOperationException($"No byte view for {data.GetType()}."),
        };

        /// <summary>The storage bytes of one element holding <paramref name="value"/>, already cast to the dtype by
        /// <see cref="TensorFill.Cast"/>.</summary>
        public static byte[] ElementBytes(DType dtype, object value)
        {
            var one = Tensor.Allocate(Array.Empty<int>(), dtype, uninitialized: false);
            one.Data.SetValue(value, 0);
            return Bytes(one.Data, 0, 1).ToArray();
        }

        /// <summary>Fills <paramref name="destination"/> with copies of <paramref name="element"/>.</summary>
        public static void Repeat(ReadOnlySpan<byte> element, Span<byte> destination)
        {
            if (destination.Length == 0)
            {
                return;
            }

            element.CopyTo(destination);
            var filled = element.Length;
            while (filled < destination.Length)
            {
                var n = Math.Min(filled, destination.Length - filled);
                destination.Slice(0, n).CopyTo(destination.Slice(filled));
                filled += n;
            }
        }
    }
}
