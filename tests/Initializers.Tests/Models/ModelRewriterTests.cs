using System.Linq;
using Initializers.Family;
using Initializers.Models.Rewriting;
using Initializers.Serialization;
using Xunit;

namespace Initializers.Tests.Models
{
    /// <summary>Planning slot rewrites: derived seeds only where a random initializer has none, the file's own form
    /// for a new initializer, and shared initializers rewritten together. Seeds were computed with sha256sum and
    /// python (see SeedDerivationTests): base 42 gives dense/kernel_initializer 23861153, dense_1/kernel_initializer
    /// 1612078339, lstm/recurrent_initializer 803685369, lstm/kernel_initializer 2047915675.</summary>
    public sealed class ModelRewriterTests
    {
        private const string Keras3 =
            "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": [" +
            "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 4, " +
            "\"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}, \"registered_name\": null, \"shared_object_id\": 140001}, " +
            "\"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", \"config\": {}, \"registered_name\": null}}}, " +
            "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 2, " +
            "\"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}, \"registered_name\": null, \"shared_object_id\": 140001}, " +
            "\"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"RandomNormal\", \"config\": {\"seed\": 5, \"mean\": 0.0, \"stddev\": 0.05}, \"registered_name\": null}}}]}}";

        private static readonly SlotTarget DenseKernel = new("/config/layers/0/config/kernel_initializer", "dense", "kernel_initializer");
        private static readonly SlotTarget DenseBias = new("/config/layers/0/config/bias_initializer", "dense", "bias_initializer");
        private static readonly SlotTarget Dense1Kernel = new("/config/layers/1/config/kernel_initializer", "dense_1", "kernel_initializer");
        private static readonly SlotTarget Dense1Bias = new("/config/layers/1/config/bias_initializer", "dense_1", "bias_initializer");
        private static readonly SlotTarget[] Slots = { DenseKernel, DenseBias, Dense1Kernel, Dense1Bias };

        [Fact]
        public void NothingSelectedLeavesTheTextByteForByte()
        {
            var plan = ModelRewriter.Plan(JsonText.Parse(Keras3), Slots, new SlotTarget[0], null, 42);
            Assert.Empty(plan);
            Assert.Same(Keras3, TextPatcher.Patch(Keras3, ConfigFormat.Json, plan.SelectMany(p => p.Changes)));
        }

        [Fact]
        public void SeedingSkipsWhatTakesNoSeedOrHasOneAndSaysWhy()
        {
            var plan = ModelRewriter.Plan(JsonText.Parse(Keras3), Slots, new[] { DenseBias, Dense1Bias }, null, 42);
            Assert.All(plan, p => Assert.False(p.Changed));
            Assert.Equal("Zeros takes no seed", plan[0].Note);
            Assert.Equal("already seeded (5)", plan[1].Note);
        }

        [Fact]
        public void SeedingASharedInitializerSeedsEveryCopyOnItsOwnAndUnsharesThem()
        {
            var plan = ModelRewriter.Plan(JsonText.Parse(Keras3), Slots, new[] { DenseKernel }, null, 42);
            Assert.Equal(new[] { "dense", "dense_1" }, plan.Select(p => p.Target.Layer));
            Assert.Equal(new long?[] { 23861153, 1612078339 }, plan.Select(p => p.Seed));
            Assert.Equal("shares its initializer with dense/kernel_initializer", plan[1].Note);
            var text = TextPatcher.Patch(Keras3, ConfigFormat.Json, plan.SelectMany(p => p.Changes));
            var expected = Keras3
                .Replace("\"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}, \"registered_name\": null, \"shared_object_id\": 140001}, \"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\"",
                    "\"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 23861153}, \"registered_name\": null}, \"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\"")
                .Replace("\"config\": {\"seed\": null}, \"registered_name\": null, \"shared_object_id\": 140001}", "\"config\": {\"seed\": 1612078339}, \"registered_name\": null}");
            Assert.Equal(expected, text);
        }

        [Fact]
        public void OneNewInitializerReplacesEveryCopyAndKeepsThemSharedInTheKeras3Form()
        {
            var plan = ModelRewriter.Plan(JsonText.Parse(Keras3), Slots, new[] { Dense1Kernel }, new HeNormal(seed: 3), null);
            Assert.Equal(2, plan.Count);
            var text = TextPatcher.Patch(Keras3, ConfigFormat.Json, plan.SelectMany(p => p.Changes));
            var newDoc = "{\"module\": \"keras.initializers\", \"class_name\": \"HeNormal\", \"config\": {\"seed\": 3}, \"registered_name\": null, \"shared_object_id\": 140001}";
            Assert.Equal(2, text.Split(newDoc).Length - 1);
            Assert.DoesNotContain("GlorotUniform", text);
        }

        [Fact]
        public void CopiesThatDifferOrAnIdOutsideTheSlotsAreAConflict()
        {
            var differ = Keras3.Replace("\"units\": 2, \"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\"",
                "\"units\": 2, \"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotNormal\"");
            var ex = Assert.Throws<InitializerException>(() => ModelRewriter.Plan(JsonText.Parse(differ), Slots, new[] { DenseKernel }, null, 42));
            Assert.Equal("SharedInitializerConflict", ex.ErrorId);
            Assert.Contains("'/config/layers/0/config/kernel_initializer' and '/config/layers/1/config/kernel_initializer' differ", ex.Message);

            var outside = Keras3.Replace("\"name\": \"seq\"", "\"name\": \"seq\", \"extra\": {\"shared_object_id\": 140001}");
            ex = Assert.Throws<InitializerException>(() => ModelRewriter.Plan(JsonText.Parse(outside), Slots, new[] { DenseKernel }, null, 42));
            Assert.Equal("SharedInitializerConflict", ex.ErrorId);
            Assert.Contains("'/config/extra'", ex.Message);
        }

        /// <summary>The file's form comes from the model or from its initializers, whichever shows it: a Keras 3 model
        /// whose slots are all strings still gets <c>module</c>; camelCase slots under a root without
        /// <c>className</c> (a model.json) still get <c>className</c>, and so do those of a camelCase root.</summary>
        [Fact]
        public void TheFormComesFromTheModelOrItsInitializers()
        {
            var keras3 = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": [" +
                         "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"kernel_initializer\": \"glorot_uniform\"}}]}}";
            var plan = ModelRewriter.Plan(JsonText.Parse(keras3), new[] { DenseKernel }, new[] { DenseKernel }, new Zeros(), null);
            Assert.Equal(keras3.Replace("\"glorot_uniform\"", "{\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", \"config\": {}, \"registered_name\": null}"),
                TextPatcher.Patch(keras3, ConfigFormat.Json, plan.SelectMany(p => p.Changes)));

            var slot = new SlotTarget("/modelTopology/config/layers/0/config/kernelInitializer", "d", "kernelInitializer");
            var modelJson = "{\"modelTopology\": {\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" +
                            "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"kernelInitializer\": {\"className\": \"GlorotUniform\", \"config\": {\"seed\": null}}}}]}}}";
            var camelPlan = ModelRewriter.Plan(JsonText.Parse(modelJson), new[] { slot }, new[] { slot }, new Zeros(), null);
            Assert.Contains("\"kernelInitializer\": {\"className\": \"Zeros\", \"config\": {}}",
                TextPatcher.Patch(modelJson, ConfigFormat.Json, camelPlan.SelectMany(p => p.Changes)));

            var camelRoot = "{\"className\": \"Dense\", \"config\": {\"name\": \"d\", \"kernelInitializer\": {\"className\": \"GlorotUniform\", \"config\": {\"seed\": null}}}}";
            var rootSlot = new SlotTarget("/config/kernelInitializer", "d", "kernelInitializer");
            var rootPlan = ModelRewriter.Plan(JsonText.Parse(camelRoot), new[] { rootSlot }, new[] { rootSlot }, new Zeros(), null);
            Assert.Equal("{\"className\": \"Dense\", \"config\": {\"name\": \"d\", \"kernelInitializer\": {\"className\": \"Zeros\", \"config\": {}}}}",
                TextPatcher.Patch(camelRoot, ConfigFormat.Json, rootPlan.SelectMany(p => p.Changes)));
        }

        /// <summary>One initializer carrying module is enough for the Keras 3 form, with or without module at the root.</summary>
        [Theory]
        [InlineData("{\"module\": \"keras\", ")]
        [InlineData("{")]
        public void OneKeras3InitializerGivesTheKeras3Form(string root)
        {
            var text = root + "\"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", " +
                       "\"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Ones\", \"config\": {}, \"registered_name\": null}}}]}}";
            var plan = ModelRewriter.Plan(JsonText.Parse(text), new[] { DenseKernel }, new[] { DenseKernel }, new Zeros(), null);
            Assert.Equal(text.Replace("\"Ones\"", "\"Zeros\""), TextPatcher.Patch(text, ConfigFormat.Json, plan.SelectMany(p => p.Changes)));
        }

        /// <summary>What seeding says it did not do, and why (the cmdlet shows the note); a camelCase initializer is seeded
        /// like any other; one without config gets one.</summary>
        [Fact]
        public void SeedingNotesWhatItLeavesAndSeedsEveryForm()
        {
            var text = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": [" +
                       "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"kernel_initializer\": null, \"bias_initializer\": \"my_init\"}}, " +
                       "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"kernel_initializer\": {\"className\": \"GlorotUniform\", \"config\": {\"seed\": null}}, " +
                       "\"bias_initializer\": {\"class_name\": \"RandomNormal\"}}}]}}";
            var plan = ModelRewriter.Plan(JsonText.Parse(text), Slots, Slots, null, 42);
            Assert.Equal(new[]
            {
                "the slot is null (Keras fills in the layer's default); give an initializer to seed it",
                "'my_init' is not a known initializer, so it is not seeded",
                null,
                null,
            }, plan.Select(r => r.Note));
            Assert.Equal(new[] { false, false, true, true }, plan.Select(r => r.Changed));
            Assert.Equal(1612078339L, plan[2].Seed); // dense_1/kernel_initializer with base 42 (class summary)
            var patched = TextPatcher.Patch(text, ConfigFormat.Json, plan.SelectMany(p => p.Changes));
            Assert.Contains("{\"className\": \"GlorotUniform\", \"config\": {\"seed\": 1612078339}}", patched);
            Assert.Contains("\"bias_initializer\": {\"class_name\": \"RandomNormal\", \"config\": {\"seed\": " + plan[3].Seed + "}}", patched);
        }

        /// <summary>A copy of a shared initializer keeps its note when it cannot be seeded either; an id written as a
        /// string stays a string.</summary>
        [Fact]
        public void SharedCopiesKeepTheirNoteAndTheIdItsType()
        {
            var text = Keras3.Replace("\"shared_object_id\": 140001", "\"shared_object_id\": \"140001\"");
            var plan = ModelRewriter.Plan(JsonText.Parse(text), Slots, new[] { DenseKernel }, new HeNormal(seed: 3), null);
            Assert.Equal(new string?[] { null, "shares its initializer with dense/kernel_initializer" }, plan.Select(r => r.Note));
            var patched = TextPatcher.Patch(text, ConfigFormat.Json, plan.SelectMany(p => p.Changes));
            Assert.True(2 == patched.Split("\"shared_object_id\": \"140001\"").Length - 1, patched);
        }

        /// <summary>A shared id that also stands where no slot is, however deep in lists, is a conflict: Keras would
        /// build that object from the same first copy.</summary>
        [Fact]
        public void ASharedIdOutsideTheSlotsIsFoundInLists()
        {
            var text = Keras3.Replace("]}}", "], \"extra\": [[{\"x\": [{\"shared_object_id\": 140001}]}]]}}");
            var ex = Assert.Throws<InitializerException>(() => ModelRewriter.Plan(JsonText.Parse(text), Slots, new[] { DenseKernel }, new Zeros(), null));
            Assert.Equal("SharedInitializerConflict", ex.ErrorId);
            Assert.Contains("/config/extra/0/0/x/0", ex.Message);
        }

        /// <summary>A slot selected twice is rewritten once; an initializer that only gets a seed changes only at its
        /// seed (the rest keeps its text), and its copy keeps every other value, lists too.</summary>
        [Fact]
        public void OnlyTheSeedChangesAndASlotIsRewrittenOnce()
        {
            var text = "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"kernel_initializer\": {\"class_name\": \"VarianceScaling\", " +
                       "\"config\": {\"scale\": 2.0, \"mode\": \"fan_in\", \"distribution\": \"uniform\", \"seed\": null, \"input_axes\": [0], \"output_axes\": null}}}}";
            var slot = new SlotTarget("/config/kernel_initializer", "dense", "kernel_initializer");
            var rewrite = Assert.Single(ModelRewriter.Plan(JsonText.Parse(text), new[] { slot }, new[] { slot, slot }, null, 42));
            Assert.Equal(("/config/kernel_initializer/config/seed", (object?)23861153L), (rewrite.Changes.Single().Key, rewrite.Changes.Single().Value));
            Assert.Equal("{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 2.0, \"mode\": \"fan_in\", \"distribution\": \"uniform\", \"seed\": 23861153, \"input_axes\": [0], \"output_axes\": null}}",
                JsonText.Write(rewrite.After, compress: true));
        }

        /// <summary>A shared copy that cannot be seeded says why, not only that it is shared.</summary>
        [Fact]
        public void ACopyThatCannotBeSeededSaysWhy()
        {
            var text = Keras3.Replace("\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}", "\"class_name\": \"my_init\", \"config\": {}");
            var plan = ModelRewriter.Plan(JsonText.Parse(text), Slots, new[] { DenseKernel }, null, 42);
            Assert.Equal(new[] { "'my_init' is not a known initializer, so it is not seeded", "'my_init' is not a known initializer, so it is not seeded" },
                plan.Select(r => r.Note));
        }

        /// <summary>The search for other copies of a shared id stops as deep as the readers do (1000 levels).</summary>
        [Fact]
        public void ASharedIdDeeperThanTheReadersAllowIsNotSearched()
        {
            var tree = (System.Collections.IDictionary)JsonText.Parse(Keras3)!;
            object deepMap = new System.Collections.Specialized.OrderedDictionary { ["shared_object_id"] = 140001L };
            object deepList = new System.Collections.Specialized.OrderedDictionary { ["shared_object_id"] = 140001L };
            for (var i = 0; i < 1001; i++)
            {
                deepMap = new System.Collections.Specialized.OrderedDictionary { ["k"] = deepMap };
                deepList = new object?[] { deepList };
            }

            tree["a"] = deepMap;
            tree["b"] = deepList;
            Assert.Equal(2, ModelRewriter.Plan(tree, Slots, new[] { DenseKernel }, new Zeros(), null).Count);
        }

        [Fact]
        public void ASlotThatNamesNothingIsRefused()
        {
            var missing = new SlotTarget("/config/layers/5/config/kernel_initializer", "ghost", "kernel_initializer");
            var ex = Assert.Throws<InitializerException>(() => ModelRewriter.Plan(JsonText.Parse(Keras3), Slots.Append(missing), new[] { missing }, new Zeros(), null));
            Assert.Equal(("PatchPointerNotFound", "The slot '/config/layers/5/config/kernel_initializer' names nothing in the model config."), (ex.ErrorId, ex.Message));
        }

        [Fact]
        public void Keras2AndCamelCaseFilesGetTheirOwnFormAndNamesAreExpandedToBeSeeded()
        {
            var keras2 = "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm\", \"kernel_initializer\": {\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 1.0, \"mode\": \"fan_avg\", \"distribution\": \"uniform\", \"seed\": null}}, \"recurrent_initializer\": \"orthogonal\"}}";
            var slots = new[]
            {
                new SlotTarget("/config/kernel_initializer", "lstm", "kernel_initializer"),
                new SlotTarget("/config/recurrent_initializer", "lstm", "recurrent_initializer"),
            };
            var plan = ModelRewriter.Plan(JsonText.Parse(keras2), slots, slots, null, 42);
            var text = TextPatcher.Patch(keras2, ConfigFormat.Json, plan.SelectMany(p => p.Changes));
            Assert.Equal(keras2.Replace("\"seed\": null", "\"seed\": 2047915675")
                .Replace("\"orthogonal\"", "{\"class_name\": \"Orthogonal\", \"config\": {\"gain\": 1.0, \"seed\": 803685369}}"), text);

            var camel = "{\"className\": \"Dense\", \"config\": {\"name\": \"d\", \"kernelInitializer\": null}}";
            var slot = new SlotTarget("/config/kernelInitializer", "d", "kernelInitializer");
            var camelPlan = ModelRewriter.Plan(JsonText.Parse(camel), new[] { slot }, new[] { slot }, new Zeros(), 1);
            Assert.Equal("{\"className\": \"Dense\", \"config\": {\"name\": \"d\", \"kernelInitializer\": {\"className\": \"Zeros\", \"config\": {}}}}",
                TextPatcher.Patch(camel, ConfigFormat.Json, camelPlan.SelectMany(p => p.Changes)));
        }
    }
}
