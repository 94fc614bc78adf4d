using System.Collections.Generic;
using Initializers.Family;
using Xunit;

namespace Initializers.Tests.Family
{
    /// <summary>Values depend on (seed, index) only: one thread, many threads and any chunk size give the same bits.</summary>
    public class DeterminismTests
    {
        public static IEnumerable<object[]> Seeded()
        {
            foreach (var name in new[]
            {
                "RandomUniform", "RandomNormal", "TruncatedNormal", "VarianceScaling", "GlorotUniform", "GlorotNormal",
                "HeUniform", "HeNormal", "LecunUniform", "LecunNormal", "Orthogonal",
            })
            {
                foreach (var dtype in new[] { DType.Float32, DType.Float64, DType.Float16, DType.BFloat16 })
                {
                    yield return new object[] { name, dtype };
                }
            }
        }

        [Theory]
        [MemberData(nameof(Seeded))]
        public void ThreadsAndChunkSizesDoNotChangeABit(string name, DType dtype)
        {
            var init = Initializer.FromConfig(name, new System.Collections.Hashtable { ["seed"] = 1234 });
            var shape = name == "Orthogonal" ? new[] { 300, 200 } : new[] { 301, 1009 }; // odd sizes: ragged last chunk
            byte[] Run(int threads, int chunk)
            {
                using (FillOptions.Use(new FillOptions { MaxThreads = threads, ChunkSize = chunk, ParallelThreshold = 1 }))
                {
                    return Bytes(init.Call(shape, dtype));
                }
            }

            var sequential = Run(1, 1 << 30);
            Assert.Equal(sequential, Run(2, 4096));
            Assert.Equal(sequential, Run(4, 1000));
            Assert.Equal(sequential, Run(3, 77));
        }

        [Fact]
        public void IntegerUniformToo()
        {
            var init = new RandomUniform(-100, 100, 9);
            byte[] Run(int threads, int chunk)
            {
                using (FillOptions.Use(new FillOptions { MaxThreads = threads, ChunkSize = chunk, ParallelThreshold = 1 }))
                {
                    return Bytes(init.Call(new[] { 100003 }, DType.Int16));
                }
            }

            Assert.Equal(Run(1, 1 << 30), Run(3, 999));
        }

        private static byte[] Bytes(Tensor t)
        {
            var data = t.ToArray();
            var bytes = new byte[System.Buffer.ByteLength(data)];
            System.Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
            return bytes;
        }
    }
}
