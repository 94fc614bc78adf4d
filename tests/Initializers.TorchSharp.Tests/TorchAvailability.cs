using System;
#if WITH_LIBTORCH
using System.IO;
using System.Runtime.InteropServices;
using TorchSharp;
#endif

namespace Initializers.TorchSharp.Tests
{
    /// <summary>Whether libtorch's native library loads here; the tests that need it skip with the reason when it does
    /// not. On Linux it first marks the shim's GLIBCXX_3.4.32 requirement weak in the test output's own copies
    /// (<see cref="ElfVersionNeed"/>: one flag bit, because Debian 12's libstdc++ has only 3.4.30 and the shim needs that
    /// version for a marker symbol it never calls).</summary>
    internal static class TorchAvailability
    {
        private static readonly Lazy<string?> Failure = new(() =>
        {
#if !WITH_LIBTORCH
            return "libtorch is not referenced in this build: run these tests with dotnet test -p:WithLibTorch=true (downloads TorchSharp-cpu)";
#else
            var patchError = PatchShimCopies();
            try
            {
                using var probe = torch.zeros(1);
                return null;
            }
            catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException)
            {
                var reason = (NativeLoadError() ?? "libtorch did not load: " + (ex.InnerException ?? ex).Message) + patchError;
                return System.Text.RegularExpressions.Regex.Replace(reason, @"\s+", " ").Trim();
            }
#endif
        });

        /// <summary>Null when torch works, else why not.</summary>
        public static string? Reason => Failure.Value;

#if WITH_LIBTORCH
        /// <summary>The version TorchSharp-cpu 0.107.0's libLibTorchSharp.so needs from libstdc++ only for the marker
        /// symbol <c>std::ios_base_library_init()</c> (no relocation refers to it).</summary>
        internal const string MarkerVersion = "GLIBCXX_3.4.32";

        /// <summary>Marks <see cref="MarkerVersion"/> weak in every libLibTorchSharp.so under the test output (the
        /// <c>runtimes/linux-x64/native</c> and <c>cpu</c> copies that TorchSharp-cpu's build targets put there), before
        /// anything loads it. The NuGet cache is never written. A copy that cannot be patched (read-only output, an
        /// unexpected file) is left as it is: the tests then skip, and the returned text adds why to the reason.</summary>
        private static string PatchShimCopies()
        {
            if (!OperatingSystem.IsLinux())
            {
                return "";
            }

            var errors = "";
            foreach (var shim in Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories))
            {
                try
                {
                    ElfVersionNeed.MakeWeak(shim, MarkerVersion);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    errors += $" (marking {MarkerVersion} weak in {shim} failed: {ex.Message})";
                }
            }

            return errors;
        }

        /// <summary>TorchSharp's own message names a missing package even when the package is there and the shim fails
        /// to load; the dynamic loader's message says why (null when the shim itself loads).</summary>
        private static string? NativeLoadError()
        {
            var name = OperatingSystem.IsWindows() ? "LibTorchSharp.dll" : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";
            var path = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", name);
            try
            {
                NativeLibrary.Free(NativeLibrary.Load(path));
                return null;
            }
            catch (DllNotFoundException ex)
            {
                return "libtorch did not load: loading " + name + " directly: " + ex.Message;
            }
        }
#endif
    }
}
