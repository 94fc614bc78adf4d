using System;
#if WITH_LIBTORCH
using System.IO;
using System.Runtime.InteropServices;
using TorchSharp;
#endif

namespace Initializers.TorchSharp.Tests
{
    /// <summary>Whether libtorch's native library loads here; the tests that need it skip with the reason when it does
    /// not (for example Debian 12, whose libstdc++ lacks the GLIBCXX_3.4.32 that TorchSharp 0.107's native shim needs).</summary>
    internal static class TorchAvailability
    {
        private static readonly Lazy<string?> Failure = new(() =>
        {
#if !WITH_LIBTORCH
            return "libtorch is not referenced in this build: run these tests with dotnet test -p:WithLibTorch=true (downloads TorchSharp-cpu)";
#else
            try
            {
                using var probe = torch.zeros(1);
                return null;
            }
            catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException)
            {
                var reason = NativeLoadError() ?? "libtorch did not load: " + (ex.InnerException ?? ex).Message;
                return System.Text.RegularExpressions.Regex.Replace(reason, @"\s+", " ").Trim();
            }
#endif
        });

        /// <summary>Null when torch works, else why not.</summary>
        public static string? Reason => Failure.Value;

#if WITH_LIBTORCH
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
