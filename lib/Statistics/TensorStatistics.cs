using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Initializers.Family;

namespace Initializers.Statistics
{
    /// <summary>Measures tensors (count, mean, std, min, max, NaN and ±Inf counts, histogram) and states what an
    /// initializer's formulas expect for a shape and dtype, so the two can be compared.</summary>
    public static class TensorStatistics
    {
        /// <summary>numpy.histogram's default number of bins.</summary>
        public const int DefaultBins = 10;

        private const int BlockSize = 4096;

        /// <summary>The statistics of <paramref name="tensor"/>, without expectations.</summary>
        /// <param name="tensor">A tensor of a real numeric dtype: float16, bfloat16, float32, float64 or an integer
        /// type. bool, complex and string are refused (UnsupportedDType).</param>
        /// <param name="bins">The number of equal-width histogram bins, 1 or more (default 10, as numpy).</param>
        public static TensorMeasurement Measure(Tensor tensor, int bins = DefaultBins) => Measure(tensor, null, bins);

        /// <summary>The statistics of <paramref name="tensor"/>, and what <paramref name="initializer"/> expects for its
        /// shape and dtype (<see cref="Expected"/>). Every element is widened to double (float16 and bfloat16 exactly).
        /// Mean and std come from one pass over the data in blocks: each block's sum and its sum of squared deviations
        /// from its own mean, merged by Chan et al.'s pairwise update, all in double, so a large offset does not cancel
        /// the variance away. A second pass counts the histogram, whose range (min to max) the first pass found.
        /// Non-finite elements are counted, not averaged: mean, std, min, max and the histogram are numpy's for
        /// <c>a[np.isfinite(a)]</c>.</summary>
        /// <param name="tensor">A tensor of a real numeric dtype: float16, bfloat16, float32, float64 or an integer
        /// type. bool, complex and string are refused (UnsupportedDType).</param>
        /// <param name="initializer">The initializer that made the tensor; null for none. It must accept the tensor's
        /// shape and dtype (its own error otherwise).</param>
        /// <param name="bins">The number of equal-width histogram bins, 1 or more (numpy's default is 10).</param>
        public static TensorMeasurement Measure(Tensor tensor, Initializer? initializer, int bins)
        {
            if (tensor is null)
            {
                throw new InitializerException("InvalidArgument", ErrorKind.InvalidArgument, "Measure needs a tensor; got null.", null);
            }

            CheckMeasurable(tensor.DType);
            if (bins < 1)
            {
                throw new InitializerException(
                    "InvalidBins",
                    ErrorKind.InvalidArgument,
                    $"A histogram needs at least one bin; got {bins.ToString(CultureInfo.InvariantCulture)}.",
                    bins);
            }

            var expected = initializer is null ? null : Expected(initializer, tensor.Shape, tensor.DType);
            var moments = new Moments();
            var buffer = new double[BlockSize];
            long nan = 0, positiveInfinity = 0, negativeInfinity = 0;
            for (long start = 0; start < tensor.Count; start += BlockSize)
            {
                var length = (int)Math.Min(BlockSize, tensor.Count - start);
                Widen(tensor, start, buffer.AsSpan(0, length));
                var finite = 0;
                for (var i = 0; i < length; i++)
                {
                    var v = buffer[i];
                    if (double.IsNaN(v))
                    {
                        nan++;
                    }
                    else if (double.IsPositiveInfinity(v))
                    {
                        positiveInfinity++;
                    }
                    else if (double.IsNegativeInfinity(v))
                    {
                        negativeInfinity++;
                    }
                    else
                    {
                        buffer[finite++] = v;
                    }
                }

                moments.Add(buffer.AsSpan(0, finite));
            }

            var histogram = Count(tensor, moments, bins, buffer);
            var none = moments.N == 0;
            return new TensorMeasurement(
                tensor.Shape.ToArray(),
                tensor.DType,
                tensor.Count,
                none ? double.NaN : moments.Mean,
                none ? double.NaN : Math.Sqrt(moments.M2 / moments.N),
                none ? double.NaN : moments.Min,
                none ? double.NaN : moments.Max,
                nan,
                positiveInfinity,
                negativeInfinity,
                histogram,
                initializer,
                expected);
        }

        /// <summary>What <paramref name="initializer"/>'s formulas give for a tensor of <paramref name="shape"/> and
        /// <paramref name="dtype"/> (initializers-spec §2): mean, population std and hard bounds.
        /// <list type="bullet">
        /// <item>Zeros, Ones, Constant: the (cast) values themselves, exactly.</item>
        /// <item>RandomUniform: mean (a+b)/2, std (b−a)/sqrt(12), bounds [a, b); for an integer dtype the discrete
        /// uniform on a..b−1: mean (a+b−1)/2, std sqrt(((b−a)²−1)/12).</item>
        /// <item>RandomNormal: mean and stddev, unbounded.</item>
        /// <item>TruncatedNormal: mean, std = stddev·0.87962566103423978 (Keras applies no correction), bounds
        /// mean ± 2·stddev.</item>
        /// <item>VarianceScaling and Glorot/He/Lecun, with s = scale / max(1, n) and n the fan of the mode: std sqrt(s)
        /// for every distribution; truncated_normal bounds ±2·sqrt(s)/0.8796…, uniform bounds [−sqrt(3s), sqrt(3s)),
        /// untruncated_normal unbounded; mean 0.</item>
        /// <item>Identity (r×c, k = min(r, c), gain g): mean k·g/(r·c), std |g|·sqrt(k·(r·c−k))/(r·c), bounds the
        /// smallest and largest of g and (when r·c &gt; k) 0, all exact.</item>
        /// <item>Orthogonal (r = product of the leading dimensions, c = the last): every row or column has norm |g|,
        /// so the sum of squares is exactly g²·k and the root mean square g·sqrt(k/(r·c)); Std is that RMS (the
        /// population std differs from it only by the tiny sample mean), Mean is 0 (the distribution's mean, by
        /// symmetry), bounds ±|g| (no entry of a unit vector exceeds 1).</item>
        /// </list>
        /// Null for an initializer of a class not listed here.</summary>
        /// <param name="initializer">The initializer.</param>
        /// <param name="shape">The tensor's dimensions; refused as the initializer's Call refuses it.</param>
        /// <param name="dtype">The tensor's dtype (default float32): a real numeric one, as for Measure, and one the
        /// initializer accepts.
        /// Fixed values are cast to it first, so Constant(0.1) in float32 expects 0.100000001490116.</param>
        public static ExpectedStatistics? Expected(Initializer initializer, IReadOnlyList<int> shape, DType dtype = DType.Float32)
        {
            if (initializer is null)
            {
                throw new InitializerException("InvalidArgument", ErrorKind.InvalidArgument, "Expected needs an initializer; got null.", null);
            }

            CheckMeasurable(dtype);
            var checkedShape = TensorShape.Check(shape);
            initializer.Check(checkedShape, dtype);
            var count = TensorShape.Count(checkedShape);
            switch (initializer)
            {
                case Zeros:
                    return Fixed(new[] { 0.0 }, "0");
                case Ones:
                    return Fixed(new[] { 1.0 }, "1");
                case Constant constant:
                    return Fixed(constant.Values.Select(v => CastToDouble(v, dtype, constant.ClassName)).ToArray(), "the value, cast to " + dtype.Name());
                case RandomUniform uniform when dtype.IsInteger():
                {
                    var a = uniform.Minval;
                    var b = uniform.Maxval;
                    return new ExpectedStatistics((a + b - 1) / 2, Math.Sqrt((((b - a) * (b - a)) - 1) / 12), a, b - 1, false, false, "integers uniform on minval..maxval-1: mean (a+b-1)/2, std sqrt(((b-a)^2-1)/12)");
                }

                case RandomUniform uniform:
                {
                    var a = uniform.Minval;
                    var b = uniform.Maxval;
                    return new ExpectedStatistics((a + b) / 2, (b - a) / Math.Sqrt(12), a, b, true, false, "U[minval, maxval): mean (a+b)/2, std (b-a)/sqrt(12)");
                }

                case TruncatedNormal truncated:
                    return new ExpectedStatistics(
                        truncated.Mean,
                        truncated.Stddev * VarianceScaling.TruncationCorrection,
                        truncated.Mean - (2 * truncated.Stddev),
                        truncated.Mean + (2 * truncated.Stddev),
                        false,
                        false,
                        "N(mean, stddev^2) cut at mean ± 2 stddev: std stddev * 0.8796256610342398");
                case RandomNormal normal:
                    return new ExpectedStatistics(normal.Mean, normal.Stddev, null, null, false, false, "N(mean, stddev^2)");
                case VarianceScaling scaling:
                    return Scaled(scaling, checkedShape);
                case Identity identity:
                    return IdentityStatistics(CastToDouble(identity.Gain, dtype, identity.ClassName), checkedShape);
                case Orthogonal orthogonal:
                {
                    var rows = 1.0;
                    for (var i = 0; i < checkedShape.Length - 1; i++)
                    {
                        rows *= checkedShape[i];
                    }

                    var cols = (double)checkedShape[checkedShape.Length - 1];
                    var g = Math.Abs(CastToDouble(orthogonal.Gain, dtype, orthogonal.ClassName));
                    var rms = count == 0 ? double.NaN : g * Math.Sqrt(Math.Min(rows, cols) / (rows * cols));
                    return new ExpectedStatistics(count == 0 ? double.NaN : 0, rms, -g, g, false, false, "orthonormal rows or columns of norm |gain|: std is the exact RMS |gain|*sqrt(min(r,c)/(r*c)); mean 0 by symmetry");
                }

                case Torch.TorchRandomInitializer torch:
                    return Torch.TorchExpected.Of(torch.DrawFor(checkedShape.Select(d => (long)d).ToArray()));
                case Torch.TorchConstant constant:
                    return Fixed(new[] { CastToDouble(constant.Val, dtype, constant.ClassName) }, "val, cast to " + dtype.Name());
                default:
                    return null;
            }
        }

        private static ExpectedStatistics Scaled(VarianceScaling scaling, int[] shape)
        {
            var p = scaling.ParameterFor(shape);
            switch (scaling.Distribution)
            {
                case "truncated_normal":
                    return new ExpectedStatistics(0, p * VarianceScaling.TruncationCorrection, -2 * p, 2 * p, false, false, "std sqrt(scale/n) after the cut at ±2 stddev, stddev = sqrt(scale/n)/0.8796256610342398");
                case "untruncated_normal":
                    return new ExpectedStatistics(0, p, null, null, false, false, "N(0, scale/n)");
                default:
                    return new ExpectedStatistics(0, p / Math.Sqrt(3), -p, p, true, false, "U[-limit, limit), limit = sqrt(3*scale/n), std limit/sqrt(3)");
            }
        }

        private static ExpectedStatistics IdentityStatistics(double gain, int[] shape)
        {
            var n = (double)shape[0] * shape[1];
            var k = (double)Math.Min(shape[0], shape[1]);
            if (n == 0)
            {
                return new ExpectedStatistics(double.NaN, double.NaN, null, null, false, true, "gain * eye(rows, cols) with no elements");
            }

            var hasZeros = n > k;
            return new ExpectedStatistics(
                k * gain / n,
                Math.Abs(gain) * Math.Sqrt(k * (n - k)) / n,
                hasZeros ? Math.Min(0, gain) : gain,
                hasZeros ? Math.Max(0, gain) : gain,
                false,
                true,
                "gain * eye(rows, cols): min(rows, cols) entries equal gain, the rest 0");
        }

        private static ExpectedStatistics Fixed(double[] values, string formula)
        {
            var moments = new Moments();
            moments.Add(values);
            return new ExpectedStatistics(moments.Mean, Math.Sqrt(moments.M2 / moments.N), moments.Min, moments.Max, false, true, formula);
        }

        /// <summary>A value cast to <paramref name="dtype"/> by the one cast rule (tf.cast), as a double.</summary>
        private static double CastToDouble(object value, DType dtype, string what)
        {
            var stored = TensorFill.Cast(value, dtype, what);
            return dtype switch
            {
                DType.Float16 => HalfConversions.FromHalfBits((ushort)stored),
                DType.BFloat16 => HalfConversions.FromBFloat16Bits((ushort)stored),
                _ => Convert.ToDouble(stored, CultureInfo.InvariantCulture),
            };
        }

        private static void CheckMeasurable(DType dtype)
        {
            if (dtype == DType.Bool || dtype.IsComplex() || dtype == DType.String)
            {
                throw new InitializerException(
                    "UnsupportedDType",
                    ErrorKind.InvalidArgument,
                    $"Measure takes the real numeric dtypes ({DTypes.List(DTypes.All.Where(d => d != DType.Bool && !d.IsComplex() && d != DType.String))}); got {dtype.Name()}.",
                    dtype.Name());
            }
        }

        /// <summary>numpy.histogram(a[np.isfinite(a)], bins): edges from linspace(min, max, bins + 1) computed in double
        /// (min ± 0.5 when min == max, 0 to 1 when nothing is finite) and rounded to the tensor's float dtype as numpy
        /// rounds them; each value goes to the bin whose edges hold it, the last bin closed. That is numpy's assignment
        /// whenever the rounded edges increase strictly; when a narrow dtype rounds several edges onto one value
        /// (float16 over a range of a few ulps), numpy's one-step correction can pick a neighbouring empty bin.</summary>
        private static Histogram Count(Tensor tensor, Moments moments, int bins, double[] buffer)
        {
            double first, last;
            if (moments.N == 0)
            {
                first = 0;
                last = 1;
            }
            else if (moments.Min == moments.Max)
            {
                first = moments.Min - 0.5;
                last = moments.Max + 0.5;
            }
            else
            {
                first = moments.Min;
                last = moments.Max;
            }

            var edges = new double[bins + 1];
            var step = (last - first) / bins;
            for (var i = 0; i < bins; i++)
            {
                edges[i] = HalfConversions.RoundTo(tensor.DType, (i * step) + first);
            }

            edges[bins] = HalfConversions.RoundTo(tensor.DType, last);
            var counts = new long[bins];
            var scale = bins / (edges[bins] - edges[0]);
            for (long start = 0; start < tensor.Count && moments.N > 0; start += BlockSize)
            {
                var length = (int)Math.Min(BlockSize, tensor.Count - start);
                Widen(tensor, start, buffer.AsSpan(0, length));
                for (var i = 0; i < length; i++)
                {
                    var v = buffer[i];
                    if (double.IsNaN(v) || double.IsInfinity(v))
                    {
                        continue;
                    }

                    // A first guess from the position, then corrected against the edges themselves (as numpy does).
                    var k = (int)Math.Min(bins - 1, Math.Max(0, (v - edges[0]) * scale));
                    while (k > 0 && v < edges[k])
                    {
                        k--;
                    }

                    while (k < bins - 1 && v >= edges[k + 1])
                    {
                        k++;
                    }

                    counts[k]++;
                }
            }

            return new Histogram(edges, counts);
        }

        /// <summary>Elements start .. start + destination.Length - 1, widened to double (exactly, but for int64 and
        /// uint64 beyond 2^53).</summary>
        private static void Widen(Tensor tensor, long start, Span<double> destination)
        {
            // By dtype, not by array type: the runtime lets an int[] pass as a uint[] (and short[] as ushort[], ...).
            var s = (int)start;
            var n = destination.Length;
            switch (tensor.DType)
            {
                case DType.Float32:
                {
                    // The common case, without a delegate call per element.
                    var a = (float[])tensor.Data;
                    for (var i = 0; i < n; i++)
                    {
                        destination[i] = a[s + i];
                    }

                    break;
                }

                case DType.Float64:
                    ((double[])tensor.Data).AsSpan(s, n).CopyTo(destination);
                    break;
                case DType.Float16:
                    Widen((ushort[])tensor.Data, s, destination, v => HalfConversions.FromHalfBits(v));
                    break;
                case DType.BFloat16:
                    Widen((ushort[])tensor.Data, s, destination, v => HalfConversions.FromBFloat16Bits(v));
                    break;
                case DType.UInt16:
                    Widen((ushort[])tensor.Data, s, destination, v => v);
                    break;
                case DType.Int8:
                    Widen((sbyte[])tensor.Data, s, destination, v => v);
                    break;
                case DType.Int16:
                    Widen((short[])tensor.Data, s, destination, v => v);
                    break;
                case DType.Int32:
                    Widen((int[])tensor.Data, s, destination, v => v);
                    break;
                case DType.Int64:
                    Widen((long[])tensor.Data, s, destination, v => v);
                    break;
                case DType.UInt8:
                    Widen((byte[])tensor.Data, s, destination, v => v);
                    break;
                case DType.UInt32:
                    Widen((uint[])tensor.Data, s, destination, v => v);
                    break;
                case DType.UInt64:
                    Widen((ulong[])tensor.Data, s, destination, v => v);
                    break;
                default:
                    throw new InvalidOperationException("Widen: " + tensor.DType.Name() + " is not a real numeric dtype.");
            }
        }

        private static void Widen<T>(T[] source, int start, Span<double> destination, Func<T, double> widen)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = widen(source[start + i]);
            }
        }

        /// <summary>Count, mean, sum of squared deviations (M2), min and max of the values added so far. Each block
        /// adds its own mean and M2 (two passes over a block that is in cache), merged by Chan, Golub and LeVeque's
        /// update: n = na + nb, mean += d·nb/n, M2 = M2a + M2b + d²·na·nb/n with d = meanb − meana.</summary>
        private sealed class Moments
        {
            public long N { get; private set; }

            public double Mean { get; private set; }

            public double M2 { get; private set; }

            public double Min { get; private set; } = double.PositiveInfinity;

            public double Max { get; private set; } = double.NegativeInfinity;

            public void Add(ReadOnlySpan<double> block)
            {
                if (block.Length == 0)
                {
                    return;
                }

                var sum = 0.0;
                var min = Min;
                var max = Max;
                foreach (var v in block)
                {
                    sum += v;
                    min = v < min ? v : min;
                    max = v > max ? v : max;
                }

                var m = block.Length;
                var blockMean = sum / m;
                var blockM2 = 0.0;
                foreach (var v in block)
                {
                    var d = v - blockMean;
                    blockM2 += d * d;
                }

                var total = N + m;
                var delta = blockMean - Mean;
                Mean += delta * m / total;
                M2 += blockM2 + (delta * delta * N * m / total);
                N = total;
                Min = min;
                Max = max;
            }
        }
    }
}
