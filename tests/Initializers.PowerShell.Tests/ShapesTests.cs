using System;
using Initializers.PowerShell.Internal;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>The lenient -Shape reading (whole numbers of any numeric type, or their text), which moved from the
    /// library's public TensorShape.From to the module: the C# API takes int dimensions only.</summary>
    public class ShapesTests
    {
        [Fact]
        public void AcceptsWholeNumbersOfAnyNumericType()
        {
            Assert.Equal(new[] { 3, 4, 5, 6 }, Shapes.From(new object[] { 3, 4L, 5.0, "6" }));
            Assert.Empty(Shapes.From(Array.Empty<object>()));
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(2.5)]
        [InlineData(double.NaN)]
        [InlineData("two")]
        [InlineData(true)]
        public void RejectsNegativeAndNonIntegerDimensions(object bad)
        {
            var ex = Assert.Throws<InitializerException>(() => Shapes.From(new object[] { 3, bad }));
            Assert.Equal("InvalidShape", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(bad, ex.Target);
            Assert.Contains(">= 0", ex.Message);
        }
    }
}
