using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Initializers.Tests.Models.Weights
{
    /// <summary>Real TensorFlow.js: @tensorflow/tfjs 4.22.0 from npm, installed once into <c>out/tfjs-4.22</c> of the
    /// repository (ignored by git), run by <c>node</c>. Without node or npm, or when the install fails (no registry),
    /// the tests that need it are reported as skipped with the reason.</summary>
    internal static class TfjsInterop
    {
        public const string Version = "4.22.0";

        private static readonly Lazy<string?> Failure = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>Why TensorFlow.js cannot be run, or null when it can.</summary>
        public static string? Unavailable => Failure.Value;

        public static string ModulesPath => Path.Combine(CacheFolder(), "node_modules");

        /// <summary>Runs <c>Fixtures/tfjs/load_weights.js</c> on a model.json.</summary>
        public static (int ExitCode, string Output) LoadWeights(string modelJson) =>
            Run("node", CacheFolder(), ModulesPath, Path.Combine(AppContext.BaseDirectory, "Fixtures", "tfjs", "load_weights.js"), modelJson);

        private static string? Install()
        {
#if MUTATION_RUN
            return "node is not run under Stryker (build.ps1 Mutate): see NumpyInteropTests.HasPython";
#else
            foreach (var tool in new[] { "node", "npm" })
            {
                if (!OnPath(tool))
                {
                    return $"{tool} is not installed";
                }
            }

            var folder = CacheFolder();
            if (File.Exists(Path.Combine(folder, "node_modules", "@tensorflow", "tfjs", "package.json")))
            {
                return null;
            }

            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "package.json"), "{\"private\": true}\n");
            var result = Run("npm", folder, null, "install", "--no-audit", "--no-fund", "@tensorflow/tfjs@" + Version);
            return result.ExitCode == 0 ? null : "npm install @tensorflow/tfjs@" + Version + " failed: " + result.Output;
#endif
        }

        /// <summary><c>out/tfjs-4.22</c> of the repository (the folder holding build.ps1 above the test binaries).</summary>
        private static string CacheFolder()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "build.ps1")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? Path.GetTempPath(), "out", "tfjs-4.22");
        }

        private static bool OnPath(string tool)
        {
            foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (folder.Length > 0 && File.Exists(Path.Combine(folder, tool)))
                {
                    return true;
                }
            }

            return false;
        }

        private static (int ExitCode, string Output) Run(string file, string workingDirectory, string? nodePath, params string[] arguments)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory,
            };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            if (nodePath is not null)
            {
                info.Environment["NODE_PATH"] = nodePath;
            }

            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
    }
}
