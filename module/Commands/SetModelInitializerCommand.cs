using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Initializers.Config;
using Initializers.IO;
using Initializers.Models;
using Initializers.Models.Rewriting;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;
using Initializers.Serialization;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Set-ModelInitializer: replaces or seeds the initializer slots of a model config (Keras 3, Keras 2,
    /// TensorFlow.js, YAML, or the config.json of a .keras archive) and keeps every other byte of the file.</summary>
    [Cmdlet(VerbsCommon.Set, "ModelInitializer", SupportsShouldProcess = true, DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Docs + "Set-ModelInitializer.md")]
    [OutputType(GetModelInitializerCommand.TypeName)]
    public sealed class SetModelInitializerCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>Files by path and pointers piped for each (null: every slot that the filters match).</summary>
        private readonly Dictionary<string, HashSet<string>?> files = new(StringComparer.Ordinal);
        private readonly List<string> order = new();

        /// <summary>The model config file(s) to change; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>The model config file(s), taken literally; binds the File of Get-ModelInitializer's output and the
        /// PSPath of Get-ChildItem's.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "File", "SourceName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Where to write the result; by default the input file is rewritten in place.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

        /// <summary>The slots to change by JSON Pointer (bound from Get-ModelInitializer's output).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? Pointer { get; set; }

        /// <summary>Only slots of layers whose path matches one of these wildcards.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Layer { get; set; }

        /// <summary>Only slots whose key matches one of these wildcards (kernel_initializer, *bias*).</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Slot { get; set; }

        /// <summary>Only slots whose current initializer class matches one of these wildcards ("null" for empty slots).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        public string[]? ClassName { get; set; }

        /// <summary>The initializer to put in every matched slot: an initializer object, a name, a config or JSON/YAML text.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        public object? Initializer { get; set; }

        /// <summary>Seed every matched random initializer that has no seed, with a seed derived from this one, the layer
        /// path and the slot key.</summary>
        [Parameter]
        public long? Seed { get; set; }

        /// <summary>Overwrite a read-only destination.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Do not overwrite an existing destination.</summary>
        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Return the changed slots as read back from the written file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Collects the files (and the pointers piped for them).</summary>
        protected override void ProcessRecord()
        {
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var path in literal ? LiteralPath : Path)
            {
                foreach (var file in PathHelper.ResolveExisting(this, path, literal))
                {
                    if (!files.TryGetValue(file, out var pointers))
                    {
                        order.Add(file);
                        files[file] = Pointer is null ? null : new HashSet<string>(Pointer, StringComparer.Ordinal);
                    }
                    else if (pointers is not null)
                    {
                        // A record without pointers asks for every matching slot of the file.
                        if (Pointer is null)
                        {
                            files[file] = null;
                        }
                        else
                        {
                            pointers.UnionWith(Pointer);
                        }
                    }
                }
            }
        }

        /// <summary>Rewrites each file once, after the whole pipeline has been read.</summary>
        protected override void EndProcessing()
        {
            if (Initializer is null && Seed is null)
            {
                ThrowTerminatingError(Errors.New("NoChangeRequested", ErrorCategory.InvalidArgument,
                    "Give -Initializer (the initializer to put in the matched slots), -Seed (to seed the unseeded ones), or both.", null));
            }

            if (Destination is not null && order.Count > 1)
            {
                ThrowTerminatingError(Errors.New("DestinationNeedsOneFile", ErrorCategory.InvalidArgument,
                    $"-Destination names one file, but {order.Count} model configs were given.", Destination));
            }

            var replacement = Initializer is null ? null : ReadReplacement();
            foreach (var file in order)
            {
                try
                {
                    Rewrite(file, files[file], replacement);
                }
                catch (InitializerException ex)
                {
                    WriteError(Errors.From(ex, file));
                }
            }
        }

        private Initializer ReadReplacement()
        {
            var results = InputConverter.Read(Initializer);
            if (results.Count != 1 || results[0].Error is not null)
            {
                if (results.Count > 0 && results[0].Error is { } error)
                {
                    ThrowTerminatingError(Errors.From(error, Initializer));
                }

                ThrowTerminatingError(Errors.New("InvalidInitializerInput", ErrorCategory.InvalidArgument,
                    $"-Initializer must name one initializer; it stands for {results.Count}.", Initializer));
            }

            return results[0].Initializer!;
        }

        private void Rewrite(string file, HashSet<string>? pointers, Initializer? replacement)
        {
            var target = Destination is null ? file : PathHelper.ResolveForWrite(this, Destination, literal: false);
            if (NoClobber && File.Exists(target))
            {
                WriteError(new ErrorRecord(new IOException($"The file '{target}' already exists and -NoClobber was given."), "FileExists", ErrorCategory.ResourceExists, target));
                return;
            }

            var config = ModelConfig.ReadFile(file);
            var selected = config.Slots.Where(s => Matches(s, pointers)).ToList();
            var plan = ModelRewriter.Plan(config.Document, config.Slots.Select(Target), selected.Select(Target), replacement, Seed);
            var accepted = new List<SlotRewrite>();
            foreach (var rewrite in plan)
            {
                var where = $"{rewrite.Target.Layer} {rewrite.Target.Slot} in {System.IO.Path.GetFileName(file)}";
                if (!rewrite.Changed)
                {
                    WriteVerbose($"{where}: unchanged ({rewrite.Note ?? "nothing to do"}).");
                    continue;
                }

                var note = rewrite.Note is null ? "" : $" ({rewrite.Note})";
                if (ShouldProcess(where, $"Set {Describe(rewrite.Before)} to {Describe(rewrite.After)}{note}"))
                {
                    accepted.Add(rewrite);
                }
            }

            if (accepted.Count == 0 && string.Equals(target, file, StringComparison.Ordinal))
            {
                return;
            }

            if (accepted.Count == 0)
            {
                // Nothing changes: the destination is a byte-for-byte copy.
                if (ShouldProcess(target, "Copy the unchanged model config"))
                {
                    var bytes = File.ReadAllBytes(file);
                    AtomicFile.Write(target, stream => stream.Write(bytes, 0, bytes.Length), Force);
                }

                return;
            }

            var text = TextPatcher.Patch(config.Text!, config.Format, accepted.SelectMany(r => r.Changes));
            if (config.IsArchive)
            {
                KerasArchive.WriteWithConfig(file, target, text, Force);
            }
            else
            {
                AtomicFile.WriteAllText(target, text, ByteOrderMark(file) ? new UTF8Encoding(true) : new UTF8Encoding(false), Force);
            }

            if (PassThru)
            {
                var changed = new HashSet<string>(accepted.Select(r => r.Target.Pointer), StringComparer.Ordinal);
                foreach (var slot in ModelConfig.ReadFile(target).Slots.Where(s => changed.Contains(s.Pointer)))
                {
                    WriteObject(GetModelInitializerCommand.Record(slot));
                }
            }
        }

        private bool Matches(ModelSlot slot, HashSet<string>? pointers) =>
            (pointers is null || pointers.Contains(slot.Pointer))
            && Like(slot.Layer, Layer)
            && Like(slot.Slot, Slot)
            && Like(slot.ClassName ?? "null", ClassName);

        private static bool Like(string value, string[]? patterns) =>
            patterns is null || patterns.Any(p => new WildcardPattern(p, WildcardOptions.IgnoreCase).IsMatch(value));

        private static SlotTarget Target(ModelSlot slot) => new(slot.Pointer, slot.Layer, slot.Slot);

        /// <summary>A slot value as the user knows it: <c>GlorotUniform(seed=7)</c>, a name, or null.</summary>
        private static string Describe(object? value)
        {
            if (value is null)
            {
                return "null";
            }

            try
            {
                return KerasConfig.FromDocument(value).ToString();
            }
            catch (InitializerException)
            {
                return KerasConfig.FormatValue(value);
            }
        }

        private static bool ByteOrderMark(string file)
        {
            using var stream = File.OpenRead(file);
            var head = new byte[3];
            return stream.Read(head, 0, 3) == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
        }
    }
}
