using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Initializers.IO
{
    /// <summary>The tensor a format writer lays out: either one in memory (<see cref="Tensor"/>) or one streamed from an
    /// initializer (<see cref="TensorElements"/>), never held. <see cref="Npy"/>, <see cref="Npz"/> and
    /// <see cref="Safetensors"/> write both through the same layout code, so a streamed file has the bytes (and the
    /// provenance) of the in-memory one.</summary>
    internal sealed class TensorSource
    {
        private readonly Tensor? tensor;
        private readonly TensorElements? elements;
        private readonly StreamingOptions streaming;

        private TensorSource(Tensor? tensor, TensorElements? elements, StreamingOptions? streaming)
        {
            this.tensor = tensor;
            this.elements = elements;
            this.streaming = streaming ?? new StreamingOptions();
            DType = tensor?.DType ?? elements!.DType;
            Shape = tensor is not null ? tensor.Shape.Select(d => (long)d).ToArray() : elements!.Shape.ToArray();
            Provenance = tensor is not null ? tensor.Provenance : elements!.RecordsProvenance ? new TensorProvenance(elements) : null;
            ByteCount = tensor is not null ? (tensor.DType == DType.String ? 0 : (long)tensor.Data.Length * tensor.DType.ElementSize()) : elements!.ByteCount;
        }

        /// <summary>The element type.</summary>
        public DType DType { get; }

        /// <summary>The dimensions, outermost first.</summary>
        public IReadOnlyList<long> Shape { get; }

        /// <summary>How the values were made, or null (a tensor not made by an initializer, or changed since).</summary>
        public TensorProvenance? Provenance { get; }

        /// <summary>The size of the data in bytes (0 for a string tensor, whose width the .npy writer plans).</summary>
        public long ByteCount { get; }

        /// <summary>The in-memory tensor, or null for a streamed one.</summary>
        public Tensor? Tensor => tensor;

        /// <summary>A source over an in-memory tensor.</summary>
        public static TensorSource From(Tensor tensor) => new(tensor ?? throw new ArgumentNullException(nameof(tensor)), null, null);

        /// <summary>A source that streams <paramref name="elements"/> chunk by chunk per <paramref name="streaming"/>.</summary>
        public static TensorSource From(TensorElements elements, StreamingOptions? streaming) =>
            new(null, elements ?? throw new ArgumentNullException(nameof(elements)), streaming);

        /// <summary>Name and source pairs for name and tensor pairs (a null tensor is an ArgumentNullException).</summary>
        public static List<KeyValuePair<string, TensorSource>> From(IEnumerable<KeyValuePair<string, Tensor>> tensors, string parameter) =>
            (tensors ?? throw new ArgumentNullException(parameter))
                .Select(t => new KeyValuePair<string, TensorSource>(t.Key, From(t.Value ?? throw new ArgumentNullException(parameter, $"The tensor '{t.Key}' is null."))))
                .ToList();

        /// <summary>Writes the data (fixed-size dtypes) as little-endian bytes, row-major. A streamed source reports
        /// progress as <paramref name="done"/> plus its bytes, out of <paramref name="total"/>, and stops on
        /// cancellation, per its streaming options.</summary>
        /// <param name="stream">Where the bytes go.</param>
        /// <param name="done">The bytes of the file written before this data.</param>
        /// <param name="total">The bytes of the whole file.</param>
        /// <param name="sameCalls">Write in calls of <see cref="Npy.ChunkBytes"/>, as the in-memory writer does, whatever
        /// the chunk size: deflate (an .npz member) then comes out the same.</param>
        public void WriteData(Stream stream, long done, long total, bool sameCalls)
        {
            if (tensor is not null)
            {
                Npy.WriteData(stream, tensor);
                return;
            }

            var options = sameCalls ? new StreamingOptions { Progress = streaming.Progress, Cancellation = streaming.Cancellation, ChunkBytes = Npy.ChunkBytes } : streaming;
            WriteElements(stream, elements!, 0, elements!.Count, options, done, total);
        }

        /// <summary>Writes elements [first, first + count) as little-endian bytes. One chunk is generated while the
        /// previous one is written; progress is reported as <paramref name="done"/> plus the bytes written, out of
        /// <paramref name="total"/>.</summary>
        internal static void WriteElements(Stream stream, TensorElements elements, long first, long count, StreamingOptions options, long done, long total)
        {
            var size = elements.ElementSize;
            var perChunk = Math.Max(1, options.ChunkBytes / size);
            var buffers = new[] { new byte[(int)Math.Min(perChunk, Math.Max(count, 1)) * size], new byte[(int)Math.Min(perChunk, Math.Max(count, 1)) * size] };
            Task? pending = null;
            var which = 0;
            try
            {
                for (var start = 0L; start < count; start += perChunk)
                {
                    options.Cancellation.ThrowIfCancellationRequested();
                    var n = (int)Math.Min(perChunk, count - start);
                    var buffer = buffers[which];
                    elements.FillBytes(first + start, buffer.AsSpan(0, n * size));
                    pending?.GetAwaiter().GetResult();
                    if (pending is not null)
                    {
                        options.Progress?.Invoke(done, total);
                    }

                    pending = Task.Run(() => stream.Write(buffer, 0, n * size));
                    done += (long)n * size;
                    which ^= 1;
                }

                pending?.GetAwaiter().GetResult();
                pending = null;
                options.Progress?.Invoke(done, total);
            }
            finally
            {
                // Never leave a write running on a stream that the caller is about to dispose.
                try
                {
                    pending?.Wait();
                }
                catch (AggregateException)
                {
                }
            }
        }
    }
}
