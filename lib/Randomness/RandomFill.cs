using System;

namespace Initializers.Randomness
{
    /// <summary>
    /// Deterministic, counter-based random fills on Philox4x32-10. Element k of the destination receives the value
    /// of global element index offset + k, a pure function of (seed, stream, index) and the distribution
    /// parameters, so any split of the work (chunks, threads, SIMD or scalar) gives identical bits.
    /// </summary>
    /// <remarks>
    /// Streams (the counter's fourth word) separate different uses of one seed. Every initializer draws from
    /// stream 0, Orthogonal's Gaussian matrix included (Family/Sampling.cs), as Keras's Orthogonal draws it with
    /// the initializer's own seed like RandomNormal does; other streams are free for future uses. Layout per
    /// Philox block: float32 uses one word per element (four per block); float64 and int64 use two words per
    /// element (two per block); normals use Box–Muller on word pairs.
    /// </remarks>
    internal static class RandomFill
    {
        /// <summary>Uniform in [minval, maxval), 24 random bits per element.</summary>
        /// <param name="destination">Receives one value per element; its length decides how many.</param>
        /// <param name="seed">The initializer's seed (the Philox key).</param>
        /// <param name="stream">The stream id; every initializer uses 0.</param>
        /// <param name="offset">The global index of the first element, so a chunk at offset k equals elements k.. of the whole fill.</param>
        /// <param name="minval">Lower bound, inclusive.</param>
        /// <param name="maxval">Upper bound, exclusive.</param>
        public static void Uniform(Span<float> destination, long seed, uint stream, long offset, float minval, float maxval) =>
            Uniform(destination, seed, stream, offset, minval, maxval, simd: true);

        /// <summary>Uniform in [minval, maxval), 53 random bits per element.</summary>
        /// <param name="destination">Receives one value per element; its length decides how many.</param>
        /// <param name="seed">The initializer's seed (the Philox key).</param>
        /// <param name="stream">The stream id; every initializer uses 0.</param>
        /// <param name="offset">The global index of the first element, so a chunk at offset k equals elements k.. of the whole fill.</param>
        /// <param name="minval">Lower bound, inclusive.</param>
        /// <param name="maxval">Upper bound, exclusive.</param>
        public static void Uniform(Span<double> destination, long seed, uint stream, long offset, double minval, double maxval) =>
            Uniform(destination, seed, stream, offset, minval, maxval, simd: true);

        /// <summary>Normal(mean, stddev) by Box–Muller.</summary>
        /// <param name="destination">Receives one value per element; its length decides how many.</param>
        /// <param name="seed">The initializer's seed (the Philox key).</param>
        /// <param name="stream">The stream id; every initializer uses 0.</param>
        /// <param name="offset">The global index of the first element, so a chunk at offset k equals elements k.. of the whole fill.</param>
        /// <param name="mean">The mean.</param>
        /// <param name="stddev">The standard deviation, &gt;= 0.</param>
        public static void Normal(Span<float> destination, long seed, uint stream, long offset, float mean, float stddev) =>
            Normal(destination, seed, stream, offset, mean, stddev, simd: true);

        /// <summary>Normal(mean, stddev) by Box–Muller.</summary>
        /// <param name="destination">Receives one value per element; its length decides how many.</param>
        /// <param name="seed">The initializer's seed (the Philox key).</param>
        /// <param name="stream">The stream id; every initializer uses 0.</param>
        /// <param name="offset">The global index of the first element, so a chunk at offset k equals elements k.. of the whole fill.</param>
        /// <param name="mean">The mean.</param>
        /// <param name="stddev">The standard deviation, &gt;= 0.</param>
        public static void Normal(Span<double> destination, long seed, uint stream, long offset, double mean, double stddev) =>
            Normal(destination, seed, stream, offset, mean, stddev, simd: true);

        /// <summary>
        /// Normal(mean, stddev) with values more than 2*stddev from the mean re-drawn (Keras/TF semantics; no
        /// variance correction: pass the corrected stddev when it is wanted).
        /// </summary>
        /// <param name="destination">Receives one value per element; its length decides how many.</param>
        /// <param name="seed">The initializer's seed (the Philox key).</param>
        /// <param name="stream">The stream id; every initializer uses 0.</param>
        /// <param name="offset">The global index of the first element, so a chunk at offset k equals elements k.. of the whole fill.</param>
        /// <param name="mean">The mean.</param>
        /// <param name="stddev">The standard deviation before truncation, &gt;= 0; values farther than 2·stddev from the mean are re-drawn.</param>
        public static void TruncatedNormal(Span<float> destination, long seed, uint stream, long offset, float mean, float stddev) =>
            TruncatedNormal(destination, seed, stream, offset, mean, stddev, simd: true);

        /// <inheritdoc cref="TruncatedNormal(Span{float}, long, uint, long, float, float)"/>
        public static void TruncatedNormal(Span<double> destination, long seed, uint stream, long offset, double mean, double stddev) =>
            TruncatedNormal(destination, seed, stream, offset, mean, stddev, simd: true);

        /// <summary>Unbiased integers in [minval, maxvalExclusive).</summary>
        /// <param name="destination">Receives one value per element; its length decides how many.</param>
        /// <param name="seed">The initializer's seed (the Philox key).</param>
        /// <param name="stream">The stream id; every initializer uses 0.</param>
        /// <param name="offset">The global index of the first element, so a chunk at offset k equals elements k.. of the whole fill.</param>
        /// <param name="minval">Lower bound, inclusive.</param>
        /// <param name="maxvalExclusive">Upper bound, exclusive; greater than <paramref name="minval"/>.</param>
        public static void UniformInt64(Span<long> destination, long seed, uint stream, long offset, long minval, long maxvalExclusive) =>
            UniformInt64(destination, seed, stream, offset, minval, maxvalExclusive, simd: true);

        // ---- The same functions with the SIMD path switchable: simd = false is the scalar reference. ----

        internal static void Uniform(Span<float> destination, long seed, uint stream, long offset, float minval, float maxval, bool simd)
        {
            CheckOffset(offset, destination.Length);
            CheckInterval(minval, maxval, maxval - minval);
            var transform = new UniformFloatTransform(minval, maxval);
#if NET8_0_OR_GREATER
            if (simd && VectorKernels.IsSupported)
            {
                VectorKernels.UniformFloat(destination, (ulong)seed, stream, offset, transform);
                return;
            }
#endif
            ScalarKernels.Fill(destination, (ulong)seed, stream, 0, offset, transform);
        }

        internal static void Uniform(Span<double> destination, long seed, uint stream, long offset, double minval, double maxval, bool simd)
        {
            CheckOffset(offset, destination.Length);
            CheckInterval(minval, maxval, maxval - minval);
            var transform = new UniformDoubleTransform(minval, maxval);
#if NET8_0_OR_GREATER
            if (simd && VectorKernels.IsSupported)
            {
                VectorKernels.UniformDouble(destination, (ulong)seed, stream, offset, transform);
                return;
            }
#endif
            ScalarKernels.Fill(destination, (ulong)seed, stream, 0, offset, transform);
        }

        internal static void Normal(Span<float> destination, long seed, uint stream, long offset, float mean, float stddev, bool simd)
        {
            CheckOffset(offset, destination.Length);
            CheckNormal(mean, stddev);
            var transform = new NormalFloatTransform(mean, stddev);
#if NET8_0_OR_GREATER
            if (simd && VectorKernels.IsSupported)
            {
                VectorKernels.NormalFloat(destination, (ulong)seed, stream, 0, offset, transform);
                return;
            }
#endif
            ScalarKernels.Fill(destination, (ulong)seed, stream, 0, offset, transform);
        }

        internal static void Normal(Span<double> destination, long seed, uint stream, long offset, double mean, double stddev, bool simd)
        {
            CheckOffset(offset, destination.Length);
            CheckNormal(mean, stddev);
            var transform = new NormalDoubleTransform(mean, stddev);
#if NET8_0_OR_GREATER
            if (simd && VectorKernels.IsSupported)
            {
                VectorKernels.NormalDouble(destination, (ulong)seed, stream, 0, offset, transform);
                return;
            }
#endif
            ScalarKernels.Fill(destination, (ulong)seed, stream, 0, offset, transform);
        }

        internal static void TruncatedNormal(Span<float> destination, long seed, uint stream, long offset, float mean, float stddev, bool simd)
        {
            CheckOffset(offset, destination.Length);
            CheckNormal(mean, stddev);
            Truncation.Fill(destination, (ulong)seed, stream, offset, mean, stddev, simd);
        }

        internal static void TruncatedNormal(Span<double> destination, long seed, uint stream, long offset, double mean, double stddev, bool simd)
        {
            CheckOffset(offset, destination.Length);
            CheckNormal(mean, stddev);
            Truncation.Fill(destination, (ulong)seed, stream, offset, mean, stddev, simd);
        }

        internal static void UniformInt64(Span<long> destination, long seed, uint stream, long offset, long minval, long maxvalExclusive, bool simd)
        {
            CheckOffset(offset, destination.Length);
            if (minval >= maxvalExclusive)
            {
                throw Invalid($"minval ({minval}) must be less than maxval ({maxvalExclusive}).", new[] { minval, maxvalExclusive });
            }

            BoundedInt64.Fill(destination, (ulong)seed, stream, offset, minval, maxvalExclusive, simd);
        }

        // ---- Argument checks ----

        private static void CheckOffset(long offset, int length)
        {
            if (offset < 0 || offset > long.MaxValue - length)
            {
                throw Invalid($"offset ({offset}) must be non-negative and offset + length must fit in 64 bits.", offset);
            }
        }

        private static void CheckInterval(double minval, double maxval, double range)
        {
            if (double.IsNaN(minval) || double.IsNaN(maxval) || double.IsInfinity(minval) || double.IsInfinity(maxval))
            {
                throw Invalid($"minval ({minval}) and maxval ({maxval}) must be finite.", new[] { minval, maxval });
            }

            if (!(minval < maxval))
            {
                throw Invalid($"minval ({minval}) must be less than maxval ({maxval}).", new[] { minval, maxval });
            }

            if (double.IsInfinity(range))
            {
                throw Invalid($"maxval - minval overflows for minval {minval} and maxval {maxval}.", new[] { minval, maxval });
            }
        }

        private static void CheckNormal(double mean, double stddev)
        {
            if (double.IsNaN(mean) || double.IsInfinity(mean))
            {
                throw Invalid($"mean ({mean}) must be finite.", mean);
            }

            if (!(stddev >= 0) || double.IsInfinity(stddev))
            {
                throw Invalid($"stddev ({stddev}) must be finite and non-negative.", stddev);
            }
        }

        private static InitializerException Invalid(string message, object target) =>
            new InitializerException("InvalidArgument", ErrorKind.InvalidArgument, message, target);
    }
}
