using System;
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
    /// <summary>Issue 15 in a hosted runspace: Ctrl+C (PowerShell.Stop) ends long cmdlet work with nothing left behind,
    /// and the module gives the single-threaded results when many runspaces use it at once.</summary>
    public sealed class RobustnessTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-robust-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [Fact]
        public void StoppingABigFillOutputsNothingAndTheNextCallIsUnaffected()
        {
            using var ps = Session();

            // 1e9 float16 elements (2 GB): many seconds of sampling, stopped after it has begun.
            ps.AddScript("New-Initializer RandomNormal -Seed 1 | New-Tensor -Shape 1000000000 -DType float16");
            var output = new PSDataCollection<PSObject>();
            var pending = ps.BeginInvoke<PSObject, PSObject>(null, output);
            Thread.Sleep(500);
            ps.Stop();
            Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(pending));
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.Empty(output);

            var expected = InitializerCatalog.Create("RandomNormal", null, 1).Call(new[] { 5 }, DType.Float16);
            ps.Commands.Clear();
            ps.AddScript("New-Initializer RandomNormal -Seed 1 | New-Tensor -Shape 5 -DType float16");
            Assert.Equal(expected, Assert.Single(ps.Invoke()).BaseObject);
        }

        [Fact]
        public void StoppingAnExportMidWriteLeavesNoFileNoTemporaryAndALaterExportIsWhole()
        {
            using var ps = Session();
            var path = Path.Combine(dir, "big.npy");
            ps.AddScript("$t = New-ZerosTensor -Shape 200000000 -DType float64").Invoke(); // 1.6 GB
            ps.Commands.Clear();
            ps.AddScript("$t | Export-Tensor -LiteralPath $args[0]").AddArgument(path);
            var pending = ps.BeginInvoke();

            // Stop as soon as the temporary file exists: the write is under way.
            while (!Directory.EnumerateFiles(dir, "*.tmp").Any() && !pending.IsCompleted)
            {
                Thread.Sleep(1);
            }

            ps.Stop();
            Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(pending));
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.Empty(Directory.GetFiles(dir));

            var small = InitializerCatalog.Create("RandomUniform", null, 3).Call(new[] { 4, 5 }, DType.Float64);
            ps.Commands.Clear();
            ps.AddScript("New-Initializer RandomUniform -Seed 3 | New-Tensor -Shape 4, 5 -DType float64 | Export-Tensor -LiteralPath $args[0]").AddArgument(path);
            ps.Invoke();
            Assert.Equal(small, Initializers.IO.Npy.Read(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        }

        [Fact]
        public void ForEachObjectParallelOverOneSharedInitializerGivesTheSequentialResults()
        {
            // 64 items, 8 runspaces at once, one shared seeded initializer; each item makes a tensor, converts a config
            // both ways and exports and re-imports a file. Every result is a line of hashes and texts.
            const string body = @"
                $i = $_
                $shared = $using:shared
                $dir = $using:dir
                $run = $using:run
                $t = $shared | New-Tensor -Shape (16 + $i), 24 -DType float64
                $own = New-Initializer ('RandomNormal', 'GlorotUniform', 'Orthogonal', 'HeUniform')[$i % 4] -Seed $i
                $u = $own | New-Tensor -Shape 20, 20
                $json = $own | ConvertTo-InitializerConfig -Compress
                $back = $json | ConvertFrom-InitializerConfig
                $file = Join-Path $dir ""$run-$i.npz""
                @{ t = $t; u = $u } | Export-Tensor -LiteralPath $file
                $read = Import-Tensor -LiteralPath $file -AsHashtable
                $bytes = [System.Text.Encoding]::UTF8.GetBytes(($t.ToArray() -join ',') + '|' + ($u.ToArray() -join ','))
                '{0} {1} {2} {3} {4}' -f $i, [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)), $json, $back.Equals($own), ($read['t'].Equals($t) -and $read['u'].Equals($u))
            ";
            var script =
                "Import-Module $args[0]\n" +
                "$dir = $args[1]\n" +
                "$shared = New-Initializer GlorotNormal -Seed 20261130\n" +
                "$run = 'seq'; $sequential = 0..63 | ForEach-Object { " + body.Replace("$using:", "$") + " }\n" +
                "$run = 'par'; $parallel = 0..63 | ForEach-Object -ThrottleLimit 8 -Parallel { Import-Module $using:module\n " + body + " }\n" +
                "[pscustomobject]@{ Sequential = $sequential; Parallel = @($parallel | Sort-Object { [int]($_ -split ' ')[0] }) }";
            using var ps = PS.Create(InitialSessionState.CreateDefault2());
            var module = typeof(NewZerosTensorCommand).Assembly.Location;
            ps.Runspace.SessionStateProxy.SetVariable("module", module);
            ps.AddScript(script).AddArgument(module).AddArgument(dir);
            var result = Assert.Single(ps.Invoke());
            Assert.Empty(ps.Streams.Error);
            var sequential = Lines(result.Properties["Sequential"].Value);
            var parallel = Lines(result.Properties["Parallel"].Value);
            Assert.Equal(64, sequential.Length);
            Assert.All(sequential, line => Assert.EndsWith(" True True", line));
            Assert.Equal(sequential, parallel);
        }

        [Fact]
        public void LiteralPathsWithWildcardsSpacesAndUnicodeWriteAndReadTheNamedFile()
        {
            var path = Path.Combine(dir, "w [1] ü ✓ *.npy");
            var run = Run.Ok(
                "New-Initializer RandomUniform -Seed 5 | New-Tensor -Shape 3 | Export-Tensor -LiteralPath $path; Import-Tensor -LiteralPath $path",
                new System.Collections.Hashtable { ["path"] = path });
            var expected = InitializerCatalog.Create("RandomUniform", null, 5).Call(new[] { 3 });
            Assert.Equal(expected, Assert.Single(run.Output).BaseObject);
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        }

        [SkippableFact]
        public void AFifoOrADeviceGivenAsInputIsRefusedInsteadOfBlocking()
        {
            // Opening a FIFO blocks until a writer comes (Import-Tensor hung for ever); /dev/zero as CSV never ends.
            Skip.If(OperatingSystem.IsWindows(), "FIFOs and /dev are Unix's.");
            var fifo = Path.Combine(dir, "pipe.npy");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
            {
                mkfifo.WaitForExit();
            }

            var link = Path.Combine(dir, "zero.csv");
            File.CreateSymbolicLink(link, "/dev/zero");
            var real = Path.Combine(dir, "real.npy");
            Initializers.IO.Npy.Write(real, Tensor.Zeros(new[] { 2 }));
            var toReal = Path.Combine(dir, "to real.npy");
            File.CreateSymbolicLink(toReal, real);
            var run = Run.Script(
                "Import-Tensor -LiteralPath $fifo; Import-Tensor -LiteralPath $link; Import-InitializerConfig -LiteralPath $fifo; (Import-Tensor -LiteralPath $toReal).Count",
                new System.Collections.Hashtable { ["fifo"] = fifo, ["link"] = link, ["toReal"] = toReal });
            Assert.Equal(2L, Assert.Single(run.Output).BaseObject);
            Assert.Equal(3, run.Errors.Count);
            Assert.All(run.Errors, e => Assert.Equal("PathNotRegularFile,Initializers.PowerShell.Commands." + e.InvocationInfo.MyCommand.Name.Replace("-", "") + "Command", e.FullyQualifiedErrorId));
            Assert.Contains("is a NamedPipe", run.Errors[0].Exception.Message);
            Assert.Contains("is a CharacterDevice", run.Errors[1].Exception.Message);
        }

        private static string[] Lines(object value) =>
            ((object[])(value is PSObject p ? p.BaseObject : value)).Select(o => o.ToString()!).ToArray();

        private static PS Session()
        {
            var iss = InitialSessionState.CreateDefault2();
            iss.ImportPSModule(new[] { typeof(NewZerosTensorCommand).Assembly.Location });
            return PS.Create(iss);
        }
    }
}
