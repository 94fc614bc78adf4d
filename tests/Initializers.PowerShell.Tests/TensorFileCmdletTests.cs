using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Initializers.IO;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>Export-Tensor and Import-Tensor hosted in a runspace: round trips, names, -AsHashtable, errors and
    /// atomicity.</summary>
    [Collection("AtomicFile hook")]
    public sealed class TensorFileCmdletTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-tensorfile-").FullName;

        public void Dispose()
        {
            foreach (var f in Directory.GetFiles(dir))
            {
                File.SetAttributes(f, FileAttributes.Normal);
            }

            Directory.Delete(dir, recursive: true);
        }

        private Run In(string script) => Run.Script(script, new Hashtable { ["dir"] = dir });

        [Fact]
        public void ATensorRoundTripsThroughNpyWithItsNameAndPath()
        {
            var run = In("$t = New-Initializer GlorotUniform -Seed 7 | New-Tensor -Shape 3, 4; $t | Export-Tensor (Join-Path $dir 'k.npy'); $u = Import-Tensor (Join-Path $dir 'k.npy'); $t.Equals($u.psobject.BaseObject); $u.Name; $u.Path");
            Assert.Empty(run.Errors);
            Assert.Null(run.Terminating);
            Assert.Equal(new object[] { true, "k", Path.Combine(dir, "k.npy") }, run.Output.Select(o => o.BaseObject));

            // numpy's np.save layout: the header ends in '\n' at byte 127.
            Assert.Equal((byte)'\n', File.ReadAllBytes(Path.Combine(dir, "k.npy"))[127]);
        }

        [Fact]
        public void PipedTensorsGoIntoOneNpzNamedByNameThenArrN()
        {
            var run = In("(New-ZerosTensor -Shape 2), (New-ZerosTensor -Shape 3), (New-ZerosTensor -Shape 4 -DType int8) | Export-Tensor -LiteralPath (Join-Path $dir 'a.npz') -Name first -Compress; Import-Tensor (Join-Path $dir 'a.npz') | ForEach-Object { '{0}:{1}' -f $_.Name, $_.Count }");
            Assert.Empty(run.Errors);
            Assert.Equal(new object[] { "first:2", "arr_0:3", "arr_1:4" }, run.Output.Select(o => o.BaseObject));
            var read = Npz.Read(Path.Combine(dir, "a.npz"));
            Assert.Equal(new[] { "first", "arr_0", "arr_1" }, read.Select(p => p.Key));
            Assert.Equal(new[] { DType.Float32, DType.Float32, DType.Int8 }, read.Select(p => p.Value.DType));
        }

        [Fact]
        public void ADictionaryKeepsItsKeysAndImportedNamesSurviveAReExport()
        {
            var run = In(
                "[ordered]@{ 'dense/kernel' = New-ZerosTensor -Shape 2, 3; step = New-ZerosTensor -Shape @() -DType int64 } | Export-Tensor (Join-Path $dir 'd.npz');" +
                "Import-Tensor (Join-Path $dir 'd.npz') | Export-Tensor (Join-Path $dir 'e.npz');" +
                "$h = Import-Tensor (Join-Path $dir 'e.npz') -AsHashtable; $h.GetType().Name; $h.Keys; $h['step'].DType");
            Assert.Empty(run.Errors);
            Assert.Null(run.Terminating);
            Assert.Equal(new object[] { "OrderedDictionary", "dense/kernel", "step", DType.Int64 }, run.Output.Select(o => o.BaseObject));
        }

        [Fact]
        public void NameSelectsMembersWithWildcardsAndAMissingLiteralNameIsAnError()
        {
            var path = Path.Combine(dir, "n.npz");
            Npz.Write(path, new[] { Pair("dense/kernel", 2), Pair("dense/bias", 3), Pair("step", 1) });
            var run = In("Import-Tensor (Join-Path $dir 'n.npz') -Name 'DENSE/*', nothing | ForEach-Object Name");
            Assert.Equal(new object[] { "dense/kernel", "dense/bias" }, run.Output.Select(o => o.BaseObject));
            var error = Assert.Single(run.Errors);
            Assert.Equal("TensorNotFound,Initializers.PowerShell.Commands.ImportTensorCommand", error.FullyQualifiedErrorId);
            Assert.Contains("nothing", error.Exception.Message);
        }

        [Fact]
        public void MissingFilesDirectoriesAndBadFilesAreNonTerminatingErrorsNamingTheFile()
        {
            // An object array: its data would be a pickle; the header alone is refused.
            var header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }".PadRight(117) + "\n";
            File.WriteAllBytes(Path.Combine(dir, "bad.npy"), new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 }.Concat(System.Text.Encoding.ASCII.GetBytes(header)).Concat(new byte[8]).ToArray());
            Npy.Write(Path.Combine(dir, "good.npy"), Tensor.Zeros(new[] { 2 }));
            var run = In("Import-Tensor -LiteralPath (Join-Path $dir 'none.npy'), $dir, (Join-Path $dir 'bad.npy'), (Join-Path $dir 'good.npy') | ForEach-Object Name");
            Assert.Null(run.Terminating);
            Assert.Equal(new object[] { "good" }, run.Output.Select(o => o.BaseObject));
            Assert.Equal(
                new[] { "FileNotFound", "PathIsDirectory", "PickleRefused" },
                run.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.Equal(ErrorCategory.InvalidData, run.Errors[2].CategoryInfo.Category);
            Assert.Contains("bad.npy", run.Errors[2].Exception.Message);
        }

        [Fact]
        public void BFloat16IsRefusedAndNothingIsWritten()
        {
            var run = In("New-ZerosTensor -Shape 2 -DType bfloat16 | Export-Tensor (Join-Path $dir 'b.npy')");
            Assert.Equal("UnsupportedDType,Initializers.PowerShell.Commands.ExportTensorCommand", run.Terminating?.FullyQualifiedErrorId);
            Assert.Contains("safetensors", run.Terminating!.Exception.Message);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void ANpyPathTakesExactlyOneTensor()
        {
            var run = In("(New-ZerosTensor -Shape 2), (New-ZerosTensor -Shape 2) | Export-Tensor (Join-Path $dir 'two.npy')");
            Assert.Equal("NpyNeedsOneTensor,Initializers.PowerShell.Commands.ExportTensorCommand", run.Terminating?.FullyQualifiedErrorId);
            Assert.Contains(".npz", run.Terminating!.Exception.Message);
            Assert.Empty(Directory.GetFiles(dir));

            // -Format Npz writes the same input into one archive at any path.
            Assert.Empty(In("(New-ZerosTensor -Shape 2), (New-ZerosTensor -Shape 2) | Export-Tensor (Join-Path $dir 'two.bin') -Format Npz").Errors);
            Assert.Equal(2, Npz.Read(Path.Combine(dir, "two.bin")).Count);
        }

        [Fact]
        public void ACsvPathOrFormatCsvWritesCsvThatImportTensorReadsBack()
        {
            var run = In(
                "$t = New-Initializer GlorotUniform -Seed 7 | New-Tensor -Shape 3, 4 -DType float64; $t | Export-Tensor (Join-Path $dir 'k.csv');" +
                "$u = Import-Tensor (Join-Path $dir 'k.csv'); $t.Equals($u.psobject.BaseObject); $u.Name; $u.DType;" +
                "New-ZerosTensor -Shape 2 -DType int32 | Export-Tensor (Join-Path $dir 'z.txt') -Format csv; Copy-Item (Join-Path $dir 'z.txt') (Join-Path $dir 'z.csv');" +
                "$z = Import-Tensor (Join-Path $dir 'k.csv'), (Join-Path $dir 'z.csv') -DType int32 -MinimumRank 2; '{0}:{1}' -f $z.Name, ($z.Shape -join 'x');" +
                "(Import-Tensor (Join-Path $dir 'k.csv') -DType float32).DType");
            Assert.Null(run.Terminating);
            Assert.Equal(new object[] { true, "k", DType.Float64, "z:2x1", DType.Float32 }, run.Output.Select(o => o.BaseObject));
            Assert.Equal("0\n0\n", File.ReadAllText(Path.Combine(dir, "z.txt")));

            // k.csv holds floats: as int32 its first value is CsvInvalidValue, naming the file, line and column.
            var error = Assert.Single(run.Errors);
            Assert.Equal("CsvInvalidValue,Initializers.PowerShell.Commands.ImportTensorCommand", error.FullyQualifiedErrorId);
            Assert.StartsWith($"'{Path.Combine(dir, "k.csv")}' line 1, column 1: cannot read '", error.Exception.Message);
        }

        [Fact]
        public void DTypeAndMinimumRankAreErrorsForNpyAndCsvTakesOneTensor()
        {
            Npy.Write(Path.Combine(dir, "a.npy"), Tensor.Zeros(new[] { 2 }));
            var run = In("Import-Tensor (Join-Path $dir 'a.npy') -DType float64");
            Assert.Empty(run.Output);
            Assert.Equal("CsvOptionNotApplicable,Initializers.PowerShell.Commands.ImportTensorCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
            Assert.Contains("a.npy", run.Errors[0].Exception.Message);

            run = In("(New-ZerosTensor -Shape 2), (New-ZerosTensor -Shape 2) | Export-Tensor (Join-Path $dir 'two.csv')");
            Assert.Equal("CsvNeedsOneTensor,Initializers.PowerShell.Commands.ExportTensorCommand", run.Terminating?.FullyQualifiedErrorId);
            run = In("New-ZerosTensor -Shape 2 -DType bool | Export-Tensor (Join-Path $dir 'b.csv')");
            Assert.Equal("UnsupportedDType,Initializers.PowerShell.Commands.ExportTensorCommand", run.Terminating?.FullyQualifiedErrorId);
            Assert.Equal(new[] { "a.npy" }, Directory.GetFiles(dir).Select(Path.GetFileName));
        }

        [Fact]
        public void FormatIgnoresCaseAsValidateSetDoes()
        {
            Assert.Empty(In("(New-ZerosTensor -Shape 2), (New-ZerosTensor -Shape 3) | Export-Tensor (Join-Path $dir 'two.bin') -Format npz").Errors);
            Assert.Equal(2, Npz.Read(Path.Combine(dir, "two.bin")).Count);
        }

        [Fact]
        public void NotATensorIsRefused()
        {
            var run = In("'text' | Export-Tensor (Join-Path $dir 'x.npy')");
            Assert.Equal("InvalidTensorInput,Initializers.PowerShell.Commands.ExportTensorCommand", run.Terminating?.FullyQualifiedErrorId);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void NoClobberWhatIfAndPassThruBehaveAsForExportInitializerConfig()
        {
            var path = Path.Combine(dir, "p.npy");
            File.WriteAllText(path, "old");
            var run = In("New-ZerosTensor -Shape 2 | Export-Tensor (Join-Path $dir 'p.npy') -NoClobber");
            Assert.Equal("FileExists,Initializers.PowerShell.Commands.ExportTensorCommand", run.Terminating?.FullyQualifiedErrorId);
            Assert.Empty(In("New-ZerosTensor -Shape 2 | Export-Tensor (Join-Path $dir 'p.npy') -WhatIf").Errors);
            Assert.Equal("old", File.ReadAllText(path));
            run = In("New-ZerosTensor -Shape 2 | Export-Tensor (Join-Path $dir 'p.npy') -PassThru");
            var file = Assert.IsType<FileInfo>(run.Single());
            Assert.Equal(136, file.Length);
            Assert.NotNull(run.Output[0].Properties["PSPath"]);
        }

        [Fact]
        public void AFailedWriteLeavesTheOldFileAndNoTemporaryFile()
        {
            var path = Path.Combine(dir, "keep.npz");
            Npz.Write(path, new[] { Pair("old", 2) });
            var before = File.ReadAllBytes(path);
            AtomicFile.BeforeCommit = (temp, target) =>
            {
                if (target == path)
                {
                    throw new IOException("injected rename failure");
                }
            };
            try
            {
                var run = In("New-ZerosTensor -Shape 5 | Export-Tensor (Join-Path $dir 'keep.npz')");
                Assert.Equal("FileWriteFailed,Initializers.PowerShell.Commands.ExportTensorCommand", run.Terminating?.FullyQualifiedErrorId);
            }
            finally
            {
                AtomicFile.BeforeCommit = null;
            }

            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        }

        private static System.Collections.Generic.KeyValuePair<string, Tensor> Pair(string name, int n) => new(name, Tensor.Zeros(new[] { n }));
    }
}
