using System;
using MathNet.Numerics;
using Xunit;
using NComplex = System.Numerics.Complex;

namespace Initializers.Tests.Foundation
{
    /// <summary>The one cast of a value into a tensor element (tf.cast's rules), through <see cref="Tensor.SetFlat"/>:
    /// the refusals, bool and complex inputs, and where tf.cast is undefined.</summary>
    public sealed class TensorCastTests
    {
        [Theory]
        [InlineData(double.NaN, "nan")]
        [InlineData(double.PositiveInfinity, "inf")]
        [InlineData(double.NegativeInfinity, "-inf")]
        public void NaNAndInfinityIntoAnIntegerDTypeAreRefusedAsNotCastable(double value, string text)
        {
            // tf.cast and numpy's astype give a platform-dependent number here; we refuse, saying why (not "does not fit").
            var tensor = Tensor.Zeros(new[] { 1 }, DType.Int32);
            var ex = Assert.Throws<InitializerException>(() => tensor.SetFlat(0, value));
            Assert.Equal("InvalidValue", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal($"Tensor element value {text} cannot be cast to integer dtype int32.", ex.Message);
        }

        [Fact]
        public void AValueThatIsNoNumberIsAnInvalidTypeNamingItsType()
        {
            var tensor = Tensor.Zeros(new[] { 1 }, DType.Float32);
            var ex = Assert.Throws<InitializerException>(() => tensor.SetFlat(0, new Version(1, 2)));
            Assert.Equal("InvalidValue", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidType, ex.Kind);
            Assert.EndsWith("(Version) cannot be cast to dtype float32.", ex.Message, StringComparison.Ordinal);
            Assert.StartsWith("Tensor element value ", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void NullIsRefusedAskingForANumber()
        {
            var tensor = Tensor.Zeros(new[] { 1 }, DType.Float64);
            var ex = Assert.Throws<InitializerException>(() => tensor.SetFlat(0, null!));
            Assert.Equal("InvalidValue", ex.ErrorId);
            Assert.Equal("Tensor element value is null; give a number.", ex.Message);
        }

        [Fact]
        public void AComplexNumberIsTrueAsABoolWhenEitherPartIsNonzero()
        {
            // tf.cast(complex, tf.bool) is `x != 0`: a nonzero imaginary part alone makes it true.
            var tensor = Tensor.Zeros(new[] { 5 }, DType.Bool);
            tensor.SetFlat(0, new NComplex(0, 1));
            tensor.SetFlat(1, NComplex.Zero);
            tensor.SetFlat(2, new Complex32(0, 2));
            tensor.SetFlat(3, new Complex32(3, 0));
            tensor.SetFlat(4, new Complex32(0, 0));
            Assert.Equal(new[] { true, false, true, true, false }, tensor.ToArray<bool>());
        }

        [Fact]
        public void ABoolIsOneOrZeroInIntegerAndFloatDTypes()
        {
            var ints = Tensor.Zeros(new[] { 2 }, DType.Int64);
            ints.SetFlat(0, true);
            ints.SetFlat(1, false);
            Assert.Equal(new long[] { 1, 0 }, ints.ToArray<long>());
            var floats = Tensor.Zeros(new[] { 2 }, DType.Float32);
            floats.SetFlat(0, false);
            floats.SetFlat(1, true);
            Assert.Equal(new[] { 0f, 1f }, floats.ToArray<float>());
        }
    }
}
