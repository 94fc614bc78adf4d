using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.IO;

namespace Initializers.Models.Weights
{
    /// <summary>One write of a model's weights, worked out before anything is written
    /// (<see cref="ModelWeightFile.Prepare"/>): every file it writes, the files of an earlier output it removes, and the
    /// values of the weights it puts in them. A caller reports and confirms from this, and <see cref="Write"/> writes
    /// exactly this, so the two never disagree.</summary>
    public sealed class ModelWeightWrite
    {
        internal ModelWeightWrite(string destination, ModelWeightFormat format, ModelWeightPlan plan, long baseSeed, ModelWeightWriteOptions options, IReadOnlyList<string> files, IReadOnlyList<string> staleFiles, IReadOnlyList<ModelWeightValues> values)
        {
            Destination = destination;
            Format = format;
            Plan = plan;
            BaseSeed = baseSeed;
            Options = options;
            Files = files;
            StaleFiles = staleFiles;
            Values = values;
        }

        /// <summary>The destination as given (the one-file name when sharded).</summary>
        public string Destination { get; }

        /// <summary>The layout.</summary>
        public ModelWeightFormat Format { get; }

        /// <summary>The plan.</summary>
        public ModelWeightPlan Plan { get; }

        /// <summary>The base seed of the unseeded initializers.</summary>
        public long BaseSeed { get; }

        /// <summary>Shards, model hash, compression.</summary>
        public ModelWeightWriteOptions Options { get; }

        /// <summary>Every file the write creates or replaces, in order: the destination (or this process's shard) first,
        /// then a sharded run's index, or a TensorFlow.js model.json's binary shards.</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>Files of an earlier output that the write removes once its own files are in place: TensorFlow.js shards
        /// (<c>groupN-shardMofK.bin</c> in the model.json's folder) that the model.json being replaced names and the new
        /// one does not. Listed when the write was prepared.</summary>
        public IReadOnlyList<string> StaleFiles { get; }

        /// <summary>The values of the weights this write puts in its files (all of them, or the shard's), in plan order.</summary>
        public IReadOnlyList<ModelWeightValues> Values { get; }

        /// <summary>The bytes of the weights' data (<see cref="Values"/>).</summary>
        public long Bytes => Values.Sum(v => v.Weight.ByteCount);

        /// <summary>Writes the files (<see cref="ModelWeightFile.Write(string, ModelWeightFormat, ModelWeightPlan, long, ModelWeightWriteOptions, StreamingOptions)"/>).</summary>
        /// <param name="streaming">Progress, cancellation, chunk size and <see cref="StreamingOptions.OverwriteReadOnly"/>;
        /// null for the defaults.</param>
        /// <returns>The files written, in the order of <see cref="Files"/>.</returns>
        /// <exception cref="InitializerException">As <see cref="ModelWeightFile.Write(string, ModelWeightFormat, ModelWeightPlan, long, ModelWeightWriteOptions, StreamingOptions)"/>.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; nothing was left behind.</exception>
        public IReadOnlyList<string> Write(StreamingOptions? streaming = null) => ModelWeightFile.WritePrepared(this, streaming);
    }
}
