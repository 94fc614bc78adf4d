using System.Collections.Generic;

namespace Initializers.Models.Rewriting
{
    /// <summary>What <see cref="ModelRewriter.Plan"/> decided for one slot: its value before and after, the seed it
    /// was given, and the text changes (JSON Pointer and new value) that make it so.</summary>
    public sealed class SlotRewrite
    {
        internal SlotRewrite(SlotTarget target, object? before, object? after, long? seed, object? sharedObjectId, string? sharedWith,
            IReadOnlyList<KeyValuePair<string, object?>> changes, string? note)
        {
            Note = note;
            Target = target;
            Before = before;
            After = after;
            Seed = seed;
            SharedObjectId = sharedObjectId;
            SharedWith = sharedWith;
            Changes = changes;
        }

        /// <summary>The slot.</summary>
        public SlotTarget Target { get; }

        /// <summary>The slot's value before (a document, a name or null).</summary>
        public object? Before { get; }

        /// <summary>The slot's value after.</summary>
        public object? After { get; }

        /// <summary>The derived seed written into the slot, or null when none was.</summary>
        public long? Seed { get; }

        /// <summary>The <c>shared_object_id</c> the slot's initializer carried, or null.</summary>
        public object? SharedObjectId { get; }

        /// <summary>When the slot was not selected itself but shares its initializer with one that was: that slot's
        /// layer path and key (<c>dense/kernel_initializer</c>); otherwise null.</summary>
        public string? SharedWith { get; }

        /// <summary>The changes for <see cref="Serialization.TextPatcher"/>; empty when the slot stays as it was.</summary>
        public IReadOnlyList<KeyValuePair<string, object?>> Changes { get; }

        /// <summary>Why the slot was left as it was, or what else happened to it (its shared copies were rewritten
        /// too); null when there is nothing to say.</summary>
        public string? Note { get; }

        /// <summary>True when the slot changes.</summary>
        public bool Changed => Changes.Count > 0;
    }
}
