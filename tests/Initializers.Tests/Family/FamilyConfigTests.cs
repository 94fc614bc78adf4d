using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using Initializers.Config;
using Initializers.Family;
using Xunit;

namespace Initializers.Tests.Family
{
    public class FamilyConfigTests
    {
        private static string[] Keys(Initializer i, KerasStyle style) => i.GetConfig(style).Keys.Cast<string>().ToArray();

        // Spec section 2: TF/K2 key order is the constructor order; Keras 3 puts seed first.
        [Fact]
        public void KeyOrderFollowsEachStyle()
        {
            Assert.Equal(new[] { "minval", "maxval", "seed" }, Keys(new RandomUniform(), KerasStyle.Keras2));
            Assert.Equal(new[] { "seed", "minval", "maxval" }, Keys(new RandomUniform(), KerasStyle.Keras3));
            Assert.Equal(new[] { "mean", "stddev", "seed" }, Keys(new RandomNormal(), KerasStyle.Keras2));
            Assert.Equal(new[] { "seed", "mean", "stddev" }, Keys(new TruncatedNormal(), KerasStyle.Keras3));
            Assert.Equal(new[] { "scale", "mode", "distribution", "seed" }, Keys(new VarianceScaling(), KerasStyle.Keras2));
            Assert.Equal(new[] { "seed", "scale", "mode", "distribution" }, Keys(new VarianceScaling(), KerasStyle.Keras3));
            Assert.Equal(new[] { "gain", "seed" }, Keys(new Orthogonal(), KerasStyle.Keras2));
            Assert.Equal(new[] { "seed", "gain" }, Keys(new Orthogonal(), KerasStyle.Keras3));
            Assert.Equal(new[] { "gain" }, Keys(new Identity(), KerasStyle.Keras3));
            foreach (var fixedFamily in new Initializer[] { new GlorotUniform(), new GlorotNormal(), new HeNormal(), new HeUniform(), new LecunNormal(), new LecunUniform() })
            {
                Assert.Equal(new[] { "seed" }, Keys(fixedFamily, KerasStyle.Keras2));
                Assert.Equal(new[] { "seed" }, Keys(fixedFamily, KerasStyle.Keras3));
            }
        }

        [Fact]
        public void DefaultsFollowKeras()
        {
            var u = new RandomUniform();
            Assert.Equal((-0.05, 0.05), (u.Minval, u.Maxval));
            var n = new RandomNormal();
            Assert.Equal((0.0, 0.05), (n.Mean, n.Stddev));
            var vs = new VarianceScaling();
            Assert.Equal((1.0, "fan_in", "truncated_normal"), (vs.Scale, vs.Mode, vs.Distribution));
            Assert.Equal(1.0, new Orthogonal().Gain);
            Assert.Equal(1.0, new Identity().Gain);
            var he = new HeNormal();
            Assert.Equal((2.0, "fan_in", "truncated_normal"), (he.Scale, he.Mode, he.Distribution));
            var glorot = new GlorotUniform();
            Assert.Equal((1.0, "fan_avg", "uniform"), (glorot.Scale, glorot.Mode, glorot.Distribution));
        }

        [Fact]
        public void UnseededInitializersReportSeedNullButDrawOneAtConstruction()
        {
            var a = new RandomNormal();
            var b = new RandomNormal();
            Assert.Null(a.GetConfig()["seed"]);
            Assert.NotEqual(a.EffectiveSeed, b.EffectiveSeed);
            Assert.Equal(42L, new RandomNormal(seed: 42).EffectiveSeed);
            Assert.Equal(0L, new RandomNormal(seed: 0).EffectiveSeed); // seed 0 is a seed like any other (keras#19361)
        }

        [Theory]
        [InlineData(0.0)]
        [InlineData(-1.0)]
        public void ScaleMustBePositive(double scale)
        {
            var ex = Assert.Throws<InitializerException>(() => new VarianceScaling(scale));
            Assert.Equal("InvalidConfigValue", ex.ErrorId);
            Assert.Equal($"Argument `scale` must be positive float. Received: scale={KerasConfig.FormatValue(scale)}", ex.Message); // Keras's text
            Assert.Equal(scale, ex.Target);
        }

        [Fact]
        public void ModeIsCaseSensitiveAndListsTheAllowedValues()
        {
            var ex = Assert.Throws<InitializerException>(() => new VarianceScaling(mode: "FAN_IN"));
            Assert.Equal("FAN_IN", ex.Target);
            Assert.Contains("fan_in, fan_out, fan_avg", ex.Message);
            Assert.Equal("fan_in", new VarianceScaling(mode: "fanIn").Mode); // TensorFlow.js spelling
            // Only camelCase (lower first letter) is TensorFlow.js's; PascalCase is a wrong case, as in Keras.
            Assert.Equal("FanIn", Assert.Throws<InitializerException>(() => new VarianceScaling(mode: "FanIn")).Target);
            Assert.Equal("VarianceScaling argument 'scale' must be a finite number; got nan.", Assert.Throws<InitializerException>(() => new VarianceScaling(double.NaN)).Message);
        }

        [Fact]
        public void NullModeAndDistributionTakeKerasDefaults()
        {
            var vs = new VarianceScaling(2.0, null!, null!, 1);
            Assert.Equal(("fan_in", "truncated_normal"), (vs.Mode, vs.Distribution));
            var fromConfig = (VarianceScaling)InitializerCatalog.Create("VarianceScaling", new Hashtable { ["mode"] = null, ["distribution"] = null });
            Assert.Equal(("fan_in", "truncated_normal"), (fromConfig.Mode, fromConfig.Distribution));
        }

        [Fact]
        public void DistributionIsCaseInsensitiveAndNormalMeansTruncated()
        {
            Assert.Equal("uniform", new VarianceScaling(distribution: "Uniform").Distribution);
            Assert.Equal("truncated_normal", new VarianceScaling(distribution: "normal").Distribution);
            Assert.Equal("truncated_normal", new VarianceScaling(distribution: "NORMAL").Distribution);
            Assert.Equal("truncated_normal", new VarianceScaling(distribution: "truncatedNormal").Distribution);
            Assert.Equal("untruncated_normal", new VarianceScaling(distribution: "UNTRUNCATED_NORMAL").Distribution);
            var ex = Assert.Throws<InitializerException>(() => new VarianceScaling(distribution: "gaussian"));
            Assert.Contains("uniform, truncated_normal, untruncated_normal", ex.Message);
            Assert.Equal("gaussian", ex.Target);
        }

        [Fact]
        public void RankRules()
        {
            var o = Assert.Throws<InitializerException>(() => new Orthogonal(seed: 1).Call(new[] { 5 }));
            Assert.Equal("InvalidRank", o.ErrorId);
            Assert.Equal("The tensor to initialize must be at least two-dimensional. Received: shape=(5,) of rank 1.", o.Message);
            var i = Assert.Throws<InitializerException>(() => new Identity().Call(new[] { 2, 2, 2 }));
            Assert.Equal("Identity matrix initializer can only be used for 2D matrices. Received: shape=(2, 2, 2) of rank 3.", i.Message);
        }

        [Fact]
        public void IdentityIsRectangularGainTimesEye()
        {
            var t = new Identity(2.5).Call(new[] { 2, 3 }, DType.Float64);
            Assert.Equal(new[] { 2.5, 0, 0, 0, 2.5, 0 }, (double[])t.ToArray());
        }

        [Theory]
        [InlineData("RandomNormal")]
        [InlineData("TruncatedNormal")]
        [InlineData("VarianceScaling")]
        [InlineData("GlorotUniform")]
        [InlineData("HeNormal")]
        [InlineData("Orthogonal")]
        [InlineData("Identity")]
        public void FloatOnlyInitializersRefuseIntegerDTypes(string name)
        {
            var ex = Assert.Throws<InitializerException>(() => InitializerCatalog.Create(name, null).Call(new[] { 2, 2 }, DType.Int32));
            Assert.StartsWith("Expected floating point type, got int32.", ex.Message);
            Assert.Equal("UnsupportedDType", ex.ErrorId);
        }

        [Fact]
        public void RandomUniformIntegerDTypesNeedWholeBounds()
        {
            var ex = Assert.Throws<InitializerException>(() => new RandomUniform(seed: 1).Call(new[] { 2 }, DType.Int32));
            Assert.Contains("minval=-0.05, maxval=0.05", ex.Message);
            Assert.Contains("do not fit dtype uint8", Assert.Throws<InitializerException>(() => new RandomUniform(-1, 10, 1).Call(new[] { 2 }, DType.UInt8)).Message);
            Assert.StartsWith("Expected float or integer dtype, got bool.", Assert.Throws<InitializerException>(() => new RandomUniform().Call(new[] { 2 }, DType.Bool)).Message);
        }

        [Fact]
        public void IntegerRandomUniformRefusesEitherBoundFractional()
        {
            foreach (var (minval, maxval) in new[] { (0.5, 3.0), (0.0, 2.5) })
            {
                var ex = Assert.Throws<InitializerException>(() => new RandomUniform(minval, maxval, 1).Call(new[] { 2 }, DType.Int32));
                Assert.StartsWith("RandomUniform with integer dtype int32 needs whole-number bounds with minval < maxval; ", ex.Message);
            }

            // The parts of a weight filled by several calls are checked when they are put together, before any is drawn.
            var parts = new (long, Initializer, System.Collections.Generic.IReadOnlyList<long>)[] { (0, new RandomUniform(0.5, 1.5, 1), new long[] { 4 }) };
            Assert.Equal("InvalidConfigValue", Assert.Throws<InitializerException>(() => TensorElements.Concatenate(new long[] { 4 }, DType.Int32, parts, "w")).ErrorId);
        }

        [Theory]
        [InlineData(5, 3)]
        [InlineData(7, 2)]
        [InlineData(3, 3)]
        [InlineData(2, 5)]
        public void IdentityStreamsGainOnTheDiagonalOnlyForTallSquareAndWideShapes(int rows, int cols)
        {
            // eye(rows, cols): the diagonal stops after min(rows, cols) ones, also through Elements, chunk by chunk.
            var expected = new double[rows * cols];
            for (var i = 0; i < System.Math.Min(rows, cols); i++)
            {
                expected[(i * cols) + i] = 2.0;
            }

            var elements = new Identity(2.0).Elements(new long[] { rows, cols }, DType.Float64);
            var all = new double[rows * cols];
            elements.Fill(0, new System.Span<double>(all));
            Assert.Equal(expected, all);
            for (var start = 0; start < rows * cols; start++)
            {
                var tail = new double[(rows * cols) - start];
                elements.Fill(start, new System.Span<double>(tail));
                Assert.Equal(expected.Skip(start), tail);
            }
        }

        /// <summary>Integer RandomUniform draws from [minval, maxval), so the widest bounds a dtype takes are its lowest
        /// value and its highest plus one (tf.random.uniform's int range); one further either way is refused.</summary>
        [Theory]
        [InlineData(DType.Int8, -128.0, 127.0)]
        [InlineData(DType.UInt8, 0.0, 255.0)]
        [InlineData(DType.Int16, -32768.0, 32767.0)]
        [InlineData(DType.UInt16, 0.0, 65535.0)]
        [InlineData(DType.Int32, -2147483648.0, 2147483647.0)]
        [InlineData(DType.UInt32, 0.0, 4294967295.0)]
        public void IntegerRandomUniformTakesBoundsUpToTheDTypesEdges(DType dtype, double lowest, double highest)
        {
            var values = new RandomUniform(lowest, highest + 1, 7).Call(new[] { 64 }, dtype).ToArray();
            Assert.All(values.Cast<object>(), v => Assert.InRange(System.Convert.ToDouble(v, CultureInfo.InvariantCulture), lowest, highest));
            foreach (var (minval, maxval) in new[] { (lowest - 1, highest + 1), (lowest, highest + 2) })
            {
                var ex = Assert.Throws<InitializerException>(() => new RandomUniform(minval, maxval, 7).Call(new[] { 2 }, dtype));
                Assert.Equal("InvalidConfigValue", ex.ErrorId);
                Assert.Contains($"do not fit dtype {dtype.Name()} (values from {lowest.ToString(CultureInfo.InvariantCulture)} to {highest.ToString(CultureInfo.InvariantCulture)})", ex.Message);
            }
        }

        [Theory]
        [InlineData("RandomNormal", "mean")]
        [InlineData("RandomNormal", "stddev")]
        [InlineData("TruncatedNormal", "stddev")]
        [InlineData("RandomUniform", "minval")]
        [InlineData("RandomUniform", "maxval")]
        [InlineData("Orthogonal", "gain")]
        [InlineData("Identity", "gain")]
        [InlineData("VarianceScaling", "scale")]
        public void NaNAndInfinityAreRefused(string name, string key)
        {
            foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            {
                var ex = Assert.Throws<InitializerException>(() => InitializerCatalog.Create(name, new Hashtable { [key] = bad }));
                Assert.Equal("InvalidConfigValue", ex.ErrorId);
                Assert.Contains(key, ex.Message);
            }
        }

        [Fact]
        public void BoundsAndStddevAreChecked()
        {
            var u = Assert.Throws<InitializerException>(() => new RandomUniform(1, 0));
            Assert.Equal("RandomUniform needs minval < maxval; got minval=1.0, maxval=0.0.", u.Message);
            Assert.Equal("InvalidConfigValue", Assert.Throws<InitializerException>(() => new RandomUniform(0.5, 0.5)).ErrorId);
            var n = Assert.Throws<InitializerException>(() => new TruncatedNormal(stddev: -1));
            Assert.Contains("'stddev' must be >= 0", n.Message);
            Assert.All((float[])new RandomNormal(3, 0, 1).Call(new[] { 5 }).ToArray(), v => Assert.Equal(3f, v));
        }

        [Fact]
        public void SeedsMustBeWholeNumbersInRange()
        {
            Assert.Equal("InvalidSeed", Assert.Throws<InitializerException>(() => InitializerCatalog.Create("RandomNormal", new Hashtable { ["seed"] = 1.5 })).ErrorId);
            Assert.Equal("InvalidSeed", Assert.Throws<InitializerException>(() => InitializerCatalog.Create("GlorotUniform", new Hashtable { ["seed"] = "abc" })).ErrorId);
            Assert.Equal(7L, ((RandomInitializer)InitializerCatalog.Create("Orthogonal", new Hashtable { ["seed"] = 7 })).Seed);
        }

        // Spec section 5, including Keras 2 ...V2 names, Keras 3 snake_case, TF 2.0 *_initializer and tfjs camelCase.
        [Theory]
        [InlineData("uniform", "RandomUniform")]
        [InlineData("random_uniform", "RandomUniform")]
        [InlineData("randomUniform", "RandomUniform")]
        [InlineData("RandomUniformV2", "RandomUniform")]
        [InlineData("random_uniform_initializer", "RandomUniform")]
        [InlineData("normal", "RandomNormal")]
        [InlineData("random_normal", "RandomNormal")]
        [InlineData("randomNormal", "RandomNormal")]
        [InlineData("truncated_normal", "TruncatedNormal")]
        [InlineData("truncatedNormal", "TruncatedNormal")]
        [InlineData("variance_scaling", "VarianceScaling")]
        [InlineData("varianceScaling", "VarianceScaling")]
        [InlineData("variance_scaling_initializer", "VarianceScaling")]
        [InlineData("glorot_uniform", "GlorotUniform")]
        [InlineData("glorotUniform", "GlorotUniform")]
        [InlineData("GlorotUniformV2", "GlorotUniform")]
        [InlineData("glorot_uniformV2", "GlorotUniform")]
        [InlineData("glorot_uniform_initializer", "GlorotUniform")]
        [InlineData("glorot_normal", "GlorotNormal")]
        [InlineData("he_normal", "HeNormal")]
        [InlineData("heNormal", "HeNormal")]
        [InlineData("he_normalV2", "HeNormal")]
        [InlineData("he_uniform", "HeUniform")]
        [InlineData("lecun_normal", "LecunNormal")]
        [InlineData("LeCunNormal", "LecunNormal")]
        [InlineData("leCunNormal", "LecunNormal")]
        [InlineData("lecun_uniform", "LecunUniform")]
        [InlineData("LeCunUniform", "LecunUniform")]
        [InlineData("orthogonal", "Orthogonal")]
        [InlineData("OrthogonalInitializer", "Orthogonal")]
        [InlineData("orthogonal_initializer", "Orthogonal")]
        [InlineData("identity", "Identity")]
        [InlineData("IdentityInitializer", "Identity")]
        [InlineData("identity_initializer", "Identity")]
        public void FamilyAliasesResolve(string alias, string className) => Assert.Equal(className, InitializerCatalog.Get(alias).ClassName);

        [Fact]
        public void TfjsVarianceScalingConfigsUnderGlorotNamesLoad()
        {
            // tfjs writes glorotUniform as {scale: 1, mode: fan_avg, distribution: uniform}; a Python reader of that document
            // under the GlorotUniform name should get the same initializer.
            var same = InitializerCatalog.Create("GlorotUniform", new OrderedDictionary { ["scale"] = 1, ["mode"] = "fan_avg", ["distribution"] = "uniform", ["seed"] = 3 });
            Assert.Equal(new GlorotUniform(3), same);
            // Different settings under that name keep their meaning, as a VarianceScaling.
            var other = InitializerCatalog.Create("GlorotNormal", new OrderedDictionary { ["scale"] = 2, ["mode"] = "fanIn", ["distribution"] = "normal", ["seed"] = null });
            Assert.Equal(new VarianceScaling(2.0, "fan_in", "truncated_normal"), other);
        }

        [Fact]
        public void AxesAreWrittenOnlyWhenSet()
        {
            Assert.DoesNotContain("input_axes", Keys(new GlorotUniform(), KerasStyle.Keras3));
            var withAxes = new GlorotUniform(1, new[] { 0 }, new[] { 1 });
            Assert.Equal(new[] { "seed", "input_axes", "output_axes" }, Keys(withAxes, KerasStyle.Keras3));
            Assert.Equal("InvalidConfigValue", Assert.Throws<InitializerException>(() => new VarianceScaling(inputAxes: new[] { 0 })).ErrorId);
            Assert.Equal(withAxes, InitializerCatalog.Create("GlorotUniform", withAxes.GetConfig()));
        }

        [Theory]
        [InlineData("GlorotNormal")]
        [InlineData("GlorotUniform")]
        [InlineData("HeNormal")]
        [InlineData("HeUniform")]
        [InlineData("LecunNormal")]
        [InlineData("LecunUniform")]
        [InlineData("VarianceScaling")]
        public void EveryVarianceScalingClassWritesItsAxesAndReadsThemBack(string className)
        {
            // Keras 3.15: input_axes and output_axes are constructor arguments of each of these classes, so each config
            // carries them (after the seed), and the config rebuilds the same initializer.
            var withAxes = InitializerCatalog.Create(className, new Hashtable { ["seed"] = 5, ["input_axes"] = new object[] { 0, 2 }, ["output_axes"] = new object[] { -1 } });
            var config = withAxes.GetConfig(KerasStyle.Keras3);
            Assert.Equal(new object[] { 0, 2 }, (object[])config["input_axes"]!);
            Assert.Equal(new object[] { -1 }, (object[])config["output_axes"]!);
            Assert.Equal(new[] { "input_axes", "output_axes" }, Keys(withAxes, KerasStyle.Keras3).SkipWhile(k => k != "input_axes"));
            Assert.Equal(withAxes, InitializerCatalog.Create(className, config));
            Assert.NotEqual(withAxes, InitializerCatalog.Create(className, new Hashtable { ["seed"] = 5 }));
        }

        [Fact]
        public void AConstantValueThatIsNoScalarOrListIsRefusedNamingItsType()
        {
            // Keras's Constant takes a scalar or a (nested) list; a dictionary, a list with a null in it, or an object of
            // another type cannot be cast to any dtype, and the message says what was given.
            var cases = new (object Value, string Type)[]
            {
                (new Hashtable { ["a"] = 1 }, "Hashtable"),
                (new object?[] { 1.0, null }, "Object[]"),
                (new System.Text.StringBuilder("1"), "StringBuilder"),
            };
            foreach (var (value, type) in cases)
            {
                var ex = Assert.Throws<InitializerException>(() => new Constant(value));
                Assert.Equal(("InvalidConfigValue", ErrorKind.InvalidType), (ex.ErrorId, ex.Kind));
                Assert.StartsWith("Invalid type for Constant value: ", ex.Message);
                Assert.EndsWith($" ({type}). Expected a scalar (number, bool or string) or a nested list of them.", ex.Message);
                Assert.Same(value, ex.Target);
            }
        }

        [Fact]
        public void OneAxesListWithoutTheOtherIsRefusedNamingTheOneGiven()
        {
            var onlyOutput = Assert.Throws<InitializerException>(() => new VarianceScaling(outputAxes: new[] { 1 }));
            Assert.Equal(ErrorKind.InvalidArgument, onlyOutput.Kind);
            Assert.Equal(new[] { 1 }, (int[])onlyOutput.Target!);
            Assert.Equal("input_axes and output_axes go together; got input_axes=None, output_axes=[1].", onlyOutput.Message);
            var onlyInput = Assert.Throws<InitializerException>(() => new VarianceScaling(inputAxes: new[] { 0, -2 }));
            Assert.Equal(new[] { 0, -2 }, (int[])onlyInput.Target!);
            Assert.Equal("input_axes and output_axes go together; got input_axes=[0, -2], output_axes=None.", onlyInput.Message);
        }

        [Fact]
        public void EachConstructorNamesTheArgumentThatIsNotFinite()
        {
            // Called directly (not through a config, whose reader names the key itself), each constructor checks its
            // own numbers and says which one is wrong.
            var cases = new (string Message, System.Func<double, Initializer> Build)[]
            {
                ("Identity argument 'gain'", v => new Identity(v)),
                ("Orthogonal argument 'gain'", v => new Orthogonal(v)),
                ("RandomNormal argument 'mean'", v => new RandomNormal(v)),
                ("RandomNormal argument 'stddev'", v => new RandomNormal(0, v)),
                ("TruncatedNormal argument 'mean'", v => new TruncatedNormal(v)),
                ("TruncatedNormal argument 'stddev'", v => new TruncatedNormal(0, v)),
                ("RandomUniform argument 'minval'", v => new RandomUniform(v, 1)),
                ("RandomUniform argument 'maxval'", v => new RandomUniform(0, v)),
            };
            var wrong = new System.Collections.Generic.List<string>();
            foreach (var (message, build) in cases)
            {
                var ex = Assert.Throws<InitializerException>(() => build(double.NaN));
                if (ex.ErrorId != "InvalidConfigValue" || ex.Message != message + " must be a finite number; got nan.")
                {
                    wrong.Add($"{message}: {ex.ErrorId} {ex.Message}");
                }
            }

            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        }

        [Fact]
        public void ADrawnSeedIsAWholeNumberFrom1To2Pow53()
        {
            // A seed drawn for an unseeded initializer must survive any JSON reader (a double holds integers exactly up
            // to 2^53) and must not be 0. 200 draws of 53 random bits: a mask that kept more bits would show in the
            // first few (each draw lands below 2^53 with probability 2^-11 then).
            for (var i = 0; i < 200; i++)
            {
                Assert.InRange(new RandomNormal().EffectiveSeed, 1L, (1L << 53) - 1);
            }
        }

        [Fact]
        public void ASeededInitializerIsItsOwnEffectiveSeedVersion()
        {
            // WithEffectiveSeed records the seed an unseeded initializer drew; a seeded one already says it, and is
            // returned as it is.
            var seeded = new RandomNormal(seed: 3);
            Assert.Same(seeded, seeded.WithEffectiveSeed());
            var unseeded = new RandomNormal();
            Assert.Equal(unseeded.EffectiveSeed, ((RandomInitializer)unseeded.WithEffectiveSeed()).Seed);
        }

        [Fact]
        public void RandomUniformRefusesADTypeThatIsNeitherFloatingNorInteger()
        {
            var ex = Assert.Throws<InitializerException>(() => new RandomUniform().Call(new[] { 2 }, DType.Bool));
            Assert.Equal(("UnsupportedDType", "Expected float or integer dtype, got bool."), (ex.ErrorId, ex.Message));
        }

        [Fact]
        public void IdentityStreamsZerosOffTheDiagonalWhateverTheBufferHeld()
        {
            // FillBytes writes every byte of its destination: a buffer that held something else gets the zeros too.
            var bytes = Enumerable.Repeat((byte)0xFF, 9 * 4).ToArray();
            new Identity(2).Elements(new long[] { 3, 3 }).FillBytes(0, bytes);
            Assert.Equal(new[] { 2f, 0, 0, 0, 2, 0, 0, 0, 2 }, Enumerable.Range(0, 9).Select(i => System.BitConverter.ToSingle(bytes, i * 4)));
        }

        [Fact]
        public void TorchTruncNormalsUniformRangeIsTwoCdfsOfTheStandardisedBounds()
        {
            // PyTorch's trunc_normal_: [2·Φ((a − mean)/std) − 1, 2·Φ((b − mean)/std) − 1]. mean 1, std 2, a −1, b 3 are
            // −1 and +1 standard deviations: ∓P(|Z| < 1) = ∓erf(1/√2) = ∓0.6826894921370859.
            var (low, high) = Sampling.TruncatedBetweenCdfRange(1, 2, -1, 3);
            Assert.Equal(-0.6826894921370859, low, 14);
            Assert.Equal(0.6826894921370859, high, 14);
        }
    }
}
