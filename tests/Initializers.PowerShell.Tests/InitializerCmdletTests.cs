using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    public class NewInitializerTests
    {
        [Fact]
        public void ConstantWithConfig()
        {
            var i = (Initializer)Run.Ok("New-Initializer Constant @{ value = 3 }").Single()!;
            Assert.Equal("Constant", i.ClassName);
            Assert.Equal(3, i.GetConfig()["value"]);
        }

        [Fact]
        public void AliasesResolveCaseInsensitively()
        {
            var run = Run.Ok("'zeros_initializer', 'ONES', 'ZerosV2' | New-Initializer | ForEach-Object ClassName");
            Assert.Equal(new[] { "Zeros", "Ones", "Zeros" }, run.Output.Select(o => (string)o.BaseObject));
        }

        [Fact]
        public void SeedSetsTheSeedKey()
        {
            var i = (Initializer)Run.Ok("New-Initializer GlorotUniform -Seed 42").Single()!;
            Assert.Equal(42L, System.Convert.ToInt64(i.GetConfig()["seed"]));
        }

        [Theory]
        [InlineData("-1", -1L)]
        [InlineData("'7'", 7L)]
        [InlineData("' -12 '", -12L)]
        [InlineData("'9223372036854775807'", long.MaxValue)]
        [InlineData("$env:INITIALIZERS_TEST_SEED", 42L)]
        public void ASeedGivenAsWholeNumberTextIsAccepted(string seed, long expected)
        {
            // A bare -1 binds to an object parameter as the string "-1"; $env:SEED and CSV cells are strings too.
            var i = (Initializer)Run.Ok($"$env:INITIALIZERS_TEST_SEED = '42'; New-Initializer RandomNormal -Seed {seed}").Single()!;
            Assert.Equal(expected, System.Convert.ToInt64(i.GetConfig()["seed"]));
        }

        [Theory]
        [InlineData("1.5", ErrorCategory.InvalidType)]
        [InlineData("'1.5'", ErrorCategory.InvalidType)]
        [InlineData("'abc'", ErrorCategory.InvalidType)]
        [InlineData("'7.0'", ErrorCategory.InvalidType)]
        [InlineData("1e30", ErrorCategory.InvalidArgument)]
        [InlineData("'9223372036854775808'", ErrorCategory.InvalidArgument)]
        public void ANonIntegerOrOutOfRangeSeedIsRefusedNotRounded(string seed, ErrorCategory category)
        {
            var e = Run.Script($"New-Initializer RandomNormal -Seed {seed}").Error;
            Assert.StartsWith("InvalidSeed,", e.FullyQualifiedErrorId);
            Assert.Equal(category, e.CategoryInfo.Category);
            Assert.Contains("whole number", e.Exception.Message);
        }

        [Fact]
        public void SeedOnAClassWithoutSeedIsAnError()
        {
            var e = Run.Script("New-Initializer Zeros -Seed 1").Error;
            Assert.StartsWith("SeedNotSupported,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Equal("Zeros", e.TargetObject);
        }

        [Theory]
        [InlineData("Zeroz", "Zeros")]
        [InlineData("GlorotUnifrom", "GlorotUniform")]
        public void UnknownNameSuggestsTheNearest(string name, string nearest)
        {
            var e = Run.Script($"New-Initializer {name}").Error;
            Assert.StartsWith("UnknownInitializer,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Equal(name, e.TargetObject);
            Assert.Contains($"Did you mean '{nearest}'", e.Exception.Message);
        }

        [Fact]
        public void UnknownConfigKeyNamesItAndTheAllowedKeys()
        {
            var e = Run.Script("New-Initializer Constant @{ valeu = 1 }").Error;
            Assert.StartsWith("UnknownConfigKey,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Equal("valeu", e.TargetObject);
            Assert.Contains("Allowed keys: value", e.Exception.Message);
        }

        [Fact]
        public void WrongValueTypeIsInvalidType()
        {
            var e = Run.Script("New-Initializer RandomNormal @{ stddev = 'wide' }").Error;
            Assert.StartsWith("InvalidConfigValue,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidType, e.CategoryInfo.Category);
            Assert.Equal("wide", e.TargetObject);
        }

        [Fact]
        public void NaNWhereAFiniteNumberIsNeeded()
        {
            var e = Run.Script("New-Initializer RandomNormal @{ stddev = [double]::NaN }").Error;
            Assert.StartsWith("InvalidConfigValue,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.True(double.IsNaN((double)e.TargetObject));
        }

        [Fact]
        public void InfinityWhereAFiniteNumberIsNeeded()
        {
            var e = Run.Script("New-Initializer RandomUniform @{ maxval = [double]::PositiveInfinity }").Error;
            Assert.StartsWith("InvalidConfigValue,", e.FullyQualifiedErrorId);
            Assert.Contains("finite", e.Exception.Message);
        }

        [Fact]
        public void CatalogEntriesPipeByClassName()
        {
            var run = Run.Ok("Get-Initializer Zeros, Ones | New-Initializer | ForEach-Object ClassName");
            Assert.Equal(new[] { "Zeros", "Ones" }, run.Output.Select(o => (string)o.BaseObject));
        }
    }

    public class GetInitializerTests
    {
        [Fact]
        public void EveryEntryWithoutName()
        {
            var names = Run.Ok("Get-Initializer | ForEach-Object ClassName").Output.Select(o => (string)o.BaseObject).ToList();
            Assert.Contains("Zeros", names);
            Assert.Contains("Ones", names);
            Assert.Contains("Constant", names);
            Assert.Equal(names.Count, names.Distinct().Count());
        }

        [Fact]
        public void AliasFindsTheClass()
        {
            var info = (InitializerInfo)Run.Ok("Get-Initializer zeros_initializer").Single()!;
            Assert.Equal("Zeros", info.ClassName);
        }

        [Fact]
        public void WildcardsMatchClassNamesAndAliases()
        {
            var names = Run.Ok("Get-Initializer '*nstan*' | ForEach-Object ClassName").Output.Select(o => (string)o.BaseObject);
            Assert.Equal(new[] { "Constant", "TorchConstant" }, names);
        }

        [Fact]
        public void ConstantShowsItsKeyWithDefault()
        {
            var info = (InitializerInfo)Run.Ok("Get-Initializer Constant").Single()!;
            var key = Assert.Single(info.ConfigKeys);
            Assert.Equal("value", key.Name);
            Assert.Equal(0.0, key.Default);   // Keras 3 default value=0.0 (spec 2.4)
            Assert.Equal(16, info.DTypes.Count);
        }

        [Fact]
        public void UnknownNameIsNonTerminatingObjectNotFound()
        {
            var run = Run.Script("Get-Initializer Zeroz, Ones");
            Assert.Null(run.Terminating);
            Assert.Single(run.Output);
            var e = Assert.Single(run.Errors);
            Assert.StartsWith("UnknownInitializer,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Equal("Zeroz", e.TargetObject);
            Assert.Contains("'Zeros'", e.Exception.Message);
        }

        [Fact]
        public void EachClassOnceHoweverManyNamesMatchIt()
        {
            var names = Run.Ok("Get-Initializer Zeros, zero, 'zer*', Ones | ForEach-Object ClassName").Output.Select(o => (string)o.BaseObject);
            Assert.Equal(new[] { "Zeros", "Ones" }, names);
        }

        [Fact]
        public void WildcardMatchingNothingIsNoError()
        {
            var run = Run.Script("Get-Initializer 'nothing*'");
            Assert.Empty(run.Output);
            Assert.Empty(run.Errors);
        }
    }

    public class GetInitializerConfigTests
    {
        [Fact]
        public void ZerosHasAnEmptyConfig()
        {
            var config = (OrderedDictionary)Run.Ok("New-Initializer Zeros | Get-InitializerConfig").Single()!;
            Assert.Empty(config);
        }

        [Fact]
        public void ConstantConfigHoldsTheValue()
        {
            var config = (OrderedDictionary)Run.Ok("Get-InitializerConfig (New-Initializer Constant @{ value = 3 })").Single()!;
            Assert.Equal(new object[] { "value" }, config.Keys.Cast<object>().ToArray());
            Assert.Equal(3, config["value"]);
        }

        [Fact]
        public void SeedFirstInKeras3AndLastInKeras2()
        {
            // Spec: Keras 3 puts seed first; Keras 2 keeps constructor order (mean, stddev, seed).
            var k3 = (OrderedDictionary)Run.Ok("New-Initializer RandomNormal -Seed 1 | Get-InitializerConfig").Single()!;
            var k2 = (OrderedDictionary)Run.Ok("New-Initializer RandomNormal -Seed 1 | Get-InitializerConfig -Style Keras2").Single()!;
            Assert.Equal(new object[] { "seed", "mean", "stddev" }, k3.Keys.Cast<object>().ToArray());
            Assert.Equal(new object[] { "mean", "stddev", "seed" }, k2.Keys.Cast<object>().ToArray());
        }

        [Fact]
        public void DocumentHasTheKeras3Envelope()
        {
            var doc = (OrderedDictionary)Run.Ok("Get-InitializerConfig Ones -Document").Single()!;
            Assert.Equal(new object[] { "module", "class_name", "config", "registered_name" }, doc.Keys.Cast<object>().ToArray());
            Assert.Equal("keras.initializers", doc["module"]);
            Assert.Equal("Ones", doc["class_name"]);
            Assert.Null(doc["registered_name"]);
        }

        [Theory]
        [InlineData("Constant @{ value = 2.5 }")]
        [InlineData("RandomNormal @{ mean = 0.5; stddev = 2 } -Seed 42")]
        [InlineData("VarianceScaling @{ scale = 3; mode = 'fan_avg'; distribution = 'uniform' } -Seed 7")]
        public void DocumentRoundTripsThroughConvertFrom(string newInitializer)
        {
            // The whole config must come back (Initializer.Equals compares class and config), not just the class.
            var run = Run.Ok($"$i = New-Initializer {newInitializer}; $i; $i | Get-InitializerConfig -Document | ConvertFrom-InitializerConfig");
            Assert.Equal((Initializer)run.Output[0].BaseObject, (Initializer)run.Output[1].BaseObject);
        }

        [Theory]
        [InlineData("Constant", "@{ value = 4 }")]
        [InlineData("TruncatedNormal", "@{ mean = -1; stddev = 0.25; seed = 3 }")]
        public void ConfigRoundTripsWithClassName(string className, string config)
        {
            var run = Run.Ok($"$i = New-Initializer {className} {config}; $i; $i | Get-InitializerConfig | ConvertFrom-InitializerConfig -ClassName {className}");
            Assert.Equal((Initializer)run.Output[0].BaseObject, (Initializer)run.Output[1].BaseObject);
        }
    }
}
