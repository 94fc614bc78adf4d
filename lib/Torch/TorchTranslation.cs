using System;
using System.Collections.Generic;
using System.Globalization;
using Initializers.Family;

namespace Initializers.Torch
{
    /// <summary>Keras ↔ PyTorch: each Keras initializer's torch.nn.init counterpart and back, marked
    /// <see cref="TranslationMatch.Exact"/>, <see cref="TranslationMatch.EquivalentInDistribution"/> or
    /// <see cref="TranslationMatch.Nearest"/> with the difference stated. The seed is carried over. Fans agree between
    /// the frameworks for the same weight (Keras (k…, in, out) and PyTorch (out, in, k…) both give fan_in = in·k…), so
    /// the fan-based mappings hold for every shape of rank 2 and up; Keras's truncated normals have no fan-free PyTorch
    /// form, so with a shape they map to trunc_normal_ with the parameters for that shape, and without one to the
    /// nearest untruncated form.</summary>
    public static class TorchTranslation
    {
        /// <summary>The share of an untruncated normal beyond ±2σ, 2·(1 − Φ(2)).</summary>
        private const double BeyondTwoSigma = 0.045500263896358417;

        /// <summary>The PyTorch counterpart of a Keras initializer.</summary>
        /// <param name="keras">A Keras initializer (Initializers.Family).</param>
        /// <param name="shape">The weight's shape in Keras layout, for the truncated normals (their PyTorch form needs
        /// the fan); null for the shape-free mapping.</param>
        /// <exception cref="InitializerException">NotTranslatable for an initializer with no PyTorch counterpart (a
        /// Constant list, VarianceScaling with axes or a scale PyTorch's gains cannot give without a shape, an
        /// initializer of PyTorch's own).</exception>
        public static InitializerTranslation ToTorch(Initializer keras, IReadOnlyList<int>? shape = null)
        {
            var seed = (keras as RandomInitializer)?.Seed;
            switch (keras)
            {
                case Zeros or Ones:
                    return Exact(keras, keras);
                case Constant constant when constant.ValueCount == 1 && ConfigValuesIsReal(constant.Values[0]):
                    return Exact(keras, new TorchConstant(Convert.ToDouble(constant.Values[0], CultureInfo.InvariantCulture)));
                case RandomUniform uniform:
                    return Exact(keras, new TorchUniform(uniform.Minval, uniform.Maxval, seed), "For integer dtypes Keras draws integers; uniform_ fills floating tensors only.");
                case TruncatedNormal truncated:
                    return new InitializerTranslation(keras, new TorchTruncNormal(truncated.Mean, truncated.Stddev, truncated.Mean - (2 * truncated.Stddev), truncated.Mean + (2 * truncated.Stddev), seed), TranslationMatch.EquivalentInDistribution,
                        "The same N(mean, stddev²) cut at mean ± 2·stddev; Keras re-draws values beyond the cut, trunc_normal_ maps uniform values through the inverse normal CDF.");
                case RandomNormal normal:
                    return Exact(keras, new TorchNormal(normal.Mean, normal.Stddev, seed));
                case VarianceScaling scaling:
                    return Scaled(scaling, shape, seed);
                case Orthogonal orthogonal:
                    return new InitializerTranslation(keras, new TorchOrthogonal(orthogonal.Gain, seed), TranslationMatch.EquivalentInDistribution,
                        "Keras flattens to (prod(leading dims), last dim), orthogonal_ to (size(0), numel/size(0)); for the same weight the two matrices are each other's transpose up to a row order, and a Haar-random orthogonal matrix stays Haar-random under both.");
                case Identity identity when identity.Gain == 1:
                    return Exact(keras, new TorchEye(), "eye_ also fills integer and bool dtypes.");
                case Identity identity:
                    return new InitializerTranslation(keras, new TorchEye(), TranslationMatch.Nearest,
                        $"eye_ has no gain: its diagonal is 1, Keras's is {Format(identity.Gain)}; multiply the tensor by {Format(identity.Gain)}.");
                default:
                    throw NotTranslatable(keras, "PyTorch");
            }
        }

        /// <summary>The Keras counterpart of a PyTorch initializer.</summary>
        /// <param name="torch">An initializer of Initializers.Torch (or Zeros/Ones, zeros_/ones_).</param>
        /// <exception cref="InitializerException">NotTranslatable for dirac_ and sparse_ (no Keras counterpart), a gain
        /// of 0 (Keras's scale must be positive), and any Keras initializer.</exception>
        public static InitializerTranslation ToKeras(Initializer torch)
        {
            var seed = (torch as RandomInitializer)?.Seed;
            switch (torch)
            {
                case Zeros or Ones:
                    return Exact(torch, torch);
                case TorchConstant constant:
                    return Exact(torch, new Constant(constant.Val));
                case TorchUniform uniform when uniform.A < uniform.B:
                    return Exact(torch, new RandomUniform(uniform.A, uniform.B, seed));
                case TorchNormal normal:
                    return Exact(torch, new RandomNormal(normal.Mean, normal.Std, seed));
                case TorchTruncNormal t when t.A == t.Mean - (2 * t.Std) && t.B == t.Mean + (2 * t.Std):
                    return new InitializerTranslation(torch, new TruncatedNormal(t.Mean, t.Std, seed), TranslationMatch.EquivalentInDistribution,
                        "The same N(mean, std²) cut at mean ± 2·std; Keras re-draws values beyond the cut, trunc_normal_ maps uniform values through the inverse normal CDF.");
                case TorchTruncNormal t:
                    return new InitializerTranslation(torch, new TruncatedNormal(t.Mean, t.Std, seed), TranslationMatch.Nearest,
                        $"Keras cuts at mean ± 2·std = [{Format(t.Mean - (2 * t.Std))}, {Format(t.Mean + (2 * t.Std))}]; this trunc_normal_ cuts at the absolute bounds [{Format(t.A)}, {Format(t.B)}].");
                case TorchXavierUniform x when x.Gain == 1:
                    return Exact(torch, new GlorotUniform(seed));
                case TorchXavier x when x.Gain != 0:
                    return Exact(torch, new VarianceScaling(x.Gain * x.Gain, "fan_avg", x is TorchXavierUniform ? "uniform" : "untruncated_normal", seed));
                case TorchKaimingUniform k when k.Mode == "fan_in" && SquaredGain(k) == 2:
                    return Exact(torch, new HeUniform(seed));
                case TorchKaimingUniform k when k.Mode == "fan_in" && SquaredGain(k) == 1:
                    return Exact(torch, new LecunUniform(seed));
                case TorchKaiming k:
                    return Exact(torch, new VarianceScaling(SquaredGain(k), k.Mode, k is TorchKaimingUniform ? "uniform" : "untruncated_normal", seed),
                        "Keras divides by max(1, fan); PyTorch by the fan itself (the same for every fan of 1 or more).");
                case TorchOrthogonal orthogonal:
                    return new InitializerTranslation(torch, new Orthogonal(orthogonal.Gain, seed), TranslationMatch.EquivalentInDistribution,
                        "orthogonal_ flattens to (size(0), numel/size(0)), Keras to (prod(leading dims), last dim); for the same weight the two matrices are each other's transpose up to a row order, and a Haar-random orthogonal matrix stays Haar-random under both.");
                case TorchEye:
                    return Exact(torch, new Identity(), "Keras's Identity fills floating dtypes only.");
                default:
                    throw NotTranslatable(torch, "Keras");
            }
        }

        private static InitializerTranslation Scaled(VarianceScaling scaling, IReadOnlyList<int>? shape, long? seed)
        {
            var scale = scaling.Scale;
            var gain = Math.Sqrt(scale);
            var guard = "Keras divides by max(1, fan); PyTorch by the fan itself (the same for every fan of 1 or more).";
            if (scaling.InputAxes is null && scaling.Distribution != "truncated_normal")
            {
                var uniform = scaling.Distribution == "uniform";
                if (scaling.Mode == "fan_avg")
                {
                    // Keras: sqrt(3·scale/((in+out)/2)) = sqrt(scale)·sqrt(6/(in+out)); normal: sqrt(scale)·sqrt(2/(in+out)).
                    return Exact(scaling, uniform ? new TorchXavierUniform(gain, seed) : new TorchXavierNormal(gain, seed), guard);
                }

                // Keras: sqrt(3·scale/fan) = sqrt(3)·gain/sqrt(fan) with gain = sqrt(scale), which calculate_gain gives as
                // linear (scale 1), relu (2), or leaky_relu with a = sqrt(2/scale − 1) for scale < 2.
                var (a, nonlinearity) = scale == 1 ? (0.0, "linear") : scale == 2 ? (0.0, "relu") : scale < 2 ? (Math.Sqrt((2 / scale) - 1), "leaky_relu") : (double.NaN, "");
                if (!double.IsNaN(a))
                {
                    return Exact(scaling, uniform ? new TorchKaimingUniform(a, scaling.Mode, nonlinearity, seed) : new TorchKaimingNormal(a, scaling.Mode, nonlinearity, seed), guard);
                }
            }

            if (shape is not null)
            {
                var p = scaling.ParameterFor(shape);
                return scaling.Distribution switch
                {
                    "uniform" => Exact(scaling, new TorchUniform(-p, p, seed), $"For shape {TensorShape.Format(shape)} only: the bound {Format(p)} is the Keras limit for its fans."),
                    "untruncated_normal" => Exact(scaling, new TorchNormal(0, p, seed), $"For shape {TensorShape.Format(shape)} only: the std {Format(p)} is the Keras std for its fans."),
                    _ => new InitializerTranslation(scaling, new TorchTruncNormal(0, p, -2 * p, 2 * p, seed), TranslationMatch.EquivalentInDistribution,
                        $"For shape {TensorShape.Format(shape)} only: N(0, {Format(p)}²) cut at ±{Format(2 * p)} (std {Format(p * VarianceScaling.TruncationCorrection)} after the cut); Keras re-draws values beyond the cut, trunc_normal_ maps uniform values through the inverse normal CDF."),
                };
            }

            if (scaling.InputAxes is null && scaling.Distribution == "truncated_normal")
            {
                // The nearest shape-free form: the untruncated normal with the same std after truncation.
                var nearest = (VarianceScaling)Initializer.FromConfig("VarianceScaling", new Dictionary<string, object?> { ["scale"] = scale, ["mode"] = scaling.Mode, ["distribution"] = "untruncated_normal", ["seed"] = seed });
                var translated = Scaled(nearest, null, seed);
                if (translated.Match == TranslationMatch.Exact)
                {
                    return new InitializerTranslation(scaling, translated.Target, TranslationMatch.Nearest,
                        $"{translated.Target.ClassName} has the same std but is untruncated: {Format(100 * BeyondTwoSigma)} % of its values lie beyond Keras's ±2σ cut " +
                        "(give the shape for the exact trunc_normal_ form, whose bounds depend on the fan).");
                }
            }

            throw NotTranslatable(scaling, "PyTorch", "give the weight's shape for the form with that shape's parameters");
        }

        /// <summary>calculate_gain(nonlinearity, a)² written exactly (relu gives 2, not sqrt(2)² = 2.0000000000000004).</summary>
        private static double SquaredGain(TorchKaiming k) => k.Nonlinearity switch
        {
            "relu" => 2,
            "leaky_relu" => 2 / (1 + (k.A * k.A)),
            "tanh" => 25.0 / 9,
            "selu" => 9.0 / 16,
            _ => 1,
        };

        private static InitializerTranslation Exact(Initializer source, Initializer target, string note = "") => new(source, target, TranslationMatch.Exact, note);

        private static bool ConfigValuesIsReal(object value) => value is not bool && Config.ConfigValues.IsNumber(value);

        private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

        private static InitializerException NotTranslatable(Initializer initializer, string framework, string hint = "") => new(
            "NotTranslatable",
            ErrorKind.InvalidArgument,
            $"{initializer} has no {framework} counterpart" + (hint.Length > 0 ? "; " + hint : "") + ".",
            initializer);
    }
}
