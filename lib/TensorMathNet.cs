using System;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NComplex = System.Numerics.Complex;

namespace Initializers
{
    /// <summary>MathNet.Numerics interop for C# callers of the library: a tensor as a MathNet matrix or vector and back,
    /// for float (float32), double (float64), Complex32 (complex64) and Complex (complex128).</summary>
    /// <remarks>Extension methods on purpose: they are a C# API only. PowerShell does not bind extension methods, and
    /// in the module MathNet lives in a private load context whose types the session cannot name; in PowerShell use
    /// <see cref="Tensor.ToArray()"/>, <see cref="Tensor.GetFlat(long)"/> or the indexer instead.</remarks>
    public static class TensorMathNet
    {
        /// <summary>A MathNet matrix of a rank-2 tensor. MathNet stores column-major; the values are transposed into
        /// place, so m[i, j] equals tensor[i, j].</summary>
        /// <typeparam name="T">The tensor's element type: float, double, Complex32 or Complex.</typeparam>
        /// <param name="tensor">A rank-2 float32, float64, complex64 or complex128 tensor.</param>
        /// <returns>A new dense matrix (a copy).</returns>
        public static Matrix<T> ToMatrix<T>(this Tensor tensor)
            where T : struct, IEquatable<T>, IFormattable
        {
            if (tensor.Rank != 2)
            {
                throw new InitializerException("InvalidRank", ErrorKind.InvalidOperation, $"ToMatrix needs a rank-2 tensor; this one has shape {TensorShape.FormatList(tensor.Shape)}.", tensor.Shape);
            }

            return Matrix<T>.Build.DenseOfRowMajor(tensor.Shape[0], tensor.Shape[1], Values<T>(tensor));
        }

        /// <summary>A MathNet vector of a rank-1 tensor.</summary>
        /// <typeparam name="T">The tensor's element type: float, double, Complex32 or Complex.</typeparam>
        /// <param name="tensor">A rank-1 float32, float64, complex64 or complex128 tensor.</param>
        /// <returns>A new dense vector (a copy).</returns>
        public static Vector<T> ToVector<T>(this Tensor tensor)
            where T : struct, IEquatable<T>, IFormattable
        {
            if (tensor.Rank != 1)
            {
                throw new InitializerException("InvalidRank", ErrorKind.InvalidOperation, $"ToVector needs a rank-1 tensor; this one has shape {TensorShape.FormatList(tensor.Shape)}.", tensor.Shape);
            }

            return Vector<T>.Build.DenseOfArray(Values<T>(tensor));
        }

        /// <summary>A rank-2 tensor of a MathNet matrix.</summary>
        /// <typeparam name="T">float, double, Complex32 or Complex: the tensor's dtype follows.</typeparam>
        /// <param name="matrix">The matrix; its values are copied.</param>
        /// <returns>A rows x columns tensor with t[i, j] equal to m[i, j].</returns>
        public static Tensor ToTensor<T>(this Matrix<T> matrix)
            where T : struct, IEquatable<T>, IFormattable
        {
            var dtype = DTypeOf<T>();
            return new Tensor(new[] { matrix.RowCount, matrix.ColumnCount }, dtype, matrix.ToRowMajorArray());
        }

        /// <summary>A rank-1 tensor of a MathNet vector.</summary>
        /// <typeparam name="T">float, double, Complex32 or Complex: the tensor's dtype follows.</typeparam>
        /// <param name="vector">The vector; its values are copied.</param>
        /// <returns>A tensor of shape [count].</returns>
        public static Tensor ToTensor<T>(this Vector<T> vector)
            where T : struct, IEquatable<T>, IFormattable
        {
            var dtype = DTypeOf<T>();
            return new Tensor(new[] { vector.Count }, dtype, vector.ToArray());
        }

        private static T[] Values<T>(Tensor tensor)
        {
            if (tensor.Data.GetType().GetElementType() == typeof(T))
            {
                return (T[])tensor.Data.Clone();
            }

            throw new InitializerException(
                "UnsupportedDType",
                ErrorKind.InvalidOperation,
                $"A {tensor.DType.Name()} tensor cannot become a MathNet {typeof(T).Name} matrix; use the matching element type (float32: float, float64: double, complex64: Complex32, complex128: Complex).",
                tensor.DType.Name());
        }

        private static DType DTypeOf<T>() =>
            typeof(T) == typeof(float) ? DType.Float32 :
            typeof(T) == typeof(double) ? DType.Float64 :
            typeof(T) == typeof(Complex32) ? DType.Complex64 :
            typeof(T) == typeof(NComplex) ? DType.Complex128 :
            throw new InitializerException("UnsupportedDType", ErrorKind.InvalidArgument, $"MathNet element type {typeof(T).Name} has no tensor dtype; use float, double, Complex32 or Complex.", typeof(T).Name);
    }
}
