using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Family;
using Initializers.Torch;
using Xunit;

namespace Initializers.Tests.Torch
{
    /// <summary>Keras ↔ PyTorch translation. The test of "exact": for a table of weights, the distribution parameters
    /// the Keras initializer uses (Keras layout) and those its translation uses (PyTorch layout, the same weight)
    /// both equal the parameter worked out here by hand from Keras's formula.</summary>
    public class TorchTranslationTests
    {
        internal static readonly int[][] KerasShapes = { new[] { 784, 256 }, new[] { 3, 3, 64, 128 }, new[] { 5, 7, 11 }, new[] { 1, 1 }, new[] { 2, 3, 4, 5, 6 } };

        public static IEnumerable<object[]> ScaledCases()
        {
            foreach (var shape in KerasShapes)
            {
                foreach (var name in new[] { "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal", "VsUniformFanOut", "VsNormalFanIn", "VsUntruncatedFanAvg", "VsUniformScale3" })
                {
                    yield return new object[] { name, shape };
                }
            }
        }

        [Theory]
        [MemberData(nameof(ScaledCases))]
        public void ExactAndEquivalentMappingsUseTheSameParametersOnBothSides(string name, int[] kerasShape)
        {
            // Keras's fans by hand: fan_in = shape[-2]·rf, fan_out = shape[-1]·rf, rf = product of the leading dims.
            var r = kerasShape.Length;
            var rf = kerasShape.Take(r - 2).Aggregate(1.0, (p, d) => p * d);
            var fanIn = kerasShape[r - 2] * rf;
            var fanOut = kerasShape[r - 1] * rf;
            var (keras, scale, fan, distribution) = name switch
            {
                "GlorotUniform" => ((VarianceScaling)new GlorotUniform(1), 1.0, (fanIn + fanOut) / 2, "uniform"),
                "GlorotNormal" => (new GlorotNormal(1), 1.0, (fanIn + fanOut) / 2, "truncated_normal"),
                "HeUniform" => (new HeUniform(1), 2.0, fanIn, "uniform"),
                "HeNormal" => (new HeNormal(1), 2.0, fanIn, "truncated_normal"),
                "LecunUniform" => (new LecunUniform(1), 1.0, fanIn, "uniform"),
                "LecunNormal" => (new LecunNormal(1), 1.0, fanIn, "truncated_normal"),
                "VsUniformFanOut" => (new VarianceScaling(0.5, "fan_out", "uniform", 1), 0.5, fanOut, "uniform"),
                "VsNormalFanIn" => (new VarianceScaling(1.5, "fan_in", "untruncated_normal", 1), 1.5, fanIn, "untruncated_normal"),
                "VsUntruncatedFanAvg" => (new VarianceScaling(3.0, "fan_avg", "untruncated_normal", 1), 3.0, (fanIn + fanOut) / 2, "untruncated_normal"),
                _ => (new VarianceScaling(3.0, "fan_in", "uniform", 1), 3.0, fanIn, "uniform"),
            };
            var s = scale / Math.Max(1, fan);
            var expected = distribution switch
            {
                "uniform" => Math.Sqrt(3 * s),
                "untruncated_normal" => Math.Sqrt(s),
                _ => Math.Sqrt(s) / 0.87962566103423978,
            };
            Assert.Equal(expected, keras.ParameterFor(kerasShape), 14);

            var translation = TorchTranslation.ToTorch(keras, kerasShape);
            Assert.Equal(distribution == "truncated_normal" ? TranslationMatch.EquivalentInDistribution : TranslationMatch.Exact, translation.Match);
            var torchShape = TorchLayout.ConvertShape(kerasShape, WeightLayout.Keras, WeightLayout.Torch);
            var draw = ((TorchRandomInitializer)translation.Target).DrawFor(torchShape.Select(d => (long)d).ToArray());
            switch (distribution)
            {
                case "uniform":
                    Assert.Equal(('u', -expected, expected), (draw.Kind, draw.P1, draw.P2), new Tolerance(expected));
                    break;
                case "untruncated_normal":
                    Assert.Equal(('n', 0.0, expected), (draw.Kind, draw.P1, draw.P2), new Tolerance(expected));
                    break;
                default:
                    Assert.Equal('t', draw.Kind);
                    Assert.Equal((0.0, expected, -2 * expected, 2 * expected), (draw.P1, draw.P2, draw.A, draw.B), new Tolerance4(expected));
                    break;
            }

            // The seed is carried over.
            Assert.Equal(1L, ((RandomInitializer)translation.Target).Seed);
        }

        [Theory]
        [InlineData("GlorotUniform", "TorchXavierUniform", "gain=1.0")]
        [InlineData("HeUniform", "TorchKaimingUniform", "a=0.0, mode='fan_in', nonlinearity='relu'")]
        [InlineData("LecunUniform", "TorchKaimingUniform", "a=0.0, mode='fan_in', nonlinearity='linear'")]
        public void TheIssuesExamplesMapExactlyWithoutAShape(string keras, string torch, string args)
        {
            var t = TorchTranslation.ToTorch(Initializer.FromConfig(keras, null));
            Assert.Equal(TranslationMatch.Exact, t.Match);
            Assert.Equal(torch, t.Target.ClassName);
            Assert.Contains(args, t.Target.ToString());
        }

        [Fact]
        public void TruncatedNormalsWithoutAShapeAreNearestWithTheShareBeyondTheCut()
        {
            var t = TorchTranslation.ToTorch(new HeNormal());
            Assert.Equal(TranslationMatch.Nearest, t.Match);
            Assert.Equal("TorchKaimingNormal", t.Target.ClassName);
            Assert.Equal("relu", ((TorchKaimingNormal)t.Target).Nonlinearity);
            // 2·(1 − Φ(2)) = 0.0455002638963584.
            Assert.Contains("4.550026 % of its values lie beyond Keras's ±2σ cut", t.Difference);
            var glorot = TorchTranslation.ToTorch(new GlorotNormal());
            Assert.Equal(("TorchXavierNormal", TranslationMatch.Nearest), (glorot.Target.ClassName, glorot.Match));
        }

        [Fact]
        public void TheOtherKerasInitializersMapToTheirTorchForms()
        {
            Assert.Equal(TranslationMatch.Exact, TorchTranslation.ToTorch(new RandomUniform(-1, 2, 3)).Match);
            Assert.Equal(new TorchUniform(-1, 2, 3), TorchTranslation.ToTorch(new RandomUniform(-1, 2, 3)).Target);
            Assert.Equal(new TorchNormal(0.5, 2, 3), TorchTranslation.ToTorch(new RandomNormal(0.5, 2, 3)).Target);
            Assert.Equal(new TorchTruncNormal(1, 0.5, 0, 2, 3), TorchTranslation.ToTorch(new TruncatedNormal(1, 0.5, 3)).Target);
            Assert.Equal(TranslationMatch.EquivalentInDistribution, TorchTranslation.ToTorch(new TruncatedNormal()).Match);
            Assert.Equal(new TorchOrthogonal(1.5, 3), TorchTranslation.ToTorch(new Orthogonal(1.5, 3)).Target);
            Assert.Equal(new TorchConstant(2.5), TorchTranslation.ToTorch(new Constant(2.5)).Target);
            Assert.Equal((TranslationMatch.Exact, "TorchEye"), (TorchTranslation.ToTorch(new Identity()).Match, TorchTranslation.ToTorch(new Identity()).Target.ClassName));
            Assert.Equal(TranslationMatch.Nearest, TorchTranslation.ToTorch(new Identity(2)).Match);
            Assert.Equal(new Zeros(), TorchTranslation.ToTorch(new Zeros()).Target);
            Assert.Equal("NotTranslatable", Assert.Throws<InitializerException>(() => TorchTranslation.ToTorch(new Constant(new[] { 1.0, 2.0 }))).ErrorId);
            Assert.Equal("NotTranslatable", Assert.Throws<InitializerException>(() => TorchTranslation.ToTorch(new VarianceScaling(3.0, "fan_in", "truncated_normal"))).ErrorId);
        }

        [Fact]
        public void TorchInitializersMapBackAndExactMappingsRoundTrip()
        {
            foreach (var keras in new Initializer[] { new GlorotUniform(4), new HeUniform(4), new LecunUniform(4), new RandomUniform(-1, 1, 4), new RandomNormal(0, 2, 4), new Zeros(), new Ones(), new Constant(3.0) })
            {
                var there = TorchTranslation.ToTorch(keras);
                var back = TorchTranslation.ToKeras(there.Target);
                Assert.Equal(TranslationMatch.Exact, back.Match);
                Assert.Equal(keras, back.Target);
            }

            // xavier_normal_(gain 2): VarianceScaling(scale 4, fan_avg, untruncated_normal).
            var vs = (VarianceScaling)TorchTranslation.ToKeras(new TorchXavierNormal(2, 1)).Target;
            Assert.Equal((4.0, "fan_avg", "untruncated_normal"), (vs.Scale, vs.Mode, vs.Distribution));
            // kaiming_normal_(a=0.2, fan_out, leaky_relu): scale gain² = 2/1.04.
            var k = (VarianceScaling)TorchTranslation.ToKeras(new TorchKaimingNormal(0.2, "fan_out", "leaky_relu", 1)).Target;
            Assert.Equal(2 / 1.04, k.Scale, 15);
            Assert.Equal(("fan_out", "untruncated_normal"), (k.Mode, k.Distribution));
            Assert.Equal(TranslationMatch.EquivalentInDistribution, TorchTranslation.ToKeras(new TorchTruncNormal(0, 1, -2, 2)).Match);
            var nearest = TorchTranslation.ToKeras(new TorchTruncNormal());
            Assert.Equal(TranslationMatch.EquivalentInDistribution, nearest.Match); // the defaults are ±2 around mean 0 with std 1
            var absolute = TorchTranslation.ToKeras(new TorchTruncNormal(0, 0.02, -2, 2));
            Assert.Equal(TranslationMatch.Nearest, absolute.Match);
            Assert.Contains("[-0.04, 0.04]", absolute.Difference);
            Assert.Equal(new Identity(), TorchTranslation.ToKeras(new TorchEye()).Target);
            Assert.Equal("NotTranslatable", Assert.Throws<InitializerException>(() => TorchTranslation.ToKeras(new TorchSparse(0.1))).ErrorId);
            Assert.Equal("NotTranslatable", Assert.Throws<InitializerException>(() => TorchTranslation.ToKeras(new TorchDirac())).ErrorId);
            Assert.Equal("NotTranslatable", Assert.Throws<InitializerException>(() => TorchTranslation.ToKeras(new HeNormal())).ErrorId);
        }

        private sealed class Tolerance : IEqualityComparer<(char, double, double)>
        {
            private readonly double scale;

            public Tolerance(double scale) => this.scale = scale;

            public bool Equals((char, double, double) x, (char, double, double) y) =>
                x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) <= 1e-14 * scale && Math.Abs(x.Item3 - y.Item3) <= 1e-14 * scale;

            public int GetHashCode((char, double, double) obj) => obj.Item1;
        }

        private sealed class Tolerance4 : IEqualityComparer<(double, double, double, double)>
        {
            private readonly double scale;

            public Tolerance4(double scale) => this.scale = scale;

            public bool Equals((double, double, double, double) x, (double, double, double, double) y) =>
                new[] { x.Item1 - y.Item1, x.Item2 - y.Item2, x.Item3 - y.Item3, x.Item4 - y.Item4 }.All(d => Math.Abs(d) <= 1e-14 * scale);

            public int GetHashCode((double, double, double, double) obj) => 0;
        }
    }
}
