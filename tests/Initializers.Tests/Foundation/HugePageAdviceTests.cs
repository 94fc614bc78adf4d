#if !LIB_NETSTANDARD // the netstandard2.0 build gives no advice
using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Xunit;

namespace Initializers.Tests.Foundation
{
    /// <summary>A large random tensor's storage is advised for transparent huge pages before its first write, so its
    /// fill takes one page fault per 2 MB instead of 512 (issue 14).</summary>
    public class HugePageAdviceTests
    {
        [SkippableFact]
        public void ALargeRandomTensorIsAdvisedForHugePages()
        {
            SkipUnlessTransparentHugePages();
            var tensor = Initializer.FromConfig("RandomUniform", new Hashtable { ["seed"] = 1 }).Call(new[] { 6_000_000 }, DType.Float32);
            Assert.Contains("hg", VmFlagsAt((float[])tensor.Data, 3_000_000));
        }

        [SkippableFact]
        public void TheAdviceChangesNoValue()
        {
            SkipUnlessTransparentHugePages();
            // 20 MB written before the advice: the pages stay as they are, only their future mapping may change.
            var data = GC.AllocateUninitializedArray<double>(2_500_000, pinned: true);
            data.AsSpan().Fill(0.25);
            Storage.AdviseHugePages(data);
            var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(data, 0);
            var firstWhole = ((address + (2L << 20) - 1) & ~((2L << 20) - 1)) - address;
            Assert.Contains("hg", VmFlagsAt(data, (int)(firstWhole / sizeof(double))));
            Assert.All(data, v => Assert.Equal(0.25, v));
        }

        private static void SkipUnlessTransparentHugePages()
        {
            const string setting = "/sys/kernel/mm/transparent_hugepage/enabled";
            Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && File.Exists(setting) && File.Exists("/proc/self/smaps"),
                "Transparent huge pages are a Linux feature, and this kernel does not offer them.");
        }

        /// <summary>The VmFlags line of the mapping that holds element <paramref name="index"/> (smaps; "hg": MADV_HUGEPAGE).</summary>
        private static string VmFlagsAt<T>(T[] array, int index) where T : unmanaged
        {
            var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
            try
            {
                var address = (ulong)(long)Marshal.UnsafeAddrOfPinnedArrayElement(array, index);
                var inside = false;
                foreach (var line in File.ReadLines("/proc/self/smaps"))
                {
                    var dash = line.IndexOf('-');
                    var space = line.IndexOf(' ');
                    if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                        && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
                    {
                        inside = start <= address && address < end;
                    }
                    else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
                    {
                        return line;
                    }
                }

                throw new InvalidOperationException($"No mapping holds address {address:x}.");
            }
            finally
            {
                handle.Free();
            }
        }
    }
}
#endif
