using System;
using Initializers.IO;
#if NET
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using PureHDF;
using PureHDF.Selections;
#endif

namespace Initializers.Models.Weights
{
    /// <summary>Writes a model's weights as the Keras 3 <c>.weights.h5</c> file that <c>model.load_weights</c> reads
    /// (model-formats §2.2): every saveable object of the plan gets a <c>vars</c> group whose attribute <c>name</c> is
    /// the object's name, and every weight is the dataset at its <see cref="ModelWeight.KerasPath"/>, contiguous, without
    /// filters, in its dtype (bfloat16 as float32 values with the attribute <c>dtype="bfloat16"</c>, which Keras casts
    /// back exactly). There are no root attributes. The file is written with PureHDF, which targets .NET 6 and later:
    /// the .NET Standard 2.0 build (Windows PowerShell 5.1) refuses with KerasWeightsUnsupportedRuntime.</summary>
    public static class KerasWeightsFile
    {
        /// <summary>The file name ending Keras 3 requires: any other <c>.h5</c> is read as the legacy layout.</summary>
        public const string Extension = ".weights.h5";

        /// <summary>Writes the weights of <paramref name="plan"/> to <paramref name="path"/>, through
        /// <see cref="AtomicFile"/>, streaming each weight chunk by chunk (at most two chunks of
        /// <see cref="StreamingOptions.ChunkBytes"/> are held at a time, whatever the weight's size).</summary>
        /// <param name="path">The file to create or replace; its name must end in <c>.weights.h5</c>.</param>
        /// <param name="plan">The model's weights and saveable objects (<see cref="ModelWeightPlan.Build"/>).</param>
        /// <param name="values">Each weight's values (its shape and dtype).</param>
        /// <param name="streaming">Progress (bytes of weight data), cancellation and chunk size; null for the defaults.</param>
        /// <param name="overwriteReadOnly">Replace a read-only file (PowerShell's <c>-Force</c>).</param>
        /// <exception cref="InitializerException">KerasWeightsFileName (another file name), KerasWeightsDTypeUnsupported
        /// (bool, complex or string weights), WeightValuesMismatch, KerasWeightsUnsupportedRuntime (.NET Standard 2.0), or
        /// one of <see cref="AtomicFile.Write"/>'s errors.</exception>
        /// <exception cref="OperationCanceledException">The write was cancelled; nothing was left behind.</exception>
        public static void Write(string path, ModelWeightPlan plan, Func<ModelWeight, TensorElements> values, StreamingOptions? streaming = null, bool overwriteReadOnly = false)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (!path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
            {
                throw new InitializerException(
                    "KerasWeightsFileName",
                    ErrorKind.InvalidArgument,
                    $"'{path}' does not end in {Extension}: Keras reads any other .h5 file as the legacy (Keras 2) layout and would misread it. Name it like 'model{Extension}'.",
                    path) { SourceName = path };
            }

            var elements = WeightValues.Resolve(plan, values);
            foreach (var weight in plan.Weights)
            {
                if (weight.DType is DType.Bool or DType.Complex64 or DType.Complex128 or DType.String)
                {
                    throw new InitializerException(
                        "KerasWeightsDTypeUnsupported",
                        ErrorKind.InvalidArgument,
                        $"The weight '{weight.Path}' is {weight.DType.Name()}; a Keras weights file holds float16, bfloat16, float32, float64 and integer variables.",
                        weight.Path) { SourceName = path };
                }
            }

            streaming ??= new StreamingOptions();
#if NET
            using (Cancellation.UseIfCancelable(streaming.Cancellation))
            {
                AtomicFile.Write(path, stream => WriteFile(stream, plan, elements, streaming), overwriteReadOnly);
            }
#else
            throw new InitializerException(
                "KerasWeightsUnsupportedRuntime",
                ErrorKind.InvalidOperation,
                $"Cannot write '{path}': Keras .weights.h5 files are written with PureHDF, which needs .NET 6 or later (PowerShell 7); this is the .NET Standard 2.0 build (Windows PowerShell 5.1). Write .safetensors or .npz here, or run PowerShell 7.",
                path) { SourceName = path };
#endif
        }

#if NET
        private static void WriteFile(Stream stream, ModelWeightPlan plan, List<TensorElements> elements, StreamingOptions streaming)
        {
            var file = new H5File();
            foreach (var owner in plan.KerasObjects)
            {
                var vars = GroupAt(file, owner.Path.Length == 0 ? "vars" : owner.Path + "/vars");
                vars.Attributes["name"] = owner.Name;
            }

            var datasets = new List<H5Dataset>(plan.Weights.Count);
            for (var i = 0; i < plan.Weights.Count; i++)
            {
                var weight = plan.Weights[i];
                var slash = weight.KerasPath.LastIndexOf('/');
                var parent = slash < 0 ? file : GroupAt(file, weight.KerasPath.Substring(0, slash));
                var dims = weight.Shape.Select(d => (ulong)d).ToArray();
                H5Dataset dataset = weight.DType switch
                {
                    DType.Float16 => new H5Dataset<Half[]>(fileDims: dims),
                    DType.BFloat16 or DType.Float32 => new H5Dataset<float[]>(fileDims: dims),
                    DType.Float64 => new H5Dataset<double[]>(fileDims: dims),
                    DType.Int8 => new H5Dataset<sbyte[]>(fileDims: dims),
                    DType.Int16 => new H5Dataset<short[]>(fileDims: dims),
                    DType.Int32 => new H5Dataset<int[]>(fileDims: dims),
                    DType.Int64 => new H5Dataset<long[]>(fileDims: dims),
                    DType.UInt8 => new H5Dataset<byte[]>(fileDims: dims),
                    DType.UInt16 => new H5Dataset<ushort[]>(fileDims: dims),
                    DType.UInt32 => new H5Dataset<uint[]>(fileDims: dims),
                    _ => new H5Dataset<ulong[]>(fileDims: dims),
                };
                if (weight.DType == DType.BFloat16)
                {
                    dataset.Attributes["dtype"] = "bfloat16";
                }

                parent[weight.KerasPath.Substring(slash + 1)] = dataset;
                datasets.Add(dataset);
            }

            var total = elements.Sum(e => e.ByteCount);
            var done = 0L;
            using var writer = file.BeginWrite(stream);
            for (var i = 0; i < datasets.Count; i++)
            {
                var weight = plan.Weights[i];
                var source = elements[i];
                switch (weight.DType)
                {
                    case DType.Float16:
                        WriteData<ushort, Half>(writer, datasets[i], source, streaming, (from, to) => MemoryMarshal.Cast<ushort, Half>(from).CopyTo(to), ref done, total);
                        break;
                    case DType.BFloat16:
                        WriteData<ushort, float>(writer, datasets[i], source, streaming, WidenBFloat16, ref done, total);
                        break;
                    case DType.Float32:
                        WriteData<float>(writer, datasets[i], source, streaming, ref done, total);
                        break;
                    case DType.Float64:
                        WriteData<double>(writer, datasets[i], source, streaming, ref done, total);
                        break;
                    case DType.Int8:
                        WriteData<sbyte>(writer, datasets[i], source, streaming, ref done, total);
                        break;
                    case DType.Int16:
                        WriteData<short>(writer, datasets[i], source, streaming, ref done, total);
                        break;
                    case DType.Int32:
                        WriteData<int>(writer, datasets[i], source, streaming, ref done, total);
                        break;
                    case DType.Int64:
                        WriteData<long>(writer, datasets[i], source, streaming, ref done, total);
                        break;
                    case DType.UInt8:
                        WriteData<byte>(writer, datasets[i], source, streaming, ref done, total);
                        break;
                    case DType.UInt16:
                        WriteData<ushort>(writer, datasets[i], source, streaming, ref done, total);
                        break;
                    case DType.UInt32:
                        WriteData<uint>(writer, datasets[i], source, streaming, ref done, total);
                        break;
                    default:
                        WriteData<ulong>(writer, datasets[i], source, streaming, ref done, total);
                        break;
                }
            }
        }

        private static void WidenBFloat16(Span<ushort> from, Span<float> to)
        {
            for (var i = 0; i < from.Length; i++)
            {
                to[i] = HalfConversions.FromBFloat16Bits(from[i]);
            }
        }

        private static void WriteData<T>(H5NativeWriter writer, H5Dataset dataset, TensorElements source, StreamingOptions streaming, ref long done, long total)
            where T : unmanaged =>
            WriteData<T, T>(writer, dataset, source, streaming, null, ref done, total);

        /// <summary>Writes the elements of one weight chunk by chunk: each chunk is filled in the storage type
        /// <typeparamref name="TStorage"/>, converted to the file type <typeparamref name="TFile"/> when they differ, and
        /// written to its flat range of the dataset.</summary>
        private static void WriteData<TStorage, TFile>(H5NativeWriter writer, H5Dataset dataset, TensorElements source, StreamingOptions streaming, SpanAction<TStorage, TFile>? convert, ref long done, long total)
            where TStorage : unmanaged
            where TFile : unmanaged
        {
            var count = source.Count;
            if (count == 0)
            {
                return;
            }

            var typed = (H5Dataset<TFile[]>)dataset;
            var size = source.ElementSize;
            var perChunk = (int)Math.Min(count, Math.Max(1, streaming.ChunkBytes / size));
            var storage = new TStorage[perChunk];
            var buffer = convert is null ? (storage as TFile[])! : new TFile[perChunk];
            var dims = source.Shape.Select(d => (ulong)d).ToArray();
            for (var start = 0L; start < count; start += perChunk)
            {
                Cancellation.ThrowIfRequested();
                streaming.Cancellation.ThrowIfCancellationRequested();
                var n = (int)Math.Min(perChunk, count - start);
                source.Fill(start, storage.AsSpan(0, n));
                convert?.Invoke(storage.AsSpan(0, n), buffer.AsSpan(0, n));
                var memory = new HyperslabSelection(0, (ulong)n);
                var file = n == count ? null : FlatRange(dims, (ulong)start, (ulong)n);
                writer.Write(typed, buffer, memory, file);
                done += (long)n * size;
                streaming.Progress?.Invoke(done, total);
            }
        }

        /// <summary>The elements [start, start + count) of a row-major dataset: one step per run along the last axis.</summary>
        private static Selection FlatRange(ulong[] dims, ulong start, ulong count) =>
            new DelegateSelection(count, _ => Steps(dims, start, count));

        private static IEnumerable<Step> Steps(ulong[] dims, ulong start, ulong count)
        {
            var last = dims[dims.Length - 1];
            var position = start;
            var end = start + count;
            while (position < end)
            {
                var coordinates = new ulong[dims.Length];
                var rest = position;
                for (var axis = dims.Length - 1; axis >= 0; axis--)
                {
                    coordinates[axis] = rest % dims[axis];
                    rest /= dims[axis];
                }

                var run = Math.Min(end - position, last - coordinates[dims.Length - 1]);
                yield return new Step(coordinates, run);
                position += run;
            }
        }

        /// <summary>The group at a slash-separated path, creating the missing groups on the way.</summary>
        private static H5Group GroupAt(H5Group root, string path)
        {
            var group = root;
            foreach (var part in path.Split('/'))
            {
                if (!group.TryGetValue(part, out var child))
                {
                    child = new H5Group();
                    group[part] = child;
                }

                group = child as H5Group ?? throw new InitializerException(
                    "KerasWeightsPathConflict",
                    ErrorKind.InvalidArgument,
                    $"The weights file path '{path}' passes through '{part}', which is a dataset.",
                    path);
            }

            return group;
        }

        private delegate void SpanAction<TFrom, TTo>(Span<TFrom> from, Span<TTo> to);
#endif
    }
}
