using System;
using System.Globalization;

namespace Initializers
{
    /// <summary>Checks a large allocation against the memory the process can still get, before it is made, so that a
    /// request too large for the machine (or for a container's or <c>DOTNET_GCHeapHardLimit</c>'s limit) is an
    /// <see cref="InitializerException"/> (<c>InsufficientMemory</c>) instead of an <see cref="OutOfMemoryException"/>
    /// or a process killed by the operating system, which in PowerShell takes the user's whole shell with it.</summary>
    /// <remarks>On .NET 5 and later (the net8.0 build) the room is the smaller of two: the GC's limit
    /// (<c>GC.GetGCMemoryInfo().TotalAvailableMemoryBytes</c>, which honours container limits and the GC's hard limit)
    /// less the managed heap in use, and the machine's high memory load threshold (90% of its memory by default) less
    /// its memory load, which counts the other processes too. A refusal is confirmed after one full collection, so
    /// garbage never causes one. Requests under 64 MiB are not checked. The netstandard2.0 build (Windows PowerShell 5.1 on .NET
    /// Framework) has no such figure: it checks only the .NET array limit, and an allocation that still fails is turned
    /// into the same error by <see cref="OutOfMemory"/>.</remarks>
    internal static class MemoryBudget
    {
        /// <summary>The error id of every refusal.</summary>
        public const string ErrorId = "InsufficientMemory";

        /// <summary>Below this many bytes nothing is checked: small allocations cannot exhaust a process that is running.</summary>
        private const long CheckThreshold = 64L << 20;

        /// <summary>Throws <c>InsufficientMemory</c> when <paramref name="bytes"/> more cannot be had.</summary>
        /// <param name="bytes">The bytes about to be allocated.</param>
        /// <param name="what">Names the allocation in the message ("A float64 tensor of shape (3, 4)").</param>
        public static void Check(long bytes, string what)
        {
#if NET5_0_OR_GREATER
            if (bytes < CheckThreshold)
            {
                return;
            }

            if (bytes <= Available(collect: false))
            {
                return;
            }

            var available = Available(collect: true);
            if (bytes > available)
            {
                throw Refusal(bytes, available, what);
            }
#endif
        }

        /// <summary>The bytes the process can still allocate (never negative); long.MaxValue where the runtime does
        /// not say (netstandard2.0).</summary>
        /// <param name="collect">Collect garbage first, so that only live objects count as in use.</param>
        public static long Available(bool collect)
        {
#if NET5_0_OR_GREATER
            // The GC's own room: its limit (DOTNET_GCHeapHardLimit, a container's limit, or the machine's memory)
            // less the heap in use. The machine's room: the memory load at which the GC starts to struggle (90% of
            // the machine's or the container's memory by default) less the load now, which counts other processes.
            // The two are separate figures: under a heap hard limit the memory load is still the machine's.
            var inUse = GC.GetTotalMemory(forceFullCollection: collect);
            var info = GC.GetGCMemoryInfo();
            var heapRoom = info.TotalAvailableMemoryBytes - Math.Max(inUse, info.TotalCommittedBytes);
            var machineRoom = info.HighMemoryLoadThresholdBytes > 0 ? info.HighMemoryLoadThresholdBytes - info.MemoryLoadBytes : long.MaxValue;
            return Math.Max(0, Math.Min(heapRoom, machineRoom));
#else
            return long.MaxValue;
#endif
        }

        /// <summary>The refusal: <paramref name="bytes"/> requested, <paramref name="available"/> to be had.</summary>
        /// <param name="bytes">The bytes requested.</param>
        /// <param name="available">The bytes the process can get (long.MaxValue: unknown).</param>
        /// <param name="what">Names the allocation.</param>
        public static InitializerException Refusal(long bytes, long available, string what)
        {
            var can = available == long.MaxValue
                ? "the runtime could not allocate it"
                : "the process can get only " + Format(available) + " more";
            return new InitializerException(
                ErrorId,
                ErrorKind.ResourceUnavailable,
                $"{what} needs {Format(bytes)} of memory; {can}. Use a smaller shape or dtype, or free memory.",
                bytes);
        }

        /// <summary>The same error for an <see cref="OutOfMemoryException"/> that an allocation threw after all.</summary>
        /// <param name="bytes">The bytes requested.</param>
        /// <param name="what">Names the allocation.</param>
        /// <param name="ex">The exception, kept as the inner one.</param>
        public static InitializerException OutOfMemory(long bytes, string what, OutOfMemoryException ex) =>
            new(
                ErrorId,
                ErrorKind.ResourceUnavailable,
                $"{what} needs {Format(bytes)} of memory; the runtime could not allocate it ({ex.Message}). Use a smaller shape or dtype, or free memory.",
                bytes,
                ex);

        private static string Format(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
    }
}
