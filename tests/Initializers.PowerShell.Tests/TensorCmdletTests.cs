using System.Management.Automation;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    public class NewZerosTensorTests
    {
        [Fact]
        public void ThreeByFourFloat32Zeros()
        {
            var t = (Tensor)Run.Ok("New-ZerosTensor -Shape 3,4").Single()!;
            Assert.Equal(new[] { 3, 4 }, t.Shape);
            Assert.Equal(DType.Float32, t.DType);
            Assert.Equal(12, t.Count);
            Assert.All((float[])t.ToArray(), v => Assert.Equal(0f, v));
        }

        [Fact]
        public void EmptyShapeIsAScalar()
        {
            var t = (Tensor)Run.Ok("New-ZerosTensor -Shape @()").Single()!;
            Assert.Equal(0, t.Rank);
            Assert.Equal(1, t.Count);
        }

        [Theory]
        [InlineData("int64", typeof(long[]))]
        [InlineData("bool", typeof(bool[]))]
        [InlineData("double", typeof(double[]))]
        [InlineData("tf.int32", typeof(int[]))]
        public void DTypeChoosesTheElementType(string dtype, System.Type expected)
        {
            var t = (Tensor)Run.Ok($"New-ZerosTensor 2 -DType {dtype}").Single()!;
            Assert.IsType(expected, t.ToArray());
        }

        [Fact]
        public void TensorIsOneObjectInThePipeline()
        {
            var run = Run.Ok("(New-ZerosTensor -Shape 10,10 | Measure-Object).Count");
            Assert.Equal(1, run.Single());
        }

        [Theory]
        [InlineData("2.5", 2.5)]
        [InlineData("2, -1", -1)]
        public void BadDimensionIsInvalidShape(string shape, object bad)
        {
            var e = Run.Script($"New-ZerosTensor -Shape {shape}").Terminating;
            Assert.NotNull(e);
            Assert.StartsWith("InvalidShape,", e!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Equal(System.Convert.ToDouble(bad), System.Convert.ToDouble(e.TargetObject));
            Assert.Contains(bad.ToString()!, e.Exception.Message);
        }

        [Fact]
        public void TooManyElementsIsTensorTooLargeWithTheCount()
        {
            var e = Run.Script("New-ZerosTensor -Shape 100000,100000").Terminating!;
            Assert.StartsWith("TensorTooLarge,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, e.CategoryInfo.Category);
            // 100000 * 100000 = 10^10 elements.
            Assert.Contains("10,000,000,000", e.Exception.Message);
            Assert.Equal(new[] { 100000, 100000 }, (int[])e.TargetObject);
        }

        [Fact]
        public void UnknownDTypeNamesTheValueAndTheValidOnes()
        {
            var e = Run.Script("New-ZerosTensor 2 -DType float33").Terminating!;
            Assert.StartsWith("UnknownDType,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Equal("float33", e.TargetObject);
            Assert.Contains("float32", e.Exception.Message);
        }
    }

    public class NewTensorTests
    {
        [Fact]
        public void InitializerObjectFromThePipeline()
        {
            var t = (Tensor)Run.Ok("New-Initializer Zeros | New-Tensor -Shape 2,3").Single()!;
            Assert.Equal(new[] { 2, 3 }, t.Shape);
            Assert.All((float[])t.ToArray(), v => Assert.Equal(0f, v));
        }

        [Fact]
        public void ByNameWithDType()
        {
            var t = (Tensor)Run.Ok("New-Tensor -Initializer ones -Shape 4 -DType float64").Single()!;
            Assert.Equal(new[] { 1.0, 1.0, 1.0, 1.0 }, (double[])t.ToArray());
        }

        [Fact]
        public void KerasDocumentAsHashtableFillsRowMajor()
        {
            var t = (Tensor)Run.Ok("New-Tensor @{ class_name = 'Constant'; config = @{ value = 1,2,3,4 } } -Shape 2,2").Single()!;
            Assert.Equal(3f, t[1, 0]);
            Assert.Equal(2f, t[0, 1]);
        }

        [Fact]
        public void KerasDocumentAsPSCustomObject()
        {
            var t = (Tensor)Run.Ok("[pscustomobject]@{ class_name = 'Constant'; config = [pscustomobject]@{ value = 7 } } | New-Tensor -Shape 2 -DType int32").Single()!;
            Assert.Equal(new[] { 7, 7 }, (int[])t.ToArray());
        }

        [Fact]
        public void OnesWithStringDTypeIsRefusedWithKerasMessage()
        {
            var run = Run.Script("New-Tensor Ones -Shape 2 -DType string");
            Assert.Null(run.Terminating);
            var e = Assert.Single(run.Errors);
            Assert.StartsWith("UnsupportedDType,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Equal("Expected numeric or boolean dtype, got string.", e.Exception.Message);
            Assert.Equal("string", e.TargetObject);
        }

        [Fact]
        public void ConstantWithWrongElementCount()
        {
            var e = Run.Script("New-Initializer Constant @{ value = 1..8 } | New-Tensor -Shape 3,4").Error;
            Assert.StartsWith("ConstantSizeMismatch,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Contains("Constant value has 8 elements, shape is (3, 4) with 12 elements", e.Exception.Message);
        }

        [Fact]
        public void BadInputIsNonTerminatingAndTheOthersStillCome()
        {
            var run = Run.Script("'Zeros', 'Nope', 'Ones' | New-Tensor -Shape 2");
            Assert.Null(run.Terminating);
            Assert.Equal(2, run.Output.Count);
            var e = Assert.Single(run.Errors);
            Assert.StartsWith("UnknownInitializer,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Equal("Nope", e.TargetObject);
        }

        [Fact]
        public void BadShapeStopsTheCommandBeforeAnyInput()
        {
            var run = Run.Script("'Zeros', 'Ones' | New-Tensor -Shape 2.5");
            Assert.Empty(run.Output);
            Assert.StartsWith("InvalidShape,", run.Terminating!.FullyQualifiedErrorId);
        }

        [Fact]
        public void PlainDictionaryWithoutClassNameIsMissingClassName()
        {
            var e = Run.Script("New-Tensor @{ value = 3 } -Shape 2").Error;
            Assert.StartsWith("MissingClassName,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        }

        [Fact]
        public void UnsupportedInputTypeIsInvalidType()
        {
            var e = Run.Script("New-Tensor -Initializer (Get-Date) -Shape 2").Error;
            Assert.StartsWith("InvalidInitializerInput,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidType, e.CategoryInfo.Category);
        }
    }
}
