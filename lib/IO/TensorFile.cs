using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Initializers.IO
{
    /// <summary>One entry point for every tensor file format (.npy, .npz, .safetensors, CSV): the format from the
    /// extension or the content, named tensors in and out, and each tensor's <see cref="Tensor.GetProvenance"/> recorded
    /// and read back. Export-Tensor and Import-Tensor go through here.</summary>
    /// <remarks>Provenance: .npz records it in the member <see cref="Npz.ProvenanceMember"/>, .safetensors in
    /// <c>__metadata__</c> (<see cref="Safetensors.ProvenanceKey"/>, with <c>"format": "pt"</c>); .npy and CSV have no
    /// room for it (numpy refuses a fourth .npy header key), so it goes to the opt-in sidecar
    /// <see cref="SidecarPath"/>, which the reader picks up when it exists.</remarks>
    public static class TensorFile
    {
        private const long MaxSidecarBytes = 16L << 20;

        /// <summary>The format the extension of <paramref name="path"/> names: .npz, .safetensors and .csv (any case),
        /// anything else .npy (what Export-Tensor writes by default).</summary>
        /// <param name="path">A file path.</param>
        public static TensorFileFormat FormatOf(string path)
        {
            var extension = Path.GetExtension(path ?? throw new ArgumentNullException(nameof(path)));
            return extension.ToLowerInvariant() switch
            {
                ".npz" => TensorFileFormat.Npz,
                ".safetensors" => TensorFileFormat.Safetensors,
                ".csv" => TensorFileFormat.Csv,
                _ => TensorFileFormat.Npy,
            };
        }

        /// <summary>The sidecar file that records the provenance of a .npy or CSV file: the path with <c>.json</c>
        /// appended (<c>w.npy.json</c>), holding one <see cref="TensorProvenance.ToJson"/> record.</summary>
        /// <param name="path">The .npy or CSV file.</param>
        public static string SidecarPath(string path) => (path ?? throw new ArgumentNullException(nameof(path))) + ".json";

        /// <summary>Reads the tensors of the file at <paramref name="path"/>. A .npy or CSV file gives one tensor named
        /// after the file (its name without the extension); .npz and .safetensors give their members in file order.</summary>
        /// <param name="path">The file.</param>
        /// <param name="select">Which tensor names to read (null: all); the others are not read.</param>
        /// <param name="options">The format and the CSV dtype and rank; null for the defaults.</param>
        /// <returns>Name and tensor pairs; a tensor whose file records its provenance carries it.</returns>
        /// <exception cref="InitializerException">The errors of <see cref="Npy"/>, <see cref="Npz"/>,
        /// <see cref="Safetensors"/> and <see cref="Csv"/>; ProvenanceInvalid for a record that does not describe its
        /// tensor.</exception>
        public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(string path, Func<string, bool>? select = null, TensorReadOptions? options = null)
        {
            options ??= new TensorReadOptions();
            using (Cancellation.UseIfCancelable(options.Cancellation))
            {
                return ReadFormat(path, select, options);
            }
        }

        private static IReadOnlyList<KeyValuePair<string, Tensor>> ReadFormat(string path, Func<string, bool>? select, TensorReadOptions options)
        {
            var format = options.Format ?? Detect(path);
            switch (format)
            {
                case TensorFileFormat.Npz:
                    return Npz.Read(path, select);
                case TensorFileFormat.Safetensors:
                    return Safetensors.Read(path, select);
                default:
                    var name = Path.GetFileNameWithoutExtension(path);
                    if (select is not null && !select(name))
                    {
                        return Array.Empty<KeyValuePair<string, Tensor>>();
                    }

                    var tensor = format == TensorFileFormat.Csv ? Csv.Read(path, options.CsvDType, options.CsvMinimumRank) : Npy.Read(path);
                    ReadSidecar(path, name, tensor);
                    return new[] { new KeyValuePair<string, Tensor>(name, tensor) };
            }
        }

        /// <summary>Writes named tensors to <paramref name="path"/> in one file, through <see cref="AtomicFile"/>.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="tensors">Name and tensor pairs, in order; .npy and CSV take exactly one.</param>
        /// <param name="options">The format, compression, sidecar and metadata; null for the defaults.</param>
        /// <exception cref="InitializerException">NpyNeedsOneTensor or CsvNeedsOneTensor; MetadataNotApplicable (metadata
        /// for a format other than safetensors); ProvenanceUnavailable (a sidecar asked for a tensor that carries no
        /// provenance); the errors of the format's writer.</exception>
        public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, TensorWriteOptions? options = null) =>
            Write(path, TensorSource.From(tensors, nameof(tensors)), options);

        /// <summary>Writes the tensor of an initializer to <paramref name="path"/> as one named tensor, streaming it
        /// chunk by chunk without ever holding it (the file may exceed memory and one .NET array), through the same
        /// writers and with the same provenance as <see cref="Write(string, IEnumerable{KeyValuePair{string, Tensor}}, TensorWriteOptions)"/>:
        /// the bytes are those of the in-memory tensor (<see cref="Initializer.Call(System.Collections.Generic.IReadOnlyList{int}, DType)"/>) wherever that fits.</summary>
        /// <param name="path">The file to create or replace: .npy, .npz or .safetensors (CSV is written from a tensor in
        /// memory).</param>
        /// <param name="name">The tensor's name in an .npz or .safetensors file.</param>
        /// <param name="elements">The tensor, from <see cref="Initializer.Elements"/>.</param>
        /// <param name="options">The format, compression, sidecar and metadata; null for the defaults
        /// (<see cref="TensorWriteOptions.OverwriteReadOnly"/> is taken from here, not from <paramref name="streaming"/>).</param>
        /// <param name="streaming">Progress, cancellation and chunk size; null for the defaults.</param>
        /// <exception cref="InitializerException">StreamingFormatUnsupported for CSV; the errors of the other
        /// <c>Write</c>.</exception>
        /// <exception cref="OperationCanceledException">The write was cancelled; nothing was left behind.</exception>
        public static void Write(string path, string name, TensorElements elements, TensorWriteOptions? options = null, StreamingOptions? streaming = null) =>
            Write(path, new[] { new KeyValuePair<string, TensorElements>(name, elements ?? throw new ArgumentNullException(nameof(elements))) }, options, streaming);

        /// <summary>Writes several streamed tensors to <paramref name="path"/> as one .npz or .safetensors file (or one
        /// into a .npy file), each produced chunk by chunk and never held, through the same writers and with the same
        /// provenance as the in-memory <see cref="Write(string, IEnumerable{KeyValuePair{string, Tensor}}, TensorWriteOptions)"/>:
        /// the bytes are those of writing the in-memory tensors wherever they fit. Progress counts the bytes of the whole
        /// file.</summary>
        /// <param name="path">The file to create or replace: .npy (one tensor), .npz or .safetensors.</param>
        /// <param name="tensors">Name and elements pairs, in order (from <see cref="Initializer.Elements"/> or
        /// <see cref="Models.Weights.ModelWeightValues.Elements"/>).</param>
        /// <param name="options">The format, compression, sidecar and metadata; null for the defaults.</param>
        /// <param name="streaming">Progress, cancellation and chunk size; null for the defaults.</param>
        /// <exception cref="InitializerException">StreamingFormatUnsupported for CSV; the errors of the in-memory
        /// <c>Write</c>.</exception>
        /// <exception cref="OperationCanceledException">The write was cancelled; nothing was left behind.</exception>
        public static void Write(string path, IEnumerable<KeyValuePair<string, TensorElements>> tensors, TensorWriteOptions? options = null, StreamingOptions? streaming = null)
        {
            var format = options?.Format ?? FormatOf(path ?? throw new ArgumentNullException(nameof(path)));
            if (format == TensorFileFormat.Csv)
            {
                throw Npy.Error("StreamingFormatUnsupported", ErrorKind.InvalidArgument, $"Cannot stream into '{path}': CSV is written from a tensor in memory; stream into .npy, .npz or .safetensors.", path, path);
            }

            var list = (tensors ?? throw new ArgumentNullException(nameof(tensors)))
                .Select(t => new KeyValuePair<string, TensorSource>(t.Key, TensorSource.From(t.Value ?? throw new ArgumentNullException(nameof(tensors), $"The elements of '{t.Key}' are null."), streaming)))
                .ToList();
            Write(path, list, options);
        }

        internal static void Write(string path, List<KeyValuePair<string, TensorSource>> list, TensorWriteOptions? options)
        {
            options ??= new TensorWriteOptions();
            using (Cancellation.UseIfCancelable(options.Cancellation))
            {
                WriteFormat(path, list, options);
            }
        }

        private static void WriteFormat(string path, List<KeyValuePair<string, TensorSource>> list, TensorWriteOptions options)
        {
            var format = options.Format ?? FormatOf(path);
            if (options.Metadata is not null && format != TensorFileFormat.Safetensors)
            {
                throw Npy.Error("MetadataNotApplicable", ErrorKind.InvalidArgument, $"Cannot write '{path}': metadata is for .safetensors files; a {format} file has no place for it.", path, path);
            }

            switch (format)
            {
                case TensorFileFormat.Npz:
                    Npz.Write(path, list, options.Compress, options.OverwriteReadOnly);
                    return;
                case TensorFileFormat.Safetensors:
                    Safetensors.Write(path, list, options.Metadata, options.OverwriteReadOnly);
                    return;
            }

            if (list.Count != 1)
            {
                var extension = format == TensorFileFormat.Csv ? "csv" : "npy";
                throw Npy.Error(
                    format + "NeedsOneTensor",
                    ErrorKind.InvalidArgument,
                    $"A .{extension} file holds exactly one tensor; {list.Count} were given for '{path}'. Write several into one .npz or .safetensors file.",
                    path,
                    path);
            }

            var source = list[0].Value;
            if (options.ProvenanceSidecar && source.Provenance is null)
            {
                throw Npy.Error(
                    "ProvenanceUnavailable",
                    ErrorKind.InvalidOperation,
                    $"Cannot write the provenance of '{path}': the tensor carries none (it was not made by an initializer, or an element was set since).",
                    path,
                    path);
            }

            if (format == TensorFileFormat.Csv)
            {
                Csv.Write(path, source.Tensor!, options.OverwriteReadOnly);
            }
            else
            {
                Npy.Write(path, source, options.OverwriteReadOnly);
            }

            // A sidecar left from an earlier export would describe other values: replace it, or remove it.
            var sidecar = SidecarPath(path);
            if (options.ProvenanceSidecar)
            {
                AtomicFile.WriteAllText(sidecar, source.Provenance!.ToJson() + "\n", null, options.OverwriteReadOnly);
            }
            else if (File.Exists(sidecar))
            {
                try
                {
                    File.Delete(sidecar);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new InitializerException("FileWriteFailed", ErrorKind.WriteError, $"Cannot remove the stale provenance sidecar '{sidecar}': {ex.Message}", sidecar, ex) { SourceName = sidecar };
                }
            }
        }

        private static TensorFileFormat Detect(string path)
        {
            var byName = FormatOf(path);
            if (byName == TensorFileFormat.Csv)
            {
                return byName;
            }

            var head = new byte[9];
            int n;
            using (var stream = Npy.OpenRead(path))
            {
                n = Npy.ReadFully(stream, head, 0, head.Length);
            }

            if (n >= 2 && head[0] == (byte)'P' && head[1] == (byte)'K')
            {
                return TensorFileFormat.Npz;
            }

            if (n >= 1 && head[0] == 0x93)
            {
                return TensorFileFormat.Npy;
            }

            return byName == TensorFileFormat.Safetensors || (n == 9 && head[8] == (byte)'{') ? TensorFileFormat.Safetensors : TensorFileFormat.Npy;
        }

        private static void ReadSidecar(string path, string name, Tensor tensor)
        {
            var sidecar = SidecarPath(Path.GetFullPath(path));
            if (!File.Exists(sidecar))
            {
                return;
            }

            string text;
            try
            {
                var info = new FileInfo(sidecar);
                if (info.Length > MaxSidecarBytes)
                {
                    throw Npy.Error("ProvenanceInvalid", ErrorKind.LimitsExceeded, $"The provenance sidecar '{sidecar}' is {info.Length} bytes; at most {MaxSidecarBytes} are read.", sidecar, sidecar);
                }

                text = File.ReadAllText(sidecar, new UTF8Encoding(false, true));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
            {
                throw new InitializerException("FileOpenFailed", ErrorKind.ReadError, $"Cannot read the provenance sidecar '{sidecar}': {ex.Message}", sidecar, ex) { SourceName = sidecar };
            }

            TensorProvenance.AttachOne(text, name, tensor, sidecar);
        }
    }
}
