using System.Collections;
using System.IO;
using System.Linq;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>A tensor as PowerShell sees it: the index syntax, equality operators and Compare-Object, and (with the
    /// module's type and format data loaded as the manifest loads them) its dtype text, JSON form and default views.</summary>
    public class TensorInPowerShellTests
    {
        private const string Square = "$t = New-Tensor @{class_name='Constant';config=@{value=1,2,3,4}} -Shape 2,2\n";

        [Fact]
        public void IndexSyntaxReadsOneElementPerDimension()
        {
            Assert.Equal(3f, Run.Ok(Square + "$t[1,0]").Single());
            Assert.Equal(2f, Run.Ok(Square + "$t[-2,-1]").Single());
            Assert.Equal(3f, Run.Ok(Square + "Set-StrictMode -Version Latest; $t[1,0]").Single());
            Assert.Equal(5f, Run.Ok("$t = New-ZerosTensor 2,3,4; $t[1,2,3] = 5; $t[1,2,3]").Single());
            Assert.Equal(3.0, Run.Ok("$t = New-Tensor @{class_name='Constant';config=@{value=1,2,3}} -Shape 3 -DType float64; $t[2]").Single());
        }

        [Fact]
        public void IndexSyntaxAssignsThroughTheOneCastRule()
        {
            Assert.Equal(9f, Run.Ok(Square + "$t[1,0] = 9; $t.Item(1,0)").Single());
            // int32: 2.7 -> 2, 2.5 -> 2, -2.7 -> -2 (tf.cast truncates toward zero; it used to round: 3, 2, -3).
            var run = Run.Ok("$t = New-ZerosTensor 3 -DType int32; $t[0] = 2.7; $t[1] = 2.5; $t[2] = -2.7; $t.ToArray()");
            Assert.Equal(new object[] { 2, 2, -2 }, run.Output.Select(o => o.BaseObject).ToArray());
            // A value that came out of a cmdlet arrives wrapped in a PSObject.
            Assert.Equal(7, Run.Ok("$t = New-ZerosTensor 1 -DType int32; $t[0] = Write-Output 7.9; $t[0]").Single());
        }

        // 1.0 is 0x3C00 in float16 and 0x3F80 in bfloat16; -2.0 is 0xC000 in both. Little-endian bytes: low byte first.
        [Fact]
        public void RawBitsAndBytesAreReachableFromPowerShell()
        {
            var run = Run.Ok(
                "$h = New-Tensor @{class_name='Constant';config=@{value=1,-2}} -Shape 2 -DType float16\n" +
                "$b = New-Tensor @{class_name='Constant';config=@{value=1,-2}} -Shape 2 -DType bfloat16\n" +
                "($h.ToBits() | ForEach-Object { '0x{0:X4}' -f $_ }) -join ' '; ($b.ToBits() | ForEach-Object { '0x{0:X4}' -f $_ }) -join ' '\n" +
                "[BitConverter]::ToString($h.ToBytes()); [BitConverter]::ToString($b.ToBytes())");
            Assert.Equal(
                new object[] { "0x3C00 0xC000", "0x3F80 0xC000", "00-3C-00-C0", "80-3F-00-C0" },
                run.Output.Select(o => o.BaseObject).ToArray());
        }

        [Fact]
        public void AScalarIsReadWithItemAsNumpyItem()
        {
            Assert.Equal(5f, Run.Ok("$s = New-Tensor @{class_name='Constant';config=@{value=5}} -Shape @(); $s.Item()").Single());
        }

        [Theory]
        [InlineData("$t = New-ZerosTensor 3; $t[3] = 1", "Index 3 is out of range for axis 0 with size 3.")]
        [InlineData("$t = New-ZerosTensor 3; $t[-4] = 1", "Index -4 is out of range for axis 0 with size 3.")]
        [InlineData("Set-StrictMode -Version 3; $t = New-ZerosTensor 3; $t[3]", "Index 3 is out of range for axis 0 with size 3.")]
        [InlineData("Set-StrictMode -Version 3; $t = New-ZerosTensor 2,2; $t[1]", "A tensor of shape [2, 2] needs 2 indices; got 1.")]
        [InlineData("$t = New-ZerosTensor 2,2; $t[1] = 0", "A tensor of shape [2, 2] needs 2 indices; got 1.")]
        public void BadIndexIsTheLibrarysInvalidIndex(string script, string message)
        {
            var e = Run.Script(script).Error;
            var ex = Assert.IsType<InitializerException>(e.Exception);
            Assert.Equal("InvalidIndex", ex.ErrorId);
            Assert.Equal(message, ex.Message);
        }

        [Fact]
        public void AValueThatDoesNotFitIsInvalidValue()
        {
            var e = Run.Script("$t = New-ZerosTensor 1 -DType uint8; $t[0] = 256").Error;
            Assert.Equal("InvalidValue", Assert.IsType<InitializerException>(e.Exception).ErrorId);
            Assert.Equal("Tensor element value 256 does not fit dtype uint8.", e.Exception.Message);
        }

        [Fact]
        public void OutOfRangeReadIsNullWithoutStrictModeAsForAnArray()
        {
            var run = Run.Ok("$t = New-ZerosTensor 3; $null -eq $t[3]; $a = 1,2,3; $null -eq $a[3]");
            Assert.Equal(new object[] { true, true }, run.Output.Select(o => o.BaseObject).ToArray());
        }

        private const string Pair = "$t = New-Initializer RandomNormal -Seed 7 | New-Tensor -Shape 40,50; $u = New-Initializer RandomNormal -Seed 7 | New-Tensor -Shape 40,50\n";

        [Fact]
        public void EqualsAndEqCompareShapeDTypeAndBits()
        {
            var run = Run.Ok(Pair + "$t.Equals($u); $t -eq $u; $t -ne $u; $u[39,49] = 0; $t -eq $u");
            Assert.Equal(new object[] { true, true, false, false }, run.Output.Select(o => o.BaseObject).ToArray());
        }

        // 2000 elements print as the same summary when only a middle element differs; Compare-Object used to fall back
        // to those strings and call the tensors equal.
        [Fact]
        public void CompareObjectSeesADifferenceInTheMiddleOfALargeTensor()
        {
            Assert.Empty(Run.Ok(Pair + "Compare-Object $t $u").Output);
            var run = Run.Ok(Pair + "$u[20,25] = 0; ($t.ToString() -eq $u.ToString()); (Compare-Object $t $u).SideIndicator");
            Assert.Equal(new object[] { true, "=>", "<=" }, run.Output.Select(o => o.BaseObject).ToArray());
        }

        /// <summary>Runs a script with the module's Initializers.Types.ps1xml and Initializers.Format.ps1xml loaded, as
        /// Import-Module of the manifest loads them (the hosted runspace imports only the dll).</summary>
        private static Run WithTypeData(string script)
        {
            var dir = Path.GetDirectoryName(typeof(TensorInPowerShellTests).Assembly.Location)!;
            while (!File.Exists(Path.Combine(dir, "module", "Initializers.Types.ps1xml")))
            {
                dir = Path.GetDirectoryName(dir)!;
            }

            var module = Path.Combine(dir, "module");
            return Run.Script(
                "Update-TypeData -PrependPath $typesFile; Update-FormatData -PrependPath $formatFile\n" + script,
                new Hashtable
                {
                    ["typesFile"] = Path.Combine(module, "Initializers.Types.ps1xml"),
                    ["formatFile"] = Path.Combine(module, "Initializers.Format.ps1xml"),
                });
        }

        [Fact]
        public void DTypeIsTheTensorFlowNameInStringsAndViews()
        {
            var run = WithTypeData(Square + "\"$($t.DType)\"; ($t | Format-List DType | Out-String).Trim(); \"$([Initializers.DType]::BFloat16)\"; ([Initializers.DType]::BFloat16 | Out-String).Trim(); $t.DType -eq [Initializers.DType]::Float32; $t.psbase.DType.GetType().Name");
            Assert.Null(run.Terminating);
            Assert.Equal(new object[] { "float32", "DType : float32", "BFloat16", "bfloat16", true, "DType" }, run.Output.Select(o => o.BaseObject).ToArray());
        }

        [Fact]
        public void ConvertToJsonKeepsShapeAndNestedValues()
        {
            var run = WithTypeData(Square + "$t | ConvertTo-Json -Compress; ConvertTo-Json $t -Compress -EnumsAsStrings");
            Assert.Null(run.Terminating);
            Assert.Equal(
                new object[]
                {
                    "{\"Shape\":[2,2],\"Rank\":2,\"DType\":2,\"Count\":4,\"Values\":[[1.0,2.0],[3.0,4.0]]}",
                    "{\"Shape\":[2,2],\"Rank\":2,\"DType\":\"float32\",\"Count\":4,\"Values\":[[1.0,2.0],[3.0,4.0]]}",
                },
                run.Output.Select(o => o.BaseObject).ToArray());
        }

        [Fact]
        public void DefaultViewsFitEightyColumns()
        {
            var run = WithTypeData(Square + "($t | Out-String -Width 80).Trim(\"`n\"); ($t | Format-List | Out-String -Width 80).Trim(\"`n\")");
            Assert.Null(run.Terminating);
            var table = ((string)run.Output[0].BaseObject).Replace("\r\n", "\n");
            var list = ((string)run.Output[1].BaseObject).Replace("\r\n", "\n");
            Assert.Equal(
                "Shape  DType   Count Values\n" +
                "-----  -----   ----- ------\n" +
                "[2, 2] float32     4 [[1., 2.], [3., 4.]]",
                table);
            Assert.Equal(
                "Shape  : [2, 2]\n" +
                "DType  : float32\n" +
                "Count  : 4\n" +
                "Values : [[1., 2.],\n" +
                "          [3., 4.]]",
                list);
            // A large tensor keeps one table row, and its list view one cut line instead of rows wrapped mid-number.
            var wide = WithTypeData("$t = New-Initializer RandomNormal -Seed 1 | New-Tensor -Shape 100,100; ($t | Out-String -Width 80).Trim(\"`n\"); ($t | Format-List | Out-String -Width 80).Trim(\"`n\")");
            var rows = ((string)wide.Output[0].BaseObject).Replace("\r\n", "\n").Split('\n');
            Assert.Equal(3, rows.Length);
            Assert.StartsWith("[100, 100] float32 10000 [[0.012967194, -0.10430733, ", rows[2]);
            var lines = ((string)wide.Output[1].BaseObject).Replace("\r\n", "\n").Split('\n');
            Assert.Equal(4, lines.Length);
            Assert.StartsWith("Values : [[0.012967194, -0.10430733, ", lines[3]);
            Assert.EndsWith("...", lines[3]);
            Assert.True(lines[3].Length <= 80, lines[3]);
        }
    }
}
