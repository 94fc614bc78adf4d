using System;
using System.Globalization;
using System.IO;

namespace Initializers.Benchmarks
{
    /// <summary><c>--memory NAME [N]</c>: creates one float32 tensor of N elements (default 1e8) in this fresh process and
    /// prints the peak resident set above the baseline, as a multiple of the 4·N-byte payload. build.ps1 Bench runs it
    /// once per initializer, each in its own process.</summary>
    internal static class MemoryProbe
    {
        public static int Run(string[] args)
        {
            var rest = Array.FindIndex(args, a => a == "--memory");
            var name = args.Length > rest + 1 ? args[rest + 1] : "Zeros";
            var n = args.Length > rest + 2 ? int.Parse(args[rest + 2], CultureInfo.InvariantCulture) : 100_000_000;
            var init = Initializer.FromConfig(name, name is "Zeros" or "Ones" or "Identity" ? null : name == "Constant" ? new System.Collections.Hashtable { ["value"] = 0.5 } : new System.Collections.Hashtable { ["seed"] = 1 });
            var shape = name is "Orthogonal" or "Identity" ? new[] { (int)Math.Sqrt(n), (int)Math.Sqrt(n) } : new[] { n };

            // Warm up the code paths on a small tensor, then settle the heap, then measure.
            init.Call(name is "Orthogonal" or "Identity" ? new[] { 8, 8 } : new[] { 1 << 20 }, DType.Float32);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var baseline = ReadKb("VmRSS");
            ResetPeak();
            var tensor = init.Call(shape, DType.Float32);
            var peak = ReadKb("VmHWM");
            var payload = tensor.Count * 4L;
            var above = (peak - baseline) * 1024L;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0},{1},{2},{3},{4:F3}", name, tensor.Count, payload, above, (double)above / payload));
            GC.KeepAlive(tensor);
            return 0;
        }

        private static long ReadKb(string field)
        {
            foreach (var line in File.ReadAllLines("/proc/self/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line.Substring(field.Length + 1).Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }

        /// <summary>Linux: writing 5 to clear_refs resets the VmHWM peak to the current RSS.</summary>
        private static void ResetPeak()
        {
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
