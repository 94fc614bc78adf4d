using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using CsCheck;
using Initializers.Config;
using Initializers.IO;
using Initializers.Serialization;
using MathNet.Numerics;
using Xunit;
using NComplex = System.Numerics.Complex;

namespace Initializers.Tests.Robustness
{
    /// <summary>Issue 15: property-based tests (CsCheck) of every reader in <see cref="Readers.All"/>. Structured
    /// generators make valid documents (random values, keys, nesting, unicode); mutational ones flip bits, truncate,
    /// insert and splice them. Properties: only InitializerException escapes, always with an ErrorId; what a read
    /// allocates is bounded per input byte; every valid document reads back as what was written.
    /// <para>Deterministic: a fixed seed per reader and a fixed number of cases. A failing case is handed to CsCheck
    /// to shrink, and the failure names its seed (replay it with <c>seed:</c>) and the shrunk input.</para>
    /// <para>To cover a new reader: one line in <see cref="Readers.All"/> and one line in <see cref="Cases"/> (its
    /// generator of valid documents and their expected read).</para></summary>
    public sealed class ReaderPropertyTests
    {
        private const int ValidCases = 500;
        private const int MutatedCases = 4000;

        /// <summary>Reader name, then a generator of (valid document, what reading it must give), and whether it is text.</summary>
        private static readonly Dictionary<string, (Gen<(byte[] Bytes, object? Expected)> Valid, bool Text)> Cases = new()
        {
            ["Json"] = (Generators.Tree.Select(t => (Utf8(JsonText.Write(t)), (object?)new[] { t })), true),
            ["Yaml"] = (Generators.Tree.Array[1, 3].Select(d => (Utf8(YamlText.WriteAll(d)), (object?)d)), true),
            ["Keras"] = (Generators.KerasDocument, true),
            ["Npy"] = (Generators.Tensor.Select(t => (NpyBytes(t), (object?)t)), false),
            ["Npz"] = (Generators.Archive, false),
            ["Safetensors"] = (Generators.SafetensorsFile, false),
            ["ModelConfig"] = (Generators.ModelConfigText, true),
            ["KerasArchive"] = (Generators.KerasArchiveZip, false),
            ["Csv"] = (Generators.CsvTensor(DType.Float64), true),
            ["CsvInt"] = (Generators.CsvTensor(DType.Int64), true),
        };

        public static TheoryData<string> Names()
        {
            var data = new TheoryData<string>();
            foreach (var reader in Readers.All)
            {
                data.Add(reader.Name);
            }

            return data;
        }

        [Fact]
        public void EveryReaderHasAGenerator() => Assert.Equal(Readers.All.Select(r => r.Name).OrderBy(n => n), Cases.Keys.OrderBy(n => n));

        [Theory]
        [MemberData(nameof(Names))]
        public void ValidDocumentsReadBackAsWritten(string name)
        {
            var reader = Readers.Get(name);
            var (valid, text) = Cases[name];
            Check(name + "/valid", valid, sample =>
            {
                var read = reader.Read(sample.Bytes);
                if (!reader.Same(sample.Expected, read))
                {
                    throw new InvalidOperationException($"{name} read back something else than was written.");
                }
            }, ValidCases, sample => Print(sample.Bytes, text));
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void MutatedDocumentsFailOnlyWithInitializerExceptionsWithinAMemoryBudget(string name)
        {
            var reader = Readers.Get(name);
            var (valid, text) = Cases[name];
            var documents = valid.Select(s => s.Bytes);
            Check(name + "/mutated", Generators.Mutated(documents), reader.ReadChecked, MutatedCases, bytes => Print(bytes, text));
        }

        /// <summary>Runs <paramref name="property"/> on <paramref name="cases"/> values of <paramref name="gen"/> drawn
        /// from a seed fixed by <paramref name="name"/>. On a failure CsCheck shrinks from the failing seed and
        /// reports seed and shrunk input; if its shrinking does not reproduce it, the original case is reported.</summary>
        private static void Check<T>(string name, Gen<T> gen, Action<T> property, int cases, Func<T, string> print)
        {
            var master = new PCG(15, Fnv(name));
            for (var i = 0; i < cases; i++)
            {
                var pcg = new PCG(15, master.Next64());
                var seed = pcg.ToString();
                var value = gen.Generate(pcg, null, out _);
                try
                {
                    property(value);
                }
                catch (Exception first)
                {
                    gen.Sample(property, seed: seed, iter: 3000, threads: 1, print: print);
                    throw new Xunit.Sdk.XunitException($"{name} case {i} (seed {seed}) failed: {first.GetType().Name}: {first.Message}\nInput: {print(value)}\n{first.StackTrace}");
                }
            }
        }

        private static ulong Fnv(string text)
        {
            var hash = 14695981039346656037UL;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            return hash;
        }

        private static string Print(byte[] bytes, bool text)
        {
            var shown = text
                ? System.Text.Json.JsonSerializer.Serialize(Readers.Text(bytes))
                : Convert.ToHexString(bytes);
            return $"({bytes.Length} bytes) " + (shown.Length > 6000 ? shown.Substring(0, 6000) + "..." : shown);
        }

        private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

        private static byte[] NpyBytes(Tensor t) => CancellationTests.NpyBytes(t);

        /// <summary>The generators.</summary>
        private static class Generators
        {
            private static readonly DType[] NpyDTypes = Enum.GetValues<DType>().Where(d => d != DType.BFloat16).ToArray();

            /// <summary>A code point: mostly ASCII, else any Unicode scalar value (no surrogates), NUL excluded.</summary>
            private static readonly Gen<string> CodePoint = Gen.Frequency(
                (6, Gen.Char[' ', '~'].Select(c => c.ToString())),
                (1, Gen.Char['\u0001', '\u001f'].Select(c => c.ToString())),
                (2, Gen.Int[0x80, 0xD7FF].Select(char.ConvertFromUtf32)),
                (1, Gen.Int[0xE000, 0x10FFFF].Select(char.ConvertFromUtf32)));

            public static readonly Gen<string> Text = CodePoint.Array[0, 12].Select(string.Concat);

            private static readonly Gen<object?> Leaf = Gen.OneOf<object?>(
                Gen.Const(() => (object?)null),
                Gen.Bool.Select(b => (object?)b),
                Gen.Long.Select(l => (object?)l),
                Gen.Int[-1000, 1000].Select(l => (object?)(long)l),
                Gen.Double.Where(double.IsFinite).Select(d => (object?)d),
                Text.Select(s => (object?)s));

            /// <summary>A JSON/YAML tree: null, bool, long, finite double, string, lists and string-keyed maps, 4 deep.</summary>
            public static readonly Gen<object?> Tree = Gen.Recursive<object?>((depth, self) => depth >= 4
                ? Leaf
                : Gen.Frequency(
                    (3, Leaf),
                    (1, self.Array[0, 4].Select(items => (object?)items.ToList())),
                    (1, Gen.Select(Text, self).Array[0, 4].Select(pairs => (object?)Map(pairs)))));

            public static readonly Gen<(byte[] Bytes, object? Expected)> KerasDocument =
                Gen.Select(InitializerGen.Array[1, 3], Gen.Bool, Gen.Bool, Gen.Bool).Select(t =>
                {
                    var (list, yaml, keras2, compress) = t;
                    var text = InitializerText.WriteAll(list, yaml ? ConfigFormat.Yaml : ConfigFormat.Json, keras2 ? KerasStyle.Keras2 : KerasStyle.Keras3, compress);
                    return (Utf8(text), (object?)list.Cast<Initializer?>().ToList());
                });

            private static Gen<Initializer> InitializerGen => Gen.Select(
                Gen.Int[0, InitializerCatalog.All.Count - 1],
                Gen.Long[0, 1L << 53],
                Gen.Double[-10, 10],
                Gen.Double[0.01, 10],
                Gen.Int[0, 2],
                Gen.Int[0, 2]).Select(t =>
                {
                    var (index, seed, signed, positive, mode, distribution) = t;
                    var info = InitializerCatalog.All[index];
                    var config = new Dictionary<string, object?>();
                    foreach (var key in info.ConfigKeys.Select(k => k.Name))
                    {
                        config[key] = key switch
                        {
                            "seed" => seed,
                            "mean" or "value" or "minval" => signed,
                            "maxval" => signed + positive,
                            "mode" => new[] { "fan_in", "fan_out", "fan_avg" }[mode],
                            "distribution" => new[] { "uniform", "truncated_normal", "untruncated_normal" }[distribution],
                            _ => positive,
                        };
                    }

                    try
                    {
                        return InitializerCatalog.Create(info.ClassName, config);
                    }
                    catch (InitializerException)
                    {
                        // The defaults, and 0.5 for a key without one (PyTorch's sparsity and val).
                        return InitializerCatalog.Create(info.ClassName, info.ConfigKeys.Where(k => k.Required).ToDictionary(k => k.Name, k => (object?)0.5));
                    }
                });

            private static readonly Gen<int[]> Shape = Gen.Int[0, 4].Array[0, 3];

            /// <summary>A tensor of any dtype .npy holds, rank 0 to 3, with random element bits (strings: random text).</summary>
            public static readonly Gen<Tensor> Tensor = Gen.Select(Gen.Int[0, NpyDTypes.Length - 1], Shape).SelectMany(t =>
            {
                var (d, shape) = t;
                var dtype = NpyDTypes[d];
                var count = shape.Aggregate(1, (a, b) => a * b);
                if (dtype == DType.String)
                {
                    return Text.Array[count].Select(s => new Tensor(shape, dtype, s));
                }

                var size = dtype.ElementSize();
                return Gen.Byte.Array[count * size].Select(bytes => new Tensor(shape, dtype, Storage(dtype, bytes)));
            });

            public static readonly Gen<(byte[] Bytes, object? Expected)> Archive =
                Gen.Select(Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 8], Tensor).Array[0, 3], Gen.Bool).Select(t =>
                {
                    var (pairs, compress) = t;
                    var list = pairs.GroupBy(p => p.Item1).Select(g => new KeyValuePair<string, Initializers.Tensor>(g.Key, g.First().Item2)).ToList();
                    using var stream = new MemoryStream();
                    Npz.WriteArchive(stream, list, compress, "gen.npz");
                    return (stream.ToArray(), (object?)list);
                });

            private static readonly DType[] SafetensorsDTypes = Enum.GetValues<DType>().Where(d => d is not (DType.Complex64 or DType.Complex128 or DType.String)).ToArray();

            /// <summary>A .safetensors file written by Safetensors.Write: 0 to 4 tensors of the dtypes it writes (bfloat16
            /// included), random names (unicode, not empty, not __metadata__) and metadata. What it reads back: the same
            /// tensors and, when there is metadata, "format": "pt" first unless a format is given (the reference writer's rule).</summary>
            private static readonly Gen<Tensor> SafetensorsTensor = Gen.Select(Gen.Int[0, SafetensorsDTypes.Length - 1], Shape).SelectMany(t =>
            {
                var (d, shape) = t;
                var dtype = SafetensorsDTypes[d];
                return Gen.Byte.Array[shape.Aggregate(1, (a, b) => a * b) * dtype.ElementSize()].Select(bytes => new Tensor(shape, dtype, Storage(dtype, bytes)));
            });

            public static readonly Gen<(byte[] Bytes, object? Expected)> SafetensorsFile =
                Gen.Select(
                    Gen.Select(Text.Where(n => n.Length > 0 && n != "__metadata__"), SafetensorsTensor).Array[0, 4],
                    Gen.Select(Gen.Frequency((3, Text), (1, Gen.Const("format"))), Text).Array[0, 3])
                .Select(t =>
                {
                    var (entries, meta) = t;
                    var tensors = entries.GroupBy(p => p.Item1).Select(g => new KeyValuePair<string, Tensor>(g.Key, g.First().Item2)).ToList();
                    var metadata = meta.GroupBy(p => p.Item1).Select(g => new KeyValuePair<string, string>(g.Key, g.First().Item2)).ToList();
                    using var stream = new MemoryStream();
                    Safetensors.Write(stream, tensors, metadata, "gen.safetensors");
                    var expected = metadata.Count == 0 || metadata.Any(kv => kv.Key == "format")
                        ? metadata
                        : metadata.Prepend(new KeyValuePair<string, string>("format", "pt")).ToList();
                    return (stream.ToArray(), (object?)((IReadOnlyList<KeyValuePair<string, Tensor>>)tensors, (IReadOnlyList<KeyValuePair<string, string>>)expected));
                });

            /// <summary>Layer classes and their initializer slots.</summary>
            private static readonly (string Class, string[] Slots)[] Layers =
            {
                ("Dense", new[] { "kernel_initializer", "bias_initializer" }),
                ("Conv2D", new[] { "kernel_initializer", "bias_initializer" }),
                ("Embedding", new[] { "embeddings_initializer" }),
                ("LayerNormalization", new[] { "beta_initializer", "gamma_initializer" }),
                ("LSTM", new[] { "kernel_initializer", "recurrent_initializer", "bias_initializer" }),
            };

            /// <summary>A small Sequential or Functional model config in JSON, in the Keras 3, Keras 2 or TensorFlow.js
            /// (model.json) form, of 1 to 4 layers with random names (unicode) and random initializers in their slots.
            /// What reading it must give: every slot, in order, with its layer's name, key and initializer.</summary>
            public static readonly Gen<(byte[] Bytes, object? Expected)> ModelConfigText =
                Gen.Select(Gen.Select(Text.Where(n => n.Length > 0), Gen.Int[0, Layers.Length - 1], InitializerGen.Array[3]).Array[1, 4], Gen.Int[0, 2], Gen.Bool, Text)
                .Select(t =>
                {
                    var (drawn, dialect, functional, modelName) = t;
                    var style = dialect == 0 ? KerasStyle.Keras3 : KerasStyle.Keras2;
                    var layers = drawn.GroupBy(l => l.Item1).Select(g => g.First()).ToList();
                    var expected = new List<(string, string, Initializer?)>();
                    var list = new List<object?>();
                    string? previous = null;
                    foreach (var (name, index, initializers) in layers)
                    {
                        var (className, slots) = Layers[index];
                        var config = Node(("name", name), ("trainable", true));
                        for (var i = 0; i < slots.Length; i++)
                        {
                            config.Add(slots[i], KerasConfig.ToDocument(initializers[i], style));
                            expected.Add((name, slots[i], initializers[i]));
                        }

                        var layer = Node(("class_name", className), ("config", config));
                        if (style == KerasStyle.Keras3)
                        {
                            layer.Insert(0, "module", "keras.layers");
                            layer.Add("registered_name", null);
                        }

                        if (functional)
                        {
                            layer.Add("name", name);
                            var inbound = previous is null ? new List<object?>() : new List<object?> { new List<object?> { new List<object?> { previous, 0L, 0L, Node() } } };
                            layer.Add("inbound_nodes", inbound);
                        }

                        list.Add(layer);
                        previous = name;
                    }

                    var model = Node(("class_name", functional ? (dialect == 2 ? "Model" : "Functional") : "Sequential"), ("config", Node(("name", modelName), ("layers", list))));
                    var document = dialect == 2 ? Node(("format", "layers-model"), ("modelTopology", model)) : model;
                    return (Utf8(JsonText.Write(document)), (object?)expected);
                });

            /// <summary>A .keras archive: a zip holding a model config as config.json (stored, as Keras writes it, or
            /// deflated) among other members (metadata.json, model.weights.h5), in a random order.</summary>
            public static readonly Gen<(byte[] Bytes, object? Expected)> KerasArchiveZip =
                Gen.Select(ModelConfigText, Gen.Bool, Gen.Int[0, 2], Gen.Byte.Array[0, 64]).Select(t =>
                {
                    var ((config, expected), deflate, at, weights) = t;
                    var members = new List<(string Name, byte[] Data)> { ("metadata.json", Utf8("{\"keras_version\": \"3.5.0\"}")), ("model.weights.h5", weights) };
                    members.Insert(at, ("config.json", config));
                    using var stream = new MemoryStream();
                    using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
                    {
                        foreach (var (name, data) in members)
                        {
                            using var member = zip.CreateEntry(name, deflate ? System.IO.Compression.CompressionLevel.Optimal : System.IO.Compression.CompressionLevel.NoCompression).Open();
                            member.Write(data, 0, data.Length);
                        }
                    }

                    return (stream.ToArray(), expected);
                });

            private static OrderedDictionary Node(params (string Key, object? Value)[] pairs) => Map(pairs);

            /// <summary>Python's float('nan'), the positive quiet NaN: what "nan" reads as (savetxt writes every NaN so).</summary>
            private static readonly double PythonNaN = BitConverter.Int64BitsToDouble(0x7FF8000000000000);

            /// <summary>A rank 0-2 tensor of <paramref name="dtype"/> written as CSV; what loadtxt (ndmin 0) gives back
            /// is it with its length-1 dimensions squeezed out.</summary>
            public static Gen<(byte[] Bytes, object? Expected)> CsvTensor(DType dtype)
            {
                var element = dtype == DType.Int64
                    ? Gen.Long.Select(v => (object)v)
                    : Gen.Frequency((20, Gen.Double.Where(double.IsFinite)), (1, Gen.Const(PythonNaN)), (1, Gen.Const(double.PositiveInfinity)), (1, Gen.Const(double.NegativeInfinity))).Select(v => (object)v);
                return Gen.Int[1, 5].Array[0, 2].SelectMany(shape => element.Array[shape.Aggregate(1, (a, b) => a * b)].Select(values =>
                {
                    Array data = dtype == DType.Int64 ? values.Cast<long>().ToArray() : values.Cast<double>().ToArray();
                    using var stream = new MemoryStream();
                    Csv.Write(stream, new Tensor(shape, dtype, data), "gen.csv");
                    return (stream.ToArray(), (object?)new Tensor(shape.Where(n => n != 1).ToArray(), dtype, data));
                }));
            }

            /// <summary>Valid documents, then 1 to 4 of: a bit flip, a byte set to a delimiter or limit value, a
            /// truncation, an insertion of random bytes, a duplicated range, a splice with a second document.</summary>
            public static Gen<byte[]> Mutated(Gen<byte[]> documents) =>
                Gen.Select(documents, documents, Gen.Select(Gen.Int[0, 5], Gen.UInt, Gen.UInt, Gen.Byte.Array[1, 8]).Array[1, 4])
                    .Select(t =>
                    {
                        var (a, b, edits) = t;
                        var bytes = a.ToList();
                        foreach (var (kind, x, y, insert) in edits)
                        {
                            var at = bytes.Count == 0 ? 0 : (int)(x % (uint)bytes.Count);
                            switch (kind)
                            {
                                case 0 when bytes.Count > 0:
                                    bytes[at] ^= (byte)(1 << (int)(y % 8));
                                    break;
                                case 1 when bytes.Count > 0:
                                    var special = new byte[] { 0, 0xFF, 0x7F, 0x80, (byte)'9', (byte)'"', (byte)'[', (byte)'{', (byte)':', (byte)',', (byte)'\n', (byte)'-', (byte)'&', (byte)'*', (byte)'\'', (byte)'(' };
                                    bytes[at] = special[y % (uint)special.Length];
                                    break;
                                case 2:
                                    bytes.RemoveRange(at, bytes.Count - at);
                                    break;
                                case 3:
                                    bytes.InsertRange(at, insert);
                                    break;
                                case 4 when bytes.Count > 0:
                                    var length = (int)(y % (uint)Math.Min(64, bytes.Count - at));
                                    bytes.InsertRange(at, bytes.GetRange(at, length));
                                    break;
                                default:
                                    var from = b.Length == 0 ? 0 : (int)(y % (uint)b.Length);
                                    bytes.RemoveRange(at, bytes.Count - at);
                                    bytes.AddRange(b.Skip(from));
                                    break;
                            }
                        }

                        return bytes.ToArray();
                    });

            private static OrderedDictionary Map((string Key, object? Value)[] pairs)
            {
                var map = new OrderedDictionary(StringComparer.Ordinal);
                foreach (var (key, value) in pairs)
                {
                    if (!map.Contains(key))
                    {
                        map.Add(key, value);
                    }
                }

                return map;
            }

            private static Array Storage(DType dtype, byte[] bytes) => dtype switch
            {
                DType.Float16 or DType.BFloat16 or DType.UInt16 => Cast<ushort>(bytes),
                DType.Float32 => Cast<float>(bytes),
                DType.Float64 => Cast<double>(bytes),
                DType.Int8 => Cast<sbyte>(bytes),
                DType.Int16 => Cast<short>(bytes),
                DType.Int32 => Cast<int>(bytes),
                DType.Int64 => Cast<long>(bytes),
                DType.UInt8 => bytes,
                DType.UInt32 => Cast<uint>(bytes),
                DType.UInt64 => Cast<ulong>(bytes),
                DType.Bool => bytes.Select(b => (b & 1) == 1).ToArray(),
                DType.Complex64 => Cast<Complex32>(bytes),
                _ => Cast<NComplex>(bytes),
            };

            private static T[] Cast<T>(byte[] bytes)
                where T : struct => MemoryMarshal.Cast<byte, T>(bytes).ToArray();
        }
    }
}
