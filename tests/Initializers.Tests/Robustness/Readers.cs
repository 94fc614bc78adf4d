using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Initializers.Config;
using Initializers.IO;
using Initializers.Models;
using Initializers.Serialization;

namespace Initializers.Tests.Robustness
{
    /// <summary>Every reader of untrusted input, as one table of byte-level entry points, shared by the property tests
    /// (ReaderPropertyTests) and the coverage-guided fuzz harness (tests/Fuzz, which compiles this file).
    /// To cover a new reader, add one <see cref="Reader"/> line here (and its generator line in ReaderPropertyTests).</summary>
    internal static class Readers
    {
        /// <summary>The readers, by the name that <c>build.ps1 Fuzz -Target</c> takes.</summary>
        public static readonly IReadOnlyList<Reader> All = new[]
        {
            new Reader("Json", 400, bytes => InitializerText.ParseDocuments(Text(bytes), ConfigFormat.Json), Trees),
            new Reader("Yaml", 2000, bytes => InitializerText.ParseDocuments(Text(bytes), ConfigFormat.Yaml), Trees),
            new Reader("Keras", 2000, bytes => Initializers(InitializerReader.ReadText(Text(bytes))), KerasDocuments),
            new Reader("Npy", 16, bytes => Npy.Read(new MemoryStream(bytes, writable: false), bytes.Length, "fuzz.npy"), (a, b) => Equals(a, b)),
            new Reader("Npz", 2 * Npz.MaxDeflateRatio, bytes => Npz.Read(new MemoryStream(bytes, writable: false), "fuzz.npz", null, long.MaxValue), (a, b) => ((IReadOnlyList<KeyValuePair<string, Tensor>>)a!).SequenceEqual((IReadOnlyList<KeyValuePair<string, Tensor>>)b!)),
            new Reader("Csv", 64, bytes => Csv.Read(new StringReader(Text(bytes)), DType.Float64, 0, "fuzz.csv"), (a, b) => Equals(a, b)),
            new Reader("Safetensors", 16, ReadSafetensors, SameSafetensors),
            new Reader("ModelConfig", 2000, bytes => Slots(ModelConfig.Parse(Text(bytes), "fuzz.json")), (a, b) => ((IReadOnlyList<(string, string, Initializer?)>)a!).SequenceEqual((IReadOnlyList<(string, string, Initializer?)>)b!)),
            new Reader("KerasArchive", 400 * Npz.MaxDeflateRatio, bytes => Slots(ModelConfig.ReadArchive(new MemoryStream(bytes, writable: false), "fuzz.keras")), (a, b) => ((IReadOnlyList<(string, string, Initializer?)>)a!).SequenceEqual((IReadOnlyList<(string, string, Initializer?)>)b!)),
            new Reader("CsvInt", 64, bytes => Csv.Read(new StringReader(Text(bytes)), DType.Int64, 0, "fuzz.csv"), (a, b) => Equals(a, b)),
        };

        /// <summary>The reader called <paramref name="name"/> (case-insensitive).</summary>
        public static Reader Get(string name) =>
            All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No reader '{name}'; there are {string.Join(", ", All.Select(r => r.Name))}.");

        /// <summary>Bytes as the text readers see a file: UTF-8 (invalid sequences become U+FFFD, as File.ReadAllText does).</summary>
        public static string Text(byte[] bytes) => new UTF8Encoding(false).GetString(bytes);

        private static bool Trees(object? a, object? b)
        {
            var x = (IReadOnlyList<object?>)a!;
            var y = (IReadOnlyList<object?>)b!;
            return x.Count == y.Count && x.Zip(y, ConfigValues.DeepEquals).All(e => e);
        }

        /// <summary>The tensors (in data order) and the metadata of a .safetensors file.</summary>
        private static object ReadSafetensors(byte[] bytes)
        {
            var tensors = Safetensors.Read(new MemoryStream(bytes, writable: false), bytes.Length, "fuzz.safetensors", null, out var metadata);
            return (tensors, metadata);
        }

        /// <summary>The same tensors by name (the writer orders the data by dtype alignment, then name) and the same metadata in order.</summary>
        private static bool SameSafetensors(object? a, object? b)
        {
            var (x, xm) = ((IReadOnlyList<KeyValuePair<string, Tensor>>, IReadOnlyList<KeyValuePair<string, string>>))a!;
            var (y, ym) = ((IReadOnlyList<KeyValuePair<string, Tensor>>, IReadOnlyList<KeyValuePair<string, string>>))b!;
            return x.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(y.OrderBy(p => p.Key, StringComparer.Ordinal)) && xm.SequenceEqual(ym);
        }

        /// <summary>The slots of a model config, in document order: layer name, slot key and initializer (a slot's
        /// error is thrown).</summary>
        private static IReadOnlyList<(string, string, Initializer?)> Slots(ModelConfig config) =>
            config.Slots.Select(s => (s.LayerInfo.Name, s.Slot, s.Error is null ? s.Initializer : throw s.Error)).ToList();

        private static bool KerasDocuments(object? a, object? b) => ((IReadOnlyList<Initializer?>)a!).SequenceEqual((IReadOnlyList<Initializer?>)b!);

        /// <summary>The initializers of the results; an element's error is thrown, as InitializerText.Parse does.</summary>
        private static IReadOnlyList<Initializer?> Initializers(IReadOnlyList<ReadResult> results) =>
            results.Select(r => r.Error is null ? r.Initializer : throw r.Error).ToList();
    }

    /// <summary>One reader: <see cref="Read"/> takes the bytes of a document and returns what it read, or throws
    /// InitializerException; <see cref="Same"/> compares two results; a read may allocate at most
    /// <see cref="BytesPerInputByte"/> bytes per input byte plus 4 MiB.</summary>
    internal sealed class Reader
    {
        public Reader(string name, long bytesPerInputByte, Func<byte[], object?> read, Func<object?, object?, bool> same)
        {
            Name = name;
            BytesPerInputByte = bytesPerInputByte;
            Read = read;
            Same = same;
        }

        public string Name { get; }

        /// <summary>The allocation budget per input byte. Large where the format multiplies by design: a YAML alias copies
        /// its node, and a deflated .npz member may expand up to Npz.MaxDeflateRatio times.</summary>
        public long BytesPerInputByte { get; }

        public Func<byte[], object?> Read { get; }

        public Func<object?, object?, bool> Same { get; }

        public override string ToString() => Name;

        /// <summary>Reads <paramref name="bytes"/>, letting only InitializerException with an ErrorId pass (any other
        /// exception propagates), and throws when the read allocated more than the budget.</summary>
        public void ReadChecked(byte[] bytes)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                Read(bytes);
            }
            catch (InitializerException ex) when (!string.IsNullOrEmpty(ex.ErrorId))
            {
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var budget = (BytesPerInputByte * bytes.Length) + (4 << 20);
            if (allocated > budget)
            {
                throw new InvalidOperationException($"{Name} allocated {allocated} bytes reading {bytes.Length}; the budget is {budget}.");
            }
        }
    }
}
