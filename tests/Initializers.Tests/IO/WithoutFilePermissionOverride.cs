using System;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Initializers.Tests.IO
{
    /// <summary>Runs code on a thread that file permissions apply to, also as root: on Linux, capabilities are per
    /// thread, and a new thread drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its effective set (capset(2)) before
    /// it runs the code, so that a folder without read permission really cannot be listed (opendir fails with EACCES).
    /// Nothing is faked: the code under test meets the operating system's own refusal.</summary>
    internal static class WithoutFilePermissionOverride
    {
        private const uint CapabilityVersion3 = 0x20080522;
        private const uint DacOverride = 1u << 1;
        private const uint DacReadSearch = 1u << 2;

        /// <summary>Why this cannot run here, or null: it needs Linux.</summary>
        public static string? Unavailable => OperatingSystem.IsLinux() ? null : "needs Linux (per-thread capabilities, POSIX permissions)";

        /// <summary>Runs <paramref name="action"/> on a new thread without the two capabilities, and rethrows what it threw.</summary>
        public static void Run(Action action)
        {
            ExceptionDispatchInfo? thrown = null;
            var thread = new Thread(() =>
            {
                try
                {
                    var header = new CapHeader { Version = CapabilityVersion3, Pid = 0 };
                    var data = new CapData[2];
                    if (CapGet(ref header, data) != 0)
                    {
                        throw new InvalidOperationException($"capget failed: errno {Marshal.GetLastPInvokeError()}");
                    }

                    data[0].Effective &= ~(DacOverride | DacReadSearch);
                    if (CapSet(ref header, data) != 0)
                    {
                        throw new InvalidOperationException($"capset failed: errno {Marshal.GetLastPInvokeError()}");
                    }

                    action();
                }
                catch (Exception ex)
                {
                    thrown = ExceptionDispatchInfo.Capture(ex);
                }
            });
            thread.Start();
            thread.Join();
            thrown?.Throw();
        }

        [DllImport("libc", EntryPoint = "capget", SetLastError = true)]
        private static extern int CapGet(ref CapHeader header, [In, Out] CapData[] data);

        [DllImport("libc", EntryPoint = "capset", SetLastError = true)]
        private static extern int CapSet(ref CapHeader header, [In] CapData[] data);

        [StructLayout(LayoutKind.Sequential)]
        private struct CapHeader
        {
            public uint Version;
            public int Pid;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct CapData
        {
            public uint Effective;
            public uint Permitted;
            public uint Inheritable;
        }
    }
}
