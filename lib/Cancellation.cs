using System;
using System.Threading;

namespace Initializers
{
    /// <summary>The cancellation token of the current call (per async flow), set by the public overloads that take a
    /// <see cref="CancellationToken"/> and checked by the long loops at chunk boundaries: the fills of
    /// <see cref="FillOptions.Run"/>, the readers' and writers' data loops, and <see cref="IO.AtomicFile"/> before its
    /// final rename (so a cancelled write leaves the old file, or none, and no temporary file).</summary>
    internal static class Cancellation
    {
        private static readonly AsyncLocal<CancellationToken> Ambient = new();

        /// <summary>The token in force; <see cref="CancellationToken.None"/> outside any scope.</summary>
        public static CancellationToken Token => Ambient.Value;

        /// <summary>Throws <see cref="OperationCanceledException"/> when the token in force is cancelled.</summary>
        public static void ThrowIfRequested() => Ambient.Value.ThrowIfCancellationRequested();

        /// <summary>Makes <paramref name="token"/> the token in force until the returned scope is disposed.</summary>
        /// <param name="token">The caller's token.</param>
        public static Scope Use(CancellationToken token)
        {
            // A token cancelled already stops the call before it starts, and before it is put in force.
            token.ThrowIfCancellationRequested();
            var previous = Ambient.Value;
            Ambient.Value = token;
            return new Scope(previous);
        }

        /// <summary>Makes <paramref name="token"/> the token in force when it can be cancelled; a token that cannot (the
        /// default of an options object) leaves the token already in force (a cmdlet's stop) as it is.</summary>
        /// <param name="token">The caller's token, from its options.</param>
        public static Scope UseIfCancelable(CancellationToken token) => token.CanBeCanceled ? Use(token) : new Scope(Ambient.Value);

        /// <summary>Restores the token that was in force before <see cref="Use"/>.</summary>
        internal readonly struct Scope : IDisposable
        {
            private readonly CancellationToken previous;

            public Scope(CancellationToken previous) => this.previous = previous;

            public void Dispose() => Ambient.Value = previous;
        }
    }
}
