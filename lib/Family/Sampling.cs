using System;

namespace Initializers.Family
{
    /// <summary>Allocates a tensor and fills it from the counter-based generator (see Randomness/). Float16 and
    /// bfloat16 are sampled in float32 and rounded, chunk by chunk, without a full-size temporary.</summary>
    internal static class Sampling
    {
        public static Tensor Uniform(int[] shape, DType dtype, long seed, double minval, double maxval) => throw new NotImplementedException();

        public static Tensor Normal(int[] shape, DType dtype, long seed, double mean, double stddev) => throw new NotImplementedException();

        public static Tensor TruncatedNormal(int[] shape, DType dtype, long seed, double mean, double stddev) => throw new NotImplementedException();

        public static Tensor UniformInteger(int[] shape, DType dtype, long seed, long minval, long maxvalExclusive) => throw new NotImplementedException();

        public static Tensor Orthogonal(int[] shape, DType dtype, long seed, int rows, int cols, double gain) => throw new NotImplementedException();

        public static (long Lowest, long Highest) IntegerRange(DType dtype) => dtype switch
        {
            DType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
            DType.Int16 => (short.MinValue, short.MaxValue),
            DType.Int32 => (int.MinValue, int.MaxValue),
            DType.UInt8 => (byte.MinValue, byte.MaxValue),
            DType.UInt16 => (ushort.MinValue, ushort.MaxValue),
            DType.UInt32 => (uint.MinValue, uint.MaxValue),
            DType.UInt64 => (0, long.MaxValue),
            _ => (long.MinValue, long.MaxValue),
        };
    }
}
