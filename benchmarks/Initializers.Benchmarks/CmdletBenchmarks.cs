using System;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using BenchmarkDotNet.Attributes;

namespace Initializers.Benchmarks
{
    /// <summary>The cmdlet path: the laid-out module (out/Initializers, found through INITIALIZERS_MODULE or by walking up
    /// from the benchmark) imported into a hosted runspace, and one pipeline per call, as a script would run it.</summary>
    [Config(typeof(BenchConfig))]
    public class CmdletBenchmarks
    {
        private PowerShell ps = null!;
        private object[] shape = null!;

        [Params("3x4", "1000x1000")]
        public string Shape { get; set; } = "3x4";

        [GlobalSetup]
        public void Setup()
        {
            var iss = InitialSessionState.CreateDefault2();
            iss.ImportPSModule(new[] { Path.Combine(ModulePath(), "Initializers.psd1") });
            ps = PowerShell.Create(iss);
            shape = Shape == "3x4" ? new object[] { 3, 4 } : new object[] { 1000, 1000 };
            ps.AddScript("$script:glorot = New-Initializer GlorotUniform -Seed 42").Invoke();
            ps.Commands.Clear();
            if (ps.HadErrors)
            {
                throw new InvalidOperationException(ps.Streams.Error[0].ToString());
            }
        }

        [GlobalCleanup]
        public void Cleanup() => ps.Dispose();

        [Benchmark(Description = "New-ZerosTensor -Shape")]
        public object NewZerosTensor() => Run(ps.AddCommand("New-ZerosTensor").AddParameter("Shape", shape));

        [Benchmark(Description = "New-Tensor -Initializer GlorotUniform -Shape")]
        public object NewTensor() => Run(ps.AddCommand("New-Tensor").AddParameter("Initializer", ps.Runspace.SessionStateProxy.GetVariable("glorot")).AddParameter("Shape", shape));

        [Benchmark(Baseline = true, Description = "New-Object -TypeName float[] -ArgumentList n")]
        public object NewObjectFloatArray() => Run(ps.AddCommand("New-Object").AddParameter("TypeName", "float[]").AddParameter("ArgumentList", Shape == "3x4" ? 12 : 1_000_000));

        private object Run(PowerShell pipeline)
        {
            var result = pipeline.Invoke();
            pipeline.Commands.Clear();
            return result;
        }

        private static string ModulePath()
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("INITIALIZERS_MODULE");
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return fromEnvironment;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "out", "Initializers");
                if (File.Exists(Path.Combine(candidate, "Initializers.psd1")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("Build the module first (dotnet pwsh ./build.ps1), or set INITIALIZERS_MODULE to out/Initializers.");
        }
    }
}
