using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Initializers
{
    /// <summary>Seeds for the initializers of a whole model, derived from one base seed so that every slot gets its own
    /// stable seed: the seed of a slot is <c>1 + (the first 8 bytes of SHA-256(s), read big-endian) mod (2^31 - 1)</c>,
    /// where <c>s</c> is the UTF-8 text <c>"initializers-seed-v1\n" + baseSeed + "\n" + layerPath + "\n" + slot</c>
    /// (the base seed in invariant decimal, the layer path with nested names joined by <c>/</c>, the slot key as
    /// written in the file, no final line break). The result lies in 1 … 2^31 - 1 because Keras 3 keeps seeds in
    /// uint32 state (and reads 0 as "no seed" in early versions), TensorFlow.js seeds are JavaScript numbers and
    /// numpy's legacy seeds must be below 2^32. The derivation is a contract: it never changes for a given version
    /// tag.</summary>
    public static class SeedDerivation
    {
        /// <summary>The largest derived seed, 2^31 - 1.</summary>
        public const long MaxSeed = int.MaxValue;

        /// <summary>The seed for one slot of a model.</summary>
        /// <param name="baseSeed">The seed the user gave for the whole model (any long).</param>
        /// <param name="layerPath">The layer's path: the names of the enclosing models and the layer, joined by
        /// <c>/</c> (<c>encoder/dense_1</c>).</param>
        /// <param name="slot">The slot key as written in the file (<c>kernel_initializer</c>, <c>recurrentInitializer</c>).</param>
        /// <returns>A seed in 1 … <see cref="MaxSeed"/>.</returns>
        /// <exception cref="InitializerException"><c>InvalidArgument</c> when <paramref name="layerPath"/> or
        /// <paramref name="slot"/> is null.</exception>
        public static long Derive(long baseSeed, string layerPath, string slot)
        {
            if (layerPath == null || slot == null)
            {
                throw new InitializerException("InvalidArgument", ErrorKind.InvalidArgument,
                    "A derived seed needs a layer path and a slot key.", layerPath == null ? nameof(layerPath) : nameof(slot));
            }

            var text = "initializers-seed-v1\n" + baseSeed.ToString(CultureInfo.InvariantCulture) + "\n" + layerPath + "\n" + slot;
            byte[] hash;
            using (var sha = SHA256.Create())
            {
                hash = sha.ComputeHash(new UTF8Encoding(false).GetBytes(text));
            }

            ulong head = 0;
            for (var i = 0; i < 8; i++)
            {
                head = (head << 8) | hash[i];
            }

            return 1 + (long)(head % (ulong)MaxSeed);
        }
    }
}
