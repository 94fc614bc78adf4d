using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Reflection;
using Initializers.Config;
using Initializers.Serialization;

namespace Initializers
{
    /// <summary>How a tensor was made: the initializer (with the seed its values came from written into its config), the
    /// dtype, the shape and the version of this library. <see cref="Initializer.Call(IReadOnlyList{int}, DType)"/> attaches one to every tensor it
    /// builds (<see cref="Tensor.GetProvenance"/>); the file writers of <see cref="IO"/> record it and the readers give it
    /// back, so <see cref="Rebuild"/> makes the same values again.</summary>
    /// <remarks>Its JSON form (<see cref="ToJson"/>) is <c>{"initializer": KERAS_DOCUMENT, "seed": 42, "dtype": "float32",
    /// "shape": [2, 3], "version": "0.1.0"}</c>, where KERAS_DOCUMENT is the Keras 3 document that
    /// Export-InitializerConfig writes (<see cref="KerasConfig.ToDocument"/>), its config holding the effective seed;
    /// <c>seed</c> is null for an initializer that draws no random numbers.</remarks>
    public sealed class TensorProvenance
    {
        private readonly long[] shape;

        /// <summary>A provenance record.</summary>
        /// <param name="initializer">The initializer that made the values; an unseeded random one is replaced by
        /// <see cref="Initializer.WithEffectiveSeed"/>, so the record reproduces the values.</param>
        /// <param name="dtype">The dtype the initializer was called with.</param>
        /// <param name="shape">The shape the initializer was called with.</param>
        public TensorProvenance(Initializer initializer, DType dtype, IReadOnlyList<int> shape)
            : this(initializer, dtype, TensorShape.Check(shape).Select(d => (long)d).ToArray(), CurrentVersion)
        {
        }

        /// <summary>The record of a streamed tensor: the same record <see cref="Initializer.Call(System.Collections.Generic.IReadOnlyList{int}, DType)"/> attaches to the
        /// in-memory tensor of that shape, whose dimensions may exceed 32 bits here.</summary>
        internal TensorProvenance(TensorElements elements)
            : this(elements.Initializer, elements.DType, elements.Shape, CurrentVersion)
        {
        }

        private TensorProvenance(Initializer initializer, DType dtype, IReadOnlyList<long> shape, string version)
        {
            if (initializer is null)
            {
                throw new ArgumentNullException(nameof(initializer));
            }

            Initializer = initializer.WithEffectiveSeed();
            DType = dtype;
            this.shape = TensorShape.Check(shape);
            Version = version;
        }

        /// <summary>The version of this library (<c>0.1.0</c>), which the module shares; it is what a written record
        /// carries.</summary>
        public static string CurrentVersion { get; } = LibraryVersion();

        /// <summary>The initializer, its config holding the effective seed (so an unseeded one is recorded seeded).</summary>
        public Initializer Initializer { get; }

        /// <summary>The seed the values came from (<see cref="Family.RandomInitializer.EffectiveSeed"/>); null for an
        /// initializer that draws no random numbers (Zeros, Ones, Constant, Identity).</summary>
        public long? Seed => Initializer is Family.RandomInitializer random ? random.EffectiveSeed : null;

        /// <summary>The dtype the initializer was called with.</summary>
        public DType DType { get; }

        /// <summary>The shape the initializer was called with (a streamed tensor's dimensions may exceed 32 bits).</summary>
        public IReadOnlyList<long> Shape => shape;

        /// <summary>The version of the library that made the tensor (for one read from a file: the version that wrote it).</summary>
        public string Version { get; }

        /// <summary>Calls <see cref="Initializer"/> again with <see cref="Shape"/> and <see cref="DType"/>: the same values
        /// bit for bit (seeded values are a contract of this library).</summary>
        /// <exception cref="InitializerException">TensorTooLarge when the shape holds more than one tensor can (a
        /// streamed file); rebuild such a tensor's elements with <see cref="Initializer.Elements"/>.</exception>
        public Tensor Rebuild()
        {
            if (shape.Any(d => d > int.MaxValue))
            {
                throw new InitializerException(
                    "TensorTooLarge",
                    ErrorKind.LimitsExceeded,
                    $"Shape {TensorShape.Format(shape)} has a dimension past {int.MaxValue}, more than one tensor holds; produce its elements with Initializer.Elements instead.",
                    shape);
            }

            return Initializer.Call(shape.Select(d => (int)d).ToArray(), DType);
        }

        /// <summary>The record as one line of JSON (see the remarks on <see cref="TensorProvenance"/>).</summary>
        public string ToJson() => JsonText.Write(ToTree(), compress: true);

        /// <summary>The Keras-like summary, for example <c>GlorotUniform(seed=42) float32 (2, 3)</c>.</summary>
        public override string ToString() => $"{Initializer} {DType.Name()} {TensorShape.Format(shape)}";

        /// <summary>Reads a record written by <see cref="ToJson"/>.</summary>
        /// <param name="json">The JSON text.</param>
        /// <param name="source">Names the file in error messages.</param>
        /// <exception cref="InitializerException">ProvenanceInvalid when the text is not such a record.</exception>
        public static TensorProvenance FromJson(string json, string source)
        {
            object? tree;
            try
            {
                tree = JsonText.Parse(json);
            }
            catch (InitializerException ex)
            {
                throw Invalid(source, ex.Message, ex);
            }

            return FromTree(tree, source);
        }

        /// <summary>The records of the tensors (in memory or streamed) that carry one, as one JSON object of tensor name
        /// to record (the form the .npz member and the safetensors metadata value hold); null when none carries one.</summary>
        internal static string? Encode(IEnumerable<KeyValuePair<string, IO.TensorSource>> tensors)
        {
            var map = new OrderedDictionary(StringComparer.Ordinal);
            foreach (var pair in tensors)
            {
                if (pair.Value.Provenance is { } provenance)
                {
                    map[pair.Key] = provenance.ToTree();
                }
            }

            return map.Count == 0 ? null : JsonText.Write(map, compress: true);
        }

        /// <summary>Attaches the records of <paramref name="json"/> (written by <see cref="Encode"/>) to the tensors of the
        /// same name; a record whose dtype or shape differs from its tensor's is ProvenanceInvalid, and names that were
        /// not read are skipped.</summary>
        internal static void Attach(string json, IEnumerable<KeyValuePair<string, Tensor>> tensors, string source)
        {
            object? tree;
            try
            {
                tree = JsonText.Parse(json);
            }
            catch (InitializerException ex)
            {
                throw Invalid(source, ex.Message, ex);
            }

            if (tree is not IDictionary map)
            {
                throw Invalid(source, "expected a JSON object of tensor name to record", null);
            }

            foreach (var pair in tensors)
            {
                if (!map.Contains(pair.Key))
                {
                    continue;
                }

                AttachRecord(map[pair.Key], pair.Key, pair.Value, source);
            }
        }

        /// <summary>Attaches one record (<see cref="ToJson"/>, the form of a .npy sidecar file) to <paramref name="tensor"/>;
        /// a record whose dtype or shape differs from the tensor's is ProvenanceInvalid.</summary>
        internal static void AttachOne(string json, string name, Tensor tensor, string source)
        {
            object? tree;
            try
            {
                tree = JsonText.Parse(json);
            }
            catch (InitializerException ex)
            {
                throw Invalid(source, ex.Message, ex);
            }

            AttachRecord(tree, name, tensor, source);
        }

        private static void AttachRecord(object? tree, string name, Tensor tensor, string source)
        {
            var provenance = FromTree(tree, source);
            if (provenance.DType != tensor.DType || !provenance.shape.SequenceEqual(tensor.Shape.Select(d => (long)d)))
            {
                throw Invalid(
                    source,
                    $"the record of '{name}' says {provenance.DType.Name()} {TensorShape.Format(provenance.shape)}, but the tensor is {tensor.DType.Name()} {TensorShape.Format(tensor.Shape)}",
                    null);
            }

            tensor.Provenance = provenance;
        }

        private OrderedDictionary ToTree()
        {
            var tree = new OrderedDictionary(StringComparer.Ordinal)
            {
                { "initializer", KerasConfig.ToDocument(Initializer) },
                { "seed", Seed },
                { "dtype", DType.Name() },
                { "shape", shape.Cast<object>().ToArray() },
                { "version", Version },
            };
            return tree;
        }

        private static TensorProvenance FromTree(object? tree, string source)
        {
            if (tree is not IDictionary map || !map.Contains("initializer") || !map.Contains("dtype") || !map.Contains("shape") || !map.Contains("version"))
            {
                throw Invalid(source, "expected an object with initializer, seed, dtype, shape and version", null);
            }

            try
            {
                var initializer = KerasConfig.FromDocument(map["initializer"]);
                var dtype = DTypes.Parse(map["dtype"] as string);
                if (map["shape"] is not object?[] dims || map["version"] is not string version)
                {
                    throw Invalid(source, "shape must be an array of integers and version a string", null);
                }

                var shape = dims.Select(d => d is int i ? i : d is long l ? l : -1L).ToArray();
                if (shape.Any(d => d < 0))
                {
                    throw Invalid(source, "shape must be an array of integers from 0 to 9223372036854775807", null);
                }

                var provenance = new TensorProvenance(initializer, dtype, TensorShape.Check(shape), version);
                var seed = map.Contains("seed") ? map["seed"] : null;
                var recorded = seed switch
                {
                    null => (long?)null,
                    int i => i,
                    long l => l,
                    _ => throw Invalid(source, "seed must be an integer or null", null),
                };
                if (recorded != provenance.Seed)
                {
                    throw Invalid(source, $"seed {ConfigValues.Format(seed)} differs from the seed in the initializer's config", null);
                }

                return provenance;
            }
            catch (InitializerException ex) when (ex.ErrorId != "ProvenanceInvalid")
            {
                throw Invalid(source, ex.Message, ex);
            }
        }

        private static InitializerException Invalid(string source, string why, Exception? inner) =>
            new("ProvenanceInvalid", ErrorKind.InvalidData, $"The provenance record in '{source}' is invalid: {why}.", source, inner) { SourceName = source };

        internal static string LibraryVersion()
        {
            var assembly = typeof(TensorProvenance).Assembly;
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (!string.IsNullOrEmpty(informational))
            {
                var plus = informational!.IndexOf('+');
                return plus < 0 ? informational : informational.Substring(0, plus);
            }

            return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }
    }
}
