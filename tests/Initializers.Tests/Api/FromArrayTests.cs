using System;
using Xunit;
using NComplex = System.Numerics.Complex;

namespace Initializers.Tests.Api
{
    /// <summary><see cref="Tensor.FromArray"/>: numpy's <c>np.array(values).reshape(shape)</c>, always a copy.</summary>
    public class FromArrayTests
    {
        [Fact]
        public void FlatArrayTakesItsDTypeFromTheElementType()
        {
            var t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, new[] { 2, 3 });
            Assert.Equal(DType.Float32, t.DType);
            Assert.Equal(new[] { 2, 3 }, t.Shape);
            Assert.Equal(6f, t[1, 2]);
            Assert.Equal(4f, t[1, 0]);
            Assert.Equal(DType.Float64, Tensor.FromArray(new double[] { 1 }, Array.Empty<int>()).DType);
            Assert.Equal(DType.Int64, Tensor.FromArray(new long[] { 1, 2 }, new[] { 2 }).DType);
            Assert.Equal(DType.UInt16, Tensor.FromArray(new ushort[] { 1, 2 }, new[] { 2 }).DType);
            Assert.Equal(DType.Bool, Tensor.FromArray(new[] { true }, new[] { 1 }).DType);
            Assert.Equal(DType.String, Tensor.FromArray(new[] { "a", "b" }, new[] { 2, 1 }).DType);
            Assert.Equal(new NComplex(1, 2), Tensor.FromArray(new[] { new NComplex(1, 2) }, new[] { 1 })[0]);
        }

        [Fact]
        public void RectangularArrayIsReadRowByRow()
        {
            var t = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, new[] { 3, 2 });
            Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<double>());
            Assert.Equal(4.0, t[1, 1]);
            var s = Tensor.FromArray(new string[,] { { "a", "b" }, { "c", "d" } }, new[] { 4 });
            Assert.Equal(new[] { "a", "b", "c", "d" }, s.ToArray<string>());
        }

        [Fact]
        public void CopiesTheCallersArray()
        {
            var values = new int[] { 1, 2, 3 };
            var t = Tensor.FromArray(values, new[] { 3 });
            values[0] = 100;
            Assert.Equal(1, t[0]);
            t[1] = 200;
            Assert.Equal(2, values[1]);
        }

        [Fact]
        public void GivenDTypeCastsEveryElement()
        {
            // float16 of 1.5 and 65504 (its largest finite value) are exact; 2.7 into int32 truncates as tf.cast does.
            var half = Tensor.FromArray(new float[] { 1.5f, 65504f }, new[] { 2 }, DType.Float16);
            Assert.Equal(new ushort[] { 0x3E00, 0x7BFF }, (ushort[])half.ToBits());
            Assert.Equal(new[] { 2, -2 }, Tensor.FromArray(new double[] { 2.7, -2.7 }, new[] { 2 }, DType.Int32).ToArray<int>());
            Assert.Equal(new[] { 0.5, 0.25 }, Tensor.FromArray(new decimal[] { 0.5m, 0.25m }, new[] { 2 }, DType.Float64).ToArray<double>());
            // ushort values (not float16 bits) become float16 numbers.
            Assert.Equal(3f, Tensor.FromArray(new ushort[] { 3 }, new[] { 1 }, DType.Float16)[0]);
        }

        [Fact]
        public void RefusesAWrongCountAnElementTypeWithoutDTypeAndValuesThatDoNotFit()
        {
            var count = Assert.Throws<InitializerException>(() => Tensor.FromArray(new float[5], new[] { 2, 3 }));
            Assert.Equal("ShapeMismatch", count.ErrorId);
            Assert.Equal("The array has 5 elements; shape (2, 3) has 6.", count.Message);
            Assert.Equal("UnsupportedType", Assert.Throws<InitializerException>(() => Tensor.FromArray(new decimal[] { 1 }, new[] { 1 })).ErrorId);
            Assert.Equal("UnsupportedType", Assert.Throws<InitializerException>(() => Tensor.FromArray(new[] { new[] { 1 } }, new[] { 1 })).ErrorId);
            Assert.Equal("InvalidValue", Assert.Throws<InitializerException>(() => Tensor.FromArray(new[] { 300 }, new[] { 1 }, DType.Int8)).ErrorId);
            Assert.Equal("InvalidShape", Assert.Throws<InitializerException>(() => Tensor.FromArray(new float[1], new[] { -1 })).ErrorId);
        }
    }
}
