using System;
using System.IO;
using System.IO.Compression;
using System.Threading.Tasks;

namespace Initializers.IO
{
    /// <summary>Writes the tensor of an initializer straight into a .npy or .npz file, chunk by chunk, without ever
    /// holding it: the file may exceed memory and one .NET array. The bytes are the ones <see cref="Npy"/> and
    /// <see cref="Npz"/> write for the in-memory tensor (<see cref="Initializer.Call(System.Collections.Generic.IReadOnlyList{int}, DType)"/>) wherever that fits. Every write
    /// goes through <see cref="AtomicFile"/>: an error or a cancellation leaves the target as it was and no temporary
    /// file.</summary>
    public static class StreamingExport
    {
        /// <summary>Writes <paramref name="elements"/> to <paramref name="path"/> as a .npy file (format 1.0, C order,
        /// little-endian), as numpy 1.24's <c>np.save</c> would.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="elements">The tensor, from <see cref="Initializer.Elements"/>.</param>
        /// <param name="options">Progress, cancellation, chunk size and -Force; null for the defaults.</param>
        /// <exception cref="InitializerException">UnsupportedDType (bfloat16 has no .npy form), or one of
        /// <see cref="AtomicFile.Write"/>'s errors.</exception>
        /// <exception cref="OperationCanceledException">The write was cancelled; nothing was left behind.</exception>
        public static void WriteNpy(string path, TensorElements elements, StreamingOptions? options = null)
        {
            var header = NpyHeader(elements, path);
            options ??= new StreamingOptions();
            var total = header.Length + elements.ByteCount;
            AtomicFile.Write(
                path,
                stream =>
                {
                    stream.Write(header, 0, header.Length);
                    WriteElements(stream, elements, 0, elements.Count, options, header.Length, total);
                },
                options.OverwriteReadOnly);
        }

        /// <summary>Writes <paramref name="elements"/> to <paramref name="path"/> as a .npz archive with one member
        /// <c><paramref name="name"/>.npy</c>, as <see cref="Npz.Write(string, System.Collections.Generic.IEnumerable{System.Collections.Generic.KeyValuePair{string, Tensor}}, bool, bool)"/> writes the in-memory tensor. Members over
        /// 4 GiB get Zip64 records. The member is written in 1 MiB calls whatever
        /// <see cref="StreamingOptions.ChunkBytes"/> says, as the in-memory writer does.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="name">The tensor's name (the member name without <c>.npy</c>); not empty.</param>
        /// <param name="elements">The tensor, from <see cref="Initializer.Elements"/>.</param>
        /// <param name="compress">Deflate the member (<c>np.savez_compressed</c>); stored otherwise.</param>
        /// <param name="options">Progress, cancellation, chunk size and -Force; null for the defaults.</param>
        /// <exception cref="InitializerException">InvalidTensorName, UnsupportedDType, or one of
        /// <see cref="AtomicFile.Write"/>'s errors.</exception>
        /// <exception cref="OperationCanceledException">The write was cancelled; nothing was left behind.</exception>
        public static void WriteNpz(string path, string name, TensorElements elements, bool compress = false, StreamingOptions? options = null)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw Npy.Error("InvalidTensorName", ErrorKind.InvalidArgument, $"Cannot write '{path}': a tensor name is empty.", name, path);
            }

            var header = NpyHeader(elements, path);
            options ??= new StreamingOptions();
            var total = header.Length + elements.ByteCount;
            AtomicFile.Write(
                path,
                stream =>
                {
                    using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
                    var entry = Npz.CreateMember(archive, name, compress);
                    using var member = entry.Open();
                    member.Write(header, 0, header.Length);

                    // The same write calls as Npy.Write makes, so that deflate (and the zip layout) come out the same.
                    var sameCalls = new StreamingOptions { Progress = options.Progress, Cancellation = options.Cancellation, ChunkBytes = Npy.ChunkBytes };
                    WriteElements(member, elements, 0, elements.Count, sameCalls, header.Length, total);
                },
                options.OverwriteReadOnly);
        }

        /// <summary>The .npy header <see cref="Npy"/> writes for this tensor.</summary>
        internal static byte[] NpyHeader(TensorElements elements, string path)
        {
            if (elements is null)
            {
                throw new ArgumentNullException(nameof(elements));
            }

            return Npy.Header(NpyDescr.For(elements.DType, 0, path), elements.Shape);
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
