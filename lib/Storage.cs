using System;
using System.Runtime.InteropServices;
using MathNet.Numerics;
using NComplex = System.Numerics.Complex;

namespace Initializers
{
    /// <summary>Byte views of a tensor's storage arrays, shared by the file writers and the element-range fills.</summary>
    internal static class Storage
    {
        /// <summary>The storage element type of <paramref name="dtype"/> (see the remarks on <see cref="Tensor"/>).</summary>
        public static Type ElementType(DType dtype) => dtype switch
        {
            DType.Float16 or DType.BFloat16 or DType.UInt16 => typeof(ushort),
            DType.Float32 => typeof(float),
            DType.Float64 => typeof(double),
            DType.Int8 => typeof(sbyte),
            DType.Int16 => typeof(short),
            DType.Int32 => typeof(int),
            DType.Int64 => typeof(long),
            DType.UInt8 => typeof(byte),
            DType.UInt32 => typeof(uint),
            DType.UInt64 => typeof(ulong),
            DType.Bool => typeof(bool),
            DType.Complex64 => typeof(Complex32),
            DType.Complex128 => typeof(NComplex),
            _ => typeof(string),
        };

        /// <summary>The bytes of elements [start, start + n) of a primitive or complex storage array, without a copy.</summary>
        public static Span<byte> Bytes(Array data, int start, int n) => data switch
        {
            ushort[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            float[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            double[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            short[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            int[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            long[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            byte[] a => a.AsSpan(start, n),
            uint[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            ulong[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            bool[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            Complex32[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            NComplex[] a => MemoryMarshal.AsBytes(a.AsSpan(start, n)),
            _ => throw new InvalidOperationException($"No byte view for {data.GetType()}."),
        };

        /// <summary>The storage bytes of one element holding <paramref name="value"/>, already cast to the dtype by
        /// <see cref="TensorFill.Cast"/>.</summary>
        public static byte[] ElementBytes(DType dtype, object value)
        {
            var one = Tensor.Allocate(Array.Empty<int>(), dtype, uninitialized: false);
            one.Data.SetValue(value, 0);
            return Bytes(one.Data, 0, 1).ToArray();
        }

        /// <summary>Storage arrays from this many bytes on get the huge-page advice (<see cref="AdviseHugePages"/>).</summary>
        internal const long HugePageAdviceBytes = 8L << 20;

        /// <summary>2 MB, the transparent huge page of x64 (and of arm64 with 4 KB base pages).</summary>
        private const long HugePage = 2L << 20;

        /// <summary>Set once madvise turned out to be missing (not glibc), so it is not tried again.</summary>
        private static bool adviceUnavailable;

        /// <summary>
        /// Asks Linux to back the whole 2 MB pages inside a large storage array, allocated but not yet written, with
        /// transparent huge pages (madvise MADV_HUGEPAGE, which the kernel's default <c>madvise</c> mode needs). The
        /// first write of each 2 MB then takes one page fault instead of 512, which is most of what a fill of a fresh
        /// 400 MB array paid on top of its arithmetic. Only the aligned interior is advised, so the array uses no
        /// memory beyond its own pages; the values are untouched (advice changes how pages are mapped, never their
        /// contents). A no-op on other systems, on the netstandard2.0 build, below <see cref="HugePageAdviceBytes"/>,
        /// and wherever the call fails.
        /// </summary>
        /// <param name="data">A primitive storage array, freshly allocated.</param>
        public static void AdviseHugePages(Array data)
        {
#if NET8_0_OR_GREATER
            if (adviceUnavailable || !OperatingSystem.IsLinux() || data.Length == 0)
            {
                return;
            }

            var bytes = Bytes(data, 0, data.Length);
            if (bytes.Length < HugePageAdviceBytes)
            {
                return;
            }

            unsafe
            {
                fixed (byte* pointer = bytes)
                {
                    var start = ((long)pointer + HugePage - 1) & ~(HugePage - 1);
                    var end = ((long)pointer + bytes.Length) & ~(HugePage - 1);
                    if (end <= start)
                    {
                        return;
                    }

                    try
                    {
                        _ = Madvise((IntPtr)start, (UIntPtr)(ulong)(end - start), MadviseHugePage);
                    }
                    catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
                    {
                        adviceUnavailable = true;
                    }
                }
            }
#endif
        }

#if NET8_0_OR_GREATER
        /// <summary>MADV_HUGEPAGE (linux/mman.h).</summary>
        private const int MadviseHugePage = 14;

        [DllImport("libc", EntryPoint = "madvise")]
        private static extern int Madvise(IntPtr address, UIntPtr length, int advice);
#endif

        /// <summary>Fills <paramref name="destination"/> with copies of <paramref name="element"/>.</summary>
        public static void Repeat(ReadOnlySpan<byte> element, Span<byte> destination)
        {
            if (destination.Length == 0)
            {
                return;
            }

            element.CopyTo(destination);
            var filled = element.Length;
            while (filled < destination.Length)
            {
                var n = Math.Min(filled, destination.Length - filled);
                destination.Slice(0, n).CopyTo(destination.Slice(filled));
                filled += n;
            }
        }
    }
}
