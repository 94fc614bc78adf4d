using System;
using System.Collections.Generic;

namespace Initializers.Models.Weights
{
    /// <summary>One initializer call that fills a contiguous block of a weight. Most weights are one part covering the
    /// whole shape; an LSTM bias with <c>unit_forget_bias</c> is three calls and a block of ones, concatenated along axis 0
    /// (so each part is a contiguous flat range of the row-major weight).</summary>
    public sealed class WeightPart
    {
        /// <summary>A part.</summary>
        /// <param name="start">The flat row-major position of the part's first element in the weight.</param>
        /// <param name="shape">The shape the initializer is called with.</param>
        /// <param name="initializer">The initializer as the config gives it (possibly unseeded), or <see cref="Family.Ones"/>
        /// for a block that Keras fills with ones whatever the config says.</param>
        /// <param name="slot">The config key the initializer comes from (<c>bias_initializer</c>), or null for a fixed block.</param>
        /// <param name="seedKey">The key an unseeded random initializer's seed is derived from, with the base seed and the
        /// layer path (<see cref="SeedDerivation.Derive"/>); unique within the layer.</param>
        public WeightPart(long start, IReadOnlyList<long> shape, Initializer initializer, string? slot, string seedKey)
        {
            Start = start;
            Shape = shape ?? throw new ArgumentNullException(nameof(shape));
            Initializer = initializer ?? throw new ArgumentNullException(nameof(initializer));
            Slot = slot;
            SeedKey = seedKey ?? throw new ArgumentNullException(nameof(seedKey));
        }

        /// <summary>The flat row-major position of the part's first element in the weight.</summary>
        public long Start { get; }

        /// <summary>The shape the initializer is called with.</summary>
        public IReadOnlyList<long> Shape { get; }

        /// <summary>The initializer as configured (an unseeded one is seeded by the caller from <see cref="SeedKey"/>).</summary>
        public Initializer Initializer { get; }

        /// <summary>The config key the initializer comes from, or null for a fixed block.</summary>
        public string? Slot { get; }

        /// <summary>The key for <see cref="SeedDerivation.Derive"/> when the initializer is random and unseeded.</summary>
        public string SeedKey { get; }
    }
}
