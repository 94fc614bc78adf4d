using System.Linq;
using Xunit;

namespace Initializers.Tests.Foundation
{
    public class DTypeTests
    {
        [Theory]
        [InlineData("float32", DType.Float32)]
        [InlineData("tf.float32", DType.Float32)]
        [InlineData("FLOAT32", DType.Float32)]
        [InlineData("float", DType.Float32)]
        [InlineData("double", DType.Float64)]
        [InlineData("half", DType.Float16)]
        [InlineData("bfloat16", DType.BFloat16)]
        [InlineData("int32", DType.Int32)]
        [InlineData("int", DType.Int32)]
        [InlineData("long", DType.Int64)]
        [InlineData("bool", DType.Bool)]
        [InlineData("complex64", DType.Complex64)]
        [InlineData("tf.complex128", DType.Complex128)]
        [InlineData("uint8", DType.UInt8)]
        [InlineData("string", DType.String)]
        public void ParsesTensorFlowSpellings(string name, DType expected) => Assert.Equal(expected, DTypes.Parse(name));

        [Fact]
        public void EveryTensorFlowDTypeHasItsCanonicalName()
        {
            var expected = new[]
            {
                "float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64",
                "uint8", "uint16", "uint32", "uint64", "bool", "complex64", "complex128", "string",
            };
            Assert.Equal(expected, DTypes.All.Select(d => d.Name()));
            Assert.All(expected, n => Assert.Equal(n, DTypes.Parse(n).Name()));
        }

        [Fact]
        public void UnknownNameListsTheValidNames()
        {
            var ex = Assert.Throws<InitializerException>(() => DTypes.Parse("float33"));
            Assert.Equal("UnknownDType", ex.ErrorId);
            Assert.Equal("float33", ex.Target);
            Assert.Contains("'float33'", ex.Message);
            Assert.Contains("float32, float64", ex.Message);
            Assert.Contains("complex128", ex.Message);
        }

        [Fact]
        public void FloatingSetIsTheFourFloatTypes()
        {
            Assert.Equal(new[] { DType.Float16, DType.BFloat16, DType.Float32, DType.Float64 }, DTypes.All.Where(d => d.IsFloating()));
            Assert.False(DType.Int32.IsFloating());
            Assert.True(DType.Int8.IsInteger());
            Assert.True(DType.UInt64.IsInteger());
            Assert.False(DType.Bool.IsInteger());
        }
    }
}
