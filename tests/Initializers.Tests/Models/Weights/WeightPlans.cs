using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Models;
using Initializers.Models.Weights;

namespace Initializers.Tests.Models.Weights
{
    /// <summary>Plans built by hand (until the planner lands), with names and shapes worked out from the Keras
    /// formulas: Dense kernel (in, units), bias (units,); LSTM kernel (in, 4u), recurrent kernel (u, 4u), bias (4u,)
    /// made of bias_initializer(u), ones(u), bias_initializer(2u) with unit_forget_bias.</summary>
    internal static class WeightPlans
    {
        internal const string Config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 16}}]}}";

        internal static Initializer Init(string className, long? seed = null) =>
            Initializer.FromConfig(className, seed is null ? null : new Dictionary<string, object> { ["seed"] = seed.Value });

        internal static ModelWeight Whole(string path, string layer, long[] shape, Initializer initializer, string slot, DType dtype = DType.Float32) =>
            new(path, layer, "Dense", path.Split('/').Last(), "layers/" + layer + "/vars/0", null, shape, dtype, true,
                new[] { new WeightPart(0, shape, initializer, slot, slot) });

        /// <summary>An LSTM bias of 4u elements: three calls and a ones block at u (odd offsets for odd u).</summary>
        internal static ModelWeight LstmBias(int units, Initializer bias, DType dtype = DType.Float32) =>
            new("lstm/lstm_cell/bias", "lstm", "LSTM", "bias", "layers/lstm/cell/vars/2", null, new long[] { 4 * units }, dtype, true, new[]
            {
                new WeightPart(0, new long[] { units }, bias, "bias_initializer", "bias_initializer/bias#0"),
                new WeightPart(units, new long[] { units }, new Initializers.Family.Ones(), null, "ones"),
                new WeightPart(2 * units, new long[] { 2 * units }, bias, "bias_initializer", "bias_initializer/bias#2"),
            });

        /// <summary>A Sequential of an InputLayer (8 features) and two Dense layers (16 then 4 units), default
        /// initializers (GlorotUniform kernels, Zeros biases, unseeded), plus an LSTM bias to carry a 3-part weight.</summary>
        internal static ModelWeightPlan Small(bool withLstm = true)
        {
            var weights = new List<ModelWeight>
            {
                Whole("dense/kernel", "dense", new long[] { 8, 16 }, Init("GlorotUniform"), "kernel_initializer"),
                Whole("dense/bias", "dense", new long[] { 16 }, Init("Zeros"), "bias_initializer"),
                Whole("dense_1/kernel", "dense_1", new long[] { 16, 4 }, Init("HeNormal"), "kernel_initializer"),
                Whole("dense_1/bias", "dense_1", new long[] { 4 }, Init("RandomNormal", 11), "bias_initializer"),
            };
            if (withLstm)
            {
                weights.Add(LstmBias(3, Init("RandomUniform")));
            }

            return Plan(weights);
        }

        internal static ModelWeightPlan Plan(IReadOnlyList<ModelWeight> weights) =>
            new(ModelConfig.Parse(Config, "m.json"), new ModelWeightOptions(), "3.15", weights, Array.Empty<KerasObject>(), Array.Empty<ModelLayer>(), Array.Empty<ModelFinding>());

        /// <summary>The reference values: each part's initializer called alone (seeded as the seeds rule says, worked
        /// out here with SeedDerivation) and the results concatenated.</summary>
        internal static byte[] Reference(ModelWeight weight, long baseSeed)
        {
            var bytes = new List<byte>();
            foreach (var part in weight.Parts)
            {
                var initializer = part.Initializer;
                if (initializer is Initializers.Family.RandomInitializer { Seed: null })
                {
                    var config = initializer.GetConfig(KerasStyle.Keras2);
                    config["seed"] = SeedDerivation.Derive(baseSeed, weight.Layer, part.SeedKey);
                    initializer = Initializer.FromConfig(initializer.ClassName, config);
                }

                bytes.AddRange(initializer.Call(part.Shape.Select(d => (int)d).ToArray(), weight.DType).ToBytes());
            }

            return bytes.ToArray();
        }
    }
}
