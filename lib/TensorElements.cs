using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Initializers
{
    /// <summary>The elements of the tensor an initializer builds for one shape and dtype, produced on demand in any
    /// range: <see cref="Fill{T}"/> and <see cref="FillBytes"/> write elements [start, start + n) into a caller's
    /// buffer, and those values (bit for bit) are the ones <see cref="Initializer.Call(IReadOnlyList{int}, DType)"/> puts at the same flat row-major
    /// positions. The whole tensor is never held, so its shape may have more elements than one .NET array (this is how
    /// files past memory are written). Get one from <see cref="Initializer.Elements"/>.</summary>
    /// <remarks>Random initializers compute element i from (seed, i) alone, so any range costs only its own length.
    /// Zeros, Ones, Constant and Identity are computed per element. Orthogonal needs its whole matrix: it is built once,
    /// when this object is created, and sliced, so it is limited to what one tensor holds in memory (larger shapes are
    /// refused with TensorTooLarge). Ranges are filled in parallel per <c>FillOptions</c>; the split never changes a
    /// bit.</remarks>
    public sealed class TensorElements
    {
        private readonly long[] shape;
        private readonly RangeFiller filler;

        internal TensorElements(Initializer initializer, long[] shape, DType dtype, RangeFiller filler)
        {
            Initializer = initializer;
            this.shape = shape;
            DType = dtype;
            this.filler = filler;
            Count = TensorShape.Count(shape);
            ElementSize = dtype.ElementSize();
        }

        /// <summary>Fills <c>destination</c> (storage bytes in machine order, a whole number of elements) with the
        /// elements that start at flat position <c>start</c>.</summary>
        internal delegate void RangeFiller(long start, Span<byte> destination);

        /// <summary>The initializer whose tensor this is.</summary>
        public Initializer Initializer { get; }

        /// <summary>The dimensions, outermost first (empty for a scalar); they may exceed <see cref="int.MaxValue"/>.</summary>
        public IReadOnlyList<long> Shape => shape;

        /// <summary>The element type.</summary>
        public DType DType { get; }

        /// <summary>The number of elements: the product of the dimensions (1 for a scalar).</summary>
        public long Count { get; }

        /// <summary>Bytes per element (<see cref="DTypes.ElementSize"/>).</summary>
        public int ElementSize { get; }

        /// <summary>The size of the data in bytes: <see cref="Count"/> times <see cref="ElementSize"/>.</summary>
        public long ByteCount => Count * ElementSize;

        /// <summary>Writes elements [<paramref name="start"/>, <paramref name="start"/> + n) into
        /// <paramref name="destination"/>, n being its length. <typeparamref name="T"/> is the storage type of the dtype:
        /// float, double, sbyte, short, int, long, byte, ushort (uint16, and the raw bits of float16 and bfloat16), uint,
        /// ulong, bool, MathNet's Complex32 (complex64) or System.Numerics.Complex (complex128).</summary>
        /// <typeparam name="T">The storage element type of <see cref="DType"/>.</typeparam>
        /// <param name="start">The flat row-major position of the first element, 0 to <see cref="Count"/>.</param>
        /// <param name="destination">Receives the elements; the range must end at or before <see cref="Count"/>.</param>
        /// <exception cref="InitializerException">InvalidElementType when <typeparamref name="T"/> is not the storage
        /// type; InvalidRange when the range lies outside the tensor.</exception>
        public void Fill<T>(long start, Span<T> destination)
            where T : unmanaged
        {
            var expected = Storage.ElementType(DType);
            if (typeof(T) != expected)
            {
                throw new InitializerException(
                    "InvalidElementType",
                    ErrorKind.InvalidArgument,
                    $"A {DType.Name()} tensor stores {expected.Name}, not {typeof(T).Name}; fill a Span<{expected.Name}> (or use FillBytes).",
                    typeof(T).Name);
            }

            FillNative(start, destination.Length, MemoryMarshal.AsBytes(destination));
        }

        /// <summary>Writes elements [<paramref name="start"/>, <paramref name="start"/> + n) into
        /// <paramref name="destination"/> as little-endian bytes, <see cref="ElementSize"/> per element: exactly the
        /// bytes a .npy file (descr <c>&lt;</c>) or a safetensors file holds for them.</summary>
        /// <param name="start">The flat row-major position of the first element, 0 to <see cref="Count"/>.</param>
        /// <param name="destination">Receives n elements; its length must be a multiple of <see cref="ElementSize"/>.</param>
        /// <exception cref="InitializerException">InvalidRange when the length is not a whole number of elements or the
        /// range lies outside the tensor.</exception>
        public void FillBytes(long start, Span<byte> destination)
        {
            if (destination.Length % ElementSize != 0)
            {
                throw new InitializerException(
                    "InvalidRange",
                    ErrorKind.InvalidArgument,
                    $"The destination holds {destination.Length} bytes, not a whole number of {DType.Name()} elements ({ElementSize} bytes each).",
                    destination.Length);
            }

            FillNative(start, destination.Length / ElementSize, destination);
            if (!BitConverter.IsLittleEndian && ElementSize > 1)
            {
                var unit = DType.IsComplex() ? ElementSize / 2 : ElementSize;
                for (var i = 0; i < destination.Length; i += unit)
                {
                    destination.Slice(i, unit).Reverse();
                }
            }
        }

        private unsafe void FillNative(long start, int count, Span<byte> destination)
        {
            if (start < 0 || start > Count || count > Count - start)
            {
                throw new InitializerException(
                    "InvalidRange",
                    ErrorKind.InvalidArgument,
                    $"Elements [{start}, {start + count}) lie outside the tensor of shape {TensorShape.Format(shape)}, which has {Count} elements.",
                    start);
            }

            var options = FillOptions.Current;
            if (count <= options.ChunkSize)
            {
                filler(start, destination);
                return;
            }

            // Large ranges are split into chunks filled in parallel; every value depends on its position only.
            var size = ElementSize;
            fixed (byte* pointer = destination)
            {
                var address = (IntPtr)pointer;
                options.Run(count, (offset, length) => filler(start + offset, new Span<byte>((byte*)address + (offset * size), length * size)));
            }
        }
    }
}
