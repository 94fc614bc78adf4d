using System;
using System.Threading;
using System.Threading.Tasks;

namespace Initializers
{
    /// <summary>How large fills are split across threads. Every random value is a pure function of (seed, element
    /// index), so the split changes the speed, never the values. Tests and benchmarks override it for one scope.</summary>
    internal sealed class FillOptions
    {
        private static readonly AsyncLocal<FillOptions?> Scoped = new();

        /// <summary>Elements per work item.</summary>
        public int ChunkSize { get; init; } = 1 << 16;

        /// <summary>Below this many elements a fill stays on the calling thread.</summary>
        public long ParallelThreshold { get; init; } = 1 << 18;

        /// <summary>At most this many threads (0: one per core).</summary>
        public int MaxThreads { get; init; }

        public static FillOptions Current => Scoped.Value ?? Default;

        /// <summary>The process-wide options; <see cref="Parallelism.MaxThreads"/> replaces it.</summary>
        internal static FillOptions Default { get; set; } = new();

        /// <summary>Uses <paramref name="options"/> until the returned scope is disposed (per async flow, so parallel tests don't interfere).</summary>
        public static IDisposable Use(FillOptions options)
        {
            var previous = Scoped.Value;
            Scoped.Value = options;
            return new Restore(() => Scoped.Value = previous);
        }

        /// <summary>Runs <paramref name="body"/>(start, length) over [0, count) in chunks, in parallel above the threshold,
        /// checking <see cref="Cancellation.Token"/> before each chunk.</summary>
        public void Run(long count, Action<long, int> body)
        {
            if (ChunkSize <= 0 || MaxThreads < 0)
            {
                throw new InitializerException("InvalidArgument", ErrorKind.InvalidArgument, $"FillOptions needs ChunkSize > 0 and MaxThreads >= 0; got {ChunkSize} and {MaxThreads}.", this);
            }

            // Cancellation (Cancellation.Token) is checked before every chunk: a cancelled fill throws
            // OperationCanceledException within one chunk per thread.
            var token = Cancellation.Token;
            var threads = MaxThreads > 0 ? MaxThreads : Environment.ProcessorCount;
            if (count < ParallelThreshold || threads == 1 || count <= ChunkSize)
            {
                for (long start = 0; start < count; start += ChunkSize)
                {
                    token.ThrowIfCancellationRequested();
                    body(start, (int)Math.Min(ChunkSize, count - start));
                }

                return;
            }

            var chunks = (count + ChunkSize - 1) / ChunkSize;
            // Parallel.For stops on the token too, but under load it was seen (about 1 run in 400) to go on to the last
            // chunk after a cancel made inside the body; so every chunk checks the token itself, and the loop ends with a
            // check of its own.
            Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = token }, (c, state) =>
            {
                if (token.IsCancellationRequested)
                {
                    state.Stop();
                    return;
                }

                var start = c * ChunkSize;
                body(start, (int)Math.Min(ChunkSize, count - start));
            });
            token.ThrowIfCancellationRequested();
        }

        private sealed class Restore : IDisposable
        {
            private readonly Action action;

            public Restore(Action action) => this.action = action;

            public void Dispose() => action();
        }
    }
}
