using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using System.Numerics;
using Initializers.Config;
using Initializers.Family;
using Xunit;

namespace Initializers.Tests.Foundation
{
    public class KerasConfigTests
    {
        [Fact]
        public void WritesTheKeras3FormByDefault()
        {
            var doc = KerasConfig.ToDocument(new Constant(0.5));
            Assert.Equal(new object[] { "module", "class_name", "config", "registered_name" }, doc.Keys.Cast<object>().ToArray());
            Assert.Equal("keras.initializers", doc["module"]);
            Assert.Equal("Constant", doc["class_name"]);
            Assert.Null(doc["registered_name"]);
            Assert.Equal(0.5, ((IDictionary)doc["config"]!)["value"]);
        }

        [Fact]
        public void WritesTheKeras2LegacyFormOnRequest()
        {
            var doc = KerasConfig.ToDocument(new Zeros(), KerasStyle.Keras2);
            Assert.Equal(new object[] { "class_name", "config" }, doc.Keys.Cast<object>().ToArray());
            Assert.Empty((IDictionary)doc["config"]!);
        }

        [Fact]
        public void ReadsBothFormsBareNamesAndTfjsClassName()
        {
            Assert.Equal(new Zeros(), KerasConfig.FromDocument("zeros"));
            Assert.Equal(new Ones(), KerasConfig.FromDocument(new OrderedDictionary { ["class_name"] = "Ones", ["config"] = new OrderedDictionary() }));
            Assert.Equal(new Constant(0.1), KerasConfig.FromDocument(new OrderedDictionary
            {
                ["module"] = "keras.initializers", ["class_name"] = "Constant", ["config"] = new OrderedDictionary { ["value"] = 0.1 }, ["registered_name"] = null,
            }));
            Assert.Equal(new Ones(), KerasConfig.FromDocument(new OrderedDictionary { ["className"] = "Ones", ["config"] = new OrderedDictionary() }));
            Assert.Equal(new Zeros(), KerasConfig.FromDocument(new OrderedDictionary { ["class_name"] = "Zeros" })); // config may be omitted
        }

        [Fact]
        public void AListGivesOneInitializerPerElement()
        {
            var list = Initializers.Serialization.InitializerReader.ReadTree(new object[] { "zeros", "ones" }).Select(r => r.Initializer);
            Assert.Equal(new Initializer[] { new Zeros(), new Ones() }, list);
        }

        [Fact]
        public void ADocumentWithoutClassNameIsImproper()
        {
            var ex = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(new OrderedDictionary { ["value"] = 1 }));
            Assert.Equal("MissingClassName", ex.ErrorId);
            Assert.StartsWith("Improper config format", ex.Message);
        }

        [Fact]
        public void KerasAndTensorFlowJsEnvelopeKeysAreAccepted()
        {
            // Keras 2's __passive_serialization__, Keras 3's module/registered_name, shared_object_id of shared initializers.
            Assert.Equal(new Ones(), KerasConfig.FromDocument(new OrderedDictionary
            {
                ["class_name"] = "Ones", ["config"] = new OrderedDictionary(), ["__passive_serialization__"] = true, ["shared_object_id"] = 3,
                ["module"] = "keras.initializers", ["registered_name"] = null,
            }));
        }

        [Fact]
        public void NullAndOtherValuesAreNotDocuments()
        {
            var empty = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(null));
            Assert.Equal(("EmptyInput", ErrorKind.InvalidData), (empty.ErrorId, empty.Kind));
            Assert.StartsWith("The initializer document is empty (null)", empty.Message);
            var number = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(3));
            Assert.Equal(("InvalidInitializerInput", ErrorKind.InvalidType), (number.ErrorId, number.Kind));
            Assert.StartsWith("Cannot use 3 (System.Int32) as an initializer", number.Message);
            var name = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(new OrderedDictionary { ["class_name"] = 5 }));
            Assert.Equal(("InvalidConfig", ErrorKind.InvalidType), (name.ErrorId, name.Kind));
            Assert.Equal("'class_name' must be a string; got 5.", name.Message);
            var config = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(new OrderedDictionary { ["class_name"] = "Ones", ["config"] = new object[] { 1 } }));
            Assert.Equal("'config' of Ones must be a dictionary; got [1].", config.Message);
            Assert.Equal(("InvalidConfig", ErrorKind.InvalidType), (config.ErrorId, config.Kind));
            Assert.False(KerasConfig.IsDocument(new OrderedDictionary { ["seed"] = 1 }));
            Assert.True(KerasConfig.IsDocument(new OrderedDictionary { ["className"] = "Ones" }));
        }

        [Theory]
        [InlineData("Dense", "layer", "units")]
        [InlineData("Dense", "layer", "kernel_initializer")]
        [InlineData("Sequential", "model", "layers")]
        [InlineData("Bidirectional", "model", "layer")]
        public void LayerAndModelConfigsAreNamedAsSuch(string className, string kind, string key)
        {
            var doc = new OrderedDictionary { ["class_name"] = className, ["config"] = new OrderedDictionary { ["name"] = "x", [key] = 1 } };
            var ex = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(doc));
            Assert.Equal(("NotAnInitializerConfig", ErrorKind.InvalidData), (ex.ErrorId, ex.Kind));
            Assert.StartsWith($"This is a Keras {kind} config (class '{className}'), not an initializer document.", ex.Message);
            Assert.Equal(className, ex.Target);
        }

        /// <summary>Every key that only Keras layer configs carry (Dense's units and activation, Conv's filters and
        /// kernel_size, InputLayer's batch_shape/batch_input_shape, Embedding's input_dim, Dropout's rate,
        /// BatchNormalization's axis, every layer's trainable) names the document a layer config.</summary>
        [Theory]
        [InlineData("Dense", "trainable", true)]
        [InlineData("Conv2D", "filters", 8)]
        [InlineData("Conv2D", "kernel_size", 3)]
        [InlineData("Dense", "activation", "relu")]
        [InlineData("InputLayer", "batch_input_shape", null)]
        [InlineData("InputLayer", "batch_shape", null)]
        [InlineData("Embedding", "input_dim", 10)]
        [InlineData("Dropout", "rate", 0.5)]
        [InlineData("BatchNormalization", "axis", -1)]
        public void EveryLayerOnlyConfigKeyNamesALayerConfig(string className, string key, object? value)
        {
            var doc = new OrderedDictionary { ["class_name"] = className, ["config"] = new OrderedDictionary { ["name"] = "x", [key] = value } };
            var ex = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(doc));
            Assert.Equal("NotAnInitializerConfig", ex.ErrorId);
            Assert.StartsWith($"This is a Keras layer config (class '{className}'), not an initializer document.", ex.Message);
            Assert.EndsWith("the initializers inside a layer config (its *_initializer keys) cannot be read as a whole yet: pass one of them, for example its kernel_initializer.", ex.Message);
        }

        /// <summary>Every top-level key of a saved model (Keras 3 to_json()'s keras_version and backend, the .keras
        /// config.json's build_config and compile_config, a TensorFlow.js model.json's modelTopology and weightsManifest)
        /// names the document a model config, whatever its config holds.</summary>
        [Theory]
        [InlineData("keras_version", "3.6.0")]
        [InlineData("backend", "tensorflow")]
        [InlineData("build_config", null)]
        [InlineData("compile_config", null)]
        [InlineData("modelTopology", null)]
        [InlineData("weightsManifest", null)]
        public void EveryModelOnlyKeyNamesAModelConfig(string key, object? value)
        {
            var doc = new OrderedDictionary { ["class_name"] = "Functional", ["config"] = new OrderedDictionary { ["name"] = "m" }, [key] = value };
            var ex = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(doc));
            Assert.Equal("NotAnInitializerConfig", ex.ErrorId);
            Assert.StartsWith("This is a Keras model config (class 'Functional'), not an initializer document.", ex.Message);
            Assert.Contains(" the initializers inside a model config ", ex.Message);
        }

        [Fact]
        public void AnUnknownClassWithNoLayerOrModelKeyIsAnUnknownInitializer()
        {
            // Neither a model key nor a layer key: the class name itself is what is wrong, located at class_name (or
            // TensorFlow.js's className).
            var doc = new OrderedDictionary { ["class_name"] = "Glorot", ["config"] = new OrderedDictionary { ["seed"] = 1 } };
            var ex = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(doc));
            Assert.Equal("UnknownInitializer", ex.ErrorId);
            Assert.Contains("Glorot", ex.Message);
            var located = Initializers.Serialization.InitializerReader.ReadText("{\n  \"config\": {},\n  \"className\": \"Glorot\"\n}").Single().Error!;
            Assert.Equal("UnknownInitializer", located.ErrorId);
            Assert.Equal(3, located.Line);
        }

        [Fact]
        public void AWholeModelFileIsAModelConfig()
        {
            var doc = new OrderedDictionary { ["class_name"] = "Functional", ["config"] = new OrderedDictionary { ["name"] = "m" }, ["keras_version"] = "3.6.0" };
            Assert.StartsWith("This is a Keras model config (class 'Functional')", Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(doc)).Message);
            var unknown = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(new OrderedDictionary { ["class_name"] = "Zeros", ["extra"] = 1 }));
            Assert.Equal("Unknown key 'extra' in the Zeros document. Allowed keys: class_name, config, module, registered_name.", unknown.Message);
        }

        [Fact]
        public void UnknownEnvelopeKeysAndNonDictionaryConfigsAreRejected()
        {
            Assert.Equal("UnknownConfigKey", Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(new OrderedDictionary { ["class_name"] = "Zeros", ["cfg"] = 1 })).ErrorId);
            var ex = Assert.Throws<InitializerException>(() => KerasConfig.FromDocument(new OrderedDictionary { ["class_name"] = "Zeros", ["config"] = 3 }));
            Assert.Equal(ErrorKind.InvalidType, ex.Kind);
        }

        [Fact]
        public void ConfigValueTypesAreChecked()
        {
            var ex = Assert.Throws<InitializerException>(() => ConfigArgs.CheckedNumber("RandomNormal", "stddev", "0.5"));
            Assert.Equal("InvalidConfigValue", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidType, ex.Kind);
            var nan = Assert.Throws<InitializerException>(() => ConfigArgs.CheckedNumber("RandomNormal", "stddev", double.NaN));
            Assert.Contains("finite", nan.Message);
            Assert.Equal(2.0, ConfigArgs.CheckedNumber("VarianceScaling", "scale", 2)); // tfjs writes 2 for 2.0
        }

        [Fact]
        public void SeedsAreWholeNumbersInTheInt64Range()
        {
            Assert.Null(ConfigArgs.CheckedSeed("X", null));
            Assert.Equal(0L, ConfigArgs.CheckedSeed("X", 0));
            Assert.Equal(11L, ConfigArgs.CheckedSeed("X", 11.0));
            Assert.Equal(long.MaxValue, ConfigArgs.CheckedSeed("X", long.MaxValue));
            Assert.Equal(1337L, ConfigArgs.CheckedSeed("X", new OrderedDictionary
            {
                ["module"] = "keras.random", ["class_name"] = "SeedGenerator", ["config"] = new OrderedDictionary { ["seed"] = 1337, ["name"] = "seed_generator" }, ["registered_name"] = null,
            }));
            Assert.Equal("InvalidSeed", Assert.Throws<InitializerException>(() => ConfigArgs.CheckedSeed("X", 1.5)).ErrorId);
            Assert.Equal("InvalidSeed", Assert.Throws<InitializerException>(() => ConfigArgs.CheckedSeed("X", "42")).ErrorId);
            var big = Assert.Throws<InitializerException>(() => ConfigArgs.CheckedSeed("X", System.Numerics.BigInteger.Parse("99999999999999999999")));
            Assert.Equal(ErrorKind.InvalidArgument, big.Kind);
            Assert.Contains("out of range", big.Message);
        }

        [Theory]
        [InlineData(-9223372036854775808.0, long.MinValue)] // -2^63 is a double and an Int64
        [InlineData(9223372036854774784.0, 9223372036854774784L)] // the largest double below 2^63
        [InlineData(-9223372036854774784.0, -9223372036854774784L)]
        public void WholeDoubleSeedsUpToTheInt64EdgesAreAccepted(double seed, long expected) =>
            Assert.Equal(expected, ConfigArgs.CheckedSeed("X", seed));

        [Theory]
        [InlineData(9223372036854775808.0)] // 2^63 = long.MaxValue + 1 as a double
        [InlineData(1e19)]
        [InlineData(-1e19)]
        [InlineData(-9223372036854777856.0)] // the double just below -2^63
        public void WholeDoubleSeedsOutsideInt64AreOutOfRange(double seed)
        {
            var ex = Assert.Throws<InitializerException>(() => ConfigArgs.CheckedSeed("RandomNormal", seed));
            Assert.Equal("InvalidSeed", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(seed, ex.Target);
            Assert.StartsWith("The seed of RandomNormal is out of range: ", ex.Message);
            Assert.EndsWith("A seed is null or a whole number from -9223372036854775808 to 9223372036854775807.", ex.Message);
        }

        [Theory]
        [InlineData(true, "is a boolean")]
        [InlineData("42", "is not an integer")]
        [InlineData(1.5, "is not a whole number")]
        [InlineData(double.NaN, "is not a whole number")]
        [InlineData(double.PositiveInfinity, "is not a whole number")]
        public void BadSeedsSayWhyAndKeepTheirTypeKind(object seed, string why)
        {
            var ex = Assert.Throws<InitializerException>(() => ConfigArgs.CheckedSeed("HeNormal", seed));
            Assert.Equal("InvalidSeed", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidType, ex.Kind);
            Assert.StartsWith($"The seed of HeNormal {why}: ", ex.Message);
        }

        [Fact]
        public void WrongTypesNameTheClassTheKeyTheValueAndItsType()
        {
            var text = Assert.Throws<InitializerException>(() => InitializerCatalog.Create("RandomNormal", new Hashtable { ["stddev"] = "0.5" }));
            Assert.Equal(ErrorKind.InvalidType, text.Kind);
            Assert.Equal("RandomNormal argument 'stddev' must be a number; got '0.5' (String).", text.Message);
            Assert.Equal("X argument 'k' must be a number; got None.", Assert.Throws<InitializerException>(() => ConfigArgs.CheckedNumber("X", "k", null)).Message);
            Assert.Equal("X argument 'k' must be a number; got True (Boolean).", Assert.Throws<InitializerException>(() => ConfigArgs.CheckedNumber("X", "k", true)).Message);
            var mode = Assert.Throws<InitializerException>(() => InitializerCatalog.Create("VarianceScaling", new Hashtable { ["mode"] = 3 }));
            Assert.Equal("VarianceScaling argument 'mode' must be a string; got 3 (Int32).", mode.Message);
            Assert.Equal(3, mode.Target);
            var infinite = Assert.Throws<InitializerException>(() => ConfigArgs.CheckedNumber("RandomUniform", "maxval", double.PositiveInfinity));
            Assert.Equal(ErrorKind.InvalidArgument, infinite.Kind);
            Assert.Equal("RandomUniform argument 'maxval' must be a finite number; got inf.", infinite.Message);
        }

        [Fact]
        public void AxesAreAListOfIntegersOrOneInteger()
        {
            var one = (VarianceScaling)InitializerCatalog.Create("VarianceScaling", new Hashtable { ["input_axes"] = 0, ["output_axes"] = (long)-1 });
            Assert.Equal(new[] { 0 }, one.InputAxes);
            Assert.Equal(new[] { -1 }, one.OutputAxes);
            Assert.Null(((VarianceScaling)InitializerCatalog.Create("VarianceScaling", new Hashtable { ["input_axes"] = null, ["output_axes"] = null })).InputAxes);
            foreach (var bad in new object[] { new object[] { 0.5 }, new object?[] { null }, new object[] { 3000000000L }, "0", 1.0, new Hashtable() })
            {
                var ex = Assert.Throws<InitializerException>(() => InitializerCatalog.Create("VarianceScaling", new Hashtable { ["input_axes"] = bad, ["output_axes"] = new[] { 1 } }));
                Assert.Equal("InvalidConfigValue", ex.ErrorId);
                Assert.Equal(ErrorKind.InvalidType, ex.Kind);
                Assert.StartsWith("VarianceScaling argument 'input_axes' must be a list of integer axes; got ", ex.Message);
            }
        }

        [Fact]
        public void IntegerSeedsUpToTheInt64EdgesAreAcceptedAndPastThemRefused()
        {
            Assert.Equal(long.MinValue, ConfigArgs.CheckedSeed("X", (BigInteger)long.MinValue));
            Assert.Equal(long.MaxValue, ConfigArgs.CheckedSeed("X", (BigInteger)long.MaxValue));
            Assert.Equal(long.MaxValue, ConfigArgs.CheckedSeed("X", (ulong)long.MaxValue));
            foreach (var outside in new object[] { (BigInteger)long.MinValue - 1, (BigInteger)long.MaxValue + 1, ulong.MaxValue })
            {
                var ex = Assert.Throws<InitializerException>(() => ConfigArgs.CheckedSeed("X", outside));
                Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
                Assert.StartsWith("The seed of X is out of range: ", ex.Message);
            }
        }

        [Fact]
        public void ADictionarySeedMustBeASerializedSeedGeneratorWithASeed()
        {
            foreach (var notAGenerator in new[]
            {
                new OrderedDictionary { ["seed"] = 1 },
                new OrderedDictionary { ["class_name"] = "SeedGenerator", ["config"] = new OrderedDictionary { ["name"] = "seed_generator" } },
                new OrderedDictionary { ["class_name"] = "SeedGenerator", ["config"] = 1337 },
            })
            {
                var ex = Assert.Throws<InitializerException>(() => ConfigArgs.CheckedSeed("X", notAGenerator));
                Assert.Equal("InvalidSeed", ex.ErrorId);
                Assert.StartsWith("The seed of X is a dictionary that is not a serialized SeedGenerator: ", ex.Message);
            }
        }

        [Fact]
        public void AxesTakeEveryInt32AndNothingBeyond()
        {
            // A single integer beyond Int32 was an OverflowException, a JSON integer beyond Int64 (BigInteger) an InvalidCastException.
            var edges = (VarianceScaling)InitializerCatalog.Create("VarianceScaling", new Hashtable { ["input_axes"] = new object[] { (long)int.MinValue }, ["output_axes"] = new object[] { (long)int.MaxValue } });
            Assert.Equal(new[] { int.MinValue }, edges.InputAxes);
            Assert.Equal(new[] { int.MaxValue }, edges.OutputAxes);
            foreach (var beyond in new object[] { new object[] { (long)int.MaxValue + 1 }, new object[] { (long)int.MinValue - 1 }, (long)int.MaxValue + 1, (long)int.MinValue - 1, new object[] { (BigInteger)long.MaxValue + 1 }, ulong.MaxValue })
            {
                var ex = Assert.Throws<InitializerException>(() => InitializerCatalog.Create("VarianceScaling", new Hashtable { ["input_axes"] = new[] { 0 }, ["output_axes"] = beyond }));
                Assert.Equal("InvalidConfigValue", ex.ErrorId);
                Assert.StartsWith("VarianceScaling argument 'output_axes' must be a list of integer axes; got ", ex.Message);
            }
        }

        [Fact]
        public void DtypeIsDroppedAndOtherUnknownKeysListWhatIsAllowed()
        {
            // TF's from_config drops dtype; every other key must be a constructor argument.
            Assert.Equal(new Zeros(), InitializerCatalog.Create("Zeros", new Hashtable { ["dtype"] = "float32" }));
            var zeros = Assert.Throws<InitializerException>(() => InitializerCatalog.Create("Zeros", new Hashtable { ["value"] = 1 }));
            Assert.Equal("Unknown key 'value' in the config of Zeros. Allowed keys: none (its config is empty).", zeros.Message);
            Assert.Equal("value", zeros.Target);
        }

        [Fact]
        public void TensorFlowJsCamelCaseKeysMapToTheSnakeCaseArguments()
        {
            // TensorFlow.js writes {"inputAxes": ...}; Keras's snake_case name is input_axes.
            var vs = (VarianceScaling)InitializerCatalog.Create("VarianceScaling", new Hashtable { ["inputAxes"] = new[] { 0 }, ["outputAxes"] = new[] { 1 }, ["seed"] = 3 });
            Assert.Equal(new[] { 0 }, vs.InputAxes);
            Assert.Equal(new[] { 1 }, vs.OutputAxes);
            // Then case-insensitively: Input_Axes is neither exact nor camelCase.
            Assert.Equal(new[] { 2 }, ((VarianceScaling)InitializerCatalog.Create("VarianceScaling", new Hashtable { ["Input_Axes"] = new[] { 2 }, ["OUTPUT_AXES"] = new[] { 0 } })).InputAxes);
            var unknown = Assert.Throws<InitializerException>(() => InitializerCatalog.Create("VarianceScaling", new Hashtable { ["inputAxis"] = new[] { 0 } }));
            Assert.Equal("UnknownConfigKey", unknown.ErrorId);
            Assert.Equal("Unknown key 'inputAxis' in the config of VarianceScaling. Allowed keys: scale, mode, distribution, seed, input_axes, output_axes.", unknown.Message);
        }
    }
}
