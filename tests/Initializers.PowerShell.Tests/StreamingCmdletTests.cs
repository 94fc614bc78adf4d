using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using Initializers.PowerShell.Commands;
using Xunit;
using PS = System.Management.Automation.PowerShell;

namespace Initializers.PowerShell.Tests
{
    /// <summary>Export-Tensor -Initializer and Join-TensorShard hosted in a runspace: the bytes of the in-memory path,
    /// progress, Ctrl+C, and every shard error with its ErrorId.</summary>
    public sealed class StreamingCmdletTests : IDisposable
    {
        private const string Seeded = "@{ class_name = 'RandomNormal'; config = @{ seed = 8 } }";
        private readonly string dir = Directory.CreateTempSubdirectory("init-streaming-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        private Run In(string script) => Run.Script(script, new Hashtable { ["dir"] = dir });

        [Theory]
        [InlineData("a.npy", "")]
        [InlineData("a.npz", "")]
        [InlineData("a.npz", "-Compress")]
        [InlineData("a.safetensors", "")]
        [InlineData("a.npy", "-Provenance")]
        public void StreamingGivesTheBytesOfNewTensorPipedToExportTensor(string file, string compress)
        {
            Run.Ok(
                $"$i = New-Initializer HeUniform -Seed 4; Export-Tensor -Path (Join-Path $dir '{file}') -Initializer $i -Shape 30, 41 -DType float64 -Name w {compress}; " +
                $"$i | New-Tensor -Shape 30, 41 -DType float64 | Export-Tensor -Path (Join-Path $dir 'b{file}') -Name w {compress}",
                new Hashtable { ["dir"] = dir });
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "b" + file)), File.ReadAllBytes(Path.Combine(dir, file)));
            Assert.Equal(File.Exists(Path.Combine(dir, "b" + file + ".json")), File.Exists(Path.Combine(dir, file + ".json")));
            if (compress == "-Provenance")
            {
                Assert.Equal(File.ReadAllText(Path.Combine(dir, "b" + file + ".json")), File.ReadAllText(Path.Combine(dir, file + ".json")));
            }
        }

        [Fact]
        public void InitializerTakesNamesConfigsAndJsonLikeNewTensor()
        {
            var run = In(
                "Export-Tensor -Path (Join-Path $dir 'o.npy') -Initializer ones -Shape 2, 3 -DType int16; (Import-Tensor (Join-Path $dir 'o.npy')).ToArray() -join ','; " +
                "Export-Tensor -Path (Join-Path $dir 'c.npy') -Initializer '{\"class_name\": \"Constant\", \"config\": {\"value\": 2.5}}' -Shape 2; (Import-Tensor (Join-Path $dir 'c.npy')).ToArray() -join ','");
            Assert.Null(run.Terminating);
            Assert.Equal(new object[] { "1,1,1,1,1,1", "2.5,2.5" }, run.Output.Select(o => o.BaseObject));
        }

        [Theory]
        [InlineData("-Initializer nosuch -Shape 3", "UnknownInitializer")]
        [InlineData("-Initializer RandomNormal -Shape 3 -DType int32", "UnsupportedDType")]
        [InlineData("-Initializer Zeros -Shape 3, -1", "InvalidShape")]
        [InlineData("-Initializer Ones -Shape 3 -DType bfloat16", "UnsupportedDType")]
        [InlineData("-Initializer @('Ones', 'Zeros') -Shape 3", "InitializerNotSingle")]
        [InlineData("-Initializer Ones -Shape 3 -Format Csv", "StreamingFormatUnsupported")]
        [InlineData("-Initializer Orthogonal -Shape 60000, 60000", "TensorTooLarge")]
        public void BadStreamingInputIsATerminatingErrorAndWritesNothing(string arguments, string errorId)
        {
            var run = In($"Export-Tensor -Path (Join-Path $dir 'x.npy') {arguments}");
            Assert.NotNull(run.Terminating);
            Assert.StartsWith(errorId + ",", run.Terminating!.FullyQualifiedErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Theory]
        [InlineData("-ShardIndex 4 -ShardCount 4", "ShardOutOfRange")]
        [InlineData("-ShardIndex -1 -ShardCount 4", "ShardOutOfRange")]
        [InlineData("-ShardIndex 0 -ShardCount 0", "ShardOutOfRange")]
        [InlineData("-ShardIndex 0 -ShardCount 100000", "ShardOutOfRange")]
        [InlineData("-ShardIndex 1", "ShardOutOfRange")]
        [InlineData("-ShardIndex 0 -ShardCount 2 -Format Npz", "ShardFormatUnsupported")]
        [InlineData("-ShardIndex 0 -ShardCount 2 -Provenance", "ShardProvenanceUnsupported")]
        public void ShardParametersOutOfRangeAreRefused(string arguments, string errorId)
        {
            var run = In($"Export-Tensor -Path (Join-Path $dir 'x.npy') -Initializer {Seeded} -Shape 10 {arguments}");
            Assert.NotNull(run.Terminating);
            Assert.StartsWith(errorId + ",", run.Terminating!.FullyQualifiedErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void AnUnseededInitializerCannotBeSharded()
        {
            var run = In("Export-Tensor -Path (Join-Path $dir 'x.npy') -Initializer GlorotUniform -Shape 10, 10 -ShardIndex 0 -ShardCount 2");
            Assert.StartsWith("ShardNeedsSeed,", run.Terminating!.FullyQualifiedErrorId);
            Assert.Contains("seed", run.Terminating.Exception.Message);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void ShardsJoinToTheOneProcessFileAndCatOfThePartsIsThatFileToo()
        {
            var run = In(
                $"Export-Tensor -Path (Join-Path $dir 'one.npy') -Initializer {Seeded} -Shape 7, 1001; " +
                $"4, 0, 2, 1, 3 | ForEach-Object {{ Export-Tensor -Path (Join-Path $dir 'w.npy') -Initializer {Seeded} -Shape 7, 1001 -ShardIndex $_ -ShardCount 5 -PassThru | ForEach-Object Name }}");
            Assert.Null(run.Terminating);
            Assert.Equal(new[] { 4, 0, 2, 1, 3 }.Select(i => $"w.npy.part-0000{i}-of-00005"), run.Output.Select(o => (string)o.BaseObject));
            var one = File.ReadAllBytes(Path.Combine(dir, "one.npy"));
            var parts = Enumerable.Range(0, 5).Select(i => Path.Combine(dir, $"w.npy.part-0000{i}-of-00005")).ToList();
            Assert.Equal(one, parts.SelectMany(File.ReadAllBytes).ToArray());
            Assert.Equal(128, new FileInfo(parts[0]).Length - (7 * 1001 / 5 * 4)); // the header travels with part 0

            var joined = In("Join-TensorShard -Path (Join-Path $dir 'w.npy') -PassThru | ForEach-Object Length");
            Assert.Equal((long)one.Length, joined.Single());
            Assert.Equal(one, File.ReadAllBytes(Path.Combine(dir, "w.npy")));
            Assert.Equal(new[] { "one.npy", "w.npy" }, Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void SafetensorsShardsJoinToTheFileNewTensorPipedToExportTensorWrites()
        {
            var run = In(
                $"New-Tensor -Initializer {Seeded} -Shape 7, 1001 -DType bfloat16 | Export-Tensor -Path (Join-Path $dir 'one.safetensors') -Name kernel; " +
                $"2, 0, 1 | ForEach-Object {{ Export-Tensor -Path (Join-Path $dir 'w.safetensors') -Initializer {Seeded} -Shape 7, 1001 -DType bfloat16 -Name kernel -ShardIndex $_ -ShardCount 3 }}; " +
                "Join-TensorShard -Path (Join-Path $dir 'w.safetensors')");
            Assert.Null(run.Terminating);
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "one.safetensors")), File.ReadAllBytes(Path.Combine(dir, "w.safetensors")));
        }

        [Fact]
        public void AMissingPartIsShardMissingAndNothingIsWritten()
        {
            var run = In(
                $"0, 2 | ForEach-Object {{ Export-Tensor -Path (Join-Path $dir 'w.npy') -Initializer {Seeded} -Shape 100 -ShardIndex $_ -ShardCount 3 }}; " +
                "Join-TensorShard -Path (Join-Path $dir 'w.npy')");
            Assert.StartsWith("ShardMissing,", run.Terminating!.FullyQualifiedErrorId);
            Assert.Contains("w.npy.part-00001-of-00003", run.Terminating.Exception.Message);
            Assert.False(File.Exists(Path.Combine(dir, "w.npy")));
            Assert.Equal(4, Directory.GetFiles(dir).Length);

            // A part whose description is gone (its process died after writing it) is missing too.
            File.Delete(Path.Combine(dir, "w.npy.part-00002-of-00003.json"));
            In($"Export-Tensor -Path (Join-Path $dir 'w.npy') -Initializer {Seeded} -Shape 100 -ShardIndex 1 -ShardCount 3");
            run = In("Join-TensorShard -Path (Join-Path $dir 'w.npy')");
            Assert.StartsWith("ShardMissing,", run.Terminating!.FullyQualifiedErrorId);
            Assert.Contains("w.npy.part-00002-of-00003", run.Terminating.Exception.Message);
        }

        [Theory]
        [InlineData("@{ class_name = 'RandomNormal'; config = @{ seed = 9 } }", "100", "3")]
        [InlineData("@{ class_name = 'RandomNormal'; config = @{ seed = 8 } }", "10, 10", "3")]
        [InlineData("@{ class_name = 'RandomNormal'; config = @{ seed = 8 } }", "100", "4")]
        public void PartsOfDifferentRunsAreShardRunMismatch(string other, string shape, string count)
        {
            var run = In(
                $"0, 1 | ForEach-Object {{ Export-Tensor -Path (Join-Path $dir 'w.npy') -Initializer {Seeded} -Shape 100 -ShardIndex $_ -ShardCount 3 }}; " +
                $"Export-Tensor -Path (Join-Path $dir 'w.npy') -Initializer {other} -Shape {shape} -ShardIndex 2 -ShardCount {count}; " +
                "Join-TensorShard -Path (Join-Path $dir 'w.npy')");
            Assert.StartsWith("ShardRunMismatch,", run.Terminating!.FullyQualifiedErrorId);
            Assert.False(File.Exists(Path.Combine(dir, "w.npy")));
        }

        [Fact]
        public void JoiningWithoutPartsIsShardNotFound()
        {
            var run = In("Join-TensorShard -Path (Join-Path $dir 'w.npy')");
            Assert.StartsWith("ShardNotFound,", run.Terminating!.FullyQualifiedErrorId);
        }

        [Fact]
        public void ATruncatedPartIsShardInvalid()
        {
            In($"0..1 | ForEach-Object {{ Export-Tensor -Path (Join-Path $dir 'w.npy') -Initializer {Seeded} -Shape 100 -ShardIndex $_ -ShardCount 2 }}");
            var part = Path.Combine(dir, "w.npy.part-00001-of-00002");
            File.WriteAllBytes(part, File.ReadAllBytes(part).Take(50).ToArray());
            var run = In("Join-TensorShard -Path (Join-Path $dir 'w.npy')");
            Assert.StartsWith("ShardInvalid,", run.Terminating!.FullyQualifiedErrorId);
            Assert.False(File.Exists(Path.Combine(dir, "w.npy")));
        }

        /// <summary>Ctrl+C (Stop) during a long streaming write: the pipeline stops, and neither the file nor a temporary
        /// file is left. Progress records arrive before that.</summary>
        [Fact]
        public void StoppingAStreamingExportLeavesNothingBehind()
        {
            var iss = InitialSessionState.CreateDefault2();
            iss.ImportPSModule(new[] { typeof(NewZerosTensorCommand).Assembly.Location });
            using var ps = PS.Create(iss);
            ps.AddScript($"Export-Tensor -Path '{Path.Combine(dir, "big.npy")}' -Initializer {Seeded} -Shape 2000000000 -DType float64");
            using var progressed = new ManualResetEventSlim();
            ps.Streams.Progress.DataAdded += (s, e) => progressed.Set();
            var async = ps.BeginInvoke();
            Assert.True(progressed.Wait(TimeSpan.FromMinutes(2)), "no progress record within two minutes");
            ps.Stop();
            Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(async));
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
    }
}
