using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using Initializers.Serialization;

namespace Initializers.IO
{
    /// <summary>Hugging Face's <c>.safetensors</c> format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
    /// (each tensor's <c>dtype</c>, <c>shape</c> and <c>data_offsets</c>, and an optional <c>__metadata__</c> map of
    /// string to string), then the data, little-endian and row-major, each tensor's bytes exactly at its offsets.</summary>
    /// <remarks>
    /// <para>dtypes: float64 <c>F64</c>, float32 <c>F32</c>, float16 <c>F16</c>, bfloat16 <c>BF16</c>, int64/32/16/8
    /// <c>I64</c>/<c>I32</c>/<c>I16</c>/<c>I8</c>, uint64/32/16/8 <c>U64</c>/<c>U32</c>/<c>U16</c>/<c>U8</c>, bool
    /// <c>BOOL</c>. complex64, complex128 and string are UnsupportedDType when writing (.npy and .npz hold them). Reading
    /// also accepts <c>C64</c> (complex64, safetensors 0.7); the float8, float6 and float4 dtypes of the reference are
    /// understood (their sizes take part in the checks) but a tensor of one is UnsupportedDType when it is read.</para>
    /// <para>The writer does what the reference implementation (huggingface/safetensors) does: tensors sorted by dtype
    /// alignment, largest first, then by name (UTF-8 bytes); offsets back to back from 0; compact JSON with
    /// <c>__metadata__</c> first and each entry's fields in the order dtype, shape, data_offsets; spaces up to a multiple
    /// of 8 bytes, so every tensor starts aligned to its element size. It refuses what the reference reader refuses.
    /// When the tensors carry a <see cref="Tensor.GetProvenance"/>, or metadata is given, <c>__metadata__</c> holds
    /// <c>"format": "pt"</c> (transformers refuses metadata without a known format) and
    /// <see cref="ProvenanceKey"/> holds the records as one JSON string.</para>
    /// <para>The reader runs the reference reader's checks, in its order, before allocating any tensor: at least 8 bytes
    /// (SafetensorsHeaderTooSmall); N at most <see cref="MaxHeaderSize"/> (SafetensorsHeaderTooLarge); 8 + N within the
    /// file (SafetensorsInvalidHeaderLength); UTF-8 (SafetensorsInvalidHeader) starting with <c>{</c>
    /// (SafetensorsInvalidHeaderStart); a JSON object of the right form, with no unknown field
    /// (SafetensorsInvalidHeaderDeserialization); no name twice (SafetensorsDuplicateName: .NET's own JSON readers keep the
    /// last duplicate silently); <c>__metadata__</c> of string values (SafetensorsInvalidMetadata); an unknown dtype
    /// string (UnsupportedDType); then, by offset, each tensor starting where the previous ended
    /// (SafetensorsInvalidOffset: no hole, no overlap), its shape product and byte size without overflow
    /// (ShapeOverflow), whole bytes (SafetensorsMisalignedSlice) equal to its range (SafetensorsTensorInvalidInfo), and
    /// the last range ending exactly at the end of the file (SafetensorsIncompleteBuffer). A tensor over one .NET array
    /// is TensorTooLarge. FileNotFound, PathIsDirectory and FileOpenFailed are about the path itself.</para>
    /// </remarks>
    public static class Safetensors
    {
        /// <summary>The longest header accepted or written, in bytes (the reference's <c>MAX_HEADER_SIZE</c>, 100 MB).</summary>
        public const long MaxHeaderSize = 100_000_000;

        /// <summary>The reserved header key of the metadata map; no tensor may have this name.</summary>
        public const string MetadataKey = "__metadata__";

        /// <summary>The <c>__metadata__</c> key that holds the tensors' provenance records: a JSON object of tensor name
        /// to <see cref="TensorProvenance.ToJson"/>, as one string.</summary>
        public const string ProvenanceKey = "initializers.provenance";

        private const int MaxDigits = 20;

        /// <summary>The dtype strings of the reference, in the order of its <c>Dtype</c> enum (increasing alignment):
        /// the writer sorts by the reverse of this order. Bits per element; the tensor dtype, or null for one this
        /// library has no tensor type for.</summary>
        private static readonly (string Name, int Bits, DType? DType)[] DTypeTable =
        {
            ("BOOL", 8, DType.Bool),
            ("F4", 4, null),
            ("F6_E2M3", 6, null),
            ("F6_E3M2", 6, null),
            ("U8", 8, DType.UInt8),
            ("I8", 8, DType.Int8),
            ("F8_E5M2", 8, null),
            ("F8_E4M3", 8, null),
            ("F8_E8M0", 8, null),
            ("F8_E4M3FNUZ", 8, null),
            ("F8_E5M2FNUZ", 8, null),
            ("I16", 16, DType.Int16),
            ("U16", 16, DType.UInt16),
            ("F16", 16, DType.Float16),
            ("BF16", 16, DType.BFloat16),
            ("I32", 32, DType.Int32),
            ("U32", 32, DType.UInt32),
            ("F32", 32, DType.Float32),
            ("C64", 64, DType.Complex64),
            ("F64", 64, DType.Float64),
            ("I64", 64, DType.Int64),
            ("U64", 64, DType.UInt64),
        };

        /// <summary>Reads the tensors of the .safetensors file at <paramref name="path"/>, in the order of their data.</summary>
        /// <param name="path">The .safetensors file.</param>
        /// <param name="select">Which tensor names to read (null: all); the others are checked but not read.</param>
        /// <returns>Name and tensor pairs, in data order; tensors the file records a provenance for carry it.</returns>
        /// <exception cref="InitializerException">See the remarks on <see cref="Safetensors"/>.</exception>
        public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(string path, Func<string, bool>? select = null) => Read(path, select, out _);

        /// <summary>Reads the tensors and the <c>__metadata__</c> map of the .safetensors file at <paramref name="path"/>.</summary>
        /// <param name="path">The .safetensors file.</param>
        /// <param name="select">Which tensor names to read (null: all); the others are checked but not read.</param>
        /// <param name="metadata">The <c>__metadata__</c> map in file order (empty when the file has none).</param>
        /// <returns>Name and tensor pairs, in data order; tensors the file records a provenance for carry it.</returns>
        /// <exception cref="InitializerException">See the remarks on <see cref="Safetensors"/>.</exception>
        public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(string path, Func<string, bool>? select, out IReadOnlyList<KeyValuePair<string, string>> metadata)
        {
            using var stream = Npy.OpenRead(path);
            return Read(stream, stream.Length, stream.Name, select, out metadata);
        }

        /// <summary>Reads the tensors and the <c>__metadata__</c> map of a .safetensors file of <paramref name="length"/>
        /// bytes from the start of <paramref name="stream"/> (seekable), named <paramref name="source"/> in errors.</summary>
        internal static IReadOnlyList<KeyValuePair<string, Tensor>> Read(Stream stream, long length, string source, Func<string, bool>? select, out IReadOnlyList<KeyValuePair<string, string>> metadata)
        {
            var entries = ReadHeader(stream, length, source, out var meta, out var dataStart);
            metadata = meta;
            var result = new List<KeyValuePair<string, Tensor>>();
            foreach (var entry in entries)
            {
                if (select is not null && !select(entry.Name))
                {
                    continue;
                }

                var shape = TensorShapeOf(entry, source);
                stream.Position = dataStart + entry.Begin;
                var data = Npy.ReadData(stream, NpyDescr.LittleEndian(entry.DType), shape, source);
                result.Add(new KeyValuePair<string, Tensor>(entry.Name, new Tensor(shape, entry.DType, data)));
            }

            var provenance = meta.FirstOrDefault(kv => kv.Key == ProvenanceKey).Value;
            if (provenance is not null)
            {
                TensorProvenance.Attach(provenance, result, source);
            }

            return result;
        }

        /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> as one .safetensors file, byte for byte as
        /// the reference writer lays it out (see the remarks on <see cref="Safetensors"/>), through
        /// <see cref="AtomicFile"/>.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="tensors">Name and tensor pairs; names must be unique, not empty and not <c>__metadata__</c>.</param>
        /// <param name="metadata">Extra <c>__metadata__</c> entries (string to string), written in this order after
        /// <c>format</c>; a <c>format</c> given here replaces <c>pt</c>. <see cref="ProvenanceKey"/> is the library's.</param>
        /// <param name="overwriteReadOnly">Replace a read-only file.</param>
        /// <exception cref="InitializerException">InvalidTensorName (empty), SafetensorsReservedName,
        /// SafetensorsDuplicateName, UnsupportedDType (complex64, complex128, string), SafetensorsInvalidMetadata (a null
        /// value or the reserved key), SafetensorsHeaderTooLarge, or one of <see cref="AtomicFile.Write"/>'s errors.</exception>
        public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IEnumerable<KeyValuePair<string, string>>? metadata = null, bool overwriteReadOnly = false)
        {
            Write(path, TensorSource.From(tensors, nameof(tensors)), metadata, overwriteReadOnly);
        }

        /// <summary>Writes in-memory or streamed tensors as one .safetensors file, as the public <c>Write</c>
        /// describes: the layout is fixed by the header up front, then each tensor's data follows in header order.</summary>
        internal static void Write(string path, List<KeyValuePair<string, TensorSource>> list, IEnumerable<KeyValuePair<string, string>>? metadata, bool overwriteReadOnly)
        {
            var header = Layout(path, list, metadata, out var entries);
            AtomicFile.Write(path, stream => WriteAll(stream, header, list, entries), overwriteReadOnly);
        }

        /// <summary>Writes <paramref name="tensors"/> to <paramref name="stream"/> as <see cref="Write(string, IEnumerable{KeyValuePair{string, Tensor}}, IEnumerable{KeyValuePair{string, string}}, bool)"/>
        /// writes a file; <paramref name="source"/> names the destination in errors.</summary>
        internal static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, IEnumerable<KeyValuePair<string, string>>? metadata, string source)
        {
            var list = TensorSource.From(tensors, nameof(tensors));
            var header = Layout(source, list, metadata, out var entries);
            WriteAll(stream, header, list, entries);
        }

        private static void WriteAll(Stream stream, byte[] header, List<KeyValuePair<string, TensorSource>> list, List<SafetensorsEntry> entries)
        {
            var byName = list.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            var total = header.Length + (entries.Count == 0 ? 0 : entries[entries.Count - 1].End);
            stream.Write(header, 0, header.Length);
            foreach (var entry in entries)
            {
                byName[entry.Name].WriteData(stream, header.Length + entry.Begin, total, sameCalls: false);
            }
        }

        /// <summary>The header (length field included) of the file <see cref="Write(string, List{KeyValuePair{string, TensorSource}}, IEnumerable{KeyValuePair{string, string}}, bool)"/>
        /// writes for <paramref name="list"/>, and its entries in data order: the data of each follows the header in
        /// that order, so the layout is fixed before any data is produced (a shard writes a byte range of it).</summary>
        internal static byte[] Layout(string path, List<KeyValuePair<string, TensorSource>> list, IEnumerable<KeyValuePair<string, string>>? metadata, out List<SafetensorsEntry> entries)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            entries = new List<SafetensorsEntry>();
            foreach (var pair in list)
            {
                CheckName(pair.Key, !names.Add(pair.Key ?? ""), path);
                entries.Add(new SafetensorsEntry(pair.Key!, pair.Value.DType, pair.Value.Shape));
            }

            return BuildHeader(entries, Metadata(TensorProvenance.Encode(list), metadata, path), path);
        }

        /// <summary>Lays out a file: sorts <paramref name="entries"/> into the reference writer's order (dtype alignment,
        /// largest first, then name by UTF-8 bytes), assigns each its <c>data_offsets</c>, and returns the 8-byte length
        /// and the header, padded with spaces to a multiple of 8. The data of each entry, in the new order, follows.</summary>
        /// <param name="entries">The tensors; sorted in place, Begin and End set.</param>
        /// <param name="metadata">The <c>__metadata__</c> entries in order, or null for none.</param>
        /// <param name="source">Names the destination in error messages.</param>
        /// <param name="maxHeaderSize">The longest header allowed (<see cref="MaxHeaderSize"/>; tests pass less).</param>
        internal static byte[] BuildHeader(List<SafetensorsEntry> entries, IReadOnlyList<KeyValuePair<string, string>>? metadata, string source, long maxHeaderSize = MaxHeaderSize)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                CheckName(entry.Name, !names.Add(entry.Name), source);
                foreach (var d in entry.Shape)
                {
                    if (d < 0)
                    {
                        throw Npy.Error("InvalidShape", ErrorKind.InvalidArgument, $"Cannot write '{entry.Name}' to '{source}': its shape has the negative dimension {d}.", d, source);
                    }
                }
            }

            var keys = entries.ToDictionary(e => e, e => (Rank: Rank(e.DType, e.Name, source), Name: Encoding.UTF8.GetBytes(e.Name)));
            entries.Sort((a, b) =>
            {
                var byDType = keys[b].Rank.CompareTo(keys[a].Rank);
                return byDType != 0 ? byDType : CompareBytes(keys[a].Name, keys[b].Name);
            });

            var json = new StringBuilder();
            json.Append('{');
            if (metadata is not null)
            {
                JsonText.WriteString(json, MetadataKey);
                json.Append(":{");
                for (var i = 0; i < metadata.Count; i++)
                {
                    json.Append(i == 0 ? "" : ",");
                    JsonText.WriteString(json, metadata[i].Key);
                    json.Append(':');
                    JsonText.WriteString(json, metadata[i].Value);
                }

                json.Append('}');
            }

            long offset = 0;
            foreach (var entry in entries)
            {
                long count = 1;
                try
                {
                    foreach (var d in entry.Shape)
                    {
                        count = checked(count * d);
                    }

                    entry.Begin = offset;
                    entry.End = checked(offset + checked(count * entry.DType.ElementSize()));
                }
                catch (OverflowException)
                {
                    throw Npy.Error("ShapeOverflow", ErrorKind.InvalidArgument, $"Cannot write '{entry.Name}' to '{source}': its size in bytes overflows 64 bits.", entry.Name, source);
                }

                offset = entry.End;
                json.Append(json.Length == 1 ? "" : ",");
                JsonText.WriteString(json, entry.Name);
                json.Append(":{\"dtype\":\"").Append(DTypeTable[keys[entry].Rank].Name).Append("\",\"shape\":[");
                json.Append(string.Join(",", entry.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))));
                json.Append("],\"data_offsets\":[").Append(entry.Begin.ToString(CultureInfo.InvariantCulture)).Append(',');
                json.Append(entry.End.ToString(CultureInfo.InvariantCulture)).Append("]}");
            }

            json.Append('}');
            var text = Encoding.UTF8.GetBytes(json.ToString());
            var padded = (text.Length + 7) / 8 * 8;
            if (padded > maxHeaderSize)
            {
                throw Npy.Error("SafetensorsHeaderTooLarge", ErrorKind.LimitsExceeded, $"Cannot write '{source}': its header would be {padded} bytes; safetensors readers accept at most {maxHeaderSize}.", padded, source);
            }

            var result = new byte[8 + padded];
            for (var i = 0; i < 8; i++)
            {
                result[i] = (byte)((ulong)padded >> (8 * i));
            }

            Array.Copy(text, 0, result, 8, text.Length);
            for (var i = 8 + text.Length; i < result.Length; i++)
            {
                result[i] = (byte)' ';
            }

            return result;
        }

        /// <summary>Reads and checks the header of a safetensors file of <paramref name="length"/> bytes from the start of
        /// <paramref name="stream"/>: the tensors sorted by offset, the metadata in file order, and where the data buffer
        /// starts. Nothing larger than the header is allocated.</summary>
        internal static List<SafetensorsEntry> ReadHeader(Stream stream, long length, string source, out IReadOnlyList<KeyValuePair<string, string>> metadata, out long dataStart)
        {
            var prefix = new byte[8];
            if (length < 8 || Npy.ReadFully(stream, prefix, 0, 8) < 8)
            {
                throw Npy.Error("SafetensorsHeaderTooSmall", ErrorKind.InvalidData, $"'{source}' is not a safetensors file: it holds {length} bytes, fewer than the 8 of the header length.", length, source);
            }

            ulong n = 0;
            for (var i = 7; i >= 0; i--)
            {
                n = (n << 8) | prefix[i];
            }

            if (n > MaxHeaderSize)
            {
                throw Npy.Error("SafetensorsHeaderTooLarge", ErrorKind.LimitsExceeded, $"The safetensors header of '{source}' claims {n} bytes; at most {MaxHeaderSize} are read (the reference's limit).", n, source);
            }

            if (8 + (long)n > length)
            {
                throw Npy.Error("SafetensorsInvalidHeaderLength", ErrorKind.InvalidData, $"The safetensors header of '{source}' claims {n} bytes, but the file holds only {length - 8} after the length.", n, source);
            }

            var bytes = new byte[n];
            if (Npy.ReadFully(stream, bytes, 0, bytes.Length) < bytes.Length)
            {
                throw Npy.Error("SafetensorsInvalidHeaderLength", ErrorKind.InvalidData, $"'{source}' ends inside its safetensors header.", n, source);
            }

            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Npy.Error("SafetensorsInvalidHeader", ErrorKind.InvalidData, $"The safetensors header of '{source}' is not valid UTF-8.", source, source);
            }

            if (text.Length == 0 || text[0] != '{')
            {
                throw Npy.Error("SafetensorsInvalidHeaderStart", ErrorKind.InvalidData, $"The safetensors header of '{source}' does not start with '{{'.", source, source);
            }

            var entries = ParseHeader(text, source, out metadata);
            dataStart = 8 + (long)n;
            Validate(entries, length - dataStart, source);
            return entries.Select(e => new SafetensorsEntry(e.Name, DTypeTable[e.Rank].DType ?? DType.UInt8, e.Shape.Select(d => d > long.MaxValue ? long.MaxValue : (long)d).ToArray())
            {
                Begin = (long)e.Begin,
                End = (long)e.End,
                Unsupported = DTypeTable[e.Rank].DType is null ? DTypeTable[e.Rank].Name : null,
                ShapeText = string.Join(", ", e.Shape),
            }).ToList();
        }

        private static List<(string Name, int Rank, ulong Begin, ulong End, ulong[] Shape)> ParseHeader(string text, string source, out IReadOnlyList<KeyValuePair<string, string>> metadata)
        {
            CheckNumberLengths(text, source);
            object? tree;
            try
            {
                tree = JsonText.Parse(text);
            }
            catch (InitializerException ex) when (ex.ErrorId == "DuplicateKey")
            {
                throw Npy.Error("SafetensorsDuplicateName", ErrorKind.InvalidData, $"The safetensors header of '{source}' names '{ex.Target}' twice; which entry is meant is ambiguous. {ex.Message}", ex.Target, source);
            }
            catch (InitializerException ex)
            {
                throw Npy.Error("SafetensorsInvalidHeaderDeserialization", ErrorKind.InvalidData, $"The safetensors header of '{source}' is not valid JSON: {ex.Message}", source, source);
            }

            if (tree is not IDictionary root)
            {
                throw Deserialization(source, "the header is not a JSON object");
            }

            var meta = new List<KeyValuePair<string, string>>();
            var entries = new List<(string, int, ulong, ulong, ulong[])>();
            foreach (DictionaryEntry item in root)
            {
                var name = (string)item.Key;
                if (name == MetadataKey)
                {
                    // serde reads "__metadata__": null as no metadata.
                    if (item.Value is null)
                    {
                        continue;
                    }

                    if (item.Value is not IDictionary map)
                    {
                        throw Npy.Error("SafetensorsInvalidMetadata", ErrorKind.InvalidData, $"The {MetadataKey} of '{source}' is not an object of string values.", MetadataKey, source);
                    }

                    foreach (DictionaryEntry kv in map)
                    {
                        if (kv.Value is not string value)
                        {
                            throw Npy.Error("SafetensorsInvalidMetadata", ErrorKind.InvalidData, $"The {MetadataKey} value of '{kv.Key}' in '{source}' is {Describe(kv.Value)}; safetensors metadata values are strings only.", kv.Key, source);
                        }

                        meta.Add(new KeyValuePair<string, string>((string)kv.Key, value));
                    }

                    continue;
                }

                if (item.Value is not IDictionary info)
                {
                    throw Deserialization(source, $"the entry of '{name}' is {Describe(item.Value)}, not an object");
                }

                foreach (var key in info.Keys)
                {
                    if ((string)key is not ("dtype" or "shape" or "data_offsets"))
                    {
                        throw Deserialization(source, $"the entry of '{name}' has the unknown field '{key}' (only dtype, shape and data_offsets exist)");
                    }
                }

                if (info["dtype"] is not string dtypeName)
                {
                    throw Deserialization(source, $"the entry of '{name}' has no dtype string");
                }

                var rank = Array.FindIndex(DTypeTable, t => t.Name == dtypeName);
                if (rank < 0)
                {
                    throw Npy.Error(
                        "UnsupportedDType",
                        ErrorKind.InvalidData,
                        $"The tensor '{name}' of '{source}' has the dtype '{dtypeName}', which safetensors does not define. safetensors defines {string.Join(" ", DTypeTable.Select(t => t.Name))}.",
                        dtypeName,
                        source);
                }

                var shape = Integers(info["shape"], source, name, "shape", -1);
                var offsets = Integers(info["data_offsets"], source, name, "data_offsets", 2);
                entries.Add((name, rank, offsets[0], offsets[1], shape));
            }

            metadata = meta;
            return entries;
        }

        /// <summary>The reference's <c>Metadata::validate</c> and the final length check, in its order.</summary>
        private static void Validate(List<(string Name, int Rank, ulong Begin, ulong End, ulong[] Shape)> entries, long dataBytes, string source)
        {
            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            ulong start = 0;
            for (var i = 0; i < entries.Count; i++)
            {
                var (name, rank, begin, end, shape) = entries[i];
                if (begin != start || end < begin)
                {
                    var why = begin > start ? $"leaves the bytes {start} to {begin} unused (a hole)" : begin < start ? $"overlaps the previous tensor, which ends at {start}" : $"ends at {end}, before it begins";
                    throw Npy.Error("SafetensorsInvalidOffset", ErrorKind.InvalidData, $"The tensor '{name}' of '{source}' has data_offsets [{begin}, {end}], which {why}.", name, source);
                }

                start = end;
                ulong bits;
                try
                {
                    ulong count = 1;
                    foreach (var d in shape)
                    {
                        count = checked(count * d);
                    }

                    bits = checked(count * (ulong)DTypeTable[rank].Bits);
                }
                catch (OverflowException)
                {
                    throw Npy.Error("ShapeOverflow", ErrorKind.InvalidData, $"The tensor '{name}' of '{source}' has the shape [{string.Join(", ", shape)}], whose size overflows 64 bits.", name, source);
                }

                if (bits % 8 != 0)
                {
                    throw Npy.Error("SafetensorsMisalignedSlice", ErrorKind.InvalidData, $"The tensor '{name}' of '{source}' ({DTypeTable[rank].Name}, shape [{string.Join(", ", shape)}]) holds {bits} bits, not whole bytes.", name, source);
                }

                if (bits / 8 != end - begin)
                {
                    throw Npy.Error("SafetensorsTensorInvalidInfo", ErrorKind.InvalidData, $"The tensor '{name}' of '{source}' ({DTypeTable[rank].Name}, shape [{string.Join(", ", shape)}]) needs {bits / 8} bytes, but its data_offsets [{begin}, {end}] span {end - begin}.", name, source);
                }

            }

            if (start != (ulong)dataBytes)
            {
                throw Npy.Error("SafetensorsIncompleteBuffer", ErrorKind.InvalidData, $"The tensors of '{source}' cover {start} data bytes, but the file holds {dataBytes} after the header; safetensors files end exactly where the last tensor does.", start, source);
            }
        }

        private static int[] TensorShapeOf(SafetensorsEntry entry, string source)
        {
            if (entry.Unsupported is not null)
            {
                throw Npy.Error("UnsupportedDType", ErrorKind.InvalidData, $"The tensor '{entry.Name}' of '{source}' has the safetensors dtype {entry.Unsupported}, which has no tensor dtype here; the others can still be read (select them by name).", entry.Unsupported, source);
            }

            var shape = new int[entry.Shape.Count];
            long count = 1;
            for (var i = 0; i < shape.Length; i++)
            {
                if (entry.Shape[i] > int.MaxValue)
                {
                    throw Npy.Error("TensorTooLarge", ErrorKind.LimitsExceeded, $"The tensor '{entry.Name}' of '{source}' has the shape [{entry.ShapeText}]; a tensor dimension is at most {int.MaxValue}.", entry.Name, source);
                }

                shape[i] = (int)entry.Shape[i];
                count = shape[i] == 0 || count == 0 ? 0 : Math.Min(count * shape[i], TensorShape.MaxElements + 1);
            }

            if (count > TensorShape.MaxElements)
            {
                throw Npy.Error("TensorTooLarge", ErrorKind.LimitsExceeded, $"The tensor '{entry.Name}' of '{source}' has the shape [{entry.ShapeText}]; one tensor holds at most {TensorShape.MaxElements} elements.", entry.Name, source);
            }

            return shape;
        }

        private static ulong[] Integers(object? value, string source, string name, string field, int count)
        {
            if (value is not object?[] items || (count >= 0 && items.Length != count))
            {
                throw Deserialization(source, $"the {field} of '{name}' is not an array of {(count >= 0 ? count + " " : "")}unsigned integers");
            }

            var result = new ulong[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                result[i] = items[i] switch
                {
                    int v when v >= 0 => (ulong)v,
                    long v when v >= 0 => (ulong)v,
                    BigInteger v when v >= 0 && v <= ulong.MaxValue => (ulong)v,
                    _ => throw Deserialization(source, $"the {field} of '{name}' holds {Describe(items[i])}, not an unsigned 64-bit integer"),
                };
            }

            return result;
        }

        /// <summary>Refuses a number of more digits than a 64-bit value has, outside strings, before the JSON parser
        /// reads it (a long run of digits would otherwise cost quadratic time to convert).</summary>
        private static void CheckNumberLengths(string text, string source)
        {
            var inString = false;
            var run = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }

                    continue;
                }

                if (c == '"')
                {
                    inString = true;
                }

                run = c >= '0' && c <= '9' ? run + 1 : 0;
                if (run > MaxDigits)
                {
                    throw Deserialization(source, $"the number at offset {i - run + 1} of the header has more than {MaxDigits} digits");
                }
            }
        }

        /// <summary>The <c>__metadata__</c> a file gets: <c>"format": "pt"</c> (unless <paramref name="given"/> has a
        /// format), the caller's entries, then <paramref name="provenance"/> (<see cref="TensorProvenance.Encode"/>)
        /// under <see cref="ProvenanceKey"/>; null when there is nothing to record. The writer passes this to
        /// <see cref="BuildHeader"/>.</summary>
        internal static IReadOnlyList<KeyValuePair<string, string>>? Metadata(string? provenance, IEnumerable<KeyValuePair<string, string>>? given, string source)
        {
            var extra = given?.ToList() ?? new List<KeyValuePair<string, string>>();
            if (extra.Count == 0 && provenance is null)
            {
                return null;
            }

            var result = new List<KeyValuePair<string, string>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var kv in extra)
            {
                if (kv.Key is null || kv.Value is null || kv.Key == ProvenanceKey || !seen.Add(kv.Key))
                {
                    var why = kv.Key is null ? "a key is null" : kv.Value is null ? $"the value of '{kv.Key}' is null (values are strings)" : kv.Key == ProvenanceKey ? $"'{ProvenanceKey}' is written from the tensors' provenance" : $"the key '{kv.Key}' is given twice";
                    throw Npy.Error("SafetensorsInvalidMetadata", ErrorKind.InvalidArgument, $"Cannot write '{source}': {why}.", kv.Key, source);
                }
            }

            if (!seen.Contains("format"))
            {
                result.Add(new KeyValuePair<string, string>("format", "pt"));
            }

            result.AddRange(extra);
            if (provenance is not null)
            {
                result.Add(new KeyValuePair<string, string>(ProvenanceKey, provenance));
            }

            return result;
        }

        private static void CheckName(string? name, bool duplicate, string source)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw Npy.Error("InvalidTensorName", ErrorKind.InvalidArgument, $"Cannot write '{source}': a tensor name is empty.", name, source);
            }

            if (name == MetadataKey)
            {
                throw Npy.Error("SafetensorsReservedName", ErrorKind.InvalidArgument, $"Cannot write '{source}': '{MetadataKey}' is the header key of the metadata, so no tensor may have that name (readers would refuse the file).", name, source);
            }

            if (duplicate)
            {
                throw Npy.Error("SafetensorsDuplicateName", ErrorKind.InvalidArgument, $"Cannot write '{source}': the name '{name}' is given twice.", name, source);
            }
        }

        /// <summary>The index of the dtype in <see cref="DTypeTable"/>; complex and string are UnsupportedDType.</summary>
        private static int Rank(DType dtype, string name, string source)
        {
            var rank = dtype == DType.Complex64 ? -1 : Array.FindIndex(DTypeTable, t => t.DType == dtype);
            if (rank < 0)
            {
                throw Npy.Error(
                    "UnsupportedDType",
                    ErrorKind.InvalidOperation,
                    $"Cannot write the {dtype.Name()} tensor '{name}' to '{source}': safetensors holds the real numeric dtypes, bfloat16 and bool. .npy and .npz hold {dtype.Name()}.",
                    dtype.Name(),
                    source);
            }

            return rank;
        }

        private static int CompareBytes(byte[] a, byte[] b)
        {
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                if (a[i] != b[i])
                {
                    return a[i].CompareTo(b[i]);
                }
            }

            return a.Length.CompareTo(b.Length);
        }

        private static InitializerException Deserialization(string source, string why) =>
            Npy.Error("SafetensorsInvalidHeaderDeserialization", ErrorKind.InvalidData, $"The safetensors header of '{source}' is not of the safetensors form: {why}.", source, source);

        private static string Describe(object? value) => value switch
        {
            null => "null",
            string s => $"the string \"{s}\"",
            IDictionary => "an object",
            object?[] => "an array",
            bool b => b ? "true" : "false",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "a value",
        };
    }
}
