using System;
using System.Collections;
using System.IO;
using System.Linq;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>Get-InitializerGain and -Layout on New-Tensor and Export-Tensor, hosted in a runspace. Expected numbers
    /// come from PyTorch's formulas worked by hand.</summary>
    public sealed class TorchCmdletTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-torch-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [Fact]
        public void GainIsPyTorchsCalculateGain()
        {
            Assert.Equal(5.0 / 3, Run.Ok("Get-InitializerGain tanh").Single());
            Assert.Equal(Math.Sqrt(2 / 1.04), Run.Ok("Get-InitializerGain leaky_relu -NegativeSlope 0.2").Single());
            Assert.Equal(new object[] { 1.0, Math.Sqrt(2.0), 0.75 }, Run.Ok("'conv2d', 'relu', 'selu' | Get-InitializerGain").Output.Select(o => o.BaseObject));
        }

        [Fact]
        public void GainErrorsAreNonTerminatingWithPyTorchsTexts()
        {
            var run = Run.Script("'gelu', 'tanh' | Get-InitializerGain");
            Assert.Single(run.Output);
            Assert.Equal("UnsupportedNonlinearity,Initializers.PowerShell.Commands.GetInitializerGainCommand", run.Error.FullyQualifiedErrorId);
            Assert.Equal("gelu", run.Error.TargetObject);
            var slope = Run.Script("Get-InitializerGain leaky_relu -Param $true");
            Assert.Equal("InvalidGainParameter,Initializers.PowerShell.Commands.GetInitializerGainCommand", slope.Error.FullyQualifiedErrorId);
            Assert.Equal("negative_slope True not a valid number", slope.Error.Exception.Message);
        }

        [Fact]
        public void ConvertInitializerTranslatesBothWaysAndReportsWhatHasNoCounterpart()
        {
            var he = (Initializers.Torch.InitializerTranslation)Run.Ok("Convert-Initializer (New-Initializer HeUniform -Seed 3) -To PyTorch").Single()!;
            Assert.Equal(Initializers.Torch.TranslationMatch.Exact, he.Match);
            Assert.Equal(new Initializers.Torch.TorchKaimingUniform(0, "fan_in", "relu", 3), he.Target);
            var back = (Initializers.Torch.InitializerTranslation)Run.Ok("'xavier_uniform_' | Convert-Initializer -To Keras").Single()!;
            Assert.Equal("GlorotUniform", back.Target.ClassName);
            // With the shape (Keras layout), HeNormal's exact form: std sqrt(2/784)/0.87962566103423978.
            var shaped = (Initializers.Torch.InitializerTranslation)Run.Ok("Convert-Initializer HeNormal -To PyTorch -Shape 784, 256").Single()!;
            Assert.Equal(Math.Sqrt(2.0 / 784) / 0.87962566103423978, ((Initializers.Torch.TorchTruncNormal)shaped.Target).Std, 15);
            var run = Run.Script("'dirac_', 'eye_' | Convert-Initializer -To Keras");
            Assert.Single(run.Output);
            Assert.Equal("NotTranslatable", run.Error.FullyQualifiedErrorId.Split(',')[0]);
        }

        [Fact]
        public void RequiredConfigKeysAreCompletedAsNullAndRefusedUntilFilledIn()
        {
            var completion = Run.Ok("(TabExpansion2 -inputScript 'New-Initializer TorchSparse -Config ' -cursorColumn 36).CompletionMatches[0]").Single() as System.Management.Automation.CompletionResult;
            Assert.Equal("@{ sparsity = $null; std = 0.01; seed = $null }", completion!.CompletionText);
            Assert.Contains("sparsity = (required)", completion.ToolTip);
            Assert.Equal("MissingConfigKey", Run.Script("New-Initializer TorchSparse -Config @{ sparsity = $null }").Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(0.25, ((Initializers.Torch.TorchSparse)Run.Ok("New-Initializer TorchSparse -Config @{ sparsity = 0.25 }").Single()!).Sparsity);
        }

        [Fact]
        public void NewTensorLayoutTorchTransposesAKerasDenseKernelAndKeepsItsFanIn()
        {
            var keras = (Tensor)Run.Ok("New-Tensor (New-Initializer HeNormal -Seed 5) -Shape 784, 256").Single()!;
            var torch = (Tensor)Run.Ok("New-Tensor (New-Initializer HeNormal -Seed 5) -Shape 256, 784 -Layout Torch").Single()!;
            Assert.Equal(new[] { 256, 784 }, torch.Shape);
            var k = keras.ToArray<float>();
            var t = torch.ToArray<float>();
            for (var i = 0; i < 784; i++)
            {
                for (var o = 0; o < 256; o++)
                {
                    Assert.Equal(k[(i * 256) + o], t[(o * 784) + i]);
                }
            }
        }

        [Fact]
        public void NewTensorLayoutKerasGivesATorchInitializerItsOwnFans()
        {
            // kaiming_uniform_ defaults: bound sqrt(6 / fan_in) with fan_in 784 whichever layout the shape is in.
            var values = ((Tensor)Run.Ok("New-Tensor kaiming_uniform_ -Shape 784, 256 -Layout Keras -DType float64").Single()!).ToArray<double>();
            Assert.All(values, v => Assert.InRange(v, -Math.Sqrt(6.0 / 784), Math.Sqrt(6.0 / 784)));
            Assert.True(values.Max() > 0.087);
            Assert.Equal("ParameterArgumentValidationError,Initializers.PowerShell.Commands.NewTensorCommand", Run.Script("New-Tensor ones -Shape 2 -Layout Jax").Terminating!.FullyQualifiedErrorId);
        }

        [Fact]
        public void ExportTensorWritesTheLayoutAskedFor()
        {
            var vars = new Hashtable { ["dir"] = dir };
            Run.Ok(
                "Export-Tensor -Path (Join-Path $dir 'a.npy') -Initializer (New-Initializer GlorotUniform -Seed 2) -Shape 16, 8, 3, 3 -Layout Torch; " +
                "New-Tensor (New-Initializer GlorotUniform -Seed 2) -Shape 16, 8, 3, 3 -Layout Torch | Export-Tensor -Path (Join-Path $dir 'b.npy'); " +
                "Export-Tensor -Path (Join-Path $dir 'c.npy') -Initializer (New-Initializer kaiming_normal_ -Seed 2) -Shape 16, 8, 3, 3 -Layout Torch; " +
                "New-Tensor (New-Initializer kaiming_normal_ -Seed 2) -Shape 16, 8, 3, 3 | Export-Tensor -Path (Join-Path $dir 'd.npy')",
                vars);
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "b.npy")), File.ReadAllBytes(Path.Combine(dir, "a.npy")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "d.npy")), File.ReadAllBytes(Path.Combine(dir, "c.npy")));
            var shard = Run.Script("Export-Tensor -Path (Join-Path $dir 'e.npy') -Initializer (New-Initializer GlorotUniform -Seed 2) -Shape 16, 8 -Layout Torch -ShardIndex 0 -ShardCount 2", vars);
            Assert.Equal("LayoutNotStreamed", shard.Error.FullyQualifiedErrorId.Split(',')[0]);
        }
    }
}
