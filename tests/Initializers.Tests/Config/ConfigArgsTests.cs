using System.Collections;
using System.Text;
using Initializers.Config;
using Initializers.Serialization;
using Initializers.Torch;
using Xunit;

namespace Initializers.Tests.Config
{
    /// <summary>How a config's values are read as constructor arguments (Keras <c>cls(**config)</c>) and how a document's
    /// errors are located: the survivors of the 2026-12-01 08:21 Stryker run on lib/Config (docs/testing.md).</summary>
    public class ConfigArgsTests
    {
        private static int Groups(object value) => ((TorchDirac)InitializerCatalog.Create("TorchDirac", new Hashtable { ["groups"] = value })).Groups;

        private static InitializerException GroupsError(object value) =>
            Assert.Throws<InitializerException>(() => InitializerCatalog.Create("TorchDirac", new Hashtable { ["groups"] = value }));

        [Fact]
        public void AnIntArgumentTakesAWholeDoubleUpToInt32MaxValue()
        {
            // JSON and YAML readers may give 3.0 for a Python int; PyTorch's dirac_(groups=3.0) works the same as 3.
            Assert.Equal(3, Groups(3.0));
            Assert.Equal(int.MaxValue, Groups(2147483647.0));
        }

        [Theory]
        [InlineData(3.5, "3.5")]
        [InlineData(2147483648.0, "2147483648.0")]
        [InlineData(-2147483649.0, "-2147483649.0")]
        public void AnIntArgumentRefusesAFractionOrAValueBeyondInt32(double value, string shown)
        {
            var ex = GroupsError(value);
            Assert.Equal("InvalidConfigValue", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidType, ex.Kind);
            Assert.Equal(value, ex.Target);
            Assert.StartsWith($"TorchDirac argument 'groups' must be a whole number; got {shown}", ex.Message);
        }

        [Fact]
        public void Int32MinValueIsAWholeNumberThatTheConstructorThenRefuses()
        {
            // -2^31 converts to an int, so the error is dirac_'s own range check, not the whole-number one.
            var ex = GroupsError(-2147483648.0);
            Assert.Equal("InvalidConfigValue", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal("TorchDirac argument 'groups' must be a whole number >= 1; got -2147483648.", ex.Message);
        }

        [Fact]
        public void ARequiredArgumentGivenAsNullIsMissing()
        {
            // torch.nn.init.sparse_ has no default sparsity: null is as missing as an absent key.
            foreach (var config in new[] { new Hashtable { ["sparsity"] = null }, new Hashtable() })
            {
                var ex = Assert.Throws<InitializerException>(() => InitializerCatalog.Create("TorchSparse", config));
                Assert.Equal("MissingConfigKey", ex.ErrorId);
                Assert.Equal("TorchSparse needs the config key 'sparsity': it has no default.", ex.Message);
            }
        }

        [Fact]
        public void AnUnknownDocumentKeyIsLocatedAtTheKeyNotItsValue()
        {
            var ex = Assert.Throws<InitializerException>(() => InitializerText.Parse("{\n  \"class_name\": \"Zeros\",\n  \"bogus\": 1\n}"));
            Assert.Equal("UnknownConfigKey", ex.ErrorId);
            Assert.Equal((3, 3), (ex.Line, ex.Column));
        }

        [Fact]
        public void AConfigThatIsNotADictionaryIsLocatedAtTheConfigValue()
        {
            var ex = Assert.Throws<InitializerException>(() => InitializerText.Parse("{\n  \"class_name\": \"Zeros\",\n  \"config\": 5\n}"));
            Assert.Equal("InvalidConfig", ex.ErrorId);
            Assert.Equal("line 3, column 13: 'config' of Zeros must be a dictionary; got 5.", ex.Message);
            Assert.Equal((3, 13), (ex.Line, ex.Column));
        }

        [Fact]
        public void AnObjectThatIsNoInitializerIsNamedInTheError()
        {
            // Neither IFormattable nor a list: the error shows its ToString().
            var ex = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(new StringBuilder("he_normal?")));
            Assert.Equal("InvalidInitializerInput", ex.ErrorId);
            Assert.Equal(
                "Cannot use he_normal? (System.Text.StringBuilder) as an initializer; expected an initializer object, a name such as 'GlorotUniform', "
                + "a {\"class_name\": ..., \"config\": ...} document, or JSON/YAML text.",
                ex.Message);
        }

        [Fact]
        public void ADocumentWithoutAClassNameSaysWhatADocumentNeedsAndHowToReadAPlainConfig()
        {
            var ex = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(new Hashtable { ["class_name"] = null }));
            Assert.Equal("MissingClassName", ex.ErrorId);
            Assert.EndsWith(
                "has no 'class_name'. An initializer document needs 'class_name' and 'config', such as {\"class_name\": \"Constant\", "
                + "\"config\": {\"value\": 3}}; to read a plain config, give its class (ConvertFrom-InitializerConfig -ClassName, or ReadOptions.ClassName).",
                ex.Message);
        }

        [Fact]
        public void ATensorFlowJsDocumentSpellsClassNameInCamelCase()
        {
            Assert.True(KerasConfig.IsDocument(new Hashtable { ["className"] = "Zeros", ["config"] = new Hashtable() }));
            Assert.True(KerasConfig.IsDocument(new Hashtable { ["class_name"] = "Zeros" }));
            Assert.False(KerasConfig.IsDocument(new Hashtable { ["value"] = 3 }));
        }

        [Theory]
        [InlineData("GlorotUniform", "glorot_uniform")]
        [InlineData("Glorot Uniform!", "glorot_uniform")]
        [InlineData("fanIn", "fan_in")]
        [InlineData("HeUniformV2", "he_uniform_v2")]
        [InlineData("Conv2DTranspose", "conv2_d_transpose")]
        [InlineData("STFT", "stft")]
        public void ToSnakeCaseIsKerasToSnakeCaseWithDigitsStartingWords(string name, string expected)
        {
            Assert.Equal(expected, Names.ToSnakeCase(name));
        }

        [Theory]
        [InlineData("Conv2DTranspose", "conv2d_transpose")]
        [InlineData("PReLU", "p_re_lu")]
        [InlineData("Simple RNN.", "simple_rnn")]
        public void ToKerasSnakeCaseIsKerasNaming(string name, string expected)
        {
            Assert.Equal(expected, Names.ToKerasSnakeCase(name));
        }

        [Theory]
        [InlineData("GlorotUniform", "glorotUniform")]
        [InlineData("X", "x")]
        [InlineData("", "")]
        public void LowerFirstGivesTheTfjsCamelCaseName(string name, string expected)
        {
            Assert.Equal(expected, Names.LowerFirst(name));
        }
    }
}
