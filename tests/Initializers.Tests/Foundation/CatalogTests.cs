using System.Collections;
using System.Linq;
using Initializers.Config;
using Initializers.Family;
using Xunit;

namespace Initializers.Tests.Foundation
{
    public class CatalogTests
    {
        // Spec section 5 (alias table): every spelling below resolves in at least one of TF 2.0, Keras 2, Keras 3 or tfjs.
        [Theory]
        [InlineData("zeros", "Zeros")]
        [InlineData("Zeros", "Zeros")]
        [InlineData("zero", "Zeros")]
        [InlineData("ZerosV2", "Zeros")]
        [InlineData("zerosV2", "Zeros")]
        [InlineData("zeros_initializer", "Zeros")]
        [InlineData("ones", "Ones")]
        [InlineData("one", "Ones")]
        [InlineData("OnesV2", "Ones")]
        [InlineData("ones_initializer", "Ones")]
        [InlineData("constant", "Constant")]
        [InlineData("constant_initializer", "Constant")]
        [InlineData("ConstantV2", "Constant")]
        public void FoundationAliasesResolve(string alias, string className) => Assert.Equal(className, InitializerCatalog.Get(alias).ClassName);

        [Fact]
        public void LookupIsCaseInsensitive() => Assert.Equal("Zeros", InitializerCatalog.Get("ZEROS").ClassName);

        [Fact]
        public void UnknownNameSuggestsTheNearest()
        {
            var ex = Assert.Throws<InitializerException>(() => InitializerCatalog.Get("zeroes"));
            Assert.Equal("UnknownInitializer", ex.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, ex.Kind);
            Assert.Equal("zeroes", ex.Target);
            Assert.Contains("Did you mean 'Zeros'", ex.Message);
        }

        [Fact]
        public void FromConfigDropsDTypeLikeTf()
        {
            var c = Initializer.FromConfig("Constant", new Hashtable { ["value"] = 2, ["dtype"] = "float32" });
            Assert.Equal(new Constant(2), c);
        }

        [Fact]
        public void FromConfigRejectsUnknownKeysNamingThemAndTheAllowedOnes()
        {
            var ex = Assert.Throws<InitializerException>(() => Initializer.FromConfig("Constant", new Hashtable { ["valu"] = 2 }));
            Assert.Equal("UnknownConfigKey", ex.ErrorId);
            Assert.Equal("valu", ex.Target);
            Assert.Equal("Unknown key 'valu' in the config of Constant. Allowed keys: value.", ex.Message);
            var z = Assert.Throws<InitializerException>(() => Initializer.FromConfig("Zeros", new Hashtable { ["value"] = 1 }));
            Assert.Contains("Allowed keys: none", z.Message);
        }

        [Fact]
        public void CatalogEntriesDescribeThemselves()
        {
            var c = InitializerCatalog.Get("Constant");
            Assert.Equal("value", c.ConfigKeys.Single().Name);
            Assert.Equal(0.0, c.ConfigKeys.Single().Default);
            Assert.Contains("constant_initializer", c.Aliases);
            Assert.False(string.IsNullOrWhiteSpace(c.Description));
            Assert.DoesNotContain(DType.String, InitializerCatalog.Get("Ones").DTypes);
            Assert.Contains(DType.String, InitializerCatalog.Get("Zeros").DTypes);
        }

        [Fact]
        public void SnakeCaseFollowsKerasAndTfjs()
        {
            Assert.Equal("glorot_uniform", Names.ToSnakeCase("GlorotUniform"));
            Assert.Equal("stft", Names.ToSnakeCase("STFT"));
            Assert.Equal("fan_in", Names.ToSnakeCase("fanIn"));
            Assert.Equal("truncated_normal", Names.ToSnakeCase("truncatedNormal"));
        }
    }
}
