using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Initializers.IO;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;
using Initializers.Torch;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Export-Tensor -Initializer: streams an initializer's tensor into the file chunk by chunk, never holding
    /// it, through the same writers as an in-memory tensor (<see cref="TensorFile"/>), or writes one shard of it
    /// (<see cref="TensorShards"/>).</summary>
    public sealed partial class ExportTensorCommand
    {
        private const string InitializerPathSet = "InitializerPath";
        private const string InitializerLiteralPathSet = "InitializerLiteralPath";

        /// <summary>The file to write.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = InitializerPathSet)]
        [ValidateNotNullOrEmpty]
        public override string Path { get; set; } = "";

        /// <summary>The file to write, taken literally.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Parameter(Mandatory = true, ParameterSetName = InitializerLiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public override string LiteralPath { get; set; } = "";

        /// <summary>The initializer whose tensor is streamed into the file: an initializer object, a name, a Keras
        /// document or JSON/YAML text, as New-Tensor takes it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InitializerPathSet)]
        [Parameter(Mandatory = true, ParameterSetName = InitializerLiteralPathSet)]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        public object? Initializer { get; set; }

        /// <summary>The dimensions of the streamed tensor; they and their product may exceed one .NET array.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InitializerPathSet)]
        [Parameter(Mandatory = true, ParameterSetName = InitializerLiteralPathSet)]
        [AllowEmptyCollection]
        public object[] Shape { get; set; } = Array.Empty<object>();

        /// <summary>The dtype of the streamed tensor (float32 by default).</summary>
        [Parameter(ParameterSetName = InitializerPathSet)]
        [Parameter(ParameterSetName = InitializerLiteralPathSet)]
        [ArgumentCompleter(typeof(DTypeCompleter))]
        [ValidateNotNullOrEmpty]
        public string DType { get; set; } = "float32";

        /// <summary>Keras or Torch: the layout of -Shape and of the file's tensor (see New-Tensor -Layout). A layout other
        /// than the initializer's own is built in memory and permuted, so it is not streamed.</summary>
        [Parameter(ParameterSetName = InitializerPathSet)]
        [Parameter(ParameterSetName = InitializerLiteralPathSet)]
        [ValidateSet("Keras", "Torch")]
        public string? Layout { get; set; }

        /// <summary>Which shard this process writes, 0 to -ShardCount - 1.</summary>
        [Parameter(ParameterSetName = InitializerPathSet)]
        [Parameter(ParameterSetName = InitializerLiteralPathSet)]
        public int? ShardIndex { get; set; }

        /// <summary>How many shards the file is split into (processes that write one each).</summary>
        [Parameter(ParameterSetName = InitializerPathSet)]
        [Parameter(ParameterSetName = InitializerLiteralPathSet)]
        public int? ShardCount { get; set; }


        private void ExportStreaming(TensorFileFormat format)
        {
            var opened = Open(out var permuted);
            if (opened is null && permuted is not null)
            {
                if (ShardIndex is not null || ShardCount is not null)
                {
                    ThrowTerminatingError(Errors.New("LayoutNotStreamed", ErrorCategory.InvalidArgument, $"-Layout {Layout} is not the initializer's own layout, so its tensor is built in memory and permuted; it cannot be written in shards. Drop -ShardIndex and -ShardCount.", Layout));
                }

                var tensorName = Name is { Length: > 0 } ? Name[0] : "arr_0";
                Commit((path, force) => TensorFile.Write(path, new[] { new KeyValuePair<string, Tensor>(tensorName, permuted) }, new TensorWriteOptions { Format = format, Compress = Compress, ProvenanceSidecar = Provenance, OverwriteReadOnly = force, Cancellation = StopToken }));
                return;
            }

            var elements = opened!;
            if (format is TensorFileFormat.Csv)
            {
                ThrowTerminatingError(Errors.New("StreamingFormatUnsupported", ErrorCategory.InvalidArgument, $"-Initializer streams into .npy, .npz or .safetensors files; {format} is written from a tensor in memory (New-Tensor ... | Export-Tensor '{Target}').", Target));
            }

            var progress = new ByteProgress(this, "Export-Tensor", Target);
            var options = new StreamingOptions { OverwriteReadOnly = Force, Cancellation = StopToken, Progress = progress.Report };
            // The name an unnamed piped tensor gets, so that the file is the one New-Tensor | Export-Tensor writes.
            var name = Name is { Length: > 0 } ? Name[0] : "arr_0";
            try
            {
                if (ShardIndex is not null || ShardCount is not null)
                {
                    if (ShardIndex is null || ShardCount is null)
                    {
                        ThrowTerminatingError(Errors.New("ShardOutOfRange", ErrorCategory.InvalidArgument, "-ShardIndex and -ShardCount go together: give both (shard i of n, i from 0 to n - 1).", ShardIndex ?? ShardCount));
                    }

                    if (format is not TensorFileFormat.Npy and not TensorFileFormat.Safetensors)
                    {
                        ThrowTerminatingError(Errors.New("ShardFormatUnsupported", ErrorCategory.InvalidArgument, $"Shards write byte ranges of a .npy or .safetensors file; a {format.ToString().ToLowerInvariant()} file cannot be split that way (its checksums and compression need all of its data). Write a .npy or .safetensors path, or drop -ShardIndex and -ShardCount.", Target));
                    }

                    if (Provenance && format == TensorFileFormat.Npy)
                    {
                        // A .npy sidecar would need a writer of its own beside the parts; refuse rather than silently
                        // write none. (.safetensors shards record the provenance in their header anyway.)
                        ThrowTerminatingError(Errors.New("ShardProvenanceUnsupported", ErrorCategory.InvalidArgument, "-Provenance writes a .npy file's sidecar, which a sharded export does not write; drop -Provenance, or write a .safetensors file, whose header records the provenance.", Target));
                    }

                    var part = TensorShards.PartPath(Target, Math.Max(0, ShardIndex!.Value), Math.Max(1, ShardCount!.Value));
                    Commit(part, (path, force) => TensorShards.WritePart(Target, elements, ShardIndex.Value, ShardCount.Value, options, format, name));
                }
                else
                {
                    Commit((path, force) => TensorFile.Write(path, name, elements, new TensorWriteOptions { Format = format, Compress = Compress, ProvenanceSidecar = Provenance, OverwriteReadOnly = force }, options));
                }
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                progress.Complete();
            }
        }

        /// <summary>The one initializer that -Initializer names, checked with the shape and dtype.</summary>
        private TensorElements? Open(out Tensor? permuted)
        {
            permuted = null;
            var results = InputConverter.Read(Initializer);
            var failed = results.FirstOrDefault(r => r.Error is not null);
            if (failed is not null)
            {
                ThrowTerminatingError(Errors.From(failed.Error!, Initializer));
            }

            if (results.Count != 1)
            {
                ThrowTerminatingError(Errors.New("InitializerNotSingle", ErrorCategory.InvalidArgument, $"-Initializer names {results.Count} initializers; a file is streamed from exactly one.", Initializer));
            }

            try
            {
                var initializer = results[0].Initializer!;
                var layout = Layout is null ? TorchLayout.NativeLayout(initializer) : (WeightLayout)Enum.Parse(typeof(WeightLayout), Layout, ignoreCase: true);
                if (layout != TorchLayout.NativeLayout(initializer))
                {
                    permuted = TorchLayout.Call(initializer, Shapes.From(Shape), DTypes.Parse(DType), layout, StopToken);
                    return null;
                }

                return initializer.Elements(Shapes.FromLarge(Shape), DTypes.Parse(DType));
            }
            catch (InitializerException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
                throw;
            }
        }
    }
}
