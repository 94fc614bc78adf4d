using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Initializers.Family;
using Initializers.Serialization;

namespace Initializers.IO
{
    /// <summary>One .npy or .safetensors file written by many processes that never talk to each other. Shard i of n writes bytes
    /// [b_i, b_{i+1}) of the final file, split on element boundaries (the header goes with shard 0), as its own file
    /// <c>FILE.part-0000i-of-0000n</c> (0-based i, five digits), and then a description of itself beside it,
    /// <c>FILE.part-0000i-of-0000n.json</c>, naming its run: a hash of the format, the initializer's config with its
    /// seed, the shape, the dtype and n. Concatenating the parts in order (<c>cat FILE.part-?????-of-0000n</c>) gives the
    /// file byte for byte; <see cref="Join"/> does it after checking that every part is present, complete and of one run,
    /// so a missing part is an error, never zeros. Each file is written through <see cref="AtomicFile"/> (a temporary
    /// file, then a rename), so a shared filesystem needs no locks.</summary>
    public static class TensorShards
    {
        /// <summary>The most shards of one file (the part names hold five digits).</summary>
        public const int MaxShards = 99999;

        /// <summary>The file shard <paramref name="index"/> of <paramref name="count"/> writes for <paramref name="path"/>:
        /// <c>path.part-0000i-of-0000n</c>.</summary>
        /// <param name="path">The final file.</param>
        /// <param name="index">The 0-based shard index.</param>
        /// <param name="count">The number of shards.</param>
        public static string PartPath(string path, int index, int count) =>
            path + ".part-" + index.ToString("D5", CultureInfo.InvariantCulture) + "-of-" + count.ToString("D5", CultureInfo.InvariantCulture);

        /// <summary>The run id of a sharded export: the first 16 hex digits of the SHA-256 of the format (with the
        /// tensor name for safetensors), the initializer with its effective seed, the shape, the dtype and the shard
        /// count. Two shards with the same id belong to the same file.</summary>
        internal static string RunId(TensorElements elements, int count, TensorFileFormat format, string name)
        {
            var kind = format == TensorFileFormat.Npy ? "npy" : "safetensors " + name;
            var text = kind + "\n" + elements.Initializer.WithEffectiveSeed() + "\n" + TensorShape.Format(elements.Shape) + "\n" + elements.DType.Name() + "\n" + count.ToString(CultureInfo.InvariantCulture);
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            return string.Concat(hash.Take(8).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        /// <summary>Writes shard <paramref name="index"/> of <paramref name="count"/> of the .npy or .safetensors file
        /// <paramref name="path"/> that <see cref="TensorFile.Write(string, string, TensorElements, TensorWriteOptions, StreamingOptions)"/> would write, and its description.</summary>
        /// <param name="path">The final file (it is not written here).</param>
        /// <param name="elements">The tensor, from <see cref="Initializer.Elements"/>; its initializer must have a fixed seed.</param>
        /// <param name="index">The 0-based shard index, 0 to <paramref name="count"/> - 1.</param>
        /// <param name="count">The number of shards, 1 to <see cref="MaxShards"/>.</param>
        /// <param name="options">Progress, cancellation and chunk size; null for the defaults.</param>
        /// <param name="format">Npy or Safetensors (whose header, provenance included, is fixed before its data).</param>
        /// <param name="name">The tensor's name in a .safetensors file.</param>
        /// <returns>The path of the part written.</returns>
        /// <exception cref="InitializerException">ShardOutOfRange, ShardNeedsSeed (an unseeded random initializer
        /// would give every process different values), ShardFormatUnsupported (.npz or CSV, whose checksums and
        /// compression need all of the data), UnsupportedDType, or one of <see cref="AtomicFile.Write"/>'s
        /// errors.</exception>
        /// <exception cref="OperationCanceledException">The write was cancelled; the part was not written.</exception>
        public static string WritePart(string path, TensorElements elements, int index, int count, StreamingOptions? options = null, TensorFileFormat format = TensorFileFormat.Npy, string name = "arr_0")
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (elements is null)
            {
                throw new ArgumentNullException(nameof(elements));
            }

            CheckShardArguments(index, count);
            var header = format switch
            {
                TensorFileFormat.Npy => Npy.Header(NpyDescr.For(elements.DType, 0, path), elements.Shape),
                TensorFileFormat.Safetensors => Safetensors.Layout(path, new List<KeyValuePair<string, TensorSource>> { new(name, TensorSource.From(elements, null)) }, null, out _),
                _ => throw new InitializerException(
                    "ShardFormatUnsupported",
                    ErrorKind.InvalidArgument,
                    $"Shards write byte ranges of a .npy or .safetensors file; a {format.ToString().ToLowerInvariant()} file cannot be split that way (its checksums and compression need all of its data).",
                    format) { SourceName = path },
            };
            if (elements.Initializer is RandomInitializer { Seed: null })
            {
                throw new InitializerException(
                    "ShardNeedsSeed",
                    ErrorKind.InvalidArgument,
                    $"{elements.Initializer.ClassName} has no seed, so each process would draw its own and the parts would not fit together. Give it a seed (for example -Initializer @{{ class_name = '{elements.Initializer.ClassName}'; config = @{{ seed = 42 }} }}).",
                    elements.Initializer);
            }

            options ??= new StreamingOptions();
            var full = Path.GetFullPath(path);
            var size = elements.ElementSize;
            var firstElement = Split(elements.Count, index, count);
            var endElement = Split(elements.Count, index + 1, count);
            var offset = index == 0 ? 0 : header.Length + (firstElement * size);
            var end = header.Length + (endElement * size);
            var part = PartPath(full, index, count);
            var description = part + ".json";

            // The description goes last: a part whose write was interrupted has none, and Join reports it missing.
            DeleteIfExists(description);
            AtomicFile.Write(
                part,
                stream =>
                {
                    if (index == 0)
                    {
                        stream.Write(header, 0, header.Length);
                    }

                    TensorSource.WriteElements(stream, elements, firstElement, endElement - firstElement, options, index == 0 ? header.Length : 0, end - offset);
                });
            var info = new OrderedDictionary(StringComparer.Ordinal)
            {
                ["run"] = RunId(elements, count, format, name),
                ["format"] = format.ToString().ToLowerInvariant(),
                ["file"] = Path.GetFileName(full),
                ["index"] = index,
                ["count"] = count,
                ["offset"] = offset,
                ["length"] = end - offset,
                ["size"] = header.Length + elements.ByteCount,
                ["initializer"] = elements.Initializer.WithEffectiveSeed().ToString(),
                ["shape"] = elements.Shape.Cast<object>().ToArray(),
                ["dtype"] = elements.DType.Name(),
            };
            AtomicFile.WriteAllText(description, JsonText.Write(info) + "\n");
            return part;
        }

        /// <summary>Assembles <paramref name="path"/> from the parts beside it, after checking that all n parts of one
        /// run are present and complete, then removes the parts and their descriptions.</summary>
        /// <param name="path">The final file.</param>
        /// <param name="options">Progress, cancellation and -Force; null for the defaults.</param>
        /// <param name="keepParts">Leave the parts in place after the file is written.</param>
        /// <exception cref="InitializerException">ShardNotFound (no part at all), ShardRunMismatch (parts of different
        /// runs), ShardMissing (a part or its description is absent), ShardInvalid (a part's size or description does not
        /// fit), or one of <see cref="AtomicFile.Write"/>'s errors.</exception>
        /// <exception cref="OperationCanceledException">The join was cancelled; the parts are untouched.</exception>
        public static void Join(string path, StreamingOptions? options = null, bool keepParts = false)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            options ??= new StreamingOptions();
            var full = Path.GetFullPath(path);
            var parts = Describe(full);
            var total = parts[0].Size;
            AtomicFile.Write(
                full,
                stream =>
                {
                    var buffer = new byte[Math.Max(1 << 16, options.ChunkBytes)];
                    var done = 0L;
                    foreach (var part in parts)
                    {
                        using var input = Npy.OpenRead(part.Path);
                        int n;
                        while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
                        {
                            options.Cancellation.ThrowIfCancellationRequested();
                            stream.Write(buffer, 0, n);
                            done += n;
                            options.Progress?.Invoke(done, total);
                        }
                    }

                    if (done != total)
                    {
                        throw Invalid(full, $"The parts of '{full}' changed while they were joined: {done} bytes were read, {total} expected.");
                    }
                },
                options.OverwriteReadOnly);
            if (!keepParts)
            {
                foreach (var part in parts)
                {
                    DeleteIfExists(part.Path + ".json");
                    DeleteIfExists(part.Path);
                }
            }
        }

        private static List<Part> Describe(string full)
        {
            var folder = Path.GetDirectoryName(full) ?? ".";
            var name = Path.GetFileName(full);
            var pattern = new Regex("^" + Regex.Escape(name) + @"\.part-(\d{5})-of-(\d{5})(\.json)?$", RegexOptions.CultureInvariant);
            var listed = Directory.Exists(folder) ? FolderListing.Files(folder, name + ".part-*", $"Cannot join '{full}': its folder '{folder}' cannot be listed to find the parts") : new List<string>();
            var files = listed.Select(f => (Path: f, Match: pattern.Match(Path.GetFileName(f)))).Where(f => f.Match.Success).ToList();
            if (files.Count == 0)
            {
                throw new InitializerException("ShardNotFound", ErrorKind.ObjectNotFound, $"No parts of '{full}' were found (files named {name}.part-NNNNN-of-NNNNN beside it).", full) { SourceName = full };
            }

            var descriptions = files.Where(f => f.Match.Groups[3].Success).Select(f => Read(f.Path, full)).ToList();
            var runs = descriptions.GroupBy(d => (d.Run, d.Count)).ToList();
            if (runs.Count == 0)
            {
                throw new InitializerException(
                    "ShardMissing",
                    ErrorKind.ObjectNotFound,
                    $"'{full}' is incomplete: none of its {files.Count} part file(s) has a description, so every shard is unfinished. Run the shards again.",
                    full) { SourceName = full };
            }

            if (runs.Count > 1 || files.Any(f => int.Parse(f.Match.Groups[2].Value, CultureInfo.InvariantCulture) != runs[0].Key.Count))
            {
                var kinds = files.GroupBy(f => f.Match.Groups[2].Value).Select(g => $"{g.Count()} file(s) of {int.Parse(g.Key, CultureInfo.InvariantCulture)} parts");
                var which = runs.Select(r => $"run {r.Key.Run} ({r.First().Initializer}, shape {r.First().Shape}, {r.Key.Count} parts): {string.Join(", ", r.Select(d => d.Index))}");
                throw new InitializerException(
                    "ShardRunMismatch",
                    ErrorKind.InvalidData,
                    $"The parts beside '{full}' come from different runs, so they do not form one file: {string.Join("; ", which.Concat(runs.Count == 1 ? kinds : Enumerable.Empty<string>()))}. Remove the parts of the run you do not want and write the missing ones again.",
                    full) { SourceName = full };
            }

            var count = runs[0].Key.Count;
            var byIndex = descriptions.ToDictionary(d => d.Index);
            var missing = Enumerable.Range(0, count).Where(i => !byIndex.ContainsKey(i) || !File.Exists(byIndex[i].Path)).ToList();
            if (missing.Count > 0)
            {
                throw new InitializerException(
                    "ShardMissing",
                    ErrorKind.ObjectNotFound,
                    $"'{full}' is incomplete: {missing.Count} of {count} parts are missing or unfinished ({string.Join(", ", missing.Take(10).Select(i => Path.GetFileName(PartPath(full, i, count))))}{(missing.Count > 10 ? ", ..." : "")}). Run those shards (-ShardIndex {string.Join(", ", missing.Take(10))}) again.",
                    missing.ToArray()) { SourceName = full };
            }

            var parts = Enumerable.Range(0, count).Select(i => byIndex[i]).ToList();
            var expected = 0L;
            foreach (var part in parts)
            {
                var length = new FileInfo(part.Path).Length;
                if (part.Offset != expected || length != part.Length || part.Size != parts[0].Size)
                {
                    throw Invalid(full, $"The part '{Path.GetFileName(part.Path)}' holds {length} bytes at offset {part.Offset}; its run expects {part.Length} at offset {expected} of {parts[0].Size}. Write that shard again.");
                }

                expected += length;
            }

            if (expected != parts[0].Size)
            {
                throw Invalid(full, $"The parts of '{full}' hold {expected} bytes; the file has {parts[0].Size}.");
            }

            return parts;
        }

        private static Part Read(string descriptionPath, string full)
        {
            string text;
            try
            {
                text = File.ReadAllText(descriptionPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InitializerException("FileOpenFailed", ErrorKind.ReadError, $"Cannot read the part description '{descriptionPath}': {ex.Message}", descriptionPath, ex) { SourceName = descriptionPath };
            }

            try
            {
                var tree = (OrderedDictionary)JsonText.Parse(text)!;
                long Number(string key) => Convert.ToInt64(tree[key], CultureInfo.InvariantCulture);
                var shape = tree["shape"] is object?[] dims ? TensorShape.Format(dims.Select(d => Convert.ToInt64(d, CultureInfo.InvariantCulture)).ToArray()) : "?";
                return new Part(
                    descriptionPath.Substring(0, descriptionPath.Length - ".json".Length),
                    (string)tree["run"]!,
                    (int)Number("index"),
                    (int)Number("count"),
                    Number("offset"),
                    Number("length"),
                    Number("size"),
                    Convert.ToString(tree["initializer"], CultureInfo.InvariantCulture) ?? "?",
                    shape);
            }
            catch (Exception ex) when (ex is InitializerException or InvalidCastException or NullReferenceException or FormatException or OverflowException)
            {
                throw new InitializerException("ShardInvalid", ErrorKind.InvalidData, $"The part description '{descriptionPath}' cannot be read: {ex.Message}", descriptionPath, ex) { SourceName = full };
            }
        }

        private static void CheckShardArguments(int index, int count)
        {
            if (count < 1 || count > MaxShards)
            {
                throw new InitializerException("ShardOutOfRange", ErrorKind.InvalidArgument, $"ShardCount {count} is out of range: give 1 to {MaxShards}.", count);
            }

            if (index < 0 || index >= count)
            {
                throw new InitializerException("ShardOutOfRange", ErrorKind.InvalidArgument, $"ShardIndex {index} is out of range for {count} shards: give 0 to {count - 1}.", index);
            }
        }

        /// <summary>The first element of shard <paramref name="index"/>: floor(count · index / shards).</summary>
        private static long Split(long count, int index, int shards) => (long)decimal.Floor((decimal)count * index / shards);

        private static InitializerException Invalid(string full, string message) =>
            new("ShardInvalid", ErrorKind.InvalidData, message, full) { SourceName = full };

        private static void DeleteIfExists(string path)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        private sealed class Part
        {
            public Part(string path, string run, int index, int count, long offset, long length, long size, string initializer, string shape)
            {
                Path = path;
                Run = run;
                Index = index;
                Count = count;
                Offset = offset;
                Length = length;
                Size = size;
                Initializer = initializer;
                Shape = shape;
            }

            public string Path { get; }

            public string Run { get; }

            public int Index { get; }

            public int Count { get; }

            public long Offset { get; }

            public long Length { get; }

            public long Size { get; }

            public string Initializer { get; }

            public string Shape { get; }
        }
    }
}
