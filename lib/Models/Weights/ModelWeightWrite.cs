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
        private readonly ModelWeightWriteOptions options;

        internal ModelWeightWrite(string destination, ModelWeightFormat format, ModelWeightPlan plan, long baseSeed, ModelWeightWriteOptions options, IReadOnlyList<string> files, IReadOnlyList<string> staleFiles, IReadOnlyList<ModelWeightValues> values, IReadOnlyList<TorchTensor>? torch)
        {
            Destination = destination;
            Format = format;
            Plan = plan;
            BaseSeed = baseSeed;
            this.options = options;
            Files = files;
            StaleFiles = staleFiles;
            Values = values;
            Torch = torch;
            if (torch is null)
            {
                TensorCount = values.Count;
                Bytes = values.Sum(v => v.Weight.ByteCount);
            }
            else
            {
                var selected = new HashSet<ModelWeight>(values.Select(v => v.Weight));
                var written = torch.Where(t => selected.Contains(t.Source)).ToList();
                TensorCount = written.Count;
                Bytes = written.Sum(t => t.ByteCount);
            }
        }

        /// <summary>The destination as given (the one-file name when sharded).</summary>
        public string Destination { get; }

        /// <summary>The layout.</summary>
        public ModelWeightFormat Format { get; }

        /// <summary>The plan.</summary>
        public ModelWeightPlan Plan { get; }

        /// <summary>The base seed of the unseeded initializers.</summary>
        public long BaseSeed { get; }

        /// <summary>Shards, model hash, layout, compression: a copy of the options as they were when the write was
        /// prepared (<see cref="Write"/> writes with those; changing this copy, or the caller's object, changes
        /// nothing).</summary>
        public ModelWeightWriteOptions Options => options.Copy();

        /// <summary>Every file the write creates or replaces, in order: the destination (or this process's shard) first,
        /// then a sharded run's index, or a TensorFlow.js model.json's binary shards.</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>Files of an earlier output that the write removes once its own files are in place: TensorFlow.js shards
        /// (<c>groupN-shardMofK.bin</c> in the model.json's folder) that the model.json being replaced names and the new
        /// one does not. Listed when the write was prepared.</summary>
        public IReadOnlyList<string> StaleFiles { get; }

        /// <summary>The values of the weights this write puts in its files (all of them, or the shard's), in plan order.</summary>
        public IReadOnlyList<ModelWeightValues> Values { get; }

        /// <summary>PyTorch's <c>state_dict</c> of the whole plan (<see cref="TorchStateDict.Map"/>), mapped once when
        /// the write was prepared (a sharded write's index names every tensor; the file holds those of
        /// <see cref="Values"/>); null in Keras's layout.</summary>
        public IReadOnlyList<TorchTensor>? Torch { get; }

        /// <summary>The bytes of the tensor data this write puts in its files: the weights' (<see cref="Values"/>), or in
        /// PyTorch's layout their torch tensors' (<see cref="Torch"/>), with the zero tensors PyTorch adds (a recurrent
        /// layer's second bias, BatchNorm's <c>num_batches_tracked</c>).</summary>
        public long Bytes { get; }

        /// <summary>The options the write was prepared with (the copy <see cref="Write"/> uses).</summary>
        internal ModelWeightWriteOptions PreparedOptions => options;

        /// <summary>The number of tensors in the files (of <see cref="Values"/>, or of their torch tensors).</summary>
        internal int TensorCount { get; }

        /// <summary>Writes the files (<see cref="ModelWeightFile.Write(string, ModelWeightFormat, ModelWeightPlan, long, ModelWeightWriteOptions, StreamingOptions)"/>).</summary>
        /// <param name="streaming">Progress, cancellation, chunk size and <see cref="StreamingOptions.OverwriteReadOnly"/>;
        /// null for the defaults.</param>
        /// <returns>The files written, in the order of <see cref="Files"/>.</returns>
        /// <exception cref="InitializerException">As <see cref="ModelWeightFile.Write(string, ModelWeightFormat, ModelWeightPlan, long, ModelWeightWriteOptions, StreamingOptions)"/>.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; nothing was left behind.</exception>
        public IReadOnlyList<string> Write(StreamingOptions? streaming = null) => ModelWeightFile.WritePrepared(this, streaming);
    }
}
