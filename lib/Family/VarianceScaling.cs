using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Config;

namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None)</c>.
    /// With n the fan of <see cref="Mode"/> (at least 1) and s = scale / n: truncated_normal draws N(0, sqrt(s)/0.8796…)
    /// truncated at two stddev (so the sample std is sqrt(s)); untruncated_normal draws N(0, sqrt(s)); uniform draws
    /// U(−sqrt(3s), sqrt(3s)).</summary>
    [KerasInitializer(
        "Scales the variance to the fan of the shape: truncated normal, untruncated normal or uniform.",
        "s = scale / max(1, n); truncated: std sqrt(s) after truncation; untruncated: std sqrt(s); uniform: ±sqrt(3s)",
        DTypeSet.Floating,
        Aliases = new[] { "variance_scaling_initializer" })]
    public class VarianceScaling : RandomInitializer
    {
        /// <summary>The std of a standard normal truncated to [−2, 2], as in the Keras source.</summary>
        public const double TruncationCorrection = 0.87962566103423978;

        private static readonly string[] Modes = { "fan_in", "fan_out", "fan_avg" };
        private static readonly string[] Distributions = { "uniform", "truncated_normal", "untruncated_normal" };

        /// <summary>An initializer whose variance adapts to the shape of the tensor it fills.</summary>
        /// <param name="scale">Scaling factor, a finite number &gt; 0 (default 1.0); 0, negatives, NaN and infinities
        /// are refused.</param>
        /// <param name="mode">Which fan divides <paramref name="scale"/>: <c>fan_in</c> (default), <c>fan_out</c> or
        /// <c>fan_avg</c> (their mean). Case-sensitive as in Keras; TensorFlow.js's <c>fanIn</c> spellings are accepted.</param>
        /// <param name="distribution"><c>truncated_normal</c> (default; <c>normal</c> is stored as it),
        /// <c>untruncated_normal</c> or <c>uniform</c>; case-insensitive. Anything else is refused.</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
        /// <param name="inputAxes">Keras 3.15: the axes whose sizes multiply to fan_in, instead of the layout rule;
        /// give it with <paramref name="outputAxes"/> or not at all. Null (the default) uses Keras's rule (last axis
        /// is fan_out and the one before it fan_in, each times the product of the other axes; a vector's fans are its
        /// length).</param>
        /// <param name="outputAxes">Keras 3.15: the axes whose sizes multiply to fan_out; goes with
        /// <paramref name="inputAxes"/>.</param>
        public VarianceScaling(
            [ConfigKey("Positive scaling factor.")] double scale = 1.0,
            [ConfigKey("fan_in, fan_out or fan_avg (case-sensitive).")] string mode = "fan_in",
            [ConfigKey("truncated_normal (alias normal), untruncated_normal or uniform.")] string distribution = "truncated_normal",
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_in (with output_axes).")] IReadOnlyList<int>? inputAxes = null,
            [ConfigKey("Keras 3.15: axes whose product is fan_out (with input_axes).")] IReadOnlyList<int>? outputAxes = null)
            : base(seed)
        {
            scale = ConfigArgs.CheckedNumber(ClassName, "scale", scale);
            if (scale <= 0)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"Argument `scale` must be positive float. Received: scale={ConfigValues.Format(scale)}",
                    scale).AtKey("scale");
            }

            // Keras: mode is case-sensitive. TensorFlow.js writes camelCase (fanIn), which maps to the snake form.
            mode ??= "fan_in";
            var modeKey = IsCamelCase(mode) ? Names.ToSnakeCase(mode) : mode;
            if (!Modes.Contains(modeKey))
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"Invalid `mode` argument: '{mode}'. Please use one of {string.Join(", ", Modes)} (case-sensitive).",
                    mode).AtKey("mode");
            }

            // Keras: distribution is lower-cased, and "normal" is stored as "truncated_normal".
            distribution ??= "truncated_normal";
            var dist = Names.ToSnakeCase(distribution).ToLowerInvariant();
            if (dist == "normal")
            {
                dist = "truncated_normal";
            }

            if (!Distributions.Contains(dist))
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"Invalid `distribution` argument: '{distribution}'. Please use one of {string.Join(", ", Distributions)} (\"normal\" means truncated_normal).",
                    distribution).AtKey("distribution");
            }

            if ((inputAxes is null) != (outputAxes is null))
            {
                // Keras 3.15 uses the axes only when both are given; say so rather than silently ignoring one.
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"input_axes and output_axes go together; got input_axes={Fans.FormatAxes(inputAxes)}, output_axes={Fans.FormatAxes(outputAxes)}.",
                    inputAxes ?? outputAxes);
            }

            Scale = scale;
            Mode = modeKey;
            Distribution = dist;
            InputAxes = inputAxes is null ? null : Array.AsReadOnly(inputAxes.ToArray());
            OutputAxes = outputAxes is null ? null : Array.AsReadOnly(outputAxes.ToArray());
        }

        /// <inheritdoc/>
        public override string ClassName => "VarianceScaling";

        /// <summary>The factor the variance is scaled by before dividing by the fan (the config's <c>scale</c>).</summary>
        public double Scale { get; }

        /// <summary>The fan that divides <see cref="Scale"/>, in Keras's snake_case: <c>fan_in</c>, <c>fan_out</c> or
        /// <c>fan_avg</c> (a TensorFlow.js <c>fanIn</c> is stored as <c>fan_in</c>).</summary>
        public string Mode { get; }

        /// <summary>The sampling distribution, lower-case: <c>truncated_normal</c> (a configured <c>normal</c> is
        /// stored as this, as in Keras), <c>untruncated_normal</c> or <c>uniform</c>.</summary>
        public string Distribution { get; }

        /// <summary>The axes whose sizes multiply to fan_in (Keras 3.15 <c>input_axes</c>); null when the fans
        /// follow Keras's layout rule.</summary>
        public IReadOnlyList<int>? InputAxes { get; }

        /// <summary>The axes whose sizes multiply to fan_out (Keras 3.15 <c>output_axes</c>); null when the fans
        /// follow Keras's layout rule.</summary>
        public IReadOnlyList<int>? OutputAxes { get; }

        /// <summary>The sampling parameter for a shape: the stddev before truncation (truncated_normal), the stddev
        /// (untruncated_normal) or the limit (uniform).</summary>
        /// <param name="shape">The weight shape, outermost first.</param>
        public double ParameterFor(IReadOnlyList<int> shape) => ParameterFor(shape.Select(d => (long)d).ToArray());

        internal double ParameterFor(IReadOnlyList<long> shape)
        {
            var (fanIn, fanOut) = Fans.Compute(shape, InputAxes, OutputAxes);
            var n = Mode == "fan_in" ? fanIn : Mode == "fan_out" ? fanOut : (fanIn + fanOut) / 2.0;
            var s = Scale / Math.Max(1.0, n);
            return Distribution switch
            {
                "truncated_normal" => Math.Sqrt(s) / TruncationCorrection,
                "untruncated_normal" => Math.Sqrt(s),
                _ => Math.Sqrt(3.0 * s),
            };
        }

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("scale", Scale);
            yield return Arg("mode", Mode);
            yield return Arg("distribution", Distribution);
            yield return Arg("seed", Seed);
            foreach (var axes in AxesEntries())
            {
                yield return axes;
            }
        }

        /// <summary>Keras 3.15 axes, written only when set so that Keras 2, Keras ≤ 3.14 and TensorFlow.js can still read the config.</summary>
        protected IEnumerable<KeyValuePair<string, object?>> AxesEntries()
        {
            if (InputAxes is not null)
            {
                yield return Arg("input_axes", InputAxes.Cast<object>().ToArray());
                yield return Arg("output_axes", OutputAxes!.Cast<object>().ToArray());
            }
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype) => CheckElements(shape.Select(d => (long)d).ToArray(), dtype);

        internal override void CheckElements(long[] shape, DType dtype)
        {
            RequireFloating(dtype);
            Fans.Compute(shape, InputAxes, OutputAxes); // axes out of range fail before allocation
        }

        internal override TensorElements.RangeFiller CreateFiller(long[] shape, DType dtype)
        {
            var p = ParameterFor(shape);
            return Distribution switch
            {
                "truncated_normal" => (start, destination) => Sampling.TruncatedNormalRange(dtype, EffectiveSeed, 0.0, p, start, destination),
                "untruncated_normal" => (start, destination) => Sampling.NormalRange(dtype, EffectiveSeed, 0.0, p, start, destination),
                _ => (start, destination) => Sampling.UniformRange(dtype, EffectiveSeed, -p, p, start, destination),
            };
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype)
        {
            var p = ParameterFor(shape);
            return Distribution switch
            {
                "truncated_normal" => Sampling.TruncatedNormal(shape, dtype, EffectiveSeed, 0.0, p),
                "untruncated_normal" => Sampling.Normal(shape, dtype, EffectiveSeed, 0.0, p),
                _ => Sampling.Uniform(shape, dtype, EffectiveSeed, -p, p),
            };
        }

        private static bool IsCamelCase(string s) => s.Length > 1 && char.IsLower(s[0]) && s.Any(char.IsUpper) && !s.Contains("_");
    }
}
