using System;

namespace Initializers
{
    /// <summary>How many threads the library uses to fill large tensors and to orthonormalize (Orthogonal). Every
    /// random value is a pure function of (seed, element index), so a cap changes the speed, never a value: a seeded
    /// initializer gives the same bits with one thread or many.</summary>
    /// <remarks>By default a fill of at least 262,144 elements uses one thread per core (smaller fills stay on the
    /// calling thread). Cap it for the whole process with <see cref="MaxThreads"/>, or for one piece of work with
    /// <see cref="Limit"/>, for example in a server that runs several requests at once.</remarks>
    public static class Parallelism
    {
        /// <summary>The process-wide cap: at most this many threads per fill; 0 (the default) means one per core.
        /// A negative value is refused (InvalidArgument). <see cref="Limit"/> overrides it within its scope.</summary>
        public static int MaxThreads
        {
            get => FillOptions.Default.MaxThreads;
            set
            {
                Check(value);
                var current = FillOptions.Default;
                FillOptions.Default = new FillOptions { ChunkSize = current.ChunkSize, ParallelThreshold = current.ParallelThreshold, MaxThreads = value };
            }
        }

        /// <summary>The cap in force here: the innermost <see cref="Limit"/> scope's, else <see cref="MaxThreads"/>.</summary>
        public static int CurrentMaxThreads => FillOptions.Current.MaxThreads;

        /// <summary>Caps the threads of the fills started from the current thread, and from the tasks and threads it
        /// starts (the execution context flows, as with <see cref="System.Threading.AsyncLocal{T}"/>), until the
        /// returned scope is disposed; scopes nest, and unrelated work keeps its own cap.</summary>
        /// <param name="maxThreads">At most this many threads per fill, 1 or more (1: everything on the calling
        /// thread); 0 means one per core. A negative value is refused (InvalidArgument).</param>
        /// <returns>The scope; dispose it to restore the previous cap.</returns>
        public static IDisposable Limit(int maxThreads)
        {
            Check(maxThreads);
            var current = FillOptions.Current;
            return FillOptions.Use(new FillOptions { ChunkSize = current.ChunkSize, ParallelThreshold = current.ParallelThreshold, MaxThreads = maxThreads });
        }

        private static void Check(int maxThreads)
        {
            if (maxThreads < 0)
            {
                throw new InitializerException(
                    "InvalidArgument",
                    ErrorKind.InvalidArgument,
                    $"The thread cap must be 0 (one thread per core) or more; got {maxThreads}.",
                    maxThreads);
            }
        }
    }
}
