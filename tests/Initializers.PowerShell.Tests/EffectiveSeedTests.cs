using System;
using System.Collections;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using Initializers.Family;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>-IncludeEffectiveSeed on Get-, ConvertTo- and Export-InitializerConfig: an unseeded initializer's drawn
    /// seed goes into the config, and the config rebuilt gives the same values, bit for bit.</summary>
    public sealed class EffectiveSeedTests : IDisposable
    {
        private readonly string dir = Path.Combine(Path.GetTempPath(), "initializers-seed-tests-" + Guid.NewGuid().ToString("N"));

        public EffectiveSeedTests() => Directory.CreateDirectory(dir);

        public void Dispose() => Directory.Delete(dir, true);

        [Theory]
        [InlineData("RandomNormal")]
        [InlineData("GlorotUniform")]
        [InlineData("VarianceScaling")]
        [InlineData("Orthogonal")]
        public void GetInitializerConfigWritesTheDrawnSeedAndTheConfigReproducesTheValues(string name)
        {
            var run = Run.Ok($"$i = New-Initializer {name}; $c = $i | Get-InitializerConfig -IncludeEffectiveSeed; $i; $c; $i | New-Tensor -Shape 40, 7 -DType float64; New-Initializer {name} $c | New-Tensor -Shape 40, 7 -DType float64");
            var original = (RandomInitializer)run.Output[0].BaseObject;
            var config = (OrderedDictionary)run.Output[1].BaseObject;
            Assert.Null(original.Seed);
            Assert.Equal(original.EffectiveSeed, Convert.ToInt64(config["seed"]));
            AssertSameBits((Tensor)run.Output[2].BaseObject, (Tensor)run.Output[3].BaseObject);
        }

        [Fact]
        public void WithoutTheSwitchTheSeedStaysNullAsInKeras()
        {
            var config = (OrderedDictionary)Run.Ok("New-Initializer RandomUniform | Get-InitializerConfig").Single()!;
            Assert.Null(config["seed"]);
        }

        [Fact]
        public void TheWholeConfigIsKeptAndOnlyTheSeedIsFilledIn()
        {
            var run = Run.Ok("$i = New-Initializer RandomUniform @{ minval = -2; maxval = 3 }; $i; $i | Get-InitializerConfig -IncludeEffectiveSeed -Document");
            var original = (RandomInitializer)run.Output[0].BaseObject;
            var document = (OrderedDictionary)run.Output[1].BaseObject;
            var expected = new OrderedDictionary { ["seed"] = original.EffectiveSeed, ["minval"] = -2.0, ["maxval"] = 3.0 };
            var config = (OrderedDictionary)document["config"]!;
            Assert.Equal(expected.Keys.Cast<object>(), config.Keys.Cast<object>());
            Assert.Equal(expected.Values.Cast<object>(), config.Values.Cast<object>());
            Assert.Equal("RandomUniform", document["class_name"]);
        }

        [Fact]
        public void ASeededOrSeedlessInitializerIsWrittenAsItIs()
        {
            var seeded = (OrderedDictionary)Run.Ok("New-Initializer HeNormal -Seed 7 | Get-InitializerConfig -IncludeEffectiveSeed").Single()!;
            Assert.Equal(7L, Convert.ToInt64(seeded["seed"]));
            var constant = (OrderedDictionary)Run.Ok("New-Initializer Constant @{ value = 3 } | Get-InitializerConfig -IncludeEffectiveSeed").Single()!;
            Assert.Equal(new object[] { "value" }, constant.Keys.Cast<object>().ToArray());
        }

        [Fact]
        public void ConvertToInitializerConfigWritesTheDrawnSeed()
        {
            var run = Run.Ok("$i = New-Initializer TruncatedNormal; $t = $i | ConvertTo-InitializerConfig -IncludeEffectiveSeed -Compress; $i; $t; $i | New-Tensor -Shape 1001; $t | ConvertFrom-InitializerConfig | New-Tensor -Shape 1001");
            var original = (RandomInitializer)run.Output[0].BaseObject;
            Assert.Contains("\"seed\": " + original.EffectiveSeed + ",", (string)run.Output[1].BaseObject);
            AssertSameBits((Tensor)run.Output[2].BaseObject, (Tensor)run.Output[3].BaseObject);
        }

        [Fact]
        public void ExportedConfigsReproduceTheValues()
        {
            var path = Path.Combine(dir, "model.yaml");
            var run = Run.Script(
                "$a = New-Initializer HeUniform; $b = New-Initializer Orthogonal @{ gain = 2 }; $a, $b | Export-InitializerConfig -LiteralPath $path -IncludeEffectiveSeed; " +
                "$a, $b | New-Tensor -Shape 30, 20; Import-InitializerConfig -LiteralPath $path | New-Tensor -Shape 30, 20",
                new Hashtable { ["path"] = path });
            Assert.Empty(run.Errors);
            Assert.Null(run.Terminating);
            Assert.Equal(4, run.Output.Count);
            AssertSameBits((Tensor)run.Output[0].BaseObject, (Tensor)run.Output[2].BaseObject);
            AssertSameBits((Tensor)run.Output[1].BaseObject, (Tensor)run.Output[3].BaseObject);
            Assert.DoesNotContain("seed: null", File.ReadAllText(path));
        }

        private static void AssertSameBits(Tensor expected, Tensor actual)
        {
            Assert.Equal(expected.DType, actual.DType);
            Assert.Equal(expected.Shape, actual.Shape);
            var a = expected.ToArray<double>().Select(BitConverter.DoubleToInt64Bits);
            var b = actual.ToArray<double>().Select(BitConverter.DoubleToInt64Bits);
            Assert.Equal(a, b);
        }
    }
}
