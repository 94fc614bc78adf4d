using System;
using System.Collections;
using System.IO;
using System.Linq;
using Initializers.IO;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>Export-Tensor and Import-Tensor with .safetensors files, and the provenance every written file records.</summary>
    public sealed class SafetensorsCmdletTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-st-cmdlet-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        private Run In(string script) => Run.Script(script, new Hashtable { ["dir"] = dir });

        [Fact]
        public void PipedTensorsGoIntoOneSafetensorsFileAndNameSelectsThem()
        {
            var run = In(
                "(New-ZerosTensor -Shape 2), (New-ZerosTensor -Shape 3 -DType bfloat16), (New-ZerosTensor -Shape @() -DType int64) | Export-Tensor (Join-Path $dir 'm.safetensors') -Name dense.kernel, dense.bias, step;" +
                "Import-Tensor (Join-Path $dir 'm.safetensors') | ForEach-Object { '{0}:{1}:{2}' -f $_.Name, $_.DType, $_.Count };" +
                "(Import-Tensor (Join-Path $dir 'm.safetensors') -Name 'DENSE.*').Name;" +
                "(New-ZerosTensor -Shape 2) | Export-Tensor (Join-Path $dir 'w.bin') -Format safetensors -PassThru | ForEach-Object Name");
            Assert.Empty(run.Errors);
            Assert.Null(run.Terminating);
            Assert.Equal(
                new object[] { "step:Int64:1", "dense.kernel:Float32:2", "dense.bias:BFloat16:3", "dense.kernel", "dense.bias", "w.bin" },
                run.Output.Select(o => o.BaseObject));
            Assert.Equal("arr_0", Safetensors.Read(Path.Combine(dir, "w.bin")).Single().Key);
        }

        [Fact]
        public void AnImportedTensorCarriesItsProvenanceAndRebuildsBitForBit()
        {
            var run = In(
                "$t = New-Initializer GlorotUniform | New-Tensor -Shape 3, 4;" +
                "$t | Export-Tensor (Join-Path $dir 'k.safetensors');" +
                "$u = Import-Tensor (Join-Path $dir 'k.safetensors');" +
                "$u.Provenance.Seed -eq $t.GetProvenance().Seed; $u.Provenance.Initializer.ClassName;" +
                "$r = $u.Provenance.Initializer | New-Tensor -Shape $u.Provenance.Shape -DType $u.Provenance.DType; $r.Equals($u.psobject.BaseObject);" +
                "$u.Provenance.Rebuild().Equals($t)");
            Assert.Empty(run.Errors);
            Assert.Null(run.Terminating);
            Assert.Equal(new object[] { true, "GlorotUniform", true, true }, run.Output.Select(o => o.BaseObject));
        }

        [Fact]
        public void ProvenanceWritesTheNpySidecarThatImportReads()
        {
            var run = In(
                "New-Initializer HeNormal -Seed 3 | New-Tensor -Shape 2 | Export-Tensor (Join-Path $dir 'h.npy') -Provenance;" +
                "(Import-Tensor (Join-Path $dir 'h.npy')).Provenance.Seed;" +
                "New-ZerosTensor -Shape 2 | ForEach-Object { $_[0] = 1; $_ } | Export-Tensor (Join-Path $dir 'z.npy') -Provenance");
            Assert.Equal(new object[] { 3L }, run.Output.Select(o => o.BaseObject));
            Assert.True(File.Exists(Path.Combine(dir, "h.npy.json")));
            Assert.Equal("ProvenanceUnavailable,Initializers.PowerShell.Commands.ExportTensorCommand", run.Terminating?.FullyQualifiedErrorId);
            Assert.False(File.Exists(Path.Combine(dir, "z.npy")));
        }

        [Fact]
        public void TheReservedNameAndComplexAreRefusedAndNothingIsWritten()
        {
            var run = In("@{ '__metadata__' = New-ZerosTensor -Shape 2 } | Export-Tensor (Join-Path $dir 'r.safetensors')");
            Assert.Equal("SafetensorsReservedName,Initializers.PowerShell.Commands.ExportTensorCommand", run.Terminating?.FullyQualifiedErrorId);
            run = In("New-ZerosTensor -Shape 2 -DType complex64 | Export-Tensor (Join-Path $dir 'c.safetensors')");
            Assert.Equal("UnsupportedDType,Initializers.PowerShell.Commands.ExportTensorCommand", run.Terminating?.FullyQualifiedErrorId);
            Assert.Contains(".npy and .npz", run.Terminating!.Exception.Message);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void ABadFileIsANonTerminatingErrorNamingItAndTheNextFileIsRead()
        {
            File.WriteAllBytes(Path.Combine(dir, "a.safetensors"), BitConverter.GetBytes(1000UL).Concat(new byte[] { (byte)'{', (byte)'}' }).ToArray());
            Safetensors.Write(Path.Combine(dir, "b.safetensors"), new[] { new System.Collections.Generic.KeyValuePair<string, Tensor>("w", Tensor.Zeros(new[] { 2 })) });
            var run = In("Import-Tensor (Join-Path $dir '*.safetensors') | ForEach-Object Name");
            Assert.Equal(new object[] { "w" }, run.Output.Select(o => o.BaseObject));
            var error = Assert.Single(run.Errors);
            Assert.Equal("SafetensorsInvalidHeaderLength,Initializers.PowerShell.Commands.ImportTensorCommand", error.FullyQualifiedErrorId);
            Assert.Contains("a.safetensors", error.Exception.Message);
        }
    }
}
