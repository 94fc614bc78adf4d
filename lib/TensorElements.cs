using System;
using System.Collections.Generic;
using System.Linq;
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
            RecordsProvenance = true;
        }

        internal TensorElements(Initializer initializer, long[] shape, DType dtype, RangeFiller filler, bool recordsProvenance)
            : this(initializer, shape, dtype, filler)
        {
            RecordsProvenance = recordsProvenance;
        }

        /// <summary>Fills <c>destination</c> (storage bytes in machine order, a whole number of elements) with the
        /// elements that start at flat position <c>start</c>.</summary>
        internal delegate void RangeFiller(long start, Span<byte> destination);

        /// <summary>The initializer whose tensor this is. For the elements of a model weight made of several
        /// initializer calls (an LSTM bias with <c>unit_forget_bias</c>), the initializer of its first call.</summary>
        public Initializer Initializer { get; }

        /// <summary>False for elements made of several initializer calls: no single provenance record describes them,
        /// so the file writers record none for them.</summary>
        internal bool RecordsProvenance { get; }

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

        /// <summary>The elements of a tensor made of consecutive initializer calls, each filling the flat range that
        /// starts at its <c>Start</c> (a model weight's parts, <see cref="Models.Weights.WeightPart"/>): any range is
        /// filled by the calls it overlaps, each at its own offset, so the values are bit for bit those of calling every
        /// initializer and concatenating the results. The checks of every call run here; the fill state of each call (an
        /// Orthogonal matrix) is built the first time one of its elements is asked for.</summary>
        /// <param name="shape">The whole tensor's dimensions.</param>
        /// <param name="dtype">The element type of every call.</param>
        /// <param name="parts">The calls in flat order: start, initializer and the shape it is called with; they must
        /// cover the tensor exactly, back to back from 0.</param>
        /// <param name="source">Names the tensor in the error for parts that do not cover it.</param>
        /// <exception cref="InitializerException">InvalidWeightParts when the parts leave a hole, overlap or run past the
        /// end; the errors of <see cref="Initializer.Elements"/> for any call.</exception>
        internal static TensorElements Concatenate(IReadOnlyList<long> shape, DType dtype, IReadOnlyList<(long Start, Initializer Initializer, IReadOnlyList<long> Shape)> parts, string source)
        {
            var checkedShape = TensorShape.Check(shape);
            var total = TensorShape.Count(checkedShape);
            if (parts.Count == 0)
            {
                throw new InitializerException("InvalidWeightParts", ErrorKind.InvalidArgument, $"The tensor '{source}' has no initializer call.", source);
            }

            var starts = new long[parts.Count + 1];
            var fillers = new Lazy<RangeFiller>[parts.Count];
            for (var i = 0; i < parts.Count; i++)
            {
                var (start, initializer, partShape) = parts[i];
                var checkedPart = TensorShape.Check(partShape);
                if (dtype == DType.String)
                {
                    // Elements refuses it with its own error.
                    initializer.Elements(checkedPart, dtype);
                }

                initializer.CheckElements(checkedPart, dtype);
                if (start != starts[i])
                {
                    throw new InitializerException(
                        "InvalidWeightParts",
                        ErrorKind.InvalidArgument,
                        $"The initializer calls of '{source}' must fill it back to back: call {i} starts at element {start}, not {starts[i]}.",
                        source);
                }

                starts[i + 1] = start + TensorShape.Count(checkedPart);
                fillers[i] = new Lazy<RangeFiller>(() => initializer.CreateFiller(checkedPart, dtype), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
            }

            if (starts[parts.Count] != total)
            {
                throw new InitializerException(
                    "InvalidWeightParts",
                    ErrorKind.InvalidArgument,
                    $"The initializer calls of '{source}' fill {starts[parts.Count]} elements; its shape {TensorShape.Format(checkedShape)} has {total}.",
                    source);
            }

            var size = dtype.ElementSize();
            void Fill(long start, Span<byte> destination)
            {
                var end = start + (destination.Length / size);
                for (var i = 0; i < fillers.Length && start < end; i++)
                {
                    if (starts[i + 1] <= start)
                    {
                        continue;
                    }

                    var n = Math.Min(end, starts[i + 1]) - start;
                    fillers[i].Value(start - starts[i], destination.Slice(0, (int)n * size));
                    destination = destination.Slice((int)n * size);
                    start += n;
                }
            }

            var single = parts.Count == 1 && parts[0].Shape.Count == checkedShape.Length && parts[0].Shape.SequenceEqual(checkedShape);
            return new TensorElements(parts[0].Initializer, checkedShape, dtype, Fill, recordsProvenance: single);
        }

        /// <summary>Fills <paramref name="destination"/> with <paramref name="count"/> elements from <paramref name="start"/>
        /// in machine byte order (a tensor's storage).</summary>
        internal unsafe void FillNative(long start, int count, Span<byte> destination)
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
