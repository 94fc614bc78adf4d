using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Family;
using Initializers.Models;
using Initializers.Models.Weights;

namespace Initializers.Tests.Models.Weights
{
    /// <summary>Model weight plans built by hand (names and shapes worked out from model-formats §2.2, §4.4 and §5), so the
    /// writers are tested without the planner.</summary>
    internal static class HandPlan
    {
        /// <summary>A one-part weight.</summary>
        public static ModelWeight Weight(string path, string kerasPath, string? tfjsName, long[] shape, Initializer initializer, DType dtype = DType.Float32, bool trainable = true)
        {
            var layer = path.Substring(0, path.IndexOf('/'));
            var name = path.Substring(path.LastIndexOf('/') + 1);
            return new ModelWeight(path, layer, "Layer", name, kerasPath, tfjsName, shape, dtype, trainable, new[] { new WeightPart(0, shape, initializer, "slot", "slot") });
        }

        /// <summary>A config for plans whose writer does not read it (the .weights.h5 writer).</summary>
        public static ModelConfig AnyConfig() => ModelConfig.Parse(
            "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1}}]}}");

        public static ModelWeightPlan Plan(ModelConfig config, IReadOnlyList<ModelWeight> weights, IReadOnlyList<KerasObject>? objects = null) =>
            new(config, new ModelWeightOptions(), "3.15", weights, objects ?? Array.Empty<KerasObject>(), Array.Empty<ModelLayer>(), Array.Empty<ModelFinding>());

        /// <summary>The values of a one-part weight: its initializer's elements.</summary>
        public static TensorElements Values(ModelWeight weight) => weight.Parts.Single().Initializer.Elements(weight.Shape, weight.DType);

        /// <summary>The little-endian bytes of a weight's values.</summary>
        public static byte[] Bytes(ModelWeight weight)
        {
            var elements = Values(weight);
            var bytes = new byte[elements.ByteCount];
            elements.FillBytes(0, bytes);
            return bytes;
        }

        public static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

        public static Initializer Glorot(long seed) => new GlorotUniform(seed);

        public static Initializer Normal(long seed) => new RandomNormal(seed: seed);
    }
}
