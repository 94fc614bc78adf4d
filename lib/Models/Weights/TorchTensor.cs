using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Family;

namespace Initializers.Models.Weights
{
    /// <summary>One tensor of a PyTorch-style <c>state_dict</c> made from a Keras model's weights
    /// (<see cref="TorchStateDict.Map"/>): its torch name, shape and dtype, and the Keras weight whose values it holds,
    /// rearranged element for element (a permutation, with the GRU gate blocks reordered), or zeros where PyTorch has a
    /// tensor Keras does not (a recurrent layer's second bias, BatchNorm's <c>num_batches_tracked</c>).</summary>
    public sealed class TorchTensor
    {
        /// <summary>The most bytes of Keras columns kept for a transposed weight too large to read in one block (a test
        /// hook makes it small).</summary>
        internal static long BandBytes { get; set; } = 64L << 20;

        /// <summary>The widest span of Keras elements (beyond 16 per element asked for) read in one block; past it the
        /// band is used (a test hook makes it small).</summary>
        internal static long DirectSpan { get; set; } = 1L << 20;

        private readonly long[] shape;
        private readonly IReadOnlyList<(long Offset, long[] Shape, long[] Strides)>? views;

        internal TorchTensor(string name, long[] shape, DType dtype, ModelWeight source, IReadOnlyList<(long Offset, long[] Shape, long[] Strides)>? views)
        {
            Name = name;
            this.shape = shape;
            DType = dtype;
            Source = source;
            this.views = views;
        }

        /// <summary>The name in the <c>state_dict</c> (<c>encoder.fc.weight</c>, <c>lstm.weight_ih_l0</c>).</summary>
        public string Name { get; }

        /// <summary>The shape in PyTorch's layout.</summary>
        public IReadOnlyList<long> Shape => shape;

        /// <summary>The dtype: the Keras weight's, or int64 for <c>num_batches_tracked</c>.</summary>
        public DType DType { get; }

        /// <summary>The Keras weight whose values this tensor holds; for a tensor of zeros PyTorch adds, the weight it is
        /// written with (the same file of a sharded write).</summary>
        public ModelWeight Source { get; }

        /// <summary>True when the values are <see cref="Source"/>'s, rearranged; false for a tensor of zeros.</summary>
        public bool HoldsSource => views is not null;

        /// <summary>The number of elements.</summary>
        public long Count => TensorShape.Count(shape);

        /// <summary>The size in bytes.</summary>
        public long ByteCount => Count * DType.ElementSize();

        /// <summary>The elements of this tensor, produced on demand from the elements of its Keras weight: element
        /// [o, i, k…] of a torch Conv weight is element [k…, i, o] of the Keras kernel, bit for bit. They carry no
        /// provenance record (the file writers record none for them). Memory stays
        /// bounded: a range reads the Keras elements it needs in one block when they lie within 16 times its length
        /// (or 2^20 elements); else (a large transposed weight) a band of Keras columns of every row, up to 64 MiB (or
        /// the columns one range needs), is read once and kept for the ranges that follow.</summary>
        /// <param name="source">The Keras weight's elements (<see cref="ModelWeightValues.Elements"/> of
        /// <see cref="Source"/>); ignored for a tensor of zeros.</param>
        /// <exception cref="InitializerException">WeightValuesMismatch when <paramref name="source"/> does not have the
        /// Keras weight's shape and dtype.</exception>
        public TensorElements Elements(TensorElements source)
        {
            if (views is null)
            {
                // No provenance record: a PyTorch-layout file holds exactly the state_dict (an .npz no extra member).
                return new TensorElements(new Zeros(), shape, DType, (start, destination) => destination.Clear(), recordsProvenance: false);
            }

            if (source is null)
            {
                throw new ArgumentNullException(nameof(source));
            }

            WeightValues.Check(Source, source);
            var size = DType.ElementSize();
            var counts = views.Select(v => TensorShape.Count(v.Shape)).ToArray();
            var band = new (long Start, long Width, byte[] Data)?[1];
            void Fill(long start, Span<byte> destination)
            {
                var n = destination.Length / size;
                var index = new long[n];
                Indices(start, index, counts);
                if (n == 0)
                {
                    return;
                }

                var lo = index.Min();
                var span = index.Max() - lo + 1;
                if (span <= Math.Max(16L * n, DirectSpan))
                {
                    var buffer = new byte[span * size];
                    source.FillNative(lo, (int)span, buffer);
                    for (var i = 0; i < n; i++)
                    {
                        buffer.AsSpan((int)((index[i] - lo) * size), size).CopyTo(destination.Slice(i * size, size));
                    }

                    return;
                }

                // Far apart (a transposed weight larger than the block): a chunk of torch rows needs a few Keras
                // columns of every Keras row. Read a band of columns of every row once (up to BandBytes), keep it for
                // the chunks that follow, and pick the elements from it.
                var columns = Source.Shape[Source.Shape.Count - 1];
                var rows = Source.Count / columns;
                var first = index.Min(i => i % columns);
                var needed = index.Max(i => i % columns) - first + 1;
                lock (band)
                {
                    // The band is replaced in place (one buffer per tensor), so ranges pick from it under the lock.
                    var current = band[0];
                    if (current is null || first < current.Value.Start || first + needed > current.Value.Start + current.Value.Width)
                    {
                        var width = Math.Min(columns - first, Math.Max(needed, BandBytes / size / rows));
                        var data = current is { } old && old.Data.LongLength >= rows * width * size ? old.Data : new byte[rows * width * size];
                        for (var q = 0L; q < rows; q++)
                        {
                            source.FillNative((q * columns) + first, (int)width, data.AsSpan((int)(q * width * size), (int)width * size));
                        }

                        band[0] = current = (first, width, data);
                    }

                    var (bandStart, bandWidth, bandData) = current.Value;
                    for (var i = 0; i < n; i++)
                    {
                        var at = ((index[i] / columns * bandWidth) + (index[i] % columns) - bandStart) * size;
                        bandData.AsSpan((int)at, size).CopyTo(destination.Slice(i * size, size));
                    }
                }
            }

            return new TensorElements(source.Initializer, shape, DType, Fill, recordsProvenance: false);
        }

        /// <inheritdoc/>
        public override string ToString() => Name + " " + TensorShape.Format(shape);

        /// <summary>The flat Keras index of torch elements [start, start + index.Length).</summary>
        private void Indices(long start, long[] index, long[] counts)
        {
            var k = 0;
            var b = 0;
            var blockStart = 0L;
            var pos = start;
            while (k < index.Length)
            {
                while (pos >= blockStart + counts[b])
                {
                    blockStart += counts[b];
                    b++;
                }

                var (offset, dims, strides) = views![b];
                var at = new long[dims.Length];
                var rest = pos - blockStart;
                var source = offset;
                for (var d = dims.Length - 1; d >= 0; d--)
                {
                    at[d] = rest % dims[d];
                    rest /= dims[d];
                    source += at[d] * strides[d];
                }

                var take = Math.Min(index.Length - k, counts[b] - (pos - blockStart));
                for (var t = 0; t < take; t++)
                {
                    index[k++] = source;
                    for (var d = dims.Length - 1; d >= 0; d--)
                    {
                        at[d]++;
                        source += strides[d];
                        if (at[d] < dims[d])
                        {
                            break;
                        }

                        source -= strides[d] * dims[d];
                        at[d] = 0;
                    }
                }

                pos += take;
            }
        }
    }
}
