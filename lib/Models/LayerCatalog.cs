using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Initializers.Config;

namespace Initializers.Models
{
    /// <summary>What the model reader knows about layer classes: which exist (Keras 3, Keras 2 / tf.keras,
    /// TensorFlow.js), the rank and size of the weight each initializer slot fills, and which slots build no weight
    /// (model-formats.md §1.8, §3.4, §5).</summary>
    internal static class LayerCatalog
    {
        private static readonly HashSet<string> ModelClasses = new(StringComparer.Ordinal) { "Sequential", "Functional", "Model" };

        // Every layer and model class name that Keras 3, Keras 2 (multi-backend 2.1-2.3, and tf-keras) and TensorFlow.js
        // deserialize, aliases included (Convolution2D, GroupQueryAttention, BatchNormalizationV1, 2.1-2.2's Deconv2D).
        // tools/layer-classes.py reads them from the three sources into tests/Initializers.Tests/Fixtures/models/
        // layer-classes.tsv, and LayerCatalogTests holds this table to it.
        private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
        {
            "AbstractRNNCell", "Activation", "ActivityRegularization", "AdaptiveAveragePooling1D",
            "AdaptiveAveragePooling2D", "AdaptiveAveragePooling3D", "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D",
            "AdaptiveMaxPooling3D", "Add", "AdditiveAttention", "AddLoss", "AddMetric", "AlphaDropout", "Attention",
            "AugMix", "AutoContrast", "Average", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
            "AvgPool1D", "AvgPool2D", "AvgPool3D", "BaseRandomLayer", "BatchNormalization", "BatchNormalizationV1",
            "BatchNormalizationV2", "Bidirectional", "CategoryEncoding", "CenterCrop", "ClassMethod", "Concatenate",
            "ContrastLimitedAdaptiveHistogramEqualization", "Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose",
            "Conv3D", "Conv3DTranspose", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM2DCell", "ConvLSTM3D", "Convolution1D",
            "Convolution1DTranspose", "Convolution2D", "Convolution2DTranspose", "Convolution3D",
            "Convolution3DTranspose", "ConvRecurrent2D", "ConvRNN2D", "Cropping1D", "Cropping2D", "Cropping3D",
            "CuDNNGRU", "CuDNNLSTM", "CutMix", "Deconv2D", "Deconv3D", "Deconvolution2D", "Deconvolution3D", "Dense",
            "DenseFeatures", "DepthwiseConv1D", "DepthwiseConv2D", "DeviceWrapper", "Discretization", "Dot", "Dropout",
            "DropoutWrapper", "EinsumDense", "ELU", "Embedding", "Equalization", "Flatten", "FlaxLayer", "Functional",
            "GaussianDropout", "GaussianNoise", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
            "GlobalAveragePooling3D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D", "GlobalMaxPool1D",
            "GlobalMaxPool2D", "GlobalMaxPool3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
            "GroupedQueryAttention", "GroupNormalization", "GroupQueryAttention", "GRU", "GRUCell", "GRUCellV1",
            "GRUCellV2", "GRUV1", "GRUV2", "HashedCrossing", "Hashing", "Highway", "Identity", "InputLayer",
            "InstanceMethod", "InstanceProperty", "IntegerLookup", "JaxLayer", "Lambda", "Layer", "LayerNormalization",
            "LeakyReLU", "LinearModel", "LocallyConnected1D", "LocallyConnected2D", "LSTM", "LSTMCell", "LSTMCellV1",
            "LSTMCellV2", "LSTMV1", "LSTMV2", "Masking", "Maximum", "MaxNumBoundingBoxes", "MaxoutDense", "MaxPool1D",
            "MaxPool2D", "MaxPool3D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "MelSpectrogram", "Merge",
            "Minimum", "MixUp", "Model", "MultiHeadAttention", "Multiply", "Normalization", "Permute", "Pipeline",
            "PReLU", "PreprocessingLayer", "RandAugment", "RandomBrightness", "RandomColorDegeneration",
            "RandomColorJitter", "RandomContrast", "RandomCrop", "RandomElasticTransform", "RandomErasing",
            "RandomFlip", "RandomFourierFeatures", "RandomGaussianBlur", "RandomGrayscale", "RandomHeight", "RandomHue",
            "RandomInvert", "RandomPerspective", "RandomPosterization", "RandomRotation", "RandomSaturation",
            "RandomSharpness", "RandomShear", "RandomTranslation", "RandomWidth", "RandomZoom", "Recurrent", "ReLU",
            "RepeatVector", "Rescaling", "Reshape", "ResidualWrapper", "Resizing", "ReversibleEmbedding",
            "RMSNormalization", "RNN", "SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D",
            "SeparableConvolution2D", "SequenceFeatures", "Sequential", "SimpleRNN", "SimpleRNNCell", "SlicingOpLambda",
            "Softmax", "Solarization", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
            "SpectralNormalization", "StackedRNNCells", "STFTSpectrogram", "StringLookup", "Subtract",
            "SyncBatchNormalization", "TensorFlowOpLayer", "TernaryDense", "TextVectorization", "TFOpLambda",
            "TFSMLayer", "ThresholdedReLU", "TimeDistributed", "TorchModuleWrapper", "UnitNormalization",
            "UpSampling1D", "UpSampling2D", "UpSampling3D", "WideDeepModel", "Wrapper", "ZeroPadding1D",
            "ZeroPadding2D", "ZeroPadding3D",
        };

        // The aliases Keras deserializes as another class (Keras 3's keras.layers, whose GroupQueryAttention it also writes
        // as the class name; Keras 2.1-2.3's module-level aliases; tf-keras's BatchNormalizationV1/V2 in
        // layers/serialization.py; TensorFlow.js's Model): the weights and their names are the class's.
        private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
        {
            ["Model"] = "Functional",
            ["Convolution1D"] = "Conv1D",
            ["Convolution2D"] = "Conv2D",
            ["Convolution3D"] = "Conv3D",
            ["Convolution1DTranspose"] = "Conv1DTranspose",
            ["Convolution2DTranspose"] = "Conv2DTranspose",
            ["Convolution3DTranspose"] = "Conv3DTranspose",
            ["Deconvolution2D"] = "Conv2DTranspose",
            ["Deconvolution3D"] = "Conv3DTranspose",
            ["Deconv2D"] = "Conv2DTranspose",
            ["Deconv3D"] = "Conv3DTranspose",
            ["GroupQueryAttention"] = "GroupedQueryAttention",
            ["BatchNormalizationV1"] = "BatchNormalization",
            ["BatchNormalizationV2"] = "BatchNormalization",
            ["SeparableConvolution1D"] = "SeparableConv1D",
            ["SeparableConvolution2D"] = "SeparableConv2D",
            ["MaxPool1D"] = "MaxPooling1D",
            ["MaxPool2D"] = "MaxPooling2D",
            ["MaxPool3D"] = "MaxPooling3D",
            ["AvgPool1D"] = "AveragePooling1D",
            ["AvgPool2D"] = "AveragePooling2D",
            ["AvgPool3D"] = "AveragePooling3D",
            ["GlobalMaxPool1D"] = "GlobalMaxPooling1D",
            ["GlobalMaxPool2D"] = "GlobalMaxPooling2D",
            ["GlobalMaxPool3D"] = "GlobalMaxPooling3D",
            ["GlobalAvgPool1D"] = "GlobalAveragePooling1D",
            ["GlobalAvgPool2D"] = "GlobalAveragePooling2D",
            ["GlobalAvgPool3D"] = "GlobalAveragePooling3D",
        };

        /// <summary>The class an alias stands for (<c>Convolution2D</c> gives <c>Conv2D</c>); any other name unchanged.</summary>
        public static string KerasClass(string className) => Aliases.TryGetValue(className, out var k) ? k : className;

        public static bool IsModelClass(string className) => ModelClasses.Contains(className);

        public static bool IsKnown(string className) => Known.Contains(className);

        /// <summary>The class names <see cref="IsKnown"/> accepts (for the test that holds them to the upstream list).</summary>
        internal static IReadOnlyCollection<string> KnownClasses => Known;

        /// <summary>The slot key without its <c>_initializer</c> / <c>Initializer</c> suffix, in snake_case
        /// (<c>recurrentInitializer</c> gives <c>recurrent</c>).</summary>
        public static string WeightOf(string slot)
        {
            var stem = slot.EndsWith("_initializer", StringComparison.Ordinal)
                ? slot.Substring(0, slot.Length - "_initializer".Length)
                : slot.Substring(0, slot.Length - "Initializer".Length);
            return Names.ToSnakeCase(stem);
        }

        /// <summary>True for a key that holds an initializer: it ends in <c>_initializer</c>, or is camelCase ending in
        /// <c>Initializer</c> (TensorFlow.js).</summary>
        public static bool IsSlotKey(string key) =>
            (key.Length > "_initializer".Length && key.EndsWith("_initializer", StringComparison.Ordinal)) ||
            (key.EndsWith("Initializer", StringComparison.Ordinal) && char.IsLower(key[0])); // "Initializer" alone starts upper-case

        /// <summary>The rank of the weight a slot fills, when the class fixes it; null otherwise.</summary>
        public static int? WeightRank(string className, IDictionary config, string weight)
        {
            className = KerasClass(className);
            var spatial = SpatialRank(className);
            switch (Family(className))
            {
                case "Dense":
                    return weight switch { "kernel" => 2, "bias" => 1, _ => null };
                case "Conv":
                    return weight switch { "kernel" => spatial + 2, "bias" => 1, _ => null };
                case "Depthwise":
                    return weight switch { "depthwise" => spatial + 2, "bias" => 1, _ => null };
                case "Separable":
                    return weight switch { "depthwise" or "pointwise" => spatial + 2, "bias" => 1, _ => null };
                case "Embedding":
                    return weight == "embeddings" ? 2 : null;
                case "Recurrent":
                    if (weight is "kernel" or "recurrent")
                    {
                        return 2;
                    }

                    if (weight == "bias")
                    {
                        if (!className.StartsWith("GRU", StringComparison.Ordinal))
                        {
                            return 1;
                        }

                        // GRU: (2, 3u) with reset_after (the Keras default), (3u,) without; unknown when the key is absent.
                        return Flag(config, "reset_after") switch { true => 2, false => 1, _ => null };
                    }

                    return null;
                case "ConvLSTM":
                    return weight switch { "kernel" or "recurrent" => spatial + 2, "bias" => 1, _ => null };
                case "Normalization":
                    return SingleAxis(config) ? 1 : null;
                default:
                    return null;
            }
        }

        /// <summary>True when the layer builds no weight from the slot.</summary>
        public static bool IsUnused(string className, IDictionary config, string weight, ModelDialect dialect)
        {
            className = KerasClass(className);
            if (weight == "bias" && Flag(config, "use_bias") == false)
            {
                return true;
            }

            // Keras 2 SeparableConv configs carry Conv's kernel_initializer, which nothing uses (model-formats §3.4).
            if (Family(className) == "Separable" && weight == "kernel")
            {
                return true;
            }

            if (Family(className) == "Normalization")
            {
                return (weight == "beta" && (Flag(config, "center") == false || Flag(config, "rms_scaling") == true)) ||
                       (weight == "gamma" && Flag(config, "scale") == false && Flag(config, "rms_scaling") != true);
            }

            return false;
        }

        /// <summary>The element counts of the tensors the layer asks the slot's initializer for (one call each), when the
        /// config tells them; null otherwise. An LSTM bias with unit_forget_bias is two calls, (u,) and (2u,).</summary>
        public static long[]? CallSizes(ModelLayer layer, string weight, ModelDialect dialect)
        {
            var config = layer.Config;
            if (config is null)
            {
                return null;
            }

            var className = KerasClass(layer.ClassName);
            var input = InputLastDim(layer);
            var units = Int(config, "units");
            switch (Family(className))
            {
                case "Dense" when className == "Dense":
                    return weight switch
                    {
                        "kernel" when input is long i && units is long u => new[] { i * u },
                        "bias" when units is long u => new[] { u },
                        _ => null,
                    };
                case "Conv":
                    return weight == "bias" && Int(config, "filters") is long f ? new[] { f } : null;
                case "Embedding":
                    return weight == "embeddings" && Int(config, "input_dim") is long d && Int(config, "output_dim") is long o ? new[] { d * o } : null;
                case "Normalization" when className is "BatchNormalization" or "LayerNormalization":
                    return AxisIsLast(config) && input is long c ? new[] { c } : null;
                case "Recurrent" when units is long u:
                    // CuDNNLSTM and CuDNNGRU (Keras 2) have the gates of LSTM and GRU, and a bias of two halves (tf-keras cudnn_lstm.py, cudnn_gru.py).
                    var cudnn = className.StartsWith("CuDNN", StringComparison.Ordinal);
                    var gates = className.Contains("LSTM") ? 4 : className.Contains("GRU") ? 3 : 1;
                    switch (weight)
                    {
                        case "kernel":
                            return input is long i ? new[] { i * gates * u } : null;
                        case "recurrent":
                            return new[] { u * gates * u };
                        case "bias" when cudnn && gates == 4:
                            // (8u,): one call of 8u, or with unit_forget_bias (the default) 5u, ones, then 2u from the initializer.
                            return Flag(config, "unit_forget_bias") ?? true ? new[] { 5 * u, 2 * u } : new[] { 8 * u };
                        case "bias" when cudnn:
                            return new[] { 6 * u };
                        case "bias" when gates == 4:
                            // Keras defaults unit_forget_bias to true, TensorFlow.js to false (and writes null).
                            var forget = Flag(config, "unit_forget_bias") ?? (dialect != ModelDialect.TensorFlowJs && !config.Contains("unit_forget_bias"));
                            return forget ? new[] { u, 2 * u } : new[] { 4 * u };
                        case "bias" when gates == 3:
                            var resetAfter = Flag(config, "reset_after") ?? (dialect != ModelDialect.TensorFlowJs && !config.Contains("reset_after"));
                            return new[] { (resetAfter ? 2 : 1) * 3 * u };
                        case "bias":
                            return new[] { u };
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>The last dimension of the layer's input: <c>build_config.input_shape</c> (Keras 3, Keras 2.13+), else
        /// the config's <c>batch_input_shape</c> (Keras 2, TensorFlow.js) or <c>batch_shape</c>.</summary>
        private static long? InputLastDim(ModelLayer layer)
        {
            var shape = (layer.Entry["build_config"] as IDictionary)?["input_shape"] as IList
                ?? layer.Config?["batch_input_shape"] as IList
                ?? layer.Config?["batch_shape"] as IList;
            return shape is { Count: > 0 } && shape[shape.Count - 1] is object last && ConfigValues.IsInteger(last)
                ? Convert.ToInt64(last, CultureInfo.InvariantCulture)
                : null;
        }

        private static string Family(string className)
        {
            if (className is "Dense")
            {
                return "Dense";
            }

            if (className.StartsWith("DepthwiseConv", StringComparison.Ordinal))
            {
                return "Depthwise";
            }

            if (className.StartsWith("SeparableConv", StringComparison.Ordinal))
            {
                return "Separable";
            }

            if (className.StartsWith("ConvLSTM", StringComparison.Ordinal))
            {
                return "ConvLSTM";
            }

            if (className.StartsWith("Conv", StringComparison.Ordinal) && SpatialRank(className) > 0)
            {
                return "Conv";
            }

            if (className is "Embedding")
            {
                return "Embedding";
            }

            if (className is "SimpleRNN" or "LSTM" or "GRU" or "SimpleRNNCell" or "LSTMCell" or "GRUCell" or "CuDNNLSTM" or "CuDNNGRU")
            {
                return "Recurrent";
            }

            return className is "BatchNormalization" or "LayerNormalization" or "GroupNormalization" or "SyncBatchNormalization" ? "Normalization" : "";
        }

        /// <summary>1, 2 or 3 from a class name ending in 1D, 2D or 3D (before an optional Transpose or Cell); 0 otherwise.</summary>
        private static int SpatialRank(string className)
        {
            var name = className.EndsWith("Transpose", StringComparison.Ordinal) ? className.Substring(0, className.Length - "Transpose".Length)
                : className.EndsWith("Cell", StringComparison.Ordinal) ? className.Substring(0, className.Length - "Cell".Length) : className;
            return name.Length >= 2 && name[name.Length - 1] == 'D' && name[name.Length - 2] is >= '1' and <= '3' ? name[name.Length - 2] - '0' : 0;
        }

        private static bool? Flag(IDictionary config, string key) => config[key] is bool b ? b : config[Names.LowerFirst(Camel(key))] is bool c ? c : null;

        private static string Camel(string snake) =>
            string.Concat(snake.Split('_').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part.Substring(1)));

        private static long? Int(IDictionary config, string key)
        {
            var value = config[key] ?? config[Camel(key)];
            return value is not null && ConfigValues.IsInteger(value) ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
        }

        /// <summary>True when <c>axis</c> is absent, an integer, or a list of one (the parameters are then vectors).</summary>
        private static bool SingleAxis(IDictionary config) => config["axis"] switch
        {
            null => true,
            IList list => list.Count == 1,
            var v => ConfigValues.IsInteger(v),
        };

        private static bool AxisIsLast(IDictionary config)
        {
            var axis = config["axis"] is IList { Count: 1 } list ? list[0] : config["axis"];
            return axis is null || (ConfigValues.IsInteger(axis) && Convert.ToInt64(axis, CultureInfo.InvariantCulture) == -1);
        }
    }
}
