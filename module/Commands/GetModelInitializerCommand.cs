using System;
using System.Linq;
using System.Management.Automation;
using Initializers.Models;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Get-ModelInitializer: one object per initializer slot of a Keras 3, Keras 2 or TensorFlow.js model
    /// config (every layer at any depth), with its layer path, class, slot key, initializer, seed, JSON Pointer, line,
    /// column and file; -Layer and -Slot filter with wildcards.</summary>
    [Cmdlet(VerbsCommon.Get, "ModelInitializer", DefaultParameterSetName = "Path", HelpUri = HelpLinks.Docs + "Get-ModelInitializer.md")]
    [OutputType("Initializers.ModelInitializer")]
    public sealed class GetModelInitializerCommand : ModelCommandBase
    {
        /// <summary>The type name of the objects written (the table view selects on it).</summary>
        internal const string TypeName = "Initializers.ModelInitializer";

        /// <summary>Only slots whose layer path matches one of these wildcards (<c>encoder/*</c>).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Layer { get; set; }

        /// <summary>Only slots whose key matches one of these wildcards (<c>kernel*</c>, <c>*recurrent*</c>).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Slot { get; set; }

        private protected override void ProcessModel(ModelConfig model)
        {
            foreach (var note in model.Notes.Where(n => n.Severity == FindingSeverity.Error))
            {
                WriteError(Errors.New(note.Rule, ErrorCategory.InvalidData, Where(note) + note.Message, note.Pointer));
            }

            var layers = Patterns(Layer);
            var slots = Patterns(Slot);
            foreach (var slot in model.Slots)
            {
                if ((layers is null || layers.Any(p => p.IsMatch(slot.Layer))) && (slots is null || slots.Any(p => p.IsMatch(slot.Slot))))
                {
                    WriteObject(Record(slot));
                }
            }
        }

        /// <summary>The object written for a slot (also by Set-ModelInitializer -PassThru): the slot with the table
        /// view's type name and File and Path properties.</summary>
        internal static PSObject Record(ModelSlot slot)
        {
            var record = new PSObject(slot);
            record.TypeNames.Insert(0, TypeName);
            record.Properties.Add(new PSNoteProperty("File", slot.SourceName));
            record.Properties.Add(new PSNoteProperty("Path", slot.SourceName));
            return record;
        }

        private protected override void ProcessFailure(InitializerException? error)
        {
            if (error is not null)
            {
                WriteError(Errors.From(error));
            }
        }

        private static WildcardPattern[]? Patterns(string[]? patterns) =>
            patterns?.Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();

        private static string Where(ModelFinding note) =>
            (note.SourceName is null ? "" : "'" + note.SourceName + "', ") +
            (note.Line is int line ? FormattableString.Invariant($"line {line}, column {note.Column}: ") : "");
    }
}
