using System.Linq;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>How the cmdlets bind and report what they were given (moved from Pester: none of it needs the built
    /// module).</summary>
    public class CmdletBindingTests
    {
        [Fact]
        public void ShapeThatIsNoNumberIsInvalidShape()
        {
            var e = Run.Script("New-ZerosTensor -Shape 'abc'").Terminating;
            Assert.NotNull(e);
            Assert.StartsWith("InvalidShape,", e!.FullyQualifiedErrorId);
        }

        [Fact]
        public void UnknownDTypeIsQuotedInTheMessage()
        {
            var e = Run.Script("New-ZerosTensor 2 -DType quaternion").Terminating;
            Assert.NotNull(e);
            Assert.StartsWith("UnknownDType,", e!.FullyQualifiedErrorId);
            Assert.Contains("'quaternion'", e.Exception.Message);
        }

        [Fact]
        public void ConstantFromThePipelineFillsAnInt64Tensor()
        {
            var t = (Tensor)Run.Ok("New-Initializer Constant @{ value = 3 } | New-Tensor -Shape 2, 3 -DType int64").Single()!;
            Assert.Equal(new long[] { 3, 3, 3, 3, 3, 3 }, Assert.IsType<long[]>(t.ToArray()));
        }

        [Fact]
        public void NewTensorTakesANameAHashtableAndAPSCustomObjectByPosition()
        {
            Assert.Equal(new[] { 1f, 1f }, (float[])((Tensor)Run.Ok("New-Tensor ones 2").Single()!).ToArray());
            Assert.Equal(new[] { 4f }, (float[])((Tensor)Run.Ok("New-Tensor @{ class_name = 'Constant'; config = @{ value = 4 } } 1").Single()!).ToArray());
            Assert.Equal(
                new[] { 5f },
                (float[])((Tensor)Run.Ok("[pscustomobject]@{ class_name = 'Constant'; config = [pscustomobject]@{ value = 5 } } | New-Tensor -Shape 1").Single()!).ToArray());
        }

        [Fact]
        public void GetInitializerMatchesWildcardsAgainstAliases()
        {
            var names = Run.Ok("(Get-Initializer '*_initializer').ClassName").Output.Select(o => (string)o.BaseObject);
            Assert.Contains("Zeros", names);
        }

        [Fact]
        public void Complex64ValuesReachPowerShellAsSystemNumericsComplex()
        {
            var run = Run.Ok("$t = New-Tensor Constant -Shape 2 -DType complex64; $t[0]; ,$t.ToArray(); $t.GetFlat(1)");
            Assert.Equal(3, run.Output.Count);
            Assert.IsType<System.Numerics.Complex>(run.Output[0].BaseObject);
            Assert.IsType<System.Numerics.Complex[]>(run.Output[1].BaseObject);
            Assert.IsType<System.Numerics.Complex>(run.Output[2].BaseObject);
        }

        [Fact]
        public void ADifferentSeedGivesDifferentValues()
        {
            var run = Run.Ok(
                "(New-Initializer RandomNormal -Seed 1 | New-Tensor -Shape 4).ToArray() -join ','\n" +
                "(New-Initializer RandomNormal -Seed 2 | New-Tensor -Shape 4).ToArray() -join ','");
            Assert.Equal(2, run.Output.Count);
            Assert.NotEqual(run.Output[0].BaseObject, run.Output[1].BaseObject);
        }
    }
}
