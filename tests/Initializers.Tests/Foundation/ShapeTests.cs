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
    }
}
