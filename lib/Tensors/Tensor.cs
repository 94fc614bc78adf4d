using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
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
    /// System.Numerics.Complex. The MathNet interop for C# callers is <see cref="TensorMathNet"/>.</remarks>
    public sealed class Tensor
    {
        private const int SummaryThreshold = 1000;
        private const int EdgeItems = 3;

        private readonly int[] shape;
        private readonly long[] strides;

        internal Tensor(int[] shape, DType dtype, Array data)
        {
            this.shape = shape;
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

        /// <summary>The dimensions, outermost first. Empty for a scalar.</summary>
        public IReadOnlyList<int> Shape => shape;

        public int Rank => shape.Length;

        public DType DType { get; }

        /// <summary>The element count: the product of the dimensions (1 for a scalar).</summary>
        public long Count => Data.LongLength;

        /// <summary>The raw row-major storage (see the remarks on <see cref="Tensor"/> for the element type per dtype).</summary>
        internal Array Data { get; }

        /// <summary>A tensor of zeros (false, "" or 0+0i as the dtype says).</summary>
        public static Tensor Zeros(IReadOnlyList<int> shape, DType dtype = DType.Float32) => Allocate(TensorShape.Check(shape), dtype, uninitialized: false);

        /// <summary>Allocates storage. With <paramref name="uninitialized"/> the caller promises to write every element
        /// (it skips the zeroing pass on .NET 5+ for primitive types).</summary>
        internal static Tensor Allocate(int[] shape, DType dtype, bool uninitialized)
        {
            var n = (int)TensorShape.Count(shape);
            Array data = dtype switch
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
            return new Tensor(shape, dtype, data);
        }

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

        /// <summary>A flat row-major copy, converted to <typeparamref name="T"/> where needed (a complex64 tensor also
        /// gives its stored values as MathNet's Complex32).</summary>
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
            for (var i = 0; i < flat.Length; i++)
            {
                result[i] = (T)Convert.ChangeType(flat.GetValue(i), typeof(T), CultureInfo.InvariantCulture)!;
            }

            return result;
        }

        /// <summary>The element at a multi-index (one index per dimension; none for a scalar).</summary>
        public object this[params int[] index]
        {
            get => GetFlat(FlatIndex(index));
            set => SetFlat(FlatIndex(index), value);
        }

        /// <summary>The element at a flat row-major position, widened like <see cref="ToArray()"/>: float16 and
        /// bfloat16 as float, complex64 as System.Numerics.Complex.</summary>
        public object GetFlat(long position)
        {
            var value = Data.GetValue(position)!;
            return value switch
            {
                ushort bits when DType == DType.Float16 || DType == DType.BFloat16 => ToSingle(bits),
                Complex32 c => new NComplex(c.Real, c.Imaginary),
                _ => value,
            };
        }

        public void SetFlat(long position, object value)
        {
            object stored = DType switch
            {
                DType.Float16 => HalfConversions.ToHalfBits(Convert.ToSingle(value, CultureInfo.InvariantCulture)),
                DType.BFloat16 => HalfConversions.ToBFloat16Bits(Convert.ToSingle(value, CultureInfo.InvariantCulture)),
                DType.Complex64 => value is Complex32 c32 ? c32 : value is NComplex c ? new Complex32((float)c.Real, (float)c.Imaginary) : new Complex32(Convert.ToSingle(value, CultureInfo.InvariantCulture), 0),
                DType.Complex128 => value is NComplex c2 ? c2 : value is Complex32 c3 ? new NComplex(c3.Real, c3.Imaginary) : new NComplex(Convert.ToDouble(value, CultureInfo.InvariantCulture), 0),
                DType.String => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                _ => Convert.ChangeType(value, Data.GetType().GetElementType()!, CultureInfo.InvariantCulture),
            };
            Data.SetValue(stored, position);
        }

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

        internal static string FormatElement(object value) => value switch
        {
            float f => FormatReal(f, f.ToString("R", CultureInfo.InvariantCulture)),
            double d => FormatReal(d, d.ToString("R", CultureInfo.InvariantCulture)),
            bool b => b ? "True" : "False",
            string s => "'" + s.Replace("'", "\\'") + "'",
            Complex32 c => FormatComplex(c.Real, c.Imaginary),
            NComplex c => FormatComplex(c.Real, c.Imaginary),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        private static string FormatReal(double v, string text)
        {
            if (double.IsNaN(v))
            {
                return "nan";
            }

            if (double.IsInfinity(v))
            {
                return v > 0 ? "inf" : "-inf";
            }

            // numpy prints an integral float as "1." ; keep the dot so floats and ints look different.
            return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".";
        }

        private static string FormatComplex(double re, double im)
        {
            var sign = im < 0 || (im == 0 && 1 / im < 0) ? "-" : "+";
            return "(" + re.ToString("R", CultureInfo.InvariantCulture) + sign + Math.Abs(im).ToString("R", CultureInfo.InvariantCulture) + "j)";
        }

        private float ToSingle(ushort bits) => DType == DType.Float16 ? HalfConversions.FromHalfBits(bits) : HalfConversions.FromBFloat16Bits(bits);

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
                sb.Append(FormatElement(GetFlat(0)));
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
                    sb.Append(FormatElement(GetFlat(offset + i)));
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
