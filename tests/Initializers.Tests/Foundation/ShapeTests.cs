using System;
using Xunit;

namespace Initializers.Tests.Foundation
{
    public class ShapeTests
    {
        [Fact]
        public void TooManyElementsSaysHowMany()
        {
            // 100000 * 100000 = 10,000,000,000 > 2,147,483,591 (the largest .NET array).
            var ex = Assert.Throws<InitializerException>(() => TensorShape.Check(new[] { 100000, 100000 }));
            Assert.Equal("TensorTooLarge", ex.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, ex.Kind);
            Assert.Contains("10,000,000,000", ex.Message);
            Assert.Contains("2,147,483,591", ex.Message);
        }

        [Fact]
        public void ZeroSizedDimensionsAreFine()
        {
            var t = Tensor.Zeros(new[] { 0, 4 });
            Assert.Equal(0, t.Count);
        }

        [Fact]
        public void FormatsLikePython()
        {
            Assert.Equal("(3, 4)", TensorShape.Format(new[] { 3, 4 }));
            Assert.Equal("(5,)", TensorShape.Format(new[] { 5 }));
            Assert.Equal("()", TensorShape.Format(Array.Empty<int>()));
        }

        [Fact]
        public void ANegativeDimensionIsNamedWithItsShape()
        {
            var ex = Assert.Throws<InitializerException>(() => TensorShape.Check(new[] { 2, -3 }));
            Assert.Equal("InvalidShape", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(-3, ex.Target);
            Assert.Equal("Invalid dimension -3 in shape [2, -3]: dimensions must be whole numbers >= 0.", ex.Message);

            var large = Assert.Throws<InitializerException>(() => TensorShape.Check(new long[] { 2, -3 }));
            Assert.Equal("InvalidShape", large.ErrorId);
            Assert.Equal(-3L, large.Target);
            Assert.Equal("Invalid dimension -3 in shape [2, -3]: dimensions must be whole numbers >= 0.", large.Message);
        }

        [Fact]
        public void ANullShapeIsAnArgumentNullException()
        {
            Assert.Equal("shape", Assert.Throws<ArgumentNullException>(() => TensorShape.Check((int[])null!)).ParamName);
            Assert.Equal("shape", Assert.Throws<ArgumentNullException>(() => TensorShape.Check((long[])null!)).ParamName);
        }

        [Fact]
        public void TheLargestArrayIsAcceptedAndOneMoreIsTooLarge()
        {
            // 0x7FFFFFC7 = 2,147,483,591 elements is the limit itself (only the shape is checked, nothing allocated).
            Assert.Equal(new[] { 2147483591 }, TensorShape.Check(new[] { 2147483591 }));
            var ex = Assert.Throws<InitializerException>(() => TensorShape.Check(new[] { 2147483592 }));
            Assert.Equal("TensorTooLarge", ex.ErrorId);
            Assert.Equal("Shape (2147483592,) has 2,147,483,592 elements; one tensor holds at most 2,147,483,591 elements.", ex.Message);
        }

        [Fact]
        public void ACountOfExactly1e25IsPrintedAndBeyondItIsMoreThan1e25()
        {
            // 100000^5 = 10^25 is printed in full; 10^30 (and 2^31-1 times 10^23 and more) is "more than 1e25".
            var exact = Assert.Throws<InitializerException>(() => TensorShape.Check(new[] { 100000, 100000, 100000, 100000, 100000 }));
            Assert.Contains("has 10,000,000,000,000,000,000,000,000 elements", exact.Message);

            var beyond = Assert.Throws<InitializerException>(() => TensorShape.Check(new[] { 100000, 100000, 100000, 100000, 100000, 100000 }));
            Assert.Equal("TensorTooLarge", beyond.ErrorId);
            Assert.Contains("has more than 1e25 elements", beyond.Message);

            var huge = Assert.Throws<InitializerException>(() => TensorShape.Check(new[] { int.MaxValue, int.MaxValue, 100000, int.MaxValue }));
            Assert.Contains("has more than 1e25 elements", huge.Message);
        }

        [Fact]
        public void AStreamedShapeHoldsAtMostLongMaxValueOver16Elements()
        {
            // long.MaxValue / 16 = 576,460,752,303,423,487 elements of up to 16 bytes still have 64-bit addressable bytes.
            Assert.Equal(new[] { 576460752303423487L }, TensorShape.Check(new[] { 576460752303423487L }));
            var ex = Assert.Throws<InitializerException>(() => TensorShape.Check(new[] { 576460752303423488L }));
            Assert.Equal("ShapeOverflow", ex.ErrorId);
            Assert.Equal(ErrorKind.LimitsExceeded, ex.Kind);
            Assert.Equal("Shape (576460752303423488,) has 576,460,752,303,423,488 elements; a streamed tensor holds at most 576,460,752,303,423,487 (its bytes must be addressable with 64 bits).", ex.Message);

            // 2^40 * 2^40 = 2^80 = 1,208,925,819,614,629,174,706,176 (< 10^25, so printed in full).
            var square = Assert.Throws<InitializerException>(() => TensorShape.Check(new[] { 1L << 40, 1L << 40 }));
            Assert.Contains("Shape (1099511627776, 1099511627776) has 1,208,925,819,614,629,174,706,176 elements", square.Message);

            // 10^12 * 10^13 = 10^25 exactly is still printed in full.
            var exact = Assert.Throws<InitializerException>(() => TensorShape.Check(new[] { 1_000_000_000_000L, 10_000_000_000_000L }));
            Assert.Contains("has 10,000,000,000,000,000,000,000,000 elements", exact.Message);

            // 2^120 and 2^124 are beyond 10^25 (and 2^124 beyond what decimal holds).
            var cube = Assert.Throws<InitializerException>(() => TensorShape.Check(new[] { 1L << 40, 1L << 40, 1L << 40 }));
            Assert.Equal("ShapeOverflow", cube.ErrorId);
            Assert.Contains("has more than 1e25 elements", cube.Message);
            var two = Assert.Throws<InitializerException>(() => TensorShape.Check(new[] { 1L << 62, 1L << 62 }));
            Assert.Equal("ShapeOverflow", two.ErrorId);
        }
    }
}
