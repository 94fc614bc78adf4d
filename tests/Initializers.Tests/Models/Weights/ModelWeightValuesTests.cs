using System.Linq;
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
            Assert.Equal("InvalidWeightParts", Assert.Throws<InitializerException>(() => ModelWeightValues.Create(hole, 1)).ErrorId);
            var over = new ModelWeight("w", "l", "Dense", "w", "layers/l/vars/0", null, new long[] { 4 }, DType.Float32, true,
                new[] { new WeightPart(0, new long[] { 5 }, init, null, "a") });
            Assert.Equal("InvalidWeightParts", Assert.Throws<InitializerException>(() => ModelWeightValues.Create(over, 1)).ErrorId);
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
    }
}
