using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Threading;
using Initializers.IO;
using Initializers.Models;
using Initializers.Models.Weights;
using Initializers.PowerShell.Internal;
using Initializers.Statistics;
using Initializers.Torch;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Initialize-ModelWeight: a model config's initial weights, the way Keras builds them, reproducibly from a
    /// base seed, streamed into .safetensors, .npz, TensorFlow.js model.json and shards, or Keras 3 .weights.h5 through
    /// <see cref="ModelWeightFile"/>; one report object per weight.</summary>
    [Cmdlet(VerbsData.Initialize, "ModelWeight", DefaultParameterSetName = "Path", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Initialize-ModelWeight.md")]
    [OutputType("Initializers.Models.Weights.ModelWeightReport")]
    public sealed class InitializeModelWeightCommand : ModelCommandBase
    {
        private readonly CancellationTokenSource stopping = new();
        private bool done;

        /// <summary>The weights file to write: <c>.safetensors</c>, <c>.npz</c>, <c>model.json</c> (TensorFlow.js) or
        /// <c>.weights.h5</c> (Keras 3); with -ShardCount, the name the shards and the index are named after. Taken
        /// literally (no wildcards).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; } = "";

        /// <summary>The layout; by default from the destination's name.</summary>
        [Parameter]
        [ValidateSet("Safetensors", "Npz", "TensorFlowJs", "KerasH5")]
        public string? Format { get; set; }

        /// <summary>The layout of the tensors: Keras (the default) or Torch, a PyTorch state_dict (torch.nn names and
        /// layouts, the same values); Torch is for .safetensors and .npz only.</summary>
        [Parameter]
        [ValidateSet("Keras", "Torch")]
        public string? Layout { get; set; }

        /// <summary>The base seed of every unseeded initializer; without it one is drawn and reported (BaseSeed).</summary>
        [Parameter]
        public long? Seed { get; set; }

        /// <summary>The Keras version whose rules apply where versions differ (3.15 by default, or what the file states).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KerasVersion { get; set; }

        /// <summary>Skip layers that have weights but are not supported (listed as warnings) instead of stopping.</summary>
        [Parameter]
        public SwitchParameter SkipUnsupported { get; set; }

        /// <summary>Which shard this process writes, 0 to -ShardCount - 1.</summary>
        [Parameter]
        public int? ShardIndex { get; set; }

        /// <summary>How many shards (processes) the weights are split into, balanced by bytes.</summary>
        [Parameter]
        public int? ShardCount { get; set; }

        /// <summary>Measure every weight's mean and std after writing (a second pass, one weight in memory at a time).</summary>
        [Parameter]
        public SwitchParameter Measure { get; set; }

        /// <summary>Overwrite read-only files; write to what a symbolic link points to.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Do not overwrite an existing file.</summary>
        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        /// <inheritdoc/>
        protected override void StopProcessing() => stopping.Cancel();

        private protected override void ProcessModel(ModelConfig model)
        {
            if (done)
            {
                WriteError(Errors.New("DestinationNeedsOneModel", ErrorCategory.InvalidArgument, $"Initialize-ModelWeight writes one model into '{Destination}'; '{model.SourceName}' is a second one. Run it once per model.", model.SourceName));
                return;
            }

            done = true;
            var target = PathHelper.ResolveForWrite(this, Destination, literal: true);
            var layout = Layout is null ? WeightLayout.Keras : (WeightLayout)Enum.Parse(typeof(WeightLayout), Layout, ignoreCase: true);
            var options = new ModelWeightWriteOptions { ShardIndex = ShardIndex, ShardCount = ShardCount, ModelSha256 = Hash(model.SourceName), Layout = layout };
            var format = Run(() => Format is null ? ModelWeightFile.FormatOf(target) : (ModelWeightFormat)Enum.Parse(typeof(ModelWeightFormat), Format, ignoreCase: true), target);
            if (layout == WeightLayout.Torch)
            {
                // Before the plan: a format with one layout is the answer, not what its planner or torch cannot map.
                Run(() => { TorchStateDict.CheckFormat(format, target); return format; }, target);
            }

            var planOptions = new ModelWeightOptions
            {
                Target = format == ModelWeightFormat.TensorFlowJs ? WeightTarget.TensorFlowJs : WeightTarget.Keras,
                KerasVersion = KerasVersion,
                SkipUnsupported = SkipUnsupported,
            };
            var plan = Run(() => ModelWeightPlan.Build(model, planOptions), model.SourceName);
            var baseSeed = Seed ?? DrawSeed();

            // One source: what is confirmed, guarded and reported is what the writer writes (in PyTorch's layout, the
            // state_dict mapped once by Prepare, whose refusals all come before ShouldProcess).
            var write = Run(() => ModelWeightFile.Prepare(target, format, plan, baseSeed, options), target);
            var files = write.Files;
            var torch = write.Torch?.ToLookup(t => t.Source);

            // -NoClobber guards this run's own files (the destination and a TensorFlow.js model's shards, or this
            // process's shard) and the stale shards the write would remove. A sharded run's index is the same file from
            // every shard process, so a sibling shard's index is not a file this run would clobber.
            var own = options.ShardCount is null ? files : files.Take(1);
            var existing = own.Concat(write.StaleFiles).FirstOrDefault(File.Exists);
            if (NoClobber && existing is not null)
            {
                ThrowTerminatingError(new ErrorRecord(new IOException($"The file '{existing}' already exists and -NoClobber was given."), "FileExists", ErrorCategory.ResourceExists, existing));
            }

            foreach (var layer in plan.Skipped)
            {
                WriteWarning($"Skipped the layer '{layer.Path}' ({layer.ClassName}): its weights are not supported, so the file does not hold them.");
            }

            foreach (var note in plan.Notes)
            {
                WriteWarning(note.Message);
            }

            if (Seed is null)
            {
                WriteInformation(new InformationRecord($"Base seed {baseSeed.ToString(CultureInfo.InvariantCulture)} (drawn; pass -Seed {baseSeed.ToString(CultureInfo.InvariantCulture)} to make the same weights again).", "Initialize-ModelWeight"));
            }

            if (!Confirm(write))
            {
                foreach (var v in write.Values)
                {
                    WriteObject(new ModelWeightReport(v, null, null, TorchNames(torch, v.Weight)));
                }

                return;
            }

            var progress = new ByteProgress(this, "Initialize-ModelWeight", files[0]);
            try
            {
                Run(() => write.Write(new StreamingOptions { OverwriteReadOnly = Force, Cancellation = stopping.Token, Progress = progress.Report }), target);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                progress.Complete();
            }

            foreach (var v in write.Values)
            {
                WriteObject(new ModelWeightReport(v, files[0], Measure ? MeasureWeight(v) : null, TorchNames(torch, v.Weight)));
            }
        }

        /// <summary>Confirms the write's files as one set, as Copy-Item of a folder asks once for its target: -Confirm
        /// asks once (a TensorFlow.js model of 1 GB has about 250 shards), naming the first file and counting the others;
        /// -WhatIf lists every file the write creates, overwrites or removes, one line each; -Verbose names each too.</summary>
        private bool Confirm(ModelWeightWrite write)
        {
            var head = string.Format(CultureInfo.InvariantCulture, "{0} ({1} weights, {2:N0} bytes)", write.Files[0], write.Values.Count, write.Bytes);
            var steps = new[] { (Operation: Operation(write.Files[0]), Target: head) }
                .Concat(write.Files.Skip(1).Select(f => (Operation: Operation(f), Target: f)))
                .Concat(write.StaleFiles.Select(f => (Operation: "Remove stale shard", Target: f)))
                .ToList();
            var first = Performing(steps[0].Operation, steps[0].Target);
            var query = "Are you sure you want to perform this action?\n" + first;
            if (steps.Count > 1)
            {
                var others = steps.Skip(1).GroupBy(s => s.Operation).Select(g => string.Format(CultureInfo.InvariantCulture, "{0} {1:N0}", g.Key, g.Count()));
                query += string.Format(CultureInfo.InvariantCulture, "\nAnd {0:N0} more file(s) of the set: {1} (-WhatIf lists each).", steps.Count - 1, string.Join(", ", others));
            }

            if (ShouldProcess(first, query, "Confirm", out var reason))
            {
                foreach (var step in steps.Skip(1))
                {
                    WriteVerbose(Performing(step.Operation, step.Target));
                }

                return true;
            }

            if (reason == ShouldProcessReason.WhatIf)
            {
                foreach (var step in steps.Skip(1))
                {
                    ShouldProcess(step.Target, step.Operation);
                }
            }

            return false;
        }

        private static string Operation(string file) => File.Exists(file) ? "Overwrite" : "Create";

        /// <summary>PowerShell's own text of an operation on a target (what ShouldProcess(target, action) writes).</summary>
        private static string Performing(string operation, string target) =>
            string.Format(CultureInfo.InvariantCulture, "Performing the operation \"{0}\" on target \"{1}\".", operation, target);

        /// <summary>A weight's measured statistics, stopped by Ctrl+C inside the weight; a weight that cannot be measured
        /// is a non-terminating error and its report still follows (null statistics), as do the others.</summary>
        private TensorMeasurement? MeasureWeight(ModelWeightValues values)
        {
            try
            {
                return values.Measure(stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (InitializerException ex)
            {
                WriteError(Errors.From(ex, values.Weight.Path));
                return null;
            }
            catch (OutOfMemoryException ex)
            {
                WriteError(Errors.OutOfMemory(ex, values.Weight.Path));
                return null;
            }
        }

        private protected override void ProcessFailure(InitializerException? error)
        {
            if (error is not null)
            {
                ThrowTerminatingError(Errors.From(error));
            }
        }

        /// <summary>Runs a library call; its error stops the command, naming <paramref name="target"/>.</summary>
        private T Run<T>(Func<T> call, object? target)
        {
            try
            {
                return call();
            }
            catch (InitializerException ex)
            {
                ThrowTerminatingError(Errors.From(ex, target));
                throw;
            }
            catch (OutOfMemoryException ex)
            {
                ThrowTerminatingError(Errors.OutOfMemory(ex, target));
                throw;
            }
        }

        /// <summary>The torch tensors that hold a weight's values (not the zeros PyTorch adds), or null in Keras's layout.</summary>
        private static string[]? TorchNames(ILookup<ModelWeight, TorchTensor>? torch, ModelWeight weight) =>
            torch?[weight].Where(t => t.HoldsSource).Select(t => t.Name).ToArray();

        /// <summary>The SHA-256 of the model file (lowercase hex), or null for a model given as text.</summary>
        private static string? Hash(string? source)
        {
            if (source is null || !File.Exists(source))
            {
                return null;
            }

            using var sha = SHA256.Create();
            using var stream = File.OpenRead(source);
            return string.Concat(sha.ComputeHash(stream).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        /// <summary>A base seed drawn as an unseeded initializer draws its own (the operating system's random source,
        /// in [1, 2^53), exact in a double).</summary>
        private static long DrawSeed() => ((Family.RandomInitializer)Initializer.FromConfig("RandomNormal", null)).EffectiveSeed;
    }
}
