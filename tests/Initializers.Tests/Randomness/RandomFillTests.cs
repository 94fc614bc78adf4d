using System;
using System.Linq;
using Initializers.Randomness;
using Xunit;

namespace Initializers.Tests.Randomness
{
    /// <summary>Determinism, independence of the work split, bounds and argument checks.</summary>
    public class RandomFillTests
    {
        private delegate void Filler<T>(Span<T> destination, long offset);

        private static T[] Fill<T>(int length, Filler<T> fill, long offset = 0)
        {
            var values = new T[length];
            fill(values, offset);
            return values;
        }

        [Fact]
        public void SameSeedGivesSameValues()
        {
            Assert.Equal(Fill<float>(1000, (d, o) => RandomFill.Normal(d, 7, 0, o, 0f, 1f)),
                         Fill<float>(1000, (d, o) => RandomFill.Normal(d, 7, 0, o, 0f, 1f)));
            Assert.Equal(Fill<long>(1000, (d, o) => RandomFill.UniformInt64(d, 7, 0, o, 0, 10)),
                         Fill<long>(1000, (d, o) => RandomFill.UniformInt64(d, 7, 0, o, 0, 10)));
        }

        [Fact]
        public void DifferentSeedsAndStreamsGiveDifferentValues()
        {
            var a = Fill<double>(1000, (d, o) => RandomFill.Uniform(d, 1, 0, o, 0.0, 1.0));
            var b = Fill<double>(1000, (d, o) => RandomFill.Uniform(d, 2, 0, o, 0.0, 1.0));
            var c = Fill<double>(1000, (d, o) => RandomFill.Uniform(d, 1, 1, o, 0.0, 1.0));
            var e = Fill<double>(1000, (d, o) => RandomFill.Uniform(d, 1L << 32, 0, o, 0.0, 1.0));   // high key half only
            Assert.Equal(0, a.Zip(b, (x, y) => x == y ? 1 : 0).Sum());
            Assert.Equal(0, a.Zip(c, (x, y) => x == y ? 1 : 0).Sum());
            Assert.Equal(0, a.Zip(e, (x, y) => x == y ? 1 : 0).Sum());
        }

        [Fact]
        public void SeedZeroWorks()
        {
            var values = Fill<float>(4096, (d, o) => RandomFill.Uniform(d, 0, 0, o, 0f, 1f));
            Assert.True(values.Distinct().Count() > 4000);
            Assert.InRange(values.Average(), 0.45, 0.55);
        }

        [Fact]
        public void OffsetSelectsGlobalElements()
        {
            var whole = Fill<float>(300, (d, o) => RandomFill.TruncatedNormal(d, 3, 0, o, 0f, 1f));
            var tail = Fill<float>(123, (d, o) => RandomFill.TruncatedNormal(d, 3, 0, o, 0f, 1f), offset: 177);
            Assert.Equal(whole.Skip(177), tail);
        }

        public static TheoryData<int, int> Splits => new TheoryData<int, int>
        {
            { 1, 1 << 16 }, { 2, 1 }, { 2, 7 }, { 3, 1001 }, { 8, 4099 }, { 2, 32 },
        };

        [Theory, MemberData(nameof(Splits))]
        public void ParallelEqualsSequentialForEveryFunction(int threads, int chunkSize)
        {
            const int n = 20_011;
            const long offset = 5;
            Same<float>(n, threads, chunkSize, offset, (d, o) => RandomFill.Uniform(d, 11, 0, o, -2f, 3f));
            Same<double>(n, threads, chunkSize, offset, (d, o) => RandomFill.Uniform(d, 11, 0, o, -2.0, 3.0));
            Same<float>(n, threads, chunkSize, offset, (d, o) => RandomFill.Normal(d, 11, 1, o, 1f, 0.5f));
            Same<double>(n, threads, chunkSize, offset, (d, o) => RandomFill.Normal(d, 11, 1, o, 1.0, 0.5));
            Same<float>(n, threads, chunkSize, offset, (d, o) => RandomFill.TruncatedNormal(d, 11, 2, o, 0f, 3f));
            Same<double>(n, threads, chunkSize, offset, (d, o) => RandomFill.TruncatedNormal(d, 11, 2, o, 0.0, 3.0));
            Same<long>(n, threads, chunkSize, offset, (d, o) => RandomFill.UniformInt64(d, 11, 3, o, long.MinValue, long.MaxValue));
        }

        private static void Same<T>(int n, int threads, int chunkSize, long offset, Filler<T> fill)
        {
            var sequential = new T[n];
            fill(sequential, offset);
            var parallel = new T[n];
            using (FillOptions.Use(new FillOptions { ParallelThreshold = 0, ChunkSize = chunkSize, MaxThreads = threads }))
            {
                FillOptions.Current.Run(n, (start, length) => fill(parallel.AsSpan((int)start, length), offset + start));
            }

            Assert.Equal(sequential, parallel);
        }

        [Fact]
        public void UniformStaysBelowMaxWhenRoundingWouldReachIt()
        {
            // Floats near 2^24 are 2 apart: min + u*4 rounds up to max for u close to 1, so the clamp must act.
            var f = Fill<float>(100_000, (d, o) => RandomFill.Uniform(d, 1, 0, o, 16777216f, 16777220f));
            Assert.All(f, v => Assert.True(v >= 16777216f && v < 16777220f, $"{v}"));
            Assert.Contains(16777218f, f);
            // Adjacent floats: the only value in [1, next float above 1) is 1.
            Assert.All(Fill<float>(1000, (d, o) => RandomFill.Uniform(d, 1, 0, o, 1f, 1.00000012f)), v => Assert.Equal(1f, v));
            var g = Fill<double>(100_000, (d, o) => RandomFill.Uniform(d, 1, 0, o, 9007199254740992.0, 9007199254740996.0));
            Assert.All(g, v => Assert.True(v >= 9007199254740992.0 && v < 9007199254740996.0, $"{v}"));
        }

        [Fact]
        public void UniformLiesInHalfOpenInterval()
        {
            Assert.All(Fill<float>(100_000, (d, o) => RandomFill.Uniform(d, 5, 0, o, -0.5f, 0.25f)), v => Assert.True(v >= -0.5f && v < 0.25f));
            Assert.All(Fill<double>(100_000, (d, o) => RandomFill.Uniform(d, 5, 0, o, -0.5, 0.25)), v => Assert.True(v >= -0.5 && v < 0.25));
            Assert.All(Fill<long>(100_000, (d, o) => RandomFill.UniformInt64(d, 5, 0, o, -3, 4)), v => Assert.InRange(v, -3L, 3L));
        }

        [Fact]
        public void Int64FullRangeAndSingleValue()
        {
            Assert.All(Fill<long>(100, (d, o) => RandomFill.UniformInt64(d, 1, 0, o, 41, 42)), v => Assert.Equal(41L, v));
            var full = Fill<long>(10_000, (d, o) => RandomFill.UniformInt64(d, 1, 0, o, long.MinValue, long.MaxValue));
            Assert.Contains(full, v => v < 0);
            Assert.Contains(full, v => v > 0);
        }

        [Fact]
        public void BadArgumentsThrowInitializerException()
        {
            var f = new float[4];
            var l = new long[4];
            AssertInvalid(() => RandomFill.Uniform(f, 1, 0, 0, 1f, 1f));
            AssertInvalid(() => RandomFill.Uniform(f, 1, 0, 0, 2f, 1f));
            AssertInvalid(() => RandomFill.Uniform(f, 1, 0, 0, float.NaN, 1f));
            AssertInvalid(() => RandomFill.Uniform(f, 1, 0, 0, -float.MaxValue, float.MaxValue));
            AssertInvalid(() => RandomFill.Uniform(f, 1, 0, -1, 0f, 1f));
            AssertInvalid(() => RandomFill.Normal(f, 1, 0, 0, 0f, -1f));
            AssertInvalid(() => RandomFill.TruncatedNormal(f, 1, 0, 0, float.PositiveInfinity, 1f));
            AssertInvalid(() => RandomFill.UniformInt64(l, 1, 0, 0, 5, 5));
            AssertInvalid(() => new FillOptions { ChunkSize = 0 }.Run(10, (start, length) => { }));
        }

        private static void AssertInvalid(Action action)
        {
            var e = Assert.Throws<InitializerException>(action);
            Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        }
    }
}
