using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Initializers.Benchmarks
{
    /// <summary><c>--rate [--threads T] [--reps R] [--fresh] NAME:DTYPE:N ...</c>: times <c>Initializer.Call</c> (a fresh tensor
    /// each call, as a user gets it) for each case, round-robin R times after one warm-up call each, and prints per case
    /// the median, min, elements/s and the minor page faults per call. A quick A/B probe for a loaded machine: run
    /// two builds alternately in the same minutes and compare ratios, not absolute times. --fresh returns the freed memory
    /// to the system before each call, so each tensor pays its first-touch page faults, as in a fresh process.</summary>
    internal static class RateProbe
    {
        public static int Run(string[] args)
        {
            var threads = 0;
            var reps = 7;
            var kernel = false;
            var fresh = false;
            var cases = new List<(string Name, DType DType, int N)>();
            for (var i = Array.IndexOf(args, "--rate") + 1; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--kernel": kernel = true; break;
                    case "--fresh": fresh = true; break;
                    default:
                        var parts = args[i].Split(':');
                        cases.Add((parts[0], parts[1] == "float64" ? DType.Float64 : DType.Float32, (int)double.Parse(parts[2], CultureInfo.InvariantCulture)));
                        break;
                }
            }

            if (kernel)
            {
                return Kernels(cases, reps);
            }

            using var scope = FillOptions.Use(new FillOptions { MaxThreads = threads });
            var inits = cases.Select(c => Initializer.FromConfig(c.Name, new System.Collections.Hashtable { ["seed"] = 42 })).ToArray();
            var times = cases.Select(_ => new List<double>()).ToArray();
            var faults = cases.Select(_ => new List<long>()).ToArray();
            var cpu = cases.Select(_ => new List<double>()).ToArray();
            for (var rep = -1; rep < reps; rep++)
            {
                for (var c = 0; c < cases.Count; c++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    if (fresh)
                    {
                        // Give the freed memory back to the system, so the next tensor gets fresh pages, as the
                        // first large tensor of a process does.
                        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    }

                    var f0 = MinorFaults();
                    var cpu0 = ThreadCpuMs();
                    var sw = Stopwatch.StartNew();
                    var t = inits[c].Call(new[] { cases[c].N }, cases[c].DType);
                    var ms = sw.Elapsed.TotalMilliseconds;
                    var f1 = MinorFaults();
                    var cpuMs = ThreadCpuMs() - cpu0;
                    GC.KeepAlive(t);
                    if (rep >= 0)
                    {
                        times[c].Add(ms);
                        faults[c].Add(f1 - f0);
                        cpu[c].Add(cpuMs);
                    }
                }
            }

            for (var c = 0; c < cases.Count; c++)
            {
                var sorted = times[c].OrderBy(x => x).ToArray();
                var median = sorted[sorted.Length / 2];
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-16} {1,-8} {2,11} threads={3} median {4,9:F2} ms  min {5,9:F2} ms  {6,7:F3} G/s  thread cpu median {8,9:F2} min {9,9:F2} ms  faults/call {7}",
                    cases[c].Name, cases[c].DType == DType.Float64 ? "float64" : "float32", cases[c].N, threads, median, sorted[0], cases[c].N / median / 1e6,
                    faults[c].OrderBy(x => x).ElementAt(faults[c].Count / 2), cpu[c].OrderBy(x => x).ElementAt(cpu[c].Count / 2), cpu[c].Min()));
            }

            return 0;
        }

        /// <summary><c>--kernel</c>: the random kernels alone (RandomFill into an existing array, on this thread), so a
        /// loaded machine's scheduling and page faults stay out; prints the minimum and the 10th percentile of the
        /// thread's CPU time per element over the repetitions, the statistic least disturbed by other processes.</summary>
        private static int Kernels(List<(string Name, DType DType, int N)> cases, int reps)
        {
            var single = cases.Select(c => c.DType == DType.Float32 ? new float[c.N] : null).ToArray();
            var wide = cases.Select(c => c.DType == DType.Float64 ? new double[c.N] : null).ToArray();
            var cpu = cases.Select(_ => new List<double>()).ToArray();
            for (var rep = -3; rep < reps; rep++)
            {
                for (var c = 0; c < cases.Count; c++)
                {
                    var t0 = ThreadCpuMs();
                    switch (cases[c].Name, cases[c].DType)
                    {
                        case ("Uniform", DType.Float32): Randomness.RandomFill.Uniform(single[c], 42, 0, 0, -1f, 1f); break;
                        case ("Uniform", _): Randomness.RandomFill.Uniform(wide[c], 42, 0, 0, -1.0, 1.0); break;
                        case ("Normal", DType.Float32): Randomness.RandomFill.Normal(single[c], 42, 0, 0, 0f, 1f); break;
                        case ("Normal", _): Randomness.RandomFill.Normal(wide[c], 42, 0, 0, 0.0, 1.0); break;
                        case ("TruncatedNormal", DType.Float32): Randomness.RandomFill.TruncatedNormal(single[c], 42, 0, 0, 0f, 1f); break;
                        default: Randomness.RandomFill.TruncatedNormal(wide[c], 42, 0, 0, 0.0, 1.0); break;
                    }

                    if (rep >= 0)
                    {
                        cpu[c].Add(ThreadCpuMs() - t0);
                    }
                }
            }

            for (var c = 0; c < cases.Count; c++)
            {
                var sorted = cpu[c].OrderBy(x => x).ToArray();
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "kernel {0,-16} {1,-8} {2,9}  cpu ns/element min {3,6:F3}  p10 {4,6:F3}  median {5,6:F3}",
                    cases[c].Name, cases[c].DType == DType.Float64 ? "float64" : "float32", cases[c].N,
                    sorted[0] * 1e6 / cases[c].N, sorted[sorted.Length / 10] * 1e6 / cases[c].N, sorted[sorted.Length / 2] * 1e6 / cases[c].N));
            }

            return 0;
        }

        private static double ThreadCpuMs()
        {
            if (!OperatingSystem.IsLinux())
            {
                return 0;
            }

            ClockGetTime(3, out var time);   // CLOCK_THREAD_CPUTIME_ID
            return (time.Seconds * 1e3) + (time.Nanoseconds / 1e6);
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        private static long MinorFaults()
        {
            // /proc/self/stat field 10 is minflt (Linux); elsewhere 0.
            try
            {
                var stat = File.ReadAllText("/proc/self/stat");
                var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                return long.Parse(fields[7], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }
}
