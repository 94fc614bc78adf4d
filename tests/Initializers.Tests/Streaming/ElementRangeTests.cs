using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Initializers.Family;
using Xunit;

namespace Initializers.Tests.Streaming
{
    /// <summary>Initializer.Elements gives, for any range, exactly the bytes Call puts at those positions: every
    /// initializer, every dtype it accepts, ranges at odd offsets and across chunk boundaries.</summary>
    public sealed class ElementRangeTests
    {
        /// <summary>Every catalog initializer (seeded where it takes a seed) with every dtype it accepts, except string.</summary>
        public static IEnumerable<object[]> Cases()
        {
            foreach (var info in InitializerCatalog.All)
            {
                foreach (var dtype in info.DTypes.Where(d => d != DType.String))
                {
                    yield return new object[] { info.ClassName, dtype };
                }
            }
        }

        internal static Initializer Make(string name, DType dtype)
        {
            var config = new Hashtable();
            if (InitializerCatalog.Get(name).TakesSeed)
            {
                config["seed"] = 4321;
            }

            if (name == "RandomUniform" && dtype.IsInteger())
            {
                config["minval"] = dtype >= DType.UInt8 ? 3 : -7;
                config["maxval"] = 100;
            }

            if (name == "Constant")
            {
                config["value"] = 2.75;
            }

            // PyTorch's sparse_ sparsity and constant_ val have no default.
            foreach (var key in InitializerCatalog.Get(name).ConfigKeys.Where(k => k.Required))
            {
                config[key.Name] = name == "TorchConstant" ? 2.75 : 0.25;
            }

            return Initializer.FromConfig(name, config);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void EveryRangeEqualsTheInMemoryTensorsBytes(string name, DType dtype)
        {
            var init = Make(name, dtype);
            var shape = name is "Identity" or "Orthogonal" or "TorchEye" or "TorchSparse" ? new[] { 41, 53 } : name == "STFT" ? new[] { 41, 1, 53 } : new[] { 3, 7, 97 }; // 2037 / 2173 elements
            var expected = Bytes(init.Call(shape, dtype));
            var elements = init.Elements(shape.Select(d => (long)d).ToArray(), dtype);
            var size = dtype.ElementSize();
            Assert.Equal(expected.Length / size, elements.Count);

            // Chunk size 64, so ranges start and end before, on and after chunk boundaries, and run in parallel.
            using (FillOptions.Use(new FillOptions { ChunkSize = 64, ParallelThreshold = 1, MaxThreads = 3 }))
            {
                foreach (var (start, count) in new[] { (0L, (int)elements.Count), (1L, 1), (7L, 130), (63L, 2), (64L, 64), (65L, 191), (1001L, 777), (elements.Count - 3, 3), (elements.Count, 0) })
                {
                    var actual = new byte[count * size];
                    elements.FillBytes(start, actual);
                    Assert.True(expected.AsSpan((int)start * size, count * size).SequenceEqual(actual), $"{name} {dtype.Name()} [{start}, {start + count})");
                }
            }
        }

        [Fact]
        public void TypedFillTakesTheStorageTypeAndEqualsCall()
        {
            var init = new RandomNormal(seed: 5);
            var expected = init.Call(new[] { 10, 10 }).ToArray<float>();
            var actual = new float[37];
            init.Fill(new long[] { 10, 10 }, DType.Float32, 13, actual.AsSpan());
            Assert.Equal(expected.Skip(13).Take(37), actual);

            var bits = new ushort[5];
            init.Fill(new long[] { 10, 10 }, DType.Float16, 95, bits.AsSpan());
            Assert.Equal(init.Call(new[] { 10, 10 }, DType.Float16).AsSpan<ushort>().Slice(95).ToArray(), bits);

            var ex = Assert.Throws<InitializerException>(() => init.Fill(new long[] { 10 }, DType.Float32, 0, new double[2].AsSpan()));
            Assert.Equal("InvalidElementType", ex.ErrorId);
            Assert.Equal("A float32 tensor stores Single, not Double; fill a Span<Single> (or use FillBytes).", ex.Message);
        }

        [Fact]
        public void RangesOutsideTheTensorAreRefused()
        {
            var elements = new Ones().Elements(new long[] { 4, 5 }, DType.Int32);
            var past = Assert.Throws<InitializerException>(() => elements.FillBytes(18, new byte[12]));
            Assert.Equal("InvalidRange", past.ErrorId);
            Assert.Equal("Elements [18, 21) lie outside the tensor of shape (4, 5), which has 20 elements.", past.Message);
            Assert.Equal("InvalidRange", Assert.Throws<InitializerException>(() => elements.FillBytes(-1, new byte[4])).ErrorId);
            var ragged = Assert.Throws<InitializerException>(() => elements.FillBytes(0, new byte[6]));
            Assert.Equal("InvalidRange", ragged.ErrorId);
            Assert.Equal("The destination holds 6 bytes, not a whole number of int32 elements (4 bytes each).", ragged.Message);
            elements.FillBytes(20, Span<byte>.Empty);
        }

        [Fact]
        public void ShapesPastOneArrayWorkForPerElementInitializers()
        {
            // 3e9 x 2 elements: no array holds them, yet any range is computed from its positions alone.
            var shape = new long[] { 3_000_000_000, 2 };
            var uniform = new RandomUniform(-128, 128, 11).Elements(shape, DType.Int8);
            Assert.Equal(6_000_000_000, uniform.Count);
            var tail = new sbyte[3];
            uniform.Fill(uniform.Count - 3, tail.AsSpan());

            // Element k of RandomUniform(int) is a pure function of (seed, k): the same draw as position k of a small tensor
            // is not available, so check against the raw generator through a second, offset-free path.
            var direct = new long[3];
            Initializers.Randomness.RandomFill.UniformInt64(direct, 11, 0, uniform.Count - 3, -128, 128);
            Assert.Equal(direct.Select(v => (sbyte)v), tail);

            var identity = new Identity(2.0).Elements(new long[] { 100_000, 3_000_000_000 }, DType.Float32);
            var around = new float[4];
            var diagonal = 99_999L * 3_000_000_001L; // position of the last diagonal element
            identity.Fill(diagonal - 2, around.AsSpan());
            Assert.Equal(new[] { 0f, 0f, 2f, 0f }, around);
        }

        [Fact]
        public void OrthogonalStatesItsLimitPastOneArray()
        {
            var ex = Assert.Throws<InitializerException>(() => new Orthogonal(seed: 1).Elements(new long[] { 50_000, 50_000 }));
            Assert.Equal("TensorTooLarge", ex.ErrorId);
            Assert.Contains("2,147,483,591", ex.Message);
            Assert.Contains("(50000, 50000)", ex.Message);
        }

        [Theory]
        [InlineData("truncated_normal")]
        [InlineData("untruncated_normal")]
        [InlineData("uniform")]
        public void EveryVarianceScalingDistributionStreamsAsCallDrawsIt(string distribution)
        {
            var init = new VarianceScaling(0.5, "fan_avg", distribution, 77);
            var expected = Bytes(init.Call(new[] { 5, 9 }, DType.Float64));
            var actual = new byte[expected.Length];
            init.Elements(new long[] { 5, 9 }, DType.Float64).FillBytes(0, actual);
            Assert.Equal(expected, actual);
        }

        [Fact]
        public void TheChecksOfCallRunBeforeAnythingIsProduced()
        {
            Assert.Equal("Axis 2 is out of range for shape [3, 4] of rank 2.",
                Assert.Throws<InitializerException>(() => new VarianceScaling(inputAxes: new[] { 2 }, outputAxes: new[] { 0 }).Elements(new long[] { 3, 4 })).Message);
            Assert.Equal("UnsupportedDType", Assert.Throws<InitializerException>(() => new RandomNormal(seed: 1).Elements(new long[] { 3 }, DType.Int32)).ErrorId);
            Assert.Equal("InvalidRank", Assert.Throws<InitializerException>(() => new Identity().Elements(new long[] { 3_000_000_000 })).ErrorId);
            Assert.Equal("UnsupportedDType", Assert.Throws<InitializerException>(() => new Zeros().Elements(new long[] { 3 }, DType.String)).ErrorId);
            Assert.Equal("InvalidShape", Assert.Throws<InitializerException>(() => new Zeros().Elements(new long[] { 3, -1 })).ErrorId);
            Assert.Equal("ShapeOverflow", Assert.Throws<InitializerException>(() => new Zeros().Elements(new long[] { 1L << 40, 1L << 40 })).ErrorId);
            Assert.Equal("ConstantSizeMismatch", Assert.Throws<InitializerException>(() => new Constant(new[] { 1, 2, 3 }).Elements(new long[] { 4 })).ErrorId);
        }

        internal static byte[] Bytes(Tensor t) => Storage.Bytes(t.Data, 0, t.Data.Length).ToArray();
    }
}
