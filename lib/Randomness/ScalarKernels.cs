using System;
using System.Runtime.CompilerServices;

namespace Initializers.Randomness
{
    /// <summary>
    /// The scalar reference path: one Philox block at a time. It is the netstandard2.0 implementation and
    /// the yardstick the vector path is tested against bit for bit.
    /// </summary>
    internal static class ScalarKernels
    {
        /// <summary>
        /// Fills dst with the values of global elements offset .. offset + dst.Length - 1 for the given round:
        /// element i comes from block i / PerBlock, position i % PerBlock.
        /// </summary>
        [MethodImpl(Hot.Loop)]
        public static void Fill<T, TTransform>(Span<T> dst, ulong seed, uint stream, uint round, long offset, TTransform transform)
            where T : unmanaged
            where TTransform : struct, IBlockTransform<T>
        {
            var perBlock = transform.PerBlock;
            Span<T> values = stackalloc T[4];
            var i = 0;
            while (i < dst.Length)
            {
                var element = (ulong)(offset + i);
                var block = element / (ulong)perBlock;
                var position = (int)(element % (ulong)perBlock);
                Philox4x32.Block(seed, stream, round, block, out var w0, out var w1, out var w2, out var w3);
                transform.Transform(w0, w1, w2, w3, values);
                var take = Math.Min(perBlock - position, dst.Length - i);
                values.Slice(position, take).CopyTo(dst.Slice(i));
                i += take;
            }
        }

        /// <summary>The value of one global element in one round.</summary>
        public static T Element<T, TTransform>(ulong seed, uint stream, uint round, long index, TTransform transform)
            where T : unmanaged
            where TTransform : struct, IBlockTransform<T>
        {
            Span<T> value = stackalloc T[1];
            Fill(value, seed, stream, round, index, transform);
            return value[0];
        }
    }
}
