using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Initializers.Serialization;
using MathNet.Numerics;
using NComplex = System.Numerics.Complex;

namespace Initializers
{
    /// <summary>A dense tensor: a shape (rank 0 and up), a dtype, and contiguous row-major (C-order) storage.
    /// Deliberately not <see cref="System.Collections.IEnumerable"/>: PowerShell would unroll it into the pipeline.</summary>
    /// <remarks>Storage per dtype: float16 and bfloat16 keep their raw bits in a <see cref="ushort"/>[]; complex64 is
    /// MathNet's Complex32[]; complex128 is System.Numerics.Complex[]; string is string[]; the rest are the matching
    /// CLR primitive arrays. The members hand out no MathNet type (on PowerShell 7 MathNet lives in the module's
    /// private load context, where the session cannot name its types): complex64 values come out as
    /// System.Numerics.Complex. The MathNet interop for C# callers is <see cref="TensorMathNet"/>.
    /// <para>Equality is by value: two tensors are equal when shape, dtype and every element's bits are equal (so a NaN
    /// equals the same NaN, and 0.0 differs from -0.0), strings compared ordinally. A tensor is mutable through its
    /// indexer: do not change one while it is a key of a dictionary or a member of a set.</para>
    /// <para><see cref="CompareTo(Tensor)"/> orders tensors by dtype, then shape, then element bits; it is a fixed total
    /// order consistent with <see cref="Equals(Tensor)"/>, for sorting and Compare-Object, not a numeric comparison.</para></remarks>
    public sealed class Tensor : IEquatable<Tensor>, IComparable<Tensor>, IComparable
    {
        private const int SummaryThreshold = 1000;
        private const int EdgeItems = 3;

        private readonly int[] shape;
        private readonly ReadOnlyCollection<int> shapeView;
        private readonly long[] strides;

        internal Tensor(int[] shape, DType dtype, Array data)
        {
            this.shape = shape;
            shapeView = Array.AsReadOnly(shape);
            DType = dtype;
            Data = data;
            strides = new long[shape.Length];
            long stride = 1;
            for (var i = shape.Length - 1; i >= 0; i--)
            {
                strides[i] = stride;
                stride *= shape[i];
            }
        }

        /// <summary>The dimensions, outermost first. Empty for a scalar. Read-only: a tensor's shape never changes.</summary>
        public IReadOnlyList<int> Shape => shapeView;

        /// <summary>The number of dimensions: 0 for a scalar, 1 for a vector, 2 for a matrix, ...</summary>
        public int Rank => shape.Length;

        /// <summary>The element type, fixed when the tensor is created; it decides how elements are stored and read back
        /// (see <see cref="Initializers.DType"/>).</summary>
        public DType DType { get; }

        /// <summary>See <see cref="GetProvenance"/>. Internal, so that it is no property: PowerShell's ConvertTo-Json
        /// keeps a tensor's JSON form (Shape, Rank, DType, Count, Values).</summary>
        internal TensorProvenance? Provenance { get; set; }

        /// <summary>The element count: the product of the dimensions (1 for a scalar).</summary>
        public long Count => Data.LongLength;

        /// <summary>The raw row-major storage (see the remarks on <see cref="Tensor"/> for the element type per dtype).</summary>
        internal Array Data { get; }

        /// <summary>How the tensor was made (the initializer with its effective seed, dtype, shape and library version),
        /// set by <see cref="Initializer.Call(IReadOnlyList{int}, DType)"/> and by the file readers when the file records it; null for a tensor made
        /// another way. It is not part of equality. Setting an element through the indexer or <see cref="SetFlat"/>
        /// clears it, since the values are then no longer the initializer's (writes through <see cref="AsSpan{T}"/> do
        /// not: the caller that changes the storage directly answers for it). A method, not a property, so that
        /// serializers of public properties (ConvertTo-Json) keep the tensor's form.</summary>
        public TensorProvenance? GetProvenance() => Provenance;

        /// <summary>A tensor of zeros (false, "" or 0+0i as the dtype says).</summary>
        /// <param name="shape">The dimensions, outermost first; empty for a scalar.</param>
        /// <param name="dtype">The element type (default float32).</param>
        public static Tensor Zeros(IReadOnlyList<int> shape, DType dtype = DType.Float32) => Allocate(TensorShape.Check(shape), dtype, uninitialized: false);

        /// <summary>A tensor holding a copy of <paramref name="array"/>'s elements in row-major order (numpy's
        /// <c>np.array(values).reshape(shape)</c>): a flat array, or a rectangular one (<c>float[,]</c>) read row by row.
        /// Without <paramref name="dtype"/> the dtype follows the element type (float is float32, double float64, int
        /// int32, ushort uint16, bool, string, System.Numerics.Complex complex128, ...); with it every element is cast
        /// by the one cast rule (<see cref="SetFlat"/>), so float values make a float16 tensor. The tensor never shares
        /// the caller's array.</summary>
        /// <param name="array">The values; its element count must equal the shape's (else ShapeMismatch). An element
        /// type that is no dtype's (decimal, object, a jagged array) needs <paramref name="dtype"/> (else UnsupportedType).</param>
        /// <param name="shape">The dimensions, outermost first; empty for a scalar (one element).</param>
        /// <param name="dtype">The element type; null (the default) takes it from the array's element type.</param>
        public static Tensor FromArray(Array array, IReadOnlyList<int> shape, DType? dtype = null)
        {
            if (array is null)
            {
                throw new ArgumentNullException(nameof(array));
            }

            var checkedShape = TensorShape.Check(shape);
            var count = TensorShape.Count(checkedShape);
            if (array.LongLength != count)
            {
                throw new InitializerException(
                    "ShapeMismatch",
                    ErrorKind.InvalidArgument,
                    $"The array has {array.LongLength} elements; shape {TensorShape.Format(checkedShape)} has {count}.",
                    array);
            }

            var elementType = array.GetType().GetElementType()!;
            var target = dtype ?? DTypeOfElement(elementType, $"An array of {elementType.Name}");
            var tensor = Allocate(checkedShape, target, uninitialized: true);
            if (tensor.Data.GetType().GetElementType() == elementType && target != DType.Float16 && target != DType.BFloat16)
            {
                if (array.Rank == 1)
                {
                    Array.Copy(array, tensor.Data, count);
                    return tensor;
                }

                if (elementType.IsPrimitive)
                {
                    Buffer.BlockCopy(array, 0, tensor.Data, 0, Buffer.ByteLength(array));
                    return tensor;
                }
            }

            long position = 0;
            foreach (var element in array)
            {
                tensor.SetFlat(position++, element!);
            }

            return tensor;
        }

        /// <summary>Allocates storage. With <paramref name="uninitialized"/> the caller promises to write every element
        /// (it skips the zeroing pass on .NET 5+ for primitive types).</summary>
        /// <remarks>The bytes are checked first against what the process can get (<see cref="MemoryBudget"/>): a request
        /// too large is InsufficientMemory, never an <see cref="OutOfMemoryException"/>.</remarks>
        internal static Tensor Allocate(int[] shape, DType dtype, bool uninitialized)
        {
            var n = (int)TensorShape.Count(shape);
            var bytes = (long)n * StorageSize(dtype);
            var what = "A " + dtype.Name() + " tensor of shape " + TensorShape.Format(shape);
            MemoryBudget.Check(bytes, what);
            try
            {
                return new Tensor(shape, dtype, NewStorage(n, dtype, uninitialized));
            }
            catch (OutOfMemoryException ex)
            {
                throw MemoryBudget.OutOfMemory(bytes, what, ex);
            }
        }

        /// <summary>Bytes per element of the storage (a reference for string).</summary>
        internal static int StorageSize(DType dtype) => dtype == DType.String ? IntPtr.Size : dtype.ElementSize();

        private static Array NewStorage(int n, DType dtype, bool uninitialized) => dtype switch
        {
            DType.Float16 or DType.BFloat16 or DType.UInt16 => NewArray<ushort>(n, uninitialized),
            DType.Float32 => NewArray<float>(n, uninitialized),
            DType.Float64 => NewArray<double>(n, uninitialized),
            DType.Int8 => NewArray<sbyte>(n, uninitialized),
            DType.Int16 => NewArray<short>(n, uninitialized),
            DType.Int32 => NewArray<int>(n, uninitialized),
            DType.Int64 => NewArray<long>(n, uninitialized),
            DType.UInt8 => NewArray<byte>(n, uninitialized),
            DType.UInt32 => NewArray<uint>(n, uninitialized),
            DType.UInt64 => NewArray<ulong>(n, uninitialized),
            DType.Bool => new bool[n],
            DType.Complex64 => new Complex32[n],
            DType.Complex128 => new NComplex[n],
            _ => NewStrings(n),
        };

        /// <summary>The storage as a typed span, without a copy. <typeparamref name="T"/> must be the storage element type.</summary>
        public Span<T> AsSpan<T>()
        {
            if (Data.GetType().GetElementType() == typeof(T))
            {
                return (T[])Data;
            }

            throw new InvalidCastException($"A {DType.Name()} tensor stores {Data.GetType().GetElementType()!.Name}, not {typeof(T).Name}.");
        }

        /// <summary>A flat row-major copy of the values. float16 and bfloat16 come back as float[], complex64 as
        /// System.Numerics.Complex[] (both widened exactly).</summary>
        public Array ToArray()
        {
            if (DType == DType.Float16 || DType == DType.BFloat16)
            {
                var bits = (ushort[])Data;
                var result = new float[bits.Length];
                for (var i = 0; i < bits.Length; i++)
                {
                    result[i] = ToSingle(bits[i]);
                }

                return result;
            }

            if (Data is Complex32[] complex)
            {
                var result = new NComplex[complex.Length];
                for (var i = 0; i < complex.Length; i++)
                {
                    result[i] = new NComplex(complex[i].Real, complex[i].Imaginary);
                }

                return result;
            }

            return (Array)Data.Clone();
        }

        /// <summary>A flat row-major copy, converted to <typeparamref name="T"/> by the one cast rule
        /// (<see cref="TensorFill.Cast"/>, tf.cast: a float into an integer type truncates toward zero). T is the storage
        /// type of a dtype (float, double, sbyte, short, int, long, byte, ushort, uint, ulong, bool, Complex32,
        /// System.Numerics.Complex, string) or object. ushort means uint16 values; <see cref="ToBits"/> gives float16 bits.</summary>
        public T[] ToArray<T>()
        {
            if (Data is T[] stored && DType == DType.Complex64)
            {
                return (T[])stored.Clone();
            }

            var flat = ToArray();
            if (flat.GetType().GetElementType() == typeof(T))
            {
                return (T[])flat;
            }

            var result = new T[flat.Length];
            if (typeof(T) == typeof(object))
            {
                Array.Copy(flat, result, flat.Length);
                return result;
            }

            var target = DTypeOfElement(typeof(T), $"ToArray<{typeof(T).Name}>");
            for (var i = 0; i < flat.Length; i++)
            {
                var element = flat.GetValue(i)!;
                result[i] = (T)TensorFill.Cast(element, target, "Tensor element", "InvalidValue");
            }

            return result;
        }

        /// <summary>The element at a multi-index: one index per dimension, none for a scalar (<c>t.Item()</c> from
        /// PowerShell, as numpy's <c>a.item()</c>). A negative index counts from the end of its axis, as in numpy; one
        /// outside the axis is an <see cref="InitializerException"/> (InvalidIndex), as is a wrong number of indices.
        /// Reading gives float for float16 and bfloat16; writing casts the value to the dtype as
        /// <see cref="TensorFill.Cast"/> documents (a refused value is InvalidValue).</summary>
        /// <remarks>PowerShell hands <c>$t[1, 0]</c> to an indexer as two arguments and never packs them into a
        /// <c>params</c> array, so ranks 2 to 8 also have an overload with one int per dimension; rank 1 binds here.</remarks>
        public object this[params int[] index]
        {
            get => GetFlat(FlatIndex(index));
            set => SetFlat(FlatIndex(index), value);
        }

        /// <summary>The element of a rank-2 tensor (see <see cref="this[int[]]"/>).</summary>
        public object this[int i0, int i1]
        {
            get => this[new[] { i0, i1 }];
            set => this[new[] { i0, i1 }] = value;
        }

        /// <summary>The element of a rank-3 tensor (see <see cref="this[int[]]"/>).</summary>
        public object this[int i0, int i1, int i2]
        {
            get => this[new[] { i0, i1, i2 }];
            set => this[new[] { i0, i1, i2 }] = value;
        }

        /// <summary>The element of a rank-4 tensor (see <see cref="this[int[]]"/>).</summary>
        public object this[int i0, int i1, int i2, int i3]
        {
            get => this[new[] { i0, i1, i2, i3 }];
            set => this[new[] { i0, i1, i2, i3 }] = value;
        }

        /// <summary>The element of a rank-5 tensor (see <see cref="this[int[]]"/>).</summary>
        public object this[int i0, int i1, int i2, int i3, int i4]
        {
            get => this[new[] { i0, i1, i2, i3, i4 }];
            set => this[new[] { i0, i1, i2, i3, i4 }] = value;
        }

        /// <summary>The element of a rank-6 tensor (see <see cref="this[int[]]"/>).</summary>
        public object this[int i0, int i1, int i2, int i3, int i4, int i5]
        {
            get => this[new[] { i0, i1, i2, i3, i4, i5 }];
            set => this[new[] { i0, i1, i2, i3, i4, i5 }] = value;
        }

        /// <summary>The element of a rank-7 tensor (see <see cref="this[int[]]"/>).</summary>
        public object this[int i0, int i1, int i2, int i3, int i4, int i5, int i6]
        {
            get => this[new[] { i0, i1, i2, i3, i4, i5, i6 }];
            set => this[new[] { i0, i1, i2, i3, i4, i5, i6 }] = value;
        }

        /// <summary>The element of a rank-8 tensor (see <see cref="this[int[]]"/>).</summary>
        public object this[int i0, int i1, int i2, int i3, int i4, int i5, int i6, int i7]
        {
            get => this[new[] { i0, i1, i2, i3, i4, i5, i6, i7 }];
            set => this[new[] { i0, i1, i2, i3, i4, i5, i6, i7 }] = value;
        }

        /// <summary>The element at a flat row-major position, widened like <see cref="ToArray()"/>: float16 and
        /// bfloat16 as float, complex64 as System.Numerics.Complex.</summary>
        /// <param name="position">0-based index into the row-major storage, 0 to <see cref="Count"/> - 1 (else
        /// InvalidIndex).</param>
        public object GetFlat(long position)
        {
            var value = Data.GetValue(CheckedPosition(position))!;
            return value switch
            {
                ushort bits when DType == DType.Float16 || DType == DType.BFloat16 => ToSingle(bits),
                Complex32 c => new NComplex(c.Real, c.Imaginary),
                _ => value,
            };
        }

        /// <summary>Sets the element at a flat row-major position, cast to the dtype by the one cast rule
        /// (<see cref="TensorFill.Cast"/>: tf.cast, so 2.7 into int32 is 2; a value out of range is InvalidValue).</summary>
        /// <param name="position">0-based index into the row-major storage, 0 to <see cref="Count"/> - 1 (else
        /// InvalidIndex).</param>
        /// <param name="value">The new value; a PowerShell-wrapped value is unwrapped first.</param>
        public void SetFlat(long position, object value)
        {
            Data.SetValue(TensorFill.Cast(Unwrap(value), DType, "Tensor element", "InvalidValue"), CheckedPosition(position));
            Provenance = null;
        }

        /// <summary>The values as nested arrays, outermost axis first, like numpy's <c>tolist()</c>: a rank-2 tensor gives
        /// an object[] of rows, each an object[] of elements; a scalar gives its element. Elements are as the indexer
        /// reads them (float for float16 and bfloat16).</summary>
        public object ToList() => Rank == 0 ? GetFlat(0) : Nest(0, 0);

        /// <summary>The raw bits of a floating tensor, a flat row-major copy: <see cref="ushort"/>[] for float16 and
        /// bfloat16 (1.0 is 0x3C00 and 0x3F80), <see cref="uint"/>[] for float32, <see cref="ulong"/>[] for float64.
        /// This is how float16 and bfloat16 values are saved exactly (netstandard2.0 has no System.Half).</summary>
        public Array ToBits()
        {
            switch (DType)
            {
                case DType.Float16:
                case DType.BFloat16:
                    return (ushort[])Data.Clone();
                case DType.Float32:
                    return MemoryMarshal.Cast<float, uint>((float[])Data).ToArray();
                case DType.Float64:
                    return MemoryMarshal.Cast<double, ulong>((double[])Data).ToArray();
                default:
                    throw new InitializerException(
                        "UnsupportedDType",
                        ErrorKind.InvalidOperation,
                        $"ToBits is for the floating dtypes (float16, bfloat16, float32, float64); a {DType.Name()} tensor's ToArray() is already exact, and ToBytes() gives its raw bytes.",
                        DType.Name());
            }
        }

        /// <summary>The raw storage as little-endian bytes, row-major, <see cref="DTypes.ElementSize"/> bytes per element
        /// (numpy's <c>tobytes()</c> on a little-endian machine): IEEE bits for the floats, two's complement for the
        /// integers, 0 or 1 for bool, real then imaginary part for the complex dtypes. Not defined for string.</summary>
        public byte[] ToBytes()
        {
            if (DType == DType.String)
            {
                throw new InitializerException(
                    "UnsupportedDType",
                    ErrorKind.InvalidOperation,
                    "A string tensor has no fixed-size elements, so it has no raw bytes; use ToArray().",
                    DType.Name());
            }

            var bytes = RawBytes().ToArray();
            if (!BitConverter.IsLittleEndian)
            {
                // Reverse each scalar: the element, or each half of a complex element.
                var size = DType.IsComplex() ? DType.ElementSize() / 2 : DType.ElementSize();
                for (var i = 0; i < bytes.Length; i += size)
                {
                    Array.Reverse(bytes, i, size);
                }
            }

            return bytes;
        }

        /// <summary>True when <paramref name="other"/> has the same shape, dtype and element bits (strings ordinally).</summary>
        /// <param name="other">The tensor to compare with; null is unequal.</param>
        public bool Equals(Tensor? other)
        {
            if (other is null)
            {
                return false;
            }

            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (DType != other.DType || !shape.AsSpan().SequenceEqual(other.shape))
            {
                return false;
            }

            if (DType == DType.String)
            {
                var a = (string[])Data;
                var b = (string[])other.Data;
                for (var i = 0; i < a.Length; i++)
                {
                    if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
            }

            return RawBytes().SequenceEqual(other.RawBytes());
        }

        /// <summary>True when <paramref name="obj"/> is a <see cref="Tensor"/> equal to this one by
        /// <see cref="Equals(Tensor)"/>.</summary>
        /// <param name="obj">Any object; null and non-tensors are unequal.</param>
        public override bool Equals(object? obj) => obj is Tensor other && Equals(other);

        /// <summary>A hash of the shape, the dtype and the bits of the first and last elements (at most 256 bytes from
        /// each end, 16 strings from each end), so hashing a 10^8-element tensor costs no more than hashing a small one.
        /// Equal tensors have equal bytes, so they hash alike.</summary>
        public override int GetHashCode()
        {
            const int edge = 256;
            unchecked
            {
                // FNV-1a over the dtype, the dimensions and the sampled element bytes (string hashes for a string tensor).
                var hash = (int)2166136261;
                void Mix(int v) => hash = (hash ^ v) * 16777619;
                Mix((int)DType);
                foreach (var d in shape)
                {
                    Mix(d);
                }

                if (DType == DType.String)
                {
                    var strings = (string[])Data;
                    for (var i = 0; i < strings.Length; i++)
                    {
                        Mix(StringComparer.Ordinal.GetHashCode(strings[i]));
                        if (i == 15 && strings.Length > 32)
                        {
                            i = strings.Length - 17;
                        }
                    }
                }
                else
                {
                    var bytes = RawBytes();
                    var head = bytes.Length > 2 * edge ? bytes.Slice(0, edge) : bytes;
                    foreach (var b in head)
                    {
                        Mix(b);
                    }

                    if (bytes.Length > 2 * edge)
                    {
                        foreach (var b in bytes.Slice(bytes.Length - edge))
                        {
                            Mix(b);
                        }
                    }
                }

                return hash;
            }
        }

        /// <summary>A fixed total order for sorting (and PowerShell's Compare-Object): by dtype, then rank and dimensions,
        /// then the element bytes of the row-major storage (strings ordinally). 0 exactly when <see cref="Equals(Tensor)"/>.
        /// It is not a numeric comparison of the values.</summary>
        /// <param name="other">The tensor to compare with; null sorts first.</param>
        public int CompareTo(Tensor? other)
        {
            if (other is null)
            {
                return 1;
            }

            var c = DType.CompareTo(other.DType);
            if (c != 0)
            {
                return c;
            }

            c = Rank.CompareTo(other.Rank);
            for (var i = 0; c == 0 && i < Rank; i++)
            {
                c = shape[i].CompareTo(other.shape[i]);
            }

            if (c != 0)
            {
                return c;
            }

            if (DType == DType.String)
            {
                var a = (string[])Data;
                var b = (string[])other.Data;
                for (var i = 0; c == 0 && i < a.Length; i++)
                {
                    c = string.CompareOrdinal(a[i], b[i]);
                }

                return Math.Sign(c);
            }

            return Math.Sign(RawBytes().SequenceCompareTo(other.RawBytes()));
        }

        int IComparable.CompareTo(object? obj) => obj switch
        {
            null => 1,
            Tensor t => CompareTo(t),
            _ => throw new ArgumentException($"A Tensor compares only with a Tensor, not a {obj.GetType().Name}.", nameof(obj)),
        };

        /// <summary>A numpy-like summary: <c>Tensor(shape=[2, 3], dtype=float32)</c> and the values, with <c>...</c>
        /// standing for the middle of any axis when the tensor has more than 1000 elements.</summary>
        public override string ToString()
        {
            var sb = new StringBuilder();
            sb.Append("Tensor(shape=").Append(TensorShape.FormatList(shape)).Append(", dtype=").Append(DType.Name()).Append(')');
            sb.Append('\n');
            AppendValues(sb, 0, 0, Count > SummaryThreshold);
            return sb.ToString();
        }

        /// <summary>Just the values, numpy style, summarised as in <see cref="ToString()"/>.</summary>
        public string FormatValues()
        {
            var sb = new StringBuilder();
            AppendValues(sb, 0, 0, Count > SummaryThreshold);
            return sb.ToString();
        }

        /// <summary>The element as the printer shows it: as <see cref="GetFlat"/> reads it, but a complex64 element as the
        /// stored Complex32, so its parts print at float precision (0.1, not 0.10000000149011612), as numpy prints them.</summary>
        private object Printable(long position) => DType == DType.Complex64 ? Data.GetValue(position)! : GetFlat(position);

        internal static string FormatElement(object value) => value switch
        {
            float f => FormatReal(NumberText.Shortest(f)),
            double d => FormatReal(NumberText.Shortest(d)),
            bool b => b ? "True" : "False",
            string s => "'" + s.Replace("'", "\\'") + "'",
            Complex32 c => FormatComplex(NumberText.Shortest(c.Real), NumberText.Shortest(Math.Abs(c.Imaginary)), c.Imaginary < 0 || NumberText.IsNegativeZero(c.Imaginary)),
            NComplex c => FormatComplex(NumberText.Shortest(c.Real), NumberText.Shortest(Math.Abs(c.Imaginary)), c.Imaginary < 0 || NumberText.IsNegativeZero(c.Imaginary)),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        // numpy prints an integral float as "1." ; keep the dot so floats and ints look different.
        private static string FormatReal(string text) =>
            text.IndexOf('.') >= 0 || text.IndexOf('e') >= 0 || text.IndexOf('n') >= 0 ? text : text + ".";

        private static string FormatComplex(string re, string imMagnitude, bool imNegative) =>
            "(" + re + (imNegative ? "-" : "+") + imMagnitude + "j)";

        /// <summary>The dtype whose storage element is <paramref name="type"/> (ushort is uint16).</summary>
        private static DType DTypeOfElement(Type type, string what) =>
            type == typeof(float) ? DType.Float32 :
            type == typeof(double) ? DType.Float64 :
            type == typeof(sbyte) ? DType.Int8 :
            type == typeof(short) ? DType.Int16 :
            type == typeof(int) ? DType.Int32 :
            type == typeof(long) ? DType.Int64 :
            type == typeof(byte) ? DType.UInt8 :
            type == typeof(ushort) ? DType.UInt16 :
            type == typeof(uint) ? DType.UInt32 :
            type == typeof(ulong) ? DType.UInt64 :
            type == typeof(bool) ? DType.Bool :
            type == typeof(Complex32) ? DType.Complex64 :
            type == typeof(NComplex) ? DType.Complex128 :
            type == typeof(string) ? DType.String :
            throw new InitializerException("UnsupportedType", ErrorKind.InvalidType, $"{what} has no dtype; use a dtype's element type (float, double, int, long, bool, ...) or object.", type.Name);

        /// <summary>The storage as bytes in machine order, without a copy (not for string).</summary>
        private ReadOnlySpan<byte> RawBytes() => Data switch
        {
            float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            ushort[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            short[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            byte[] a => a,
            uint[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            ulong[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            bool[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            Complex32[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            NComplex[] a => MemoryMarshal.AsBytes(a.AsSpan()),
            _ => throw new InvalidOperationException("A string tensor has no raw bytes."),
        };

        /// <summary>PowerShell hands the setter a PSObject when the value came out of a cmdlet (<c>$t[0] = $x</c> after
        /// <c>$x = Get-Random</c>). The library does not reference PowerShell, so it unwraps one by name.</summary>
        private static object Unwrap(object value)
        {
            var type = value?.GetType();
            return type?.FullName == "System.Management.Automation.PSObject" && type.GetProperty("BaseObject")?.GetValue(value) is { } inner ? inner : value!;
        }

        private object[] Nest(int axis, long offset)
        {
            var result = new object[shape[axis]];
            for (var i = 0; i < result.Length; i++)
            {
                var position = offset + (i * strides[axis]);
                result[i] = axis == shape.Length - 1 ? GetFlat(position) : Nest(axis + 1, position);
            }

            return result;
        }

        private float ToSingle(ushort bits) => DType == DType.Float16 ? HalfConversions.FromHalfBits(bits) : HalfConversions.FromBFloat16Bits(bits);

        private long CheckedPosition(long position) =>
            position >= 0 && position < Data.LongLength
                ? position
                : throw new InitializerException(
                    "InvalidIndex",
                    ErrorKind.InvalidArgument,
                    $"Flat position {position} is out of range for a tensor of {Data.LongLength} elements (0 to {Data.LongLength - 1}).",
                    position);

        private long FlatIndex(int[] index)
        {
            if (index is null || index.Length != shape.Length)
            {
                throw new InitializerException(
                    "InvalidIndex",
                    ErrorKind.InvalidArgument,
                    $"A tensor of shape {TensorShape.FormatList(shape)} needs {shape.Length} indices; got {index?.Length ?? 0}.",
                    index);
            }

            long flat = 0;
            for (var i = 0; i < index.Length; i++)
            {
                var k = index[i] < 0 ? index[i] + shape[i] : index[i];
                if (k < 0 || k >= shape[i])
                {
                    throw new InitializerException(
                        "InvalidIndex",
                        ErrorKind.InvalidArgument,
                        $"Index {index[i]} is out of range for axis {i} with size {shape[i]}.",
                        index);
                }

                flat += k * strides[i];
            }

            return flat;
        }

        private void AppendValues(StringBuilder sb, int axis, long offset, bool summarize)
        {
            if (shape.Length == 0)
            {
                sb.Append(FormatElement(Printable(0)));
                return;
            }

            sb.Append('[');
            var size = shape[axis];
            var last = axis == shape.Length - 1;
            var indent = new string(' ', axis + 1);
            for (var i = 0; i < size; i++)
            {
                if (summarize && size > 2 * EdgeItems && i == EdgeItems)
                {
                    sb.Append(last ? "..., " : "...,\n" + indent);
                    i = size - EdgeItems - 1;
                    continue;
                }

                if (last)
                {
                    sb.Append(FormatElement(Printable(offset + i)));
                }
                else
                {
                    AppendValues(sb, axis + 1, offset + (i * strides[axis]), summarize);
                }

                if (i < size - 1)
                {
                    sb.Append(last ? ", " : "," + new string('\n', shape.Length - axis - 1) + indent);
                }
            }

            sb.Append(']');
        }

        private static T[] NewArray<T>(int n, bool uninitialized)
        {
#if NET5_0_OR_GREATER
            if (uninitialized)
            {
                return GC.AllocateUninitializedArray<T>(n);
            }
#endif
            return new T[n];
        }

        private static string[] NewStrings(int n)
        {
            var a = new string[n];
            a.AsSpan().Fill(string.Empty);
            return a;
        }
    }
}
