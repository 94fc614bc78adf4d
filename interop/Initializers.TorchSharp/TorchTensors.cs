using System;
using System.Linq;
using System.Runtime.InteropServices;
using MathNet.Numerics;
using TorchSharp;
using NComplex = System.Numerics.Complex;

namespace Initializers.TorchSharp
{
    /// <summary>Copies tensors between Initializers and TorchSharp, bit for bit: the same shape (row-major), the same
    /// dtype, the same element bytes (float16 and bfloat16 keep their 16-bit patterns, NaN payloads included).</summary>
    /// <remarks>The dtypes that both have: float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8, bool,
    /// complex64 and complex128. TorchSharp 0.107 has no uint16, uint32 or uint64 and torch no string tensors: those
    /// are refused (UnsupportedDType), as are torch's quantized types. Neither side shares memory with the other.</remarks>
    public static class TorchTensors
    {
        /// <summary>A copy of <paramref name="tensor"/> as a CPU <c>torch.Tensor</c> of the same shape, dtype and bytes.</summary>
        /// <param name="tensor">The tensor to copy.</param>
        /// <returns>A new torch tensor, owned by the caller (dispose it, or let a DisposeScope do so).</returns>
        /// <exception cref="InitializerException">UnsupportedDType for uint16, uint32, uint64 and string.</exception>
        public static torch.Tensor ToTorch(this Tensor tensor)
        {
            if (tensor is null)
            {
                throw new ArgumentNullException(nameof(tensor));
            }

            var result = torch.empty(tensor.Shape.Select(d => (long)d).ToArray(), ToScalarType(tensor.DType));
            if (tensor.Count > 0)
            {
                Bytes(tensor).CopyTo(result.bytes);
            }

            return result;
        }

        /// <summary>A copy of <paramref name="tensor"/> (on any device, contiguous or not) as an Initializers tensor of the
        /// same shape, dtype and element values in row-major order.</summary>
        /// <param name="tensor">A torch tensor of a dtype Initializers has.</param>
        /// <returns>A new tensor; it has no provenance (no initializer made it).</returns>
        /// <exception cref="InitializerException">UnsupportedDType for the quantized dtypes; TensorTooLarge (from the
        /// shape check) for a dimension beyond Int32 or more elements than one .NET array holds.</exception>
        public static Tensor FromTorch(torch.Tensor tensor)
        {
            if (tensor is null)
            {
                throw new ArgumentNullException(nameof(tensor));
            }

            var dtype = ToDType(tensor.dtype);
            var shape = tensor.shape.Select(d => d > int.MaxValue
                ? throw new InitializerException("TensorTooLarge", ErrorKind.LimitsExceeded,
                    $"The torch tensor of shape [{string.Join(", ", tensor.shape)}] has a dimension beyond {int.MaxValue}, more than an Initializers tensor holds.", tensor.shape)
                : (int)d).ToArray();
            var result = Tensor.Zeros(shape, dtype);
            if (result.Count == 0)
            {
                return result;
            }

            using var scope = torch.NewDisposeScope();
            var source = tensor.device_type == DeviceType.CPU ? tensor : tensor.cpu();
            source = source.is_contiguous() ? source : source.contiguous();
            source.bytes.CopyTo(Bytes(result));
            return result;
        }

        /// <summary>The torch dtype of <paramref name="dtype"/>.</summary>
        /// <param name="dtype">An Initializers dtype; uint16, uint32, uint64 and string have none (UnsupportedDType).</param>
        public static torch.ScalarType ToScalarType(DType dtype) => dtype switch
        {
            DType.Float16 => torch.ScalarType.Float16,
            DType.BFloat16 => torch.ScalarType.BFloat16,
            DType.Float32 => torch.ScalarType.Float32,
            DType.Float64 => torch.ScalarType.Float64,
            DType.Int8 => torch.ScalarType.Int8,
            DType.Int16 => torch.ScalarType.Int16,
            DType.Int32 => torch.ScalarType.Int32,
            DType.Int64 => torch.ScalarType.Int64,
            DType.UInt8 => torch.ScalarType.Byte,
            DType.Bool => torch.ScalarType.Bool,
            DType.Complex64 => torch.ScalarType.ComplexFloat32,
            DType.Complex128 => torch.ScalarType.ComplexFloat64,
            _ => throw new InitializerException(
                "UnsupportedDType",
                ErrorKind.InvalidArgument,
                $"TorchSharp has no {dtype.Name()} dtype. Convert the tensor to a dtype torch has first: " +
                "float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8, bool, complex64 or complex128.",
                dtype.Name()),
        };

        /// <summary>The Initializers dtype of a torch dtype.</summary>
        /// <param name="dtype">A torch dtype; the quantized ones (QInt8, QUInt8, QInt32) have none (UnsupportedDType).</param>
        public static DType ToDType(torch.ScalarType dtype) => dtype switch
        {
            torch.ScalarType.Float16 => DType.Float16,
            torch.ScalarType.BFloat16 => DType.BFloat16,
            torch.ScalarType.Float32 => DType.Float32,
            torch.ScalarType.Float64 => DType.Float64,
            torch.ScalarType.Int8 => DType.Int8,
            torch.ScalarType.Int16 => DType.Int16,
            torch.ScalarType.Int32 => DType.Int32,
            torch.ScalarType.Int64 => DType.Int64,
            torch.ScalarType.Byte => DType.UInt8,
            torch.ScalarType.Bool => DType.Bool,
            torch.ScalarType.ComplexFloat32 => DType.Complex64,
            torch.ScalarType.ComplexFloat64 => DType.Complex128,
            _ => throw new InitializerException(
                "UnsupportedDType",
                ErrorKind.InvalidArgument,
                $"Initializers has no dtype for torch's {dtype}; dequantize or convert the tensor (to_type) first.",
                dtype.ToString()),
        };

        /// <summary>The element bytes of a tensor's storage, writable.</summary>
        private static Span<byte> Bytes(Tensor tensor) => tensor.DType switch
        {
            DType.Float16 or DType.BFloat16 => MemoryMarshal.AsBytes(tensor.AsSpan<ushort>()),
            DType.Float32 => MemoryMarshal.AsBytes(tensor.AsSpan<float>()),
            DType.Float64 => MemoryMarshal.AsBytes(tensor.AsSpan<double>()),
            DType.Int8 => MemoryMarshal.AsBytes(tensor.AsSpan<sbyte>()),
            DType.Int16 => MemoryMarshal.AsBytes(tensor.AsSpan<short>()),
            DType.Int32 => MemoryMarshal.AsBytes(tensor.AsSpan<int>()),
            DType.Int64 => MemoryMarshal.AsBytes(tensor.AsSpan<long>()),
            DType.UInt8 => tensor.AsSpan<byte>(),
            DType.Bool => MemoryMarshal.AsBytes(tensor.AsSpan<bool>()),
            DType.Complex64 => MemoryMarshal.AsBytes(tensor.AsSpan<Complex32>()),
            DType.Complex128 => MemoryMarshal.AsBytes(tensor.AsSpan<NComplex>()),
            _ => throw new InvalidOperationException("Unreachable: ToScalarType refuses " + tensor.DType.Name() + "."),
        };
    }
}
