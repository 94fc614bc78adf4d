using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using Initializers.Config;
using Initializers.Serialization;

namespace Initializers.Models.Rewriting
{
    /// <summary>Decides how to rewrite the initializer slots of a model config: replace them with one initializer,
    /// seed the random ones that have no seed (<see cref="SeedDerivation"/>), or both; and keeps Keras's shared
    /// initializers (<c>shared_object_id</c>) consistent. Keras reuses the first dict with a given id and ignores the
    /// config of the others, so every copy with the id of a selected slot is rewritten too: with one new initializer
    /// the copies stay shared (each keeps the id); with derived seeds each copy gets its own seed and loses the id, so
    /// Keras builds each from its own config. Copies that already differ, or an id that also stands outside an
    /// initializer slot, are a conflict. The result is a list of text changes for <see cref="TextPatcher"/>, so
    /// everything else in the file stays byte for byte.</summary>
    public static class ModelRewriter
    {
        private const string SharedKey = "shared_object_id";

        /// <summary>Plans the rewrite of <paramref name="selected"/> (and of the slots that share their initializers).</summary>
        /// <param name="tree">The parsed model config (<see cref="JsonText.Parse(string)"/>, or the first YAML document).</param>
        /// <param name="allSlots">Every initializer slot of the model, as its reader found them (for shared copies).</param>
        /// <param name="selected">The slots to rewrite; repeats are ignored.</param>
        /// <param name="replacement">The initializer to put in every selected slot, or null to keep each slot's own.
        /// It is written in the file's form: Keras 3 (with <c>module</c>) when the model or its initializers carry
        /// <c>module</c>, otherwise Keras 2; <c>className</c> when they use TensorFlow.js's camelCase.</param>
        /// <param name="baseSeed">Seed every random initializer that has none with a seed derived from this, the layer
        /// path and the slot key; null to seed nothing.</param>
        /// <returns>One entry per slot, selected slots first in the order given, each followed by its shared copies.</returns>
        /// <exception cref="InitializerException"><c>SharedInitializerConflict</c> (naming the pointers) when copies of
        /// a shared initializer differ or the id also stands outside the slots; <c>PatchPointerNotFound</c> for a slot
        /// that is not in the tree.</exception>
        public static IReadOnlyList<SlotRewrite> Plan(object? tree, IEnumerable<SlotTarget> allSlots, IEnumerable<SlotTarget> selected,
            Initializer? replacement, long? baseSeed)
        {
            var slots = new List<SlotTarget>(allSlots);
            var keras3 = tree is IDictionary root && root.Contains("module");
            var camel = tree is IDictionary top && top.Contains("className");
            foreach (var slot in slots)
            {
                if (ValueAt(tree, slot.Pointer) is IDictionary document)
                {
                    keras3 |= document.Contains("module");
                    camel |= document.Contains("className");
                }
            }

            var style = keras3 ? KerasStyle.Keras3 : KerasStyle.Keras2;
            var done = new HashSet<string>(StringComparer.Ordinal);
            var result = new List<SlotRewrite>();
            foreach (var slot in selected)
            {
                if (!done.Add(slot.Pointer))
                {
                    continue;
                }

                var current = ValueAt(tree, slot.Pointer);
                var id = SharedId(current);
                result.Add(Rewrite(slot, current, id, null, replacement, baseSeed, style, camel));
                if (id is null)
                {
                    continue;
                }

                foreach (var copy in SharedCopies(tree, slots, slot, current, id))
                {
                    if (done.Add(copy.Pointer))
                    {
                        result.Add(Rewrite(copy, ValueAt(tree, copy.Pointer), id, slot.Layer + "/" + slot.Slot, replacement, baseSeed, style, camel));
                    }
                }
            }

            return result;
        }

        private static SlotRewrite Rewrite(SlotTarget slot, object? current, string? id, string? sharedWith, Initializer? replacement,
            long? baseSeed, KerasStyle style, bool camel)
        {
            var after = replacement is null ? current : Document(replacement, style, camel);
            long? seed = null;
            var note = sharedWith is null ? null : $"shares its initializer with {sharedWith}";
            if (baseSeed is { } baseValue)
            {
                var (derived, why) = SeedFor(after, baseValue, slot);
                seed = derived;
                note = why ?? note;
            }

            if (replacement is null && seed is null)
            {
                return new SlotRewrite(slot, current, current, null, id, sharedWith, Array.Empty<KeyValuePair<string, object?>>(), note);
            }

            var changes = new List<KeyValuePair<string, object?>>();
            if (replacement is null && current is IDictionary { } dict && id is null && dict["config"] is IDictionary)
            {
                // Only the seed changes: write just that value, so the rest of the initializer keeps its text.
                changes.Add(new KeyValuePair<string, object?>(slot.Pointer + "/config/seed", seed));
                after = WithSeed(Copy(current), seed, null);
            }
            else
            {
                // With a derived seed, shared copies differ and must stop being shared; with one new initializer they stay shared.
                // The id is written back as the file had it (an integer from Keras; a string stays a string).
                after = WithSeed(Copy(after is string name ? Document(InitializerCatalog.Create(name, null), style, camel) : after), seed,
                    seed is null ? (current as IDictionary)?[SharedKey] : null);
                changes.Add(new KeyValuePair<string, object?>(slot.Pointer, after));
            }

            return new SlotRewrite(slot, current, after, seed, id, sharedWith, changes, note);
        }

        /// <summary>The derived seed for a slot's initializer, or why it gets none.</summary>
        private static (long? Seed, string? Why) SeedFor(object? document, long baseSeed, SlotTarget slot)
        {
            var className = document switch
            {
                string name => name,
                IDictionary dict => (dict.Contains("class_name") ? dict["class_name"] : dict["className"]) as string,
                _ => null,
            };
            if (document is null)
            {
                return (null, "the slot is null (Keras fills in the layer's default); give an initializer to seed it");
            }

            if (!InitializerCatalog.TryGet(className, out var info))
            {
                return (null, $"'{className}' is not a known initializer, so it is not seeded");
            }

            if (!info.TakesSeed)
            {
                return (null, $"{info.ClassName} takes no seed");
            }

            if (document is IDictionary { } withConfig && withConfig["config"] is IDictionary config && config["seed"] is { } existing)
            {
                return (null, $"already seeded ({Convert.ToString(existing, CultureInfo.InvariantCulture)})");
            }

            return (SeedDerivation.Derive(baseSeed, slot.Layer, slot.Slot), null);
        }

        /// <summary>The other slots whose initializer carries <paramref name="id"/>; refuses copies that differ or an
        /// id that also stands where no slot is.</summary>
        private static List<SlotTarget> SharedCopies(object? tree, List<SlotTarget> slots, SlotTarget slot, object? current, string id)
        {
            var copies = new List<SlotTarget>();
            var pointers = new List<string>();
            foreach (var other in slots)
            {
                var value = ValueAt(tree, other.Pointer);
                if (SharedId(value) != id)
                {
                    continue;
                }

                pointers.Add(other.Pointer);
                if (other.Pointer == slot.Pointer)
                {
                    continue;
                }

                if (JsonText.Write(WithSeed(Copy(value), null, null), compress: true) != JsonText.Write(WithSeed(Copy(current), null, null), compress: true))
                {
                    throw Conflict(id, $"its copies at '{slot.Pointer}' and '{other.Pointer}' differ, so it is unclear which Keras would use");
                }

                copies.Add(other);
            }

            var everywhere = new List<string>();
            Find(tree, "", id, everywhere, 0);
            foreach (var pointer in everywhere)
            {
                if (!pointers.Contains(pointer))
                {
                    throw Conflict(id, $"it also stands at '{pointer}', which is not an initializer slot");
                }
            }

            return copies;
        }

        private static InitializerException Conflict(string id, string why) =>
            new("SharedInitializerConflict", ErrorKind.InvalidData,
                $"The shared initializer with shared_object_id {id} cannot be rewritten: {why}. Rewrite it by hand, or remove shared_object_id from its copies.", id);

        /// <summary>Every pointer below <paramref name="node"/> of a mapping whose shared_object_id is <paramref name="id"/>.</summary>
        private static void Find(object? node, string pointer, string id, List<string> found, int depth)
        {
            if (depth > TreeLimits.MaxDepth)
            {
                return;
            }

            if (node is IDictionary dict)
            {
                if (SharedId(dict) == id)
                {
                    found.Add(pointer);
                }

                foreach (DictionaryEntry entry in dict)
                {
                    Find(entry.Value, JsonPointer.Append(pointer, entry.Key), id, found, depth + 1);
                }
            }
            else if (node is object?[] items)
            {
                for (var i = 0; i < items.Length; i++)
                {
                    Find(items[i], JsonPointer.Append(pointer, i), id, found, depth + 1);
                }
            }
        }

        private static string? SharedId(object? value) =>
            value is IDictionary dict && dict.Contains(SharedKey) && dict[SharedKey] is { } id ? Convert.ToString(id, CultureInfo.InvariantCulture) : null;

        /// <summary>The initializer as a document in the file's form.</summary>
        private static OrderedDictionary Document(Initializer initializer, KerasStyle style, bool camel)
        {
            var document = KerasConfig.ToDocument(initializer, style);
            if (!camel)
            {
                return document;
            }

            var renamed = new OrderedDictionary(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in document)
            {
                renamed.Add((string)entry.Key == "class_name" ? "className" : entry.Key, entry.Value);
            }

            return renamed;
        }

        /// <summary>Sets config.seed (when <paramref name="seed"/> is given) and shared_object_id (removed when
        /// <paramref name="id"/> is null) on a copied document.</summary>
        private static object? WithSeed(object? document, long? seed, object? id)
        {
            if (document is not IDictionary dict)
            {
                return document;
            }

            if (seed is { } value)
            {
                if (dict["config"] is not IDictionary config)
                {
                    config = new OrderedDictionary(StringComparer.Ordinal);
                    dict["config"] = config;
                }

                config["seed"] = value;
            }

            dict.Remove(SharedKey);
            if (id is not null)
            {
                dict[SharedKey] = id;
            }

            return dict;
        }

        private static object? Copy(object? value)
        {
            switch (value)
            {
                case IDictionary dict:
                    var copy = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (DictionaryEntry entry in dict)
                    {
                        copy.Add(entry.Key, Copy(entry.Value));
                    }

                    return copy;
                case object?[] items:
                    var list = new object?[items.Length];
                    for (var i = 0; i < items.Length; i++)
                    {
                        list[i] = Copy(items[i]);
                    }

                    return list;
                default:
                    return value;
            }
        }

        private static object? ValueAt(object? tree, string pointer) =>
            JsonPointer.TryResolve(tree, pointer, out var value) ? value
                : throw new InitializerException("PatchPointerNotFound", ErrorKind.ObjectNotFound, $"The slot '{pointer}' names nothing in the model config.", pointer);
    }
}
