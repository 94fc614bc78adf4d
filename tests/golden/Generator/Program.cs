using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Initializers.Tests.Golden;

namespace Initializers.GoldenGenerator
{
    /// <summary>
    /// Writes tests/golden/seeded-values.tsv and lists the entries it added, changed or removed. The sha256 column comes
    /// from this process, which must have a hardware fused multiply-add (the reference); the sha256_nofma column from a
    /// child process of the same program with DOTNET_EnableHWIntrinsic=0, where it differs.
    /// Usage: Initializers.GoldenGenerator [folder]   (default: the tests/golden folder above the program).
    /// </summary>
    public static class Program
    {
        private const string HashesOnly = "--hashes-only";

        public static int Main(string[] args)
        {
            if (args.Length == 2 && args[0] == HashesOnly)
            {
                File.WriteAllLines(args[1], GoldenTable.Cases().Select(c => c.Id + "\t" + GoldenTable.Sha256(c.Build())));
                return 0;
            }

            if (!Fma.IsSupported && !AdvSimd.Arm64.IsSupported)
            {
                Console.Error.WriteLine("The reference hashes come from a machine with a fused multiply-add (x64 FMA or Arm64); this one has none.");
                return 1;
            }

            var directory = args.Length > 0 ? args[0] : GoldenTable.Directory(AppContext.BaseDirectory);
            var path = Path.Combine(directory, GoldenTable.FileName);
            var old = File.Exists(path) ? GoldenTable.Read(path) : new Dictionary<string, GoldenRow>();
            var noFma = NoFmaHashes();
            var rows = GoldenTable.Cases().Select(GoldenTable.Compute)
                .Select(r => noFma[r.Id] == r.Sha256 ? r : r with { Sha256NoFma = noFma[r.Id] })
                .ToList();
            var changed = rows.Where(r => old.TryGetValue(r.Id, out var o) && (o.Sha256 != r.Sha256 || o.Sha256NoFma != r.Sha256NoFma)).Select(r => r.Id).ToList();
            var added = rows.Where(r => !old.ContainsKey(r.Id)).Select(r => r.Id).ToList();
            var removed = old.Keys.Except(rows.Select(r => r.Id)).ToList();
            GoldenTable.Write(path, rows);
            Console.WriteLine($"{path}: {rows.Count} entries ({rows.Count(r => r.Sha256NoFma != "-")} with a no-FMA hash); {changed.Count} changed, {added.Count} added, {removed.Count} removed.");
            foreach (var id in changed)
            {
                Console.WriteLine("changed: " + id);
            }

            foreach (var id in removed)
            {
                Console.WriteLine("removed: " + id);
            }

            if (changed.Count > 0 || removed.Count > 0)
            {
                Console.WriteLine("Seeded values changed: a breaking change. It belongs in a major version and in CHANGELOG.md.");
            }

            return 0;
        }

        /// <summary>Runs this program again with every hardware intrinsic off (no FMA) and reads its hashes.</summary>
        private static Dictionary<string, string> NoFmaHashes()
        {
            var file = Path.GetTempFileName();
            try
            {
                var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
                start.ArgumentList.Add(typeof(Program).Assembly.Location);
                start.ArgumentList.Add(HashesOnly);
                start.ArgumentList.Add(file);
                start.Environment["DOTNET_EnableHWIntrinsic"] = "0";
                using var child = Process.Start(start)!;
                child.WaitForExit();
                if (child.ExitCode != 0)
                {
                    throw new InvalidOperationException($"The no-FMA child process exited with code {child.ExitCode}.");
                }

                return File.ReadAllLines(file).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[1]);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
