using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Initializers.Family;
using Initializers.Statistics;

namespace Initializers.Models.Weights
{
    /// <summary>The initial values of one model weight for a base seed: each part's initializer with the seed it draws
    /// from, and the weight's elements (<see cref="TensorElements"/>), produced on demand in any range.</summary>
    /// <remarks>Seeds: a part whose initializer is random and unseeded gets
    /// <see cref="SeedDerivation.Derive"/>(baseSeed, weight.Layer, part.SeedKey); a seeded one keeps its seed (as in Keras,
    /// the same int seed gives the same draws on every call); Zeros, Ones, Constant and Identity draw none. The values
    /// are bit for bit those of calling each part's initializer (<see cref="Initializer.Call(IReadOnlyList{int}, DType)"/>
    /// with the part's shape and the weight's dtype) and concatenating the results in flat order, so they are a pure
    /// function of (plan, base seed), whatever the machine or thread count.</remarks>
    public sealed class ModelWeightValues
    {
        private ModelWeightValues(ModelWeight weight, long baseSeed, IReadOnlyList<Initializer> initializers, IReadOnlyList<long?> seeds, TensorElements elements)
        {
            Weight = weight;
            BaseSeed = baseSeed;
            Initializers = initializers;
            Seeds = seeds;
            Elements = elements;
        }

        /// <summary>The weight.</summary>
        public ModelWeight Weight { get; }

        /// <summary>The base seed the unseeded parts' seeds were derived from.</summary>
        public long BaseSeed { get; }

        /// <summary>Each part's initializer as it is called: a random one always with its seed in its config.</summary>
        public IReadOnlyList<Initializer> Initializers { get; }

        /// <summary>Each part's effective seed; null for a part that draws no random numbers.</summary>
        public IReadOnlyList<long?> Seeds { get; }

        /// <summary>The weight's elements (shape <see cref="ModelWeight.Shape"/>, dtype <see cref="ModelWeight.DType"/>).</summary>
        public TensorElements Elements { get; }

        /// <summary>The seed of a one-part weight, or of every part when they share one; null when no part draws random
        /// numbers or the parts draw from different seeds (see <see cref="Seeds"/>).</summary>
        public long? Seed => Seeds.Where(s => s is not null).Distinct().Count() == 1 ? Seeds.First(s => s is not null) : null;

        /// <summary>The initializer calls as text: one call's <c>ToString</c>, or several joined by <c> + </c>.</summary>
        public string Description => string.Join(" + ", Initializers.Select(i => i.ToString()));

        /// <summary>The statistics of the values (<see cref="TensorStatistics.Measure(Tensor, int)"/>): a second pass that
        /// produces the weight again, whole, in memory (one weight at a time).</summary>
        /// <exception cref="InitializerException">TensorTooLarge when the weight does not fit one tensor; the errors of
        /// <see cref="TensorStatistics.Measure(Tensor, int)"/> (bool and complex dtypes are UnsupportedDType).</exception>
        public TensorMeasurement Measure() => Measure(CancellationToken.None);

        /// <summary>The statistics of the values, as <see cref="Measure()"/>, stopping at the next chunk of the fill when
        /// <paramref name="cancellationToken"/> is cancelled (the weight is made again whole, which takes as long as
        /// writing it).</summary>
        /// <param name="cancellationToken">Stops the measurement; <see cref="CancellationToken.None"/> leaves the
        /// cancellation in force as it is.</param>
        /// <exception cref="InitializerException">As <see cref="Measure()"/>.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public TensorMeasurement Measure(CancellationToken cancellationToken)
        {
            using (Cancellation.UseIfCancelable(cancellationToken))
            {
                return MeasureValues();
            }
        }

        private TensorMeasurement MeasureValues()
        {
            var shape = Weight.Shape.ToArray();
            if (shape.Any(d => d > int.MaxValue) || Weight.Count > TensorShape.MaxElements)
            {
                throw new InitializerException(
                    "TensorTooLarge",
                    ErrorKind.LimitsExceeded,
                    $"The weight '{Weight.Path}' of shape {TensorShape.Format(shape)} is larger than one tensor; it cannot be measured in memory.",
                    Weight.Path);
            }

            var tensor = Tensor.Allocate(shape.Select(d => (int)d).ToArray(), Weight.DType, uninitialized: true);
            Elements.FillNative(0, (int)Weight.Count, Storage.Bytes(tensor.Data, 0, (int)Weight.Count));
            return TensorStatistics.Measure(tensor);
        }

        /// <summary>What the initializers' formulas give for the whole weight (<see cref="TensorStatistics.Expected"/>
        /// per call): for several calls, the mixture of their distributions weighted by their sizes (mean
        /// Σ nᵢμᵢ / n, variance Σ nᵢ(σᵢ² + μᵢ²) / n − mean²). Null when a call's class has no formula, its shape exceeds
        /// one tensor or the dtype is not a real numeric one.</summary>
        public ExpectedStatistics? Expected()
        {
            var n = 0.0;
            var sum = 0.0;
            var squares = 0.0;
            for (var i = 0; i < Initializers.Count; i++)
            {
                var part = Weight.Parts[i];
                if (part.Shape.Any(d => d > int.MaxValue) || Weight.DType is DType.Bool or DType.Complex64 or DType.Complex128 or DType.String)
                {
                    return null;
                }

                ExpectedStatistics? expected;
                try
                {
                    expected = TensorStatistics.Expected(Initializers[i], part.Shape.Select(d => (int)d).ToArray(), Weight.DType);
                }
                catch (InitializerException)
                {
                    return null;
                }

                if (expected is null)
                {
                    return null;
                }

                var count = (double)TensorShape.Count(part.Shape);
                n += count;
                sum += count * expected.Mean;
                squares += count * ((expected.Std * expected.Std) + (expected.Mean * expected.Mean));
            }

            if (Initializers.Count == 1)
            {
                return TensorStatistics.Expected(Initializers[0], Weight.Parts[0].Shape.Select(d => (int)d).ToArray(), Weight.DType);
            }

            var mean = n == 0 ? 0 : sum / n;
            var variance = n == 0 ? 0 : Math.Max(0, (squares / n) - (mean * mean));
            return new ExpectedStatistics(mean, Math.Sqrt(variance), null, null, false, false, "the size-weighted mixture of " + Description);
        }

        /// <summary>The values of <paramref name="weight"/> for <paramref name="baseSeed"/>.</summary>
        /// <param name="weight">A weight of a <see cref="ModelWeightPlan"/>.</param>
        /// <param name="baseSeed">The model's base seed (any long).</param>
        /// <returns>The seeded initializers and the elements; no value is produced yet.</returns>
        /// <exception cref="InitializerException">The errors of <see cref="Initializer.Elements"/> for a part's shape and
        /// the weight's dtype (an initializer refusing the dtype, for example); InvalidWeightParts when the parts do not
        /// cover the weight back to back.</exception>
        public static ModelWeightValues Create(ModelWeight weight, long baseSeed)
        {
            if (weight is null)
            {
                throw new ArgumentNullException(nameof(weight));
            }

            var initializers = new List<Initializer>();
            var seeds = new List<long?>();
            foreach (var part in weight.Parts)
            {
                var initializer = Seeded(part.Initializer, baseSeed, weight.Layer, part.SeedKey);
                initializers.Add(initializer);
                seeds.Add(initializer is RandomInitializer random ? random.EffectiveSeed : null);
            }

            var calls = weight.Parts.Select((p, i) => (p.Start, initializers[i], p.Shape)).ToList();
            var elements = TensorElements.Concatenate(weight.Shape, weight.DType, calls, weight.Path);
            return new ModelWeightValues(weight, baseSeed, initializers, seeds, elements);
        }

        /// <summary>The values of every weight of <paramref name="plan"/>, in plan order.</summary>
        /// <param name="plan">The plan.</param>
        /// <param name="baseSeed">The model's base seed.</param>
        /// <returns>One <see cref="ModelWeightValues"/> per weight.</returns>
        /// <exception cref="InitializerException">As <see cref="Create(ModelWeight, long)"/>.</exception>
        public static IReadOnlyList<ModelWeightValues> Create(ModelWeightPlan plan, long baseSeed) =>
            (plan ?? throw new ArgumentNullException(nameof(plan))).Weights.Select(w => Create(w, baseSeed)).ToList();

        /// <summary>The initializer a part is called with: an unseeded random one seeded from the base seed, the layer
        /// path and the part's seed key (the derivation Set-ModelInitializer -Seed uses); any other as it is.</summary>
        /// <param name="initializer">The part's initializer as configured.</param>
        /// <param name="baseSeed">The model's base seed.</param>
        /// <param name="layer">The weight's layer path.</param>
        /// <param name="seedKey">The part's seed key.</param>
        /// <returns>The initializer to call.</returns>
        public static Initializer Seeded(Initializer initializer, long baseSeed, string layer, string seedKey)
        {
            if (initializer is not RandomInitializer { Seed: null })
            {
                return initializer ?? throw new ArgumentNullException(nameof(initializer));
            }

            var config = initializer.GetConfig(KerasStyle.Keras2);
            config["seed"] = SeedDerivation.Derive(baseSeed, layer, seedKey);
            return Initializer.FromConfig(initializer.ClassName, config);
        }
    }
}
