using System;
using System.Collections.Concurrent;
using System.Threading;
using Initializers.Family;
using Xunit;

namespace Initializers.Tests.Api
{
    /// <summary>The public thread cap: <see cref="Parallelism.Limit"/> for a scope, <see cref="Parallelism.MaxThreads"/>
    /// for the process. A cap changes where the work runs, never a value.</summary>
    [Collection("Parallelism")]
    public class ParallelismTests
    {
        [Fact]
        public void LimitOfOneKeepsAFillOnTheCallingThread()
        {
            var threads = new ConcurrentDictionary<int, bool>();
            using (Parallelism.Limit(1))
            {
                Assert.Equal(1, Parallelism.CurrentMaxThreads);
                FillOptions.Current.Run(1 << 22, (start, length) => threads[Environment.CurrentManagedThreadId] = true);
            }

            Assert.Equal(new[] { Environment.CurrentManagedThreadId }, threads.Keys);
        }

        [Fact]
        public void ScopesNestAndRestore()
        {
            var before = Parallelism.CurrentMaxThreads;
            using (Parallelism.Limit(3))
            {
                using (Parallelism.Limit(1))
                {
                    Assert.Equal(1, Parallelism.CurrentMaxThreads);
                }

                Assert.Equal(3, Parallelism.CurrentMaxThreads);
                // Work started here inherits the cap (the execution context flows); other work keeps its own.
                var inherited = -1;
                var thread = new Thread(() => inherited = Parallelism.CurrentMaxThreads);
                thread.Start();
                thread.Join();
                Assert.Equal(3, inherited);
                var other = -1;
                var unrelated = new Thread(() => other = Parallelism.CurrentMaxThreads);
                using (ExecutionContext.SuppressFlow())
                {
                    unrelated.Start();
                }

                unrelated.Join();
                Assert.Equal(before, other);
            }

            Assert.Equal(before, Parallelism.CurrentMaxThreads);
        }

        [Fact]
        public void ProcessWideCapIsTheDefaultOfEveryThread()
        {
            var saved = Parallelism.MaxThreads;
            try
            {
                Parallelism.MaxThreads = 2;
                Assert.Equal(2, Parallelism.MaxThreads);
                var other = -1;
                var thread = new Thread(() => other = Parallelism.CurrentMaxThreads);
                thread.Start();
                thread.Join();
                Assert.Equal(2, other);
            }
            finally
            {
                Parallelism.MaxThreads = saved;
            }
        }

        [Fact]
        public void SeededValuesAreTheSameWithOneThreadOrEveryCore()
        {
            // 600 x 600 = 360,000 elements: above the 262,144 at which a fill goes parallel.
            float[] one;
            float[] all;
            using (Parallelism.Limit(1))
            {
                one = new GlorotUniform(seed: 7).Call(new[] { 600, 600 }).ToArray<float>();
            }

            using (Parallelism.Limit(0))
            {
                all = new GlorotUniform(seed: 7).Call(new[] { 600, 600 }).ToArray<float>();
            }

            Assert.Equal(one, all);
        }

        [Fact]
        public void NegativeCapIsRefused()
        {
            Assert.Equal("InvalidArgument", Assert.Throws<InitializerException>(() => Parallelism.Limit(-1)).ErrorId);
            var saved = Parallelism.MaxThreads;
            var ex = Assert.Throws<InitializerException>(() => Parallelism.MaxThreads = -2);
            Assert.Contains("-2", ex.Message);
            Assert.Equal(saved, Parallelism.MaxThreads);
        }
    }
}
