using System;
using System.Threading.Tasks;

namespace Initializers.Randomness
{
    /// <summary>Fills <paramref name="destination"/>, whose first element has global index <paramref name="offset"/>.</summary>
    public delegate void SpanFiller<T>(Span<T> destination, long offset);

    /// <summary>
    /// Runs a <see cref="SpanFiller{T}"/> over a large buffer in fixed-size chunks on several threads. Because
    /// every <see cref="RandomFill"/> function is a pure function of the global element index, the result is
    /// bit-identical to one sequential call whatever the chunk size or thread count.
    /// </summary>
    public static class ParallelFill
    {
        /// <summary>Below this many elements the fill runs on the calling thread.</summary>
        public const int DefaultThreshold = 1 << 17;

        /// <summary>Elements per work item (256 KiB of float32: fits in L2).</summary>
        public const int DefaultChunkSize = 1 << 16;

        /// <param name="destination">The buffer to fill.</param>
        /// <param name="filler">Called once per chunk with the chunk and its global index (offset + position in the buffer).</param>
        /// <param name="offset">Global index of destination[0].</param>
        /// <param name="threshold">Fill on the calling thread when the buffer is shorter than this.</param>
        /// <param name="chunkSize">Elements per work item; any positive value gives the same result.</param>
        /// <param name="maxThreads">Upper bound on threads; 0 means <see cref="Environment.ProcessorCount"/>.</param>
        public static void Run<T>(Memory<T> destination, SpanFiller<T> filler, long offset = 0,
            int threshold = DefaultThreshold, int chunkSize = DefaultChunkSize, int maxThreads = 0)
        {
            if (filler is null)
                throw new InitializerException("InvalidArgument", ErrorKind.InvalidArgument, "filler must not be null.", filler);
            if (chunkSize <= 0)
                throw new InitializerException("InvalidArgument", ErrorKind.InvalidArgument, $"chunkSize ({chunkSize}) must be positive.", chunkSize);
            if (maxThreads < 0)
                throw new InitializerException("InvalidArgument", ErrorKind.InvalidArgument, $"maxThreads ({maxThreads}) must not be negative.", maxThreads);

            int threads = maxThreads == 0 ? Environment.ProcessorCount : maxThreads;
            int length = destination.Length;
            if (length < threshold || threads == 1 || length <= chunkSize)
            {
                filler(destination.Span, offset);
                return;
            }

            int chunks = (int)(((long)length + chunkSize - 1) / chunkSize);
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Parallel.For(0, chunks, options, chunk =>
            {
                int start = chunk * chunkSize;
                int count = Math.Min(chunkSize, length - start);
                filler(destination.Span.Slice(start, count), offset + start);
            });
        }

        /// <summary>Convenience overload for arrays.</summary>
        public static void Run<T>(T[] destination, SpanFiller<T> filler, long offset = 0,
            int threshold = DefaultThreshold, int chunkSize = DefaultChunkSize, int maxThreads = 0) =>
            Run(destination.AsMemory(), filler, offset, threshold, chunkSize, maxThreads);
    }
}
