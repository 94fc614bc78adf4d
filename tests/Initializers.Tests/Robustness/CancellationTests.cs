using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.Robustness
{
    /// <summary>Issue 15: long fills, reads and writes check a CancellationToken at chunk boundaries and leave nothing
    /// behind. Each test cancels at a known point (from inside the work), so nothing depends on timing.</summary>
    public sealed class CancellationTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-cancel-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void AFillStopsAtTheNextChunkBoundary(int threads)
        {
            using var cts = new CancellationTokenSource();
            var ran = 0;
            using (Cancellation.Use(cts.Token))
            using (FillOptions.Use(new FillOptions { ParallelThreshold = 0, ChunkSize = 100, MaxThreads = threads }))
            {
                Assert.ThrowsAny<OperationCanceledException>(() => FillOptions.Current.Run(1_000_000, (start, length) =>
                {
                    if (Interlocked.Increment(ref ran) == 3)
                    {
                        cts.Cancel();
                    }
                }));
            }

            // 10,000 chunks; after the cancel each thread finishes at most the chunk it is in.
            Assert.InRange(ran, 3, 3 + threads);
        }

        [Fact]
        public void AnOptionsTokenThatCannotBeCancelledLeavesTheAmbientTokenInForce()
        {
            // The writers' options default to CancellationToken.None; a cmdlet's stop (the ambient token) must still
            // reach their loops, and a cancellable options token takes over until its scope ends.
            using var outer = new CancellationTokenSource();
            using var inner = new CancellationTokenSource();
            using (Cancellation.Use(outer.Token))
            {
                using (Cancellation.UseIfCancelable(CancellationToken.None))
                {
                    Assert.Equal(outer.Token, Cancellation.Token);
                }

                using (Cancellation.UseIfCancelable(inner.Token))
                {
                    Assert.Equal(inner.Token, Cancellation.Token);
                }

                Assert.Equal(outer.Token, Cancellation.Token);
            }

            Assert.Equal(CancellationToken.None, Cancellation.Token);
        }

        [Fact]
        public void ACancelledCallReturnsNoTensorAndLaterCallsAreUnaffected()
        {
            var initializer = InitializerCatalog.Create("RandomNormal", null, 7);
            var expected = initializer.Call(new[] { 300, 400 }, DType.Float32);
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => initializer.Call(new[] { 300, 400 }, DType.Float32, cts.Token));
            Assert.Equal(expected, initializer.Call(new[] { 300, 400 }, DType.Float32, CancellationToken.None));
            Assert.Equal(expected, initializer.Call(new[] { 300, 400 }, DType.Float32));
            Assert.Equal(CancellationToken.None, Cancellation.Token);
        }

        [Fact]
        public void ACancelledNpyWriteStopsWithinAChunkAndLeavesTheOldFileAndNoTemporary()
        {
            var path = Path.Combine(dir, "t.npy");
            File.WriteAllText(path, "old");
            var tensor = Tensor.Zeros(new[] { 4 << 20 }, DType.Float32); // 16 MiB: 16 chunks
            using var cts = new CancellationTokenSource();
            using (Cancellation.Use(cts.Token))
            {
                Assert.ThrowsAny<OperationCanceledException>(() => AtomicFile.Write(path, stream =>
                {
                    var spy = new SpyStream(stream, () =>
                    {
                        if (stream.Length > 2 << 20)
                        {
                            cts.Cancel();
                        }
                    });
                    Npy.Write(spy, tensor, path);
                }));
            }

            Assert.Equal("old", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        }

        [Fact]
        public void ACancelledPublicWriteLeavesNoFile()
        {
            var path = Path.Combine(dir, "none.npy");
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => Npy.Write(path, Tensor.Zeros(new[] { 3 }), false, cts.Token));
            Assert.ThrowsAny<OperationCanceledException>(() => Csv.Write(path, Tensor.Zeros(new[] { 3 }), false, cts.Token));
            Assert.ThrowsAny<OperationCanceledException>(() => Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("a", Tensor.Zeros(new[] { 3 })) }, false, false, cts.Token));
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void ACancelledNpyReadStopsWithinAChunk()
        {
            var bytes = NpyBytes(Tensor.Zeros(new[] { 4 << 20 }, DType.Float32));
            using var cts = new CancellationTokenSource();
            var source = new MemoryStream(bytes);
            var spy = new SpyStream(source, () =>
            {
                if (source.Position > 2 << 20)
                {
                    cts.Cancel();
                }
            });
            using (Cancellation.Use(cts.Token))
            {
                Assert.ThrowsAny<OperationCanceledException>(() => Npy.Read(spy, bytes.Length, "t.npy"));
            }

            Assert.InRange(source.Position, 2 << 20, (3 << 20) + 1024);
        }

        [Fact]
        public void ACancelledCsvReadStops()
        {
            var path = Path.Combine(dir, "t.csv");
            File.WriteAllText(path, string.Concat(Enumerable.Repeat("1,2\n", 5000)));
            Assert.Equal(10000, Csv.Read(path, DType.Float64, 0, CancellationToken.None).Count);
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => Csv.Read(path, DType.Float64, 0, cts.Token));
            Assert.ThrowsAny<OperationCanceledException>(() => Npy.Read(path, cts.Token));
            Assert.ThrowsAny<OperationCanceledException>(() => Npz.Read(path, null, long.MaxValue, cts.Token));
        }

        internal static byte[] NpyBytes(Tensor tensor)
        {
            using var stream = new MemoryStream();
            Npy.Write(stream, tensor, "t.npy");
            return stream.ToArray();
        }

        /// <summary>Passes reads and writes through, calling a hook after each.</summary>
        private sealed class SpyStream : Stream
        {
            private readonly Stream inner;
            private readonly Action after;

            public SpyStream(Stream inner, Action after)
            {
                this.inner = inner;
                this.after = after;
            }

            public override bool CanRead => inner.CanRead;

            public override bool CanSeek => false;

            public override bool CanWrite => inner.CanWrite;

            public override long Length => inner.Length;

            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

            public override void Flush() => inner.Flush();

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = inner.Read(buffer, offset, count);
                after();
                return n;
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count)
            {
                inner.Write(buffer, offset, count);
                after();
            }
        }
    }
}
