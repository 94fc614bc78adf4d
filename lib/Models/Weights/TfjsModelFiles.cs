using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Initializers.IO;
using Initializers.Serialization;

namespace Initializers.Models.Weights
{
    /// <summary>Writes a model's weights as the TensorFlow.js files that <c>tf.loadLayersModel</c> reads (model-formats
    /// §4.1–§4.5): a <c>model.json</c> with <c>format</c> <c>"layers-model"</c>, the topology
    /// (<see cref="TfjsTopology.Convert"/>) and one <c>weightsManifest</c> group naming every weight by its
    /// <see cref="ModelWeight.TfjsName"/>, and beside it the binary shards <c>group1-shard1ofN.bin</c>… of
    /// <see cref="DefaultShardBytes"/> each (the converter's default): the weights' raw little-endian row-major values in
    /// manifest order, a weight straddling two shards where the boundary falls. All files are written at once or none
    /// (<see cref="AtomicFile"/>), streaming each weight chunk by chunk; then the shards that the replaced model.json
    /// named and the new one does not are removed. A shard that another model.json of the folder names is refused
    /// before anything is written (the converter's shard names are the same for every model).</summary>
    public static class TfjsModelFiles
    {
        /// <summary>The shard size of the TensorFlow.js converter: 4 MiB.</summary>
        public const int DefaultShardBytes = 4 << 20;

        /// <summary>The largest JSON file read for its <c>weightsManifest</c> (<see cref="StaleShards"/>): 64 MiB. A
        /// model.json holds the topology and the manifest, a few MB for large models; a bigger JSON is not read whole
        /// just to look.</summary>
        private const long MaxManifestFileBytes = 64L << 20;

        /// <summary>How this machine's file system compares paths: ignoring case on Windows, else exactly.</summary>
        private static readonly StringComparer PathComparer = Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        /// <summary>The exact name of a shard this writer (and the TensorFlow.js converter) writes.</summary>
        private static readonly Regex StaleShardName = new("^group[1-9][0-9]*-shard[1-9][0-9]*of[1-9][0-9]*\\.bin$", RegexOptions.CultureInvariant);

        /// <summary>The name of shard <paramref name="index"/> (1-based) of <paramref name="count"/>: <c>group1-shard1of3.bin</c>.</summary>
        /// <param name="index">The 1-based shard number.</param>
        /// <param name="count">The number of shards.</param>
        public static string ShardName(int index, int count) =>
            "group1-shard" + index.ToString(CultureInfo.InvariantCulture) + "of" + count.ToString(CultureInfo.InvariantCulture) + ".bin";

        /// <summary>Writes <paramref name="path"/> (the model.json) and its shards beside it, and then removes the shards
        /// that the model.json it replaced named and the new one does not (<see cref="StaleShards"/>): the shards of an
        /// earlier output of this model.json with another shard count.</summary>
        /// <param name="path">The model.json to create or replace.</param>
        /// <param name="plan">The weights, planned for TensorFlow.js (<see cref="ModelWeightOptions.Target"/>
        /// <see cref="WeightTarget.TensorFlowJs"/>), whose <see cref="ModelWeightPlan.Config"/> gives the topology.</param>
        /// <param name="values">Each weight's values (its shape and dtype).</param>
        /// <param name="streaming">Progress (bytes of weight data), cancellation and chunk size; null for the defaults.</param>
        /// <param name="overwriteReadOnly">Replace read-only files (PowerShell's <c>-Force</c>).</param>
        /// <param name="shardBytes">The size of every shard but the last (the converter's
        /// <c>--weight_shard_size_bytes</c>).</param>
        /// <returns>The paths written: the model.json, then the shards in order.</returns>
        /// <exception cref="InitializerException">TfjsNameMissing (a plan not made for TensorFlow.js), TfjsDuplicateWeightName,
        /// TfjsDTypeUnsupported (a dtype other than float32, int32 and bool), WeightValuesMismatch, TfjsTopologyUnsupported,
        /// TfjsShardInUse (ResourceExists, nothing written) when another model.json of the folder names a shard this
        /// write would create or replace; FolderReadFailed (nothing written) when the folder cannot be listed for the other
        /// models; one of <see cref="AtomicFile.Write"/>'s errors; TfjsStaleShardNotRemoved (WriteError, the new files are
        /// in place) when a stale shard cannot be removed.</exception>
        /// <exception cref="OperationCanceledException">The write was cancelled; nothing was left behind.</exception>
        public static IReadOnlyList<string> Write(string path, ModelWeightPlan plan, Func<ModelWeight, TensorElements> values, StreamingOptions? streaming = null, bool overwriteReadOnly = false, int shardBytes = DefaultShardBytes) =>
            Write(path, plan, values, streaming, overwriteReadOnly, shardBytes, null);

        /// <summary><see cref="Write(string, ModelWeightPlan, Func{ModelWeight, TensorElements}, StreamingOptions, bool, int)"/>,
        /// removing <paramref name="stale"/> afterwards: the stale shards listed when the write was prepared
        /// (<see cref="ModelWeightFile.Prepare"/>, what the caller confirmed), or, when null, those listed before the
        /// files are written (<see cref="StaleShards"/>).</summary>
        internal static IReadOnlyList<string> Write(string path, ModelWeightPlan plan, Func<ModelWeight, TensorElements> values, StreamingOptions? streaming, bool overwriteReadOnly, int shardBytes, IReadOnlyList<string>? stale)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (shardBytes < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(shardBytes), shardBytes, "The shard size must be positive.");
            }

            var elements = WeightValues.Resolve(plan, values);
            CheckWeights(plan, path);
            streaming ??= new StreamingOptions();
            var total = elements.Sum(e => e.ByteCount);
            var full = Path.GetFullPath(path);
            var shardPaths = ShardPaths(full, total, shardBytes);
            var count = shardPaths.Count;
            var shards = shardPaths.Select(s => Path.GetFileName(s)).ToArray();

            // Before anything is written: the old model.json names the stale shards, and another model's shard is refused
            // (again for a prepared write, so a model written into the folder since then is refused too). A prepared write
            // removes the stale shards it listed, which its caller confirmed, but only those that are still stale now: one
            // that another model.json has named since then is kept.
            var listed = StaleShards(full, shardPaths);
            stale = stale is null ? listed : stale.Where(s => listed.Contains(s, PathComparer)).ToList();

            var manifest = new OrderedDictionary(StringComparer.Ordinal)
            {
                ["paths"] = shards.Cast<object?>().ToArray(),
                ["weights"] = plan.Weights.Select(w => (object?)new OrderedDictionary(StringComparer.Ordinal)
                {
                    ["name"] = w.TfjsName,
                    ["shape"] = w.Shape.Cast<object?>().ToArray(),
                    ["dtype"] = w.DType.Name(),
                }).ToArray(),
            };
            var keras = plan.Config.Model["keras_version"] as string;
            var modelJson = new OrderedDictionary(StringComparer.Ordinal)
            {
                ["format"] = "layers-model",
                ["generatedBy"] = keras is null || keras.StartsWith("tfjs", StringComparison.Ordinal) ? keras : "keras v" + keras,
                ["convertedBy"] = "Initializers v" + TensorProvenance.LibraryVersion(),
                ["modelTopology"] = TfjsTopology.Convert(plan.Config),
                ["weightsManifest"] = new object?[] { manifest },
            };
            var text = JsonText.Write(modelJson) + "\n";

            var files = new List<KeyValuePair<string, Action<Stream>>>
            {
                new(full, stream =>
                {
                    var bytes = new UTF8Encoding(false).GetBytes(text);
                    stream.Write(bytes, 0, bytes.Length);
                }),
            };
            for (var i = 0; i < count; i++)
            {
                var first = (long)i * shardBytes;
                var end = Math.Min(total, first + shardBytes);
                files.Add(new(shardPaths[i], stream => WriteRange(stream, elements, first, end, streaming, total)));
            }

            using (Cancellation.UseIfCancelable(streaming.Cancellation))
            {
                AtomicFile.WriteAll(files, overwriteReadOnly);
            }

            RemoveStaleShards(full, stale);
            return files.Select(f => f.Key).ToList();
        }

        /// <summary>The shards of a model.json whose weights hold <paramref name="total"/> bytes, beside it, in order.</summary>
        internal static IReadOnlyList<string> ShardPaths(string path, long total, int shardBytes)
        {
            var folder = Path.GetDirectoryName(path) ?? "";
            var count = (int)Math.Min(int.MaxValue, (total + shardBytes - 1) / shardBytes);
            return Enumerable.Range(1, count).Select(i => Path.Combine(folder, ShardName(i, count))).ToList();
        }

        /// <summary>The shards that the model.json at <paramref name="path"/>, as it is now (before it is replaced), names
        /// in its <c>weightsManifest</c> and that <paramref name="shards"/> does not: files of its folder (not below it)
        /// named as this writer names shards, <c>groupN-shardMofK.bin</c> (N, M, K decimal without leading zeros), that
        /// exist and that no other model.json of the folder names. An absent, unreadable or non-model target names
        /// none, so a file that no earlier version of this target named is never stale. Sorted by name.</summary>
        /// <exception cref="InitializerException">TfjsShardInUse (ResourceExists): another model.json of the folder
        /// names one of <paramref name="shards"/>, which this write would create or replace; FolderReadFailed naming the
        /// folder when it cannot be listed for the other models (no read permission, an I/O error).</exception>
        internal static IReadOnlyList<string> StaleShards(string path, IReadOnlyList<string> shards)
        {
            var full = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(full) ?? ".";
            if (!Directory.Exists(folder))
            {
                return Array.Empty<string>();
            }

            var mine = new HashSet<string>(shards.Select(s => Path.GetFullPath(s)), PathComparer);
            var others = new HashSet<string>(PathComparer);
            foreach (var other in OtherModels(full, folder, path))
            {
                foreach (var shard in ManifestPaths(other, folder))
                {
                    if (mine.Contains(shard))
                    {
                        throw new InitializerException(
                            "TfjsShardInUse",
                            ErrorKind.ResourceExists,
                            $"Cannot write '{full}': its shard '{shard}' is named by the TensorFlow.js model '{other}' in the same folder, whose weights it would replace. Write each model into its own folder.",
                            shard) { SourceName = full };
                    }

                    others.Add(shard);
                }
            }

            return ManifestPaths(full, folder)
                .Where(f => PathComparer.Equals(Path.GetDirectoryName(f), folder) && StaleShardName.IsMatch(Path.GetFileName(f)))
                .Where(f => !mine.Contains(f) && !others.Contains(f) && File.Exists(f))
                .Distinct(PathComparer)
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>The other files of <paramref name="folder"/> (not below it) named <c>*.json</c>, any case, but
        /// <paramref name="target"/>. A folder that cannot be listed is FolderReadFailed: without the list, this write could
        /// replace another model's shards.</summary>
        private static IEnumerable<string> OtherModels(string target, string folder, string path) =>
            FolderListing.Files(folder, "*", $"Cannot write '{path}': its folder '{folder}' cannot be listed to find the other TensorFlow.js models whose shards this write must not replace")
                .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !PathComparer.Equals(f, target))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();

        /// <summary>The full paths of the shards the TensorFlow.js model.json <paramref name="json"/> names
        /// (<c>weightsManifest[*].paths</c>, relative to <paramref name="folder"/>); none when the file is absent, cannot
        /// be read or parsed, is not an object with a <c>weightsManifest</c>, or is larger than
        /// <see cref="MaxManifestFileBytes"/>.</summary>
        private static IEnumerable<string> ManifestPaths(string json, string folder)
        {
            object? tree;
            try
            {
                var info = new FileInfo(json);
                if (!info.Exists || info.Length > MaxManifestFileBytes)
                {
                    return Array.Empty<string>();
                }

                tree = JsonText.Parse(File.ReadAllText(json));
            }
            catch (Exception ex) when (ex is InitializerException or IOException or UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }

            if (tree is not OrderedDictionary model || !model.Contains("weightsManifest") || model["weightsManifest"] is not object?[] groups)
            {
                return Array.Empty<string>();
            }

            var paths = new List<string>();
            foreach (var name in groups.OfType<OrderedDictionary>().Select(g => g.Contains("paths") ? g["paths"] : null).OfType<object?[]>().SelectMany(p => p).OfType<string>())
            {
                try
                {
                    paths.Add(Path.GetFullPath(Path.Combine(folder, name.Replace('/', Path.DirectorySeparatorChar))));
                }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
                {
                    // Not a path of this file system (a URL, a bad character): not a file of this folder.
                }
            }

            return paths;
        }

        /// <summary>Removes the stale shards beside the model.json just written (<see cref="StaleShards"/>, taken
        /// before it was replaced).</summary>
        private static void RemoveStaleShards(string path, IReadOnlyList<string> staleShards)
        {
            foreach (var stale in staleShards)
            {
                try
                {
                    File.Delete(stale);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new InitializerException(
                        "TfjsStaleShardNotRemoved",
                        ErrorKind.WriteError,
                        $"'{path}' and its shards were written, but '{stale}', a shard of an earlier output that the new model.json does not name, could not be removed: {ex.Message}",
                        stale,
                        ex) { SourceName = stale };
                }
            }
        }

        private static void CheckWeights(ModelWeightPlan plan, string path)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var weight in plan.Weights)
            {
                if (weight.TfjsName is null)
                {
                    throw new InitializerException(
                        "TfjsNameMissing",
                        ErrorKind.InvalidArgument,
                        $"The weight '{weight.Path}' has no TensorFlow.js name: the plan was not made for TensorFlow.js (plan it with ModelWeightOptions.Target = TensorFlowJs).",
                        weight.Path) { SourceName = path };
                }

                if (!names.Add(weight.TfjsName))
                {
                    throw new InitializerException(
                        "TfjsDuplicateWeightName",
                        ErrorKind.InvalidArgument,
                        $"Two weights are named '{weight.TfjsName}' for TensorFlow.js, which matches weights by name and refuses duplicates (two nested models with a layer of the same name). Rename one layer.",
                        weight.TfjsName) { SourceName = path };
                }

                if (weight.DType is not (DType.Float32 or DType.Int32 or DType.Bool))
                {
                    throw new InitializerException(
                        "TfjsDTypeUnsupported",
                        ErrorKind.InvalidArgument,
                        $"The weight '{weight.Path}' is {weight.DType.Name()}; TensorFlow.js weights are float32, int32 or bool.",
                        weight.Path) { SourceName = path };
                }
            }
        }

        /// <summary>Writes bytes [<paramref name="first"/>, <paramref name="end"/>) of the weights' concatenated data: whole
        /// elements in chunks, and the bytes of an element cut by the range's ends one element at a time.</summary>
        private static void WriteRange(Stream stream, List<TensorElements> elements, long first, long end, StreamingOptions streaming, long total)
        {
            var offset = 0L;
            foreach (var source in elements)
            {
                // The caller's ambient cancellation (a cmdlet's stop), besides the streaming options' token.
                Cancellation.ThrowIfRequested();
                var start = offset;
                offset += source.ByteCount;
                var low = Math.Max(first, start) - start;
                var high = Math.Min(end, offset) - start;
                if (low >= high)
                {
                    continue;
                }

                var size = source.ElementSize;
                var head = low / size;
                var tail = high / size;
                if (low % size != 0 || head == tail)
                {
                    WritePart(stream, source, head, (int)(low % size), (int)(Math.Min(high, (head + 1) * size) - (head * size)));
                    head++;
                }

                if (head < tail)
                {
                    TensorSource.WriteElements(stream, source, head, tail - head, streaming, start + (head * size), total);
                }

                if (high % size != 0 && tail >= head)
                {
                    WritePart(stream, source, tail, 0, (int)(high % size));
                }
            }
        }

        private static void WritePart(Stream stream, TensorElements source, long element, int from, int to)
        {
            var bytes = new byte[source.ElementSize];
            source.FillBytes(element, bytes);
            stream.Write(bytes, from, to - from);
        }
    }
}
