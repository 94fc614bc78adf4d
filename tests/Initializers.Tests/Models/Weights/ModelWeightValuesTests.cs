using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Initializers.Models.Weights;
using Xunit;

namespace Initializers.Tests.Models.Weights
{
    /// <summary>A weight's values are its parts' initializer calls concatenated, seeded by the seeds rule.</summary>
    public sealed class ModelWeightValuesTests
    {
        [Theory]
        [InlineData(DType.Float32)]
        [InlineData(DType.Float64)]
        [InlineData(DType.Float16)]
        public void AnLstmBiasIsItsThreeCallsAndTheOnesBlockConcatenatedAtAnyRange(DType dtype)
        {
            var weight = WeightPlans.LstmBias(5, WeightPlans.Init("RandomNormal"), dtype);
            var values = ModelWeightValues.Create(weight, 1234);
            var reference = WeightPlans.Reference(weight, 1234);
            var size = dtype.ElementSize();
            var whole = new byte[reference.Length];
            values.Elements.FillBytes(0, whole);
            Assert.Equal(reference, whole);

            // Ranges that start and end inside parts, across the ones block (elements 5 to 9), at odd offsets.
            foreach (var (start, count) in new[] { (3, 7), (5, 5), (9, 2), (1, 19), (19, 1), (7, 0) })
            {
                var part = new byte[count * size];
                values.Elements.FillBytes(start, part);
                Assert.Equal(reference.Skip(start * size).Take(count * size), part);
            }

            // The ones block holds 1 whatever the base seed.
            var ones = new byte[5 * size];
            values.Elements.FillBytes(5, ones);
            Assert.Equal(new Initializers.Family.Ones().Call(new[] { 5 }, dtype).ToBytes(), ones);
        }

        [Fact]
        public void ThreadsAndChunkSizesNeverChangeABit()
        {
            var weight = WeightPlans.LstmBias(333, WeightPlans.Init("GlorotNormal"));
            var reference = WeightPlans.Reference(weight, -5);
            var elements = ModelWeightValues.Create(weight, -5).Elements;
            foreach (var options in new[] { new FillOptions { ChunkSize = 7, ParallelThreshold = 1, MaxThreads = 3 }, new FillOptions { ChunkSize = 1000, ParallelThreshold = 1, MaxThreads = 1 } })
            {
                using (FillOptions.Use(options))
                {
                    var bytes = new byte[reference.Length];
                    elements.FillBytes(0, bytes);
                    Assert.Equal(reference, bytes);
                }
            }
        }

        [Fact]
        public void AnUnseededPartGetsTheDerivedSeedAndASeededOneKeepsItsOwn()
        {
            var weight = WeightPlans.LstmBias(2, WeightPlans.Init("RandomUniform"));
            var values = ModelWeightValues.Create(weight, 42);
            // SeedDerivation's formula, by the layer path and each part's own seed key.
            Assert.Equal(new long?[] { SeedDerivation.Derive(42, "lstm", "bias_initializer/bias#0"), null, SeedDerivation.Derive(42, "lstm", "bias_initializer/bias#2") }, values.Seeds);
            Assert.Null(values.Seed);
            Assert.NotEqual(values.Seeds[0], values.Seeds[2]);

            var seeded = ModelWeightValues.Create(WeightPlans.LstmBias(2, WeightPlans.Init("RandomUniform", 9)), 42);
            Assert.Equal(new long?[] { 9, null, 9 }, seeded.Seeds);
            Assert.Equal(9, seeded.Seed);
            // Keras: the same int seed gives the same draws on every call, so both calls start with the same values.
            var bytes = new byte[8 * 4];
            seeded.Elements.FillBytes(0, bytes);
            Assert.Equal(bytes.Take(8), bytes.Skip(16).Take(8));
            Assert.Equal("RandomUniform(minval=-0.05, maxval=0.05, seed=9) + Ones() + RandomUniform(minval=-0.05, maxval=0.05, seed=9)", seeded.Description);
        }

        [Fact]
        public void TheSeedIsThatOfSetModelInitializerForTheSlot()
        {
            // One slot feeding one call: the seed key is the slot name, the derivation Set-ModelInitializer -Seed uses.
            var weight = WeightPlans.Whole("dense/kernel", "dense", new long[] { 3, 2 }, WeightPlans.Init("GlorotUniform"), "kernel_initializer");
            var values = ModelWeightValues.Create(weight, 7);
            Assert.Equal(SeedDerivation.Derive(7, "dense", "kernel_initializer"), values.Seed);
            var expected = WeightPlans.Init("GlorotUniform", SeedDerivation.Derive(7, "dense", "kernel_initializer")).Call(new[] { 3, 2 });
            var bytes = new byte[24];
            values.Elements.FillBytes(0, bytes);
            Assert.Equal(expected.ToBytes(), bytes);
            Assert.Null(ModelWeightValues.Create(WeightPlans.Whole("dense/bias", "dense", new long[] { 2 }, WeightPlans.Init("Zeros"), "bias_initializer"), 7).Seed);
        }

        [Fact]
        public void PartsThatLeaveAHoleOrOverrunAreRefused()
        {
            var init = WeightPlans.Init("Zeros");
            var hole = new ModelWeight("w", "l", "Dense", "w", "layers/l/vars/0", null, new long[] { 4 }, DType.Float32, true,
                new[] { new WeightPart(0, new long[] { 2 }, init, null, "a"), new WeightPart(3, new long[] { 1 }, init, null, "b") });
            var holeError = Assert.Throws<InitializerException>(() => ModelWeightValues.Create(hole, 1));
            Assert.Equal("InvalidWeightParts", holeError.ErrorId);
            Assert.Equal("The initializer calls of 'w' must fill it back to back: call 1 starts at element 3, not 2.", holeError.Message);
            var over = new ModelWeight("w", "l", "Dense", "w", "layers/l/vars/0", null, new long[] { 4 }, DType.Float32, true,
                new[] { new WeightPart(0, new long[] { 5 }, init, null, "a") });
            var overError = Assert.Throws<InitializerException>(() => ModelWeightValues.Create(over, 1));
            Assert.Equal("InvalidWeightParts", overError.ErrorId);
            Assert.Equal("The initializer calls of 'w' fill 5 elements; its shape (4,) has 4.", overError.Message);
            var none = new ModelWeight("w", "l", "Dense", "w", "layers/l/vars/0", null, new long[] { 4 }, DType.Float32, true, Array.Empty<WeightPart>());
            var noneError = Assert.Throws<InitializerException>(() => ModelWeightValues.Create(none, 1));
            Assert.Equal("InvalidWeightParts", noneError.ErrorId);
            Assert.Equal("The tensor 'w' has no initializer call.", noneError.Message);
        }

        [Fact]
        public void AStringWeightIsRefusedAsElementsRefusesString()
        {
            // Zeros takes string in Call (empty strings), but elements have no fixed size: the weight's values cannot be streamed.
            var weight = WeightPlans.Whole("t/table", "t", new long[] { 3 }, new Initializers.Family.Zeros(), "table_initializer", DType.String);
            var ex = Assert.Throws<InitializerException>(() => ModelWeightValues.Create(weight, 1));
            Assert.Equal("UnsupportedDType", ex.ErrorId);
            Assert.Equal("Elements are produced for fixed-size dtypes; string is not one. Build a string tensor whole with Call.", ex.Message);
        }

        [Fact]
        public void ACallIsMadeOnlyWhenOneOfItsElementsIsAskedFor()
        {
            // A custom initializer builds its whole tensor to give any element of it: a range must make only the calls it
            // overlaps, and each at most once (an Orthogonal or a user's initializer may need the memory of its whole call).
            var first = new Counted(1);
            var second = new Counted(2);
            var weight = new ModelWeight("w", "l", "Dense", "w", "layers/l/vars/0", null, new long[] { 5 }, DType.Float32, true,
                new[] { new WeightPart(0, new long[] { 3 }, first, null, "a"), new WeightPart(3, new long[] { 2 }, second, null, "b") });
            var elements = ModelWeightValues.Create(weight, 1).Elements;
            Assert.Equal((0, 0), (first.Calls, second.Calls));

            // Elements 3 and 4 start exactly where the first call ends: they are the second call's alone.
            var tail = new float[2];
            elements.Fill(3, tail.AsSpan());
            Assert.Equal(new[] { 2f, 2f }, tail);
            Assert.Equal((0, 1), (first.Calls, second.Calls));

            var all = new float[5];
            elements.Fill(0, all.AsSpan());
            Assert.Equal(new[] { 1f, 1f, 1f, 2f, 2f }, all);
            Assert.Equal((1, 1), (first.Calls, second.Calls));
        }

        [Fact]
        public void MeasureStopsAtTheNextChunkOnceCancelled()
        {
            // The call is cancelled while the first chunk is made: Measure(token) stops before the second of three.
            using var cts = new CancellationTokenSource();
            var init = new Counted(1, cts.Cancel);
            var values = ModelWeightValues.Create(WeightPlans.Whole("d/kernel", "d", new long[] { 3, 4 }, init, "kernel_initializer"), 1);
            using (FillOptions.Use(new FillOptions { ChunkSize = 4 }))
            {
                Assert.ThrowsAny<OperationCanceledException>(() => values.Measure(cts.Token));
            }

            Assert.Equal(1, init.Calls);
        }

        [Fact]
        public void AOneCallWeightOfAnotherShapeRecordsNoProvenance()
        {
            // The weight (3, 2) holds the values of Identity called with (2, 3): eye(2, 3) flat is 1 0 0 0 1 0, while
            // Identity of (3, 2), what a record of this initializer and the weight's shape would claim, is 1 0 0 1 0 0.
            var weight = new ModelWeight("w", "l", "Dense", "w", "layers/l/vars/0", null, new long[] { 3, 2 }, DType.Float32, true,
                new[] { new WeightPart(0, new long[] { 2, 3 }, new Initializers.Family.Identity(), null, "a") });
            var elements = ModelWeightValues.Create(weight, 1).Elements;
            var values = new float[6];
            elements.Fill(0, values.AsSpan());
            Assert.Equal(new[] { 1f, 0f, 0f, 0f, 1f, 0f }, values);
            Assert.False(elements.RecordsProvenance);
        }

        [Fact]
        public void AnInitializerThatRefusesTheDTypeFailsBeforeAnyValue()
        {
            var weight = WeightPlans.Whole("e/embeddings", "e", new long[] { 3, 2 }, WeightPlans.Init("GlorotUniform"), "embeddings_initializer", DType.Int32);
            Assert.Throws<InitializerException>(() => ModelWeightValues.Create(weight, 1));
        }

        [Fact]
        public void AOneCallWeightRecordsItsProvenanceAndAConcatenationNone()
        {
            var plan = WeightPlans.Small();
            var values = ModelWeightValues.Create(plan, 3);
            Assert.True(values[0].Elements.RecordsProvenance);
            Assert.False(values[4].Elements.RecordsProvenance);
        }

        /// <summary>A custom initializer (it builds its whole tensor, as <see cref="Initializer"/>'s default filler does):
        /// every element is <c>value</c>; it counts its calls and runs <c>onCall</c> at the end of each.</summary>
        private sealed class Counted : Initializer
        {
            private readonly double value;
            private readonly Action? onCall;
            private int calls;

            public Counted(double value, Action? onCall = null)
            {
                this.value = value;
                this.onCall = onCall;
            }

            public int Calls => calls;

            public override string ClassName => "Counted";

            protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
            {
                yield return Arg("value", value);
            }

            protected override Tensor Generate(int[] shape, DType dtype)
            {
                Interlocked.Increment(ref calls);
                var tensor = new Initializers.Family.Constant(value).Call(shape, dtype);
                onCall?.Invoke();
                return tensor;
            }
        }

        /// <summary>A weight of several calls is expected to follow the mixture of their distributions, weighted by their
        /// sizes. LSTM bias of 4·2 elements: N(0.5, 0.2) on 2, ones on 2, N(0.5, 0.2) on 4. Mean (2·0.5 + 2·1 + 4·0.5)/8 =
        /// 0.625; mean of squares (2·(0.04 + 0.25) + 2·1 + 4·(0.04 + 0.25))/8 = 0.4675; variance 0.4675 − 0.625² = 0.076875.</summary>
        [Fact]
        public void ASeveralCallWeightIsExpectedToFollowTheSizeWeightedMixture()
        {
            var normal = new Initializers.Family.RandomNormal(mean: 0.5, stddev: 0.2, seed: 3);
            var expected = ModelWeightValues.Create(WeightPlans.LstmBias(2, normal), 1).Expected()!;
            Assert.Equal(0.625, expected.Mean, 12);
            Assert.Equal(Math.Sqrt(0.076875), expected.Std, 12);
            Assert.Null(expected.Min);
            Assert.Null(expected.Max);
            Assert.False(expected.Exact);
            Assert.StartsWith("the size-weighted mixture of ", expected.Formula);

            // Zeros, ones, zeros: mean 2/8 = 0.25, variance 0.25 − 0.0625 = 0.1875.
            var zeros = ModelWeightValues.Create(WeightPlans.LstmBias(2, new Initializers.Family.Zeros()), 1).Expected()!;
            Assert.Equal(0.25, zeros.Mean, 12);
            Assert.Equal(Math.Sqrt(0.1875), zeros.Std, 12);

            // One call: the initializer's own expectation, bounds included (uniform on [-0.05, 0.05)).
            var one = ModelWeightValues.Create(WeightPlans.Whole("d/bias", "d", new long[] { 6 }, new Initializers.Family.RandomUniform(seed: 1), "bias_initializer"), 1).Expected()!;
            Assert.Equal((0.0, -0.05, 0.05), (one.Mean, one.Min, one.Max));

            // No formula for a bool weight.
            Assert.Null(ModelWeightValues.Create(WeightPlans.LstmBias(2, new Initializers.Family.Zeros(), DType.Bool), 1).Expected());
        }

        /// <summary>Measuring holds the whole weight in memory; a weight larger than one tensor is refused by name.</summary>
        [Fact]
        public void AWeightLargerThanOneTensorIsNotMeasured()
        {
            var huge = WeightPlans.Whole("e/embeddings", "e", new long[] { 3_000_000_000 }, new Initializers.Family.Zeros(), "embeddings_initializer");
            var ex = Assert.Throws<InitializerException>(() => ModelWeightValues.Create(huge, 1).Measure());
            Assert.Equal("TensorTooLarge", ex.ErrorId);
            Assert.Equal("The weight 'e/embeddings' of shape (3000000000,) is larger than one tensor; it cannot be measured in memory.", ex.Message);
            Assert.Equal("e/embeddings", ex.Target);
        }

        [Fact]
        public void AWeightReadsAsItsPathAndShape() =>
            Assert.Equal("d/kernel (3, 2)", WeightPlans.Whole("d/kernel", "d", new long[] { 3, 2 }, new Initializers.Family.Zeros(), "kernel_initializer").ToString());
    }
}
