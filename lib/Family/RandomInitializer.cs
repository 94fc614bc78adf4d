using System;
using System.Security.Cryptography;

namespace Initializers.Family
{
    /// <summary>The base of the seeded initializers, with Keras 3 seed semantics: a given seed gives the same values on
    /// every call, thread count, process, build and SIMD tier (pinned by tests/golden; float64 Orthogonal has a second
    /// reference on machines and builds without fused multiply-add, see README, Reproducibility); without one, a fresh
    /// seed is drawn when the initializer is built, so one instance repeats itself and two instances differ.
    /// <c>get_config</c> still reports <c>seed: null</c>, and the seed actually used is readable as
    /// <see cref="EffectiveSeed"/> (and written by <see cref="WithEffectiveSeed"/>), so a run can be recorded and reproduced.</summary>
    public abstract class RandomInitializer : Initializer
    {
        /// <summary>Stores the seed, or draws one when it is null.</summary>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
        protected RandomInitializer(long? seed)
        {
            Seed = seed;
            EffectiveSeed = seed ?? DrawSeed();
        }

        /// <summary>The seed as configured; null when unseeded.</summary>
        public long? Seed { get; }

        /// <summary>The seed the values come from: <see cref="Seed"/>, or the one drawn at construction.</summary>
        public long EffectiveSeed { get; }

        /// <inheritdoc/>
        public override Initializer WithEffectiveSeed()
        {
            if (Seed is not null)
            {
                return this;
            }

            var config = GetConfig(KerasStyle.Keras2);
            config["seed"] = EffectiveSeed;
            return FromConfig(ClassName, config);
        }

        /// <summary>A fresh seed from the operating system's random source, in [1, 2^53): exact in a double, so it
        /// survives any JSON reader, and far too many values for two unseeded initializers to collide in practice.</summary>
        private static long DrawSeed()
        {
            var bytes = new byte[8];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(bytes);
            }

            var value = BitConverter.ToUInt64(bytes, 0) & ((1UL << 53) - 1);
            return value == 0 ? 1 : (long)value;
        }
    }
}
