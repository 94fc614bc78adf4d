using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using Initializers.IO;
using Initializers.Serialization;
using Initializers.Torch;

namespace Initializers.Models.Weights
{
    /// <summary>Writes a model's initial weights (<see cref="ModelWeightPlan"/> and a base seed) as files that numpy,
    /// Hugging Face, Keras and TensorFlow.js load: one switch over <see cref="ModelWeightFormat"/>, the tensors streamed
    /// chunk by chunk through the one tensor-file writer (<see cref="TensorFile"/>), so memory stays bounded whatever the
    /// model's size, and every file written through <see cref="AtomicFile"/> (an error or a cancellation leaves nothing
    /// half-written).</summary>
    /// <remarks>
    /// <para>Safetensors: tensors named by <see cref="ModelWeight.Path"/>; <c>__metadata__</c> holds <c>format: pt</c>,
    /// the provenance record of each one-call weight (<see cref="Safetensors.ProvenanceKey"/>), and
    /// <see cref="BaseSeedKey"/>, <see cref="SeedsKey"/>, <see cref="VersionKey"/>, <see cref="KerasVersionKey"/> and, when
    /// given, <see cref="ModelSha256Key"/>. Npz: members named by the path, the provenance member for one-call weights
    /// (an .npz has no room for the rest). With <see cref="ModelWeightWriteOptions.Layout"/> Torch, the tensors are the
    /// PyTorch <c>state_dict</c> of <see cref="TorchStateDict.Map"/> (no provenance records) and the safetensors
    /// metadata adds <see cref="TorchStateDict.LayoutKey"/> and <see cref="TorchStateDict.SourcesKey"/>.</para>
    /// <para>Shards (<see cref="ModelWeightWriteOptions.ShardIndex"/> of <see cref="ModelWeightWriteOptions.ShardCount"/>):
    /// the Hugging Face layout. Shard i (0-based) is <c>STEM-0000(i+1)-of-0000n.EXT</c> beside the destination
    /// <c>STEM.EXT</c> (<see cref="ShardPath"/>), and every shard also writes the same index
    /// <c>STEM.EXT.index.json</c> (<see cref="IndexPath"/>): <c>{"metadata": {"total_size": BYTES}, "weight_map":
    /// {NAME: FILE}}</c>, names sorted, as transformers writes it. The weights are assigned by bytes
    /// (<see cref="AssignShards"/>), so every process computes the same assignment alone. A tensor's bytes are the same
    /// in its shard as in a one-file run.</para>
    /// </remarks>
    public static class ModelWeightFile
    {
        /// <summary>The <c>__metadata__</c> key of the base seed (invariant decimal).</summary>
        public const string BaseSeedKey = "initializers.base_seed";

        /// <summary>The <c>__metadata__</c> key of the seeds: a JSON object of weight (the Keras variable path, also in the
        /// torch layout) to its seed, or to the list of its parts' seeds when it is made of several calls (null for a call
        /// that draws none).</summary>
        public const string SeedsKey = "initializers.seeds";

        /// <summary>The <c>__metadata__</c> key of the library (and module) version.</summary>
        public const string VersionKey = "initializers.version";

        /// <summary>The <c>__metadata__</c> key of the Keras version whose rules the plan applied.</summary>
        public const string KerasVersionKey = "initializers.keras_version";

        /// <summary>The <c>__metadata__</c> key of the model file's SHA-256 (lowercase hex).</summary>
        public const string ModelSha256Key = "initializers.model_sha256";

        /// <summary>Bytes kept free beyond the tensors' data when checking the disk: headers, the index, the zip
        /// directory.</summary>
        private const long HeaderAllowance = 1 << 20;

        /// <summary>Test hook: the free bytes of the volume of a folder (null: unknown, no check).</summary>
        internal static Func<string, long?> FreeSpace { get; set; } = DefaultFreeSpace;

        /// <summary>The format a destination names: <c>.safetensors</c>, <c>.npz</c>, <c>.weights.h5</c> (KerasH5) and
        /// <c>.json</c> (TensorFlowJs, a <c>model.json</c>), any case.</summary>
        /// <param name="path">The destination file.</param>
        /// <exception cref="InitializerException">UnknownWeightFormat for any other name.</exception>
        public static ModelWeightFormat FormatOf(string path)
        {
            var name = Path.GetFileName(path ?? throw new ArgumentNullException(nameof(path))).ToLowerInvariant();
            if (name.EndsWith(".safetensors", StringComparison.Ordinal))
            {
                return ModelWeightFormat.Safetensors;
            }

            if (name.EndsWith(".npz", StringComparison.Ordinal))
            {
                return ModelWeightFormat.Npz;
            }

            if (name.EndsWith(".weights.h5", StringComparison.Ordinal))
            {
                return ModelWeightFormat.KerasH5;
            }

            if (name.EndsWith(".json", StringComparison.Ordinal))
            {
                return ModelWeightFormat.TensorFlowJs;
            }

            throw new InitializerException(
                "UnknownWeightFormat",
                ErrorKind.InvalidArgument,
                $"Cannot tell the weight format of '{path}' from its name: use .safetensors, .npz, .weights.h5 (Keras 3) or model.json (TensorFlow.js), or give the format.",
                path) { SourceName = path };
        }

        /// <summary>Which shard each weight goes to, balanced by bytes: the weights, largest first (plan order among
        /// equals), each to the shard with the fewest bytes so far (the lowest index among equals). A pure function of
        /// the sizes and the count, so separate processes agree.</summary>
        /// <param name="weights">The weights, in plan order.</param>
        /// <param name="shardCount">The number of shards, 1 or more.</param>
        /// <returns>The 0-based shard of each weight, in the order of <paramref name="weights"/>.</returns>
        public static IReadOnlyList<int> AssignShards(IReadOnlyList<ModelWeight> weights, int shardCount)
        {
            if (weights is null)
            {
                throw new ArgumentNullException(nameof(weights));
            }

            CheckShard(0, shardCount, null);
            var assigned = new int[weights.Count];
            var loads = new long[shardCount];
            foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => weights[i].ByteCount).ThenBy(i => i))
            {
                var least = 0;
                for (var s = 1; s < shardCount; s++)
                {
                    least = loads[s] < loads[least] ? s : least;
                }

                assigned[i] = least;
                loads[least] += weights[i].ByteCount;
            }

            return assigned;
        }

        /// <summary>The file of shard <paramref name="shardIndex"/> (0-based) of <paramref name="shardCount"/>, beside
        /// <paramref name="destination"/>: <c>model.safetensors</c> gives <c>model-00001-of-00003.safetensors</c>.</summary>
        /// <param name="destination">The one-file destination (<c>STEM.EXT</c>).</param>
        /// <param name="shardIndex">The shard, 0 to <paramref name="shardCount"/> - 1.</param>
        /// <param name="shardCount">The number of shards.</param>
        public static string ShardPath(string destination, int shardIndex, int shardCount)
        {
            CheckShard(shardIndex, shardCount, destination);
            var folder = Path.GetDirectoryName(destination ?? throw new ArgumentNullException(nameof(destination))) ?? "";
            var name = string.Format(
                CultureInfo.InvariantCulture,
                "{0}-{1:D5}-of-{2:D5}{3}",
                Path.GetFileNameWithoutExtension(destination),
                shardIndex + 1,
                shardCount,
                Path.GetExtension(destination));
            return Path.Combine(folder, name);
        }

        /// <summary>The index of a sharded write: <c>model.safetensors</c> gives <c>model.safetensors.index.json</c>.</summary>
        /// <param name="destination">The one-file destination.</param>
        public static string IndexPath(string destination) => (destination ?? throw new ArgumentNullException(nameof(destination))) + ".index.json";

        /// <summary>The files <see cref="Write"/> writes for these options: the destination, or the shard and the index.</summary>
        /// <param name="destination">The destination file.</param>
        /// <param name="options">The shard options; null for one file.</param>
        public static IReadOnlyList<string> Files(string destination, ModelWeightWriteOptions? options)
        {
            if (options?.ShardIndex is null && options?.ShardCount is null)
            {
                return new[] { destination ?? throw new ArgumentNullException(nameof(destination)) };
            }

            CheckShard(options!.ShardIndex, options.ShardCount, destination);
            return new[] { ShardPath(destination, options.ShardIndex!.Value, options.ShardCount!.Value), IndexPath(destination) };
        }

        /// <summary>The weights of <paramref name="plan"/> that this write puts in its file: all of them, or the
        /// shard's (<see cref="AssignShards"/>), in plan order.</summary>
        /// <param name="plan">The plan.</param>
        /// <param name="options">The shard options; null for one file.</param>
        public static IReadOnlyList<ModelWeight> Selected(ModelWeightPlan plan, ModelWeightWriteOptions? options)
        {
            var weights = (plan ?? throw new ArgumentNullException(nameof(plan))).Weights;
            if (options?.ShardIndex is null && options?.ShardCount is null)
            {
                return weights;
            }

            CheckShard(options!.ShardIndex, options.ShardCount, null);
            var assigned = AssignShards(weights, options.ShardCount!.Value);
            return weights.Where((w, i) => assigned[i] == options.ShardIndex!.Value).ToList();
        }

        /// <summary>Works out a write of the initial weights of <paramref name="plan"/> for <paramref name="baseSeed"/> to
        /// <paramref name="destination"/> in <paramref name="format"/> without writing anything: its files, the stale
        /// files it removes, and the values of the weights it writes (see <see cref="ModelWeightWrite"/>).</summary>
        /// <param name="destination">The file to create or replace (the one-file name when sharded).</param>
        /// <param name="format">The layout.</param>
        /// <param name="plan">The plan (<see cref="ModelWeightPlan.Build"/>).</param>
        /// <param name="baseSeed">The base seed of the unseeded initializers (<see cref="ModelWeightValues"/>).</param>
        /// <param name="options">Shards, model hash, compression; null for the defaults.</param>
        /// <returns>The prepared write; <see cref="ModelWeightWrite.Write"/> writes it. It keeps a copy of
        /// <paramref name="options"/>, and in PyTorch's layout the <c>state_dict</c> mapped here, so every refusal of
        /// the layout comes from this call and <see cref="ModelWeightWrite.Bytes"/> counts the file's tensors.</returns>
        /// <exception cref="InitializerException">ShardFormatUnsupported (TensorFlowJs and KerasH5 are not sharded);
        /// LayoutFormatUnsupported (the torch layout to TensorFlowJs or KerasH5) and the errors of
        /// <see cref="TorchStateDict.Map"/>; ShardOutOfRange; TfjsShardInUse (another TensorFlow.js model.json of the folder
        /// names a shard this write would create or replace); FolderReadFailed when the folder of a TensorFlow.js
        /// model.json cannot be listed for the other models; the errors of
        /// <see cref="ModelWeightValues.Create(ModelWeight, long)"/>.</exception>
        public static ModelWeightWrite Prepare(string destination, ModelWeightFormat format, ModelWeightPlan plan, long baseSeed, ModelWeightWriteOptions? options = null)
        {
            if (destination is null)
            {
                throw new ArgumentNullException(nameof(destination));
            }

            // A copy: a caller changing its options between Prepare and Write cannot change what is written.
            options = options?.Copy() ?? new ModelWeightWriteOptions();
            if (format is ModelWeightFormat.TensorFlowJs or ModelWeightFormat.KerasH5 && options.ShardCount is not null)
            {
                throw new InitializerException(
                    "ShardFormatUnsupported",
                    ErrorKind.InvalidOperation,
                    $"Cannot write '{destination}' in shards: the {format} layout is one set of files; shard .safetensors or .npz instead.",
                    format) { SourceName = destination };
            }

            if (format is not (ModelWeightFormat.Safetensors or ModelWeightFormat.Npz or ModelWeightFormat.TensorFlowJs or ModelWeightFormat.KerasH5))
            {
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown weight format.");
            }

            IReadOnlyList<TorchTensor>? torch = null;
            if (options.Layout == WeightLayout.Torch)
            {
                TorchStateDict.CheckFormat(format, destination);
                torch = TorchStateDict.Map(plan);
            }

            var files = Files(destination, options);
            var values = Selected(plan, options).Select(w => ModelWeightValues.Create(w, baseSeed)).ToList();
            IReadOnlyList<string> stale = Array.Empty<string>();
            if (format == ModelWeightFormat.TensorFlowJs)
            {
                var shards = TfjsModelFiles.ShardPaths(destination, values.Sum(v => v.Weight.ByteCount), TfjsModelFiles.DefaultShardBytes);
                files = new[] { destination }.Concat(shards).ToList();
                stale = TfjsModelFiles.StaleShards(destination, shards);
            }

            return new ModelWeightWrite(destination, format, plan, baseSeed, options, files, stale, values, torch);
        }

        /// <summary>Writes the initial weights of <paramref name="plan"/> for <paramref name="baseSeed"/> to
        /// <paramref name="destination"/> in <paramref name="format"/> (see the remarks on <see cref="ModelWeightFile"/>):
        /// <see cref="Prepare"/> and then <see cref="ModelWeightWrite.Write"/>.
        /// Every value and dtype is checked, and the free disk space, before any file is created.</summary>
        /// <param name="destination">The file to create or replace (the one-file name when sharded).</param>
        /// <param name="format">The layout.</param>
        /// <param name="plan">The plan (<see cref="ModelWeightPlan.Build"/>).</param>
        /// <param name="baseSeed">The base seed of the unseeded initializers (<see cref="ModelWeightValues"/>).</param>
        /// <param name="options">Shards, model hash, compression; null for the defaults.</param>
        /// <param name="streaming">Progress (bytes of this process's data), cancellation, chunk size and
        /// <see cref="StreamingOptions.OverwriteReadOnly"/>; null for the defaults.</param>
        /// <returns>The files written, in the order written.</returns>
        /// <exception cref="InitializerException">ShardFormatUnsupported (TensorFlowJs and KerasH5 are not sharded);
        /// ShardOutOfRange; InsufficientDiskSpace; UnsupportedDType from a format that cannot hold a weight's dtype
        /// (safetensors: complex and string; npz: bfloat16); with <see cref="ModelWeightWriteOptions.Layout"/> Torch,
        /// LayoutFormatUnsupported and the errors of <see cref="TorchStateDict.Map"/>; the errors of <see cref="ModelWeightValues.Create(ModelWeight, long)"/>,
        /// <see cref="TensorFile"/> and <see cref="AtomicFile"/>.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; nothing was left behind.</exception>
        public static IReadOnlyList<string> Write(string destination, ModelWeightFormat format, ModelWeightPlan plan, long baseSeed, ModelWeightWriteOptions? options = null, StreamingOptions? streaming = null) =>
            Prepare(destination, format, plan, baseSeed, options).Write(streaming);

        /// <summary>Writes a prepared write (<see cref="ModelWeightWrite.Write"/>).</summary>
        internal static IReadOnlyList<string> WritePrepared(ModelWeightWrite prepared, StreamingOptions? streaming)
        {
            streaming ??= new StreamingOptions();
            var destination = prepared.Destination;
            var format = prepared.Format;
            var plan = prepared.Plan;
            var options = prepared.PreparedOptions;
            var files = prepared.Files;
            var values = prepared.Values.ToList();
            var total = prepared.Bytes + HeaderAllowance + (prepared.TensorCount * 256L);
            switch (format)
            {
                case ModelWeightFormat.Safetensors:
                case ModelWeightFormat.Npz:
                    break;
                case ModelWeightFormat.TensorFlowJs:
                case ModelWeightFormat.KerasH5:
                    var byWeight = values.ToDictionary(v => v.Weight, v => v.Elements);
                    CheckDisk(files[0], total);
                    if (format == ModelWeightFormat.KerasH5)
                    {
                        KerasWeightsFile.Write(destination, plan, w => byWeight[w], streaming, streaming.OverwriteReadOnly);
                        return files;
                    }

                    // The stale shards removed are those listed when the write was prepared (what the caller confirmed).
                    TfjsModelFiles.Write(destination, plan, w => byWeight[w], streaming, streaming.OverwriteReadOnly, TfjsModelFiles.DefaultShardBytes, prepared.StaleFiles);
                    return files;
                default:
                    throw new ArgumentOutOfRangeException(nameof(prepared), format, "Unknown weight format.");
            }

            var torch = prepared.Torch;
            var sources = Sources(Tensors(values, torch), format, streaming);
            var tensorFormat = format == ModelWeightFormat.Npz ? TensorFileFormat.Npz : TensorFileFormat.Safetensors;
            var writeOptions = new TensorWriteOptions
            {
                Format = tensorFormat,
                Compress = options.Compress,
                OverwriteReadOnly = streaming.OverwriteReadOnly,
                Cancellation = streaming.Cancellation,
                Metadata = format == ModelWeightFormat.Safetensors ? Metadata(plan, values, prepared.BaseSeed, options.ModelSha256, torch) : null,
            };

            // The writer refuses a dtype its format cannot hold before it creates anything; the disk is checked first.
            // A shard and its index are committed together: both new or both as they were.
            CheckDisk(files[0], total);
            using (Cancellation.UseIfCancelable(streaming.Cancellation))
            {
                AtomicFile.Together(
                    () =>
                    {
                        TensorFile.Write(files[0], sources, writeOptions);
                        if (files.Count > 1)
                        {
                            AtomicFile.WriteAllText(files[1], Index(plan, destination, options.ShardCount!.Value, torch), null, streaming.OverwriteReadOnly);
                        }
                    });
            }

            return files;
        }

        /// <summary>The index of a sharded write (see the remarks on <see cref="ModelWeightFile"/>).</summary>
        internal static string Index(ModelWeightPlan plan, string destination, int shardCount, IReadOnlyList<TorchTensor>? torch = null)
        {
            var assigned = AssignShards(plan.Weights, shardCount);
            var shardOf = Enumerable.Range(0, plan.Weights.Count).ToDictionary(i => plan.Weights[i], i => assigned[i]);
            // PyTorch's layout: each torch tensor goes in the shard of the Keras weight it comes with.
            var names = torch?.Select(t => (t.Name, t.Source, t.ByteCount)).ToList() ?? plan.Weights.Select(w => (Name: w.Path, Source: w, w.ByteCount)).ToList();
            var map = new OrderedDictionary(StringComparer.Ordinal);
            foreach (var (name, source, _) in names.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                map[name] = Path.GetFileName(ShardPath(destination, shardOf[source], shardCount));
            }

            var tree = new OrderedDictionary(StringComparer.Ordinal)
            {
                { "metadata", new OrderedDictionary(StringComparer.Ordinal) { { "total_size", names.Sum(n => n.ByteCount) } } },
                { "weight_map", map },
            };
            return JsonText.Write(tree) + "\n";
        }

        /// <summary>The tensors of the file: each weight's values under its Keras path, or its torch tensors
        /// (<see cref="TorchStateDict.Map"/>) in plan order.</summary>
        private static List<KeyValuePair<string, TensorElements>> Tensors(List<ModelWeightValues> values, IReadOnlyList<TorchTensor>? torch)
        {
            if (torch is null)
            {
                return values.Select(v => new KeyValuePair<string, TensorElements>(v.Weight.Path, v.Elements)).ToList();
            }

            var bySource = torch.ToLookup(t => t.Source);
            return values.SelectMany(v => bySource[v.Weight].Select(t => new KeyValuePair<string, TensorElements>(t.Name, t.Elements(v.Elements)))).ToList();
        }

        private static List<KeyValuePair<string, TensorSource>> Sources(List<KeyValuePair<string, TensorElements>> tensors, ModelWeightFormat format, StreamingOptions streaming)
        {
            // Safetensors reports progress across the file; an .npz member reports its own, so offset it by the members before.
            var total = tensors.Sum(t => t.Value.ByteCount);
            var list = new List<KeyValuePair<string, TensorSource>>();
            var before = 0L;
            foreach (var t in tensors)
            {
                var options = streaming;
                if (format == ModelWeightFormat.Npz && streaming.Progress is { } progress)
                {
                    var offset = before;
                    var bytes = t.Value.ByteCount;
                    options = new StreamingOptions
                    {
                        Cancellation = streaming.Cancellation,
                        ChunkBytes = streaming.ChunkBytes,
                        OverwriteReadOnly = streaming.OverwriteReadOnly,
                        Progress = (done, memberTotal) => progress(offset + Math.Max(0, bytes - (memberTotal - done)), total),
                    };
                }

                list.Add(new KeyValuePair<string, TensorSource>(t.Key, TensorSource.From(t.Value, options)));
                before += t.Value.ByteCount;
            }

            return list;
        }

        private static List<KeyValuePair<string, string>> Metadata(ModelWeightPlan plan, List<ModelWeightValues> values, long baseSeed, string? modelSha256, IReadOnlyList<TorchTensor>? torch)
        {
            var seeds = new OrderedDictionary(StringComparer.Ordinal);
            foreach (var v in values)
            {
                seeds[v.Weight.Path] = v.Seeds.Count == 1 ? v.Seeds[0] : v.Seeds.Cast<object?>().ToArray();
            }

            var metadata = new List<KeyValuePair<string, string>>();
            if (modelSha256 is not null)
            {
                metadata.Add(new KeyValuePair<string, string>(ModelSha256Key, modelSha256));
            }

            metadata.Add(new KeyValuePair<string, string>(BaseSeedKey, baseSeed.ToString(CultureInfo.InvariantCulture)));
            metadata.Add(new KeyValuePair<string, string>(SeedsKey, JsonText.Write(seeds, compress: true)));
            metadata.Add(new KeyValuePair<string, string>(KerasVersionKey, plan.KerasVersion));
            metadata.Add(new KeyValuePair<string, string>(VersionKey, TensorProvenance.CurrentVersion));
            if (torch is not null)
            {
                var selected = new HashSet<ModelWeight>(values.Select(v => v.Weight));
                var sources = new OrderedDictionary(StringComparer.Ordinal);
                foreach (var t in torch.Where(t => selected.Contains(t.Source)))
                {
                    sources[t.Name] = t.HoldsSource ? t.Source.Path : null;
                }

                metadata.Add(new KeyValuePair<string, string>(TorchStateDict.LayoutKey, "torch"));
                metadata.Add(new KeyValuePair<string, string>(TorchStateDict.SourcesKey, JsonText.Write(sources, compress: true)));
            }

            return metadata;
        }

        private static void CheckDisk(string path, long needed)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            if (FreeSpace(folder) is { } free && free < needed)
            {
                throw new InitializerException(
                    "InsufficientDiskSpace",
                    ErrorKind.ResourceUnavailable,
                    $"Cannot write '{path}': it needs about {needed:N0} bytes, and the volume of '{folder}' has {free:N0} free.",
                    path) { SourceName = path };
            }
        }

        internal static long? DefaultFreeSpace(string folder)
        {
            try
            {
                if (!Directory.Exists(folder))
                {
                    return null;
                }

                var root = Path.DirectorySeparatorChar == '\\' ? Path.GetPathRoot(folder) : folder;
                return new DriveInfo(root!).AvailableFreeSpace;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static void CheckShard(int? index, int? count, string? path)
        {
            if (index is null || count is null || count < 1 || index < 0 || index >= count)
            {
                throw new InitializerException(
                    "ShardOutOfRange",
                    ErrorKind.InvalidArgument,
                    $"A shard is index i of count n, with n at least 1 and i from 0 to n - 1; got index {index?.ToString(CultureInfo.InvariantCulture) ?? "none"} of {count?.ToString(CultureInfo.InvariantCulture) ?? "none"}.",
                    index ?? count) { SourceName = path };
            }
        }
    }
}
