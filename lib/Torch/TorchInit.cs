using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Initializers.Config;

namespace Initializers.Torch
{
    /// <summary>The helpers of PyTorch's <c>torch.nn.init</c> that compute numbers rather than fill tensors:
    /// <c>calculate_gain</c> and <c>_calculate_fan_in_and_fan_out</c>, with PyTorch's rules and error texts.</summary>
    public static class TorchInit
    {
        private static readonly string[] LinearFunctions =
        {
            "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
        };

        private static readonly string[] Modes = { "fan_in", "fan_out" };

        /// <summary>Every nonlinearity <see cref="CalculateGain"/> knows, in PyTorch's order.</summary>
        public static IReadOnlyList<string> Nonlinearities { get; } =
            Array.AsReadOnly(LinearFunctions.Concat(new[] { "sigmoid", "tanh", "relu", "leaky_relu", "selu" }).ToArray());

        /// <summary>PyTorch's <c>torch.nn.init.calculate_gain(nonlinearity, param=None)</c>: 1 for linear, the conv and
        /// conv_transpose functions and sigmoid; 5/3 for tanh; sqrt(2) for relu; sqrt(2 / (1 + slope²)) for leaky_relu
        /// (slope <paramref name="param"/>, 0.01 when null); 3/4 for selu. Names are case-sensitive, as in PyTorch, and
        /// <paramref name="param"/> is only read for leaky_relu.</summary>
        /// <param name="nonlinearity">The function's name, for example <c>relu</c> or <c>leaky_relu</c>.</param>
        /// <param name="param">leaky_relu's negative slope: null (0.01) or a number; a bool or anything else is refused
        /// (InvalidGainParameter, PyTorch's "negative_slope {param} not a valid number").</param>
        /// <returns>The recommended gain.</returns>
        /// <exception cref="InitializerException">UnsupportedNonlinearity ("Unsupported nonlinearity {name}") or
        /// InvalidGainParameter.</exception>
        public static double CalculateGain(string nonlinearity, object? param = null)
        {
            if (nonlinearity is not null && (LinearFunctions.Contains(nonlinearity, StringComparer.Ordinal) || nonlinearity == "sigmoid"))
            {
                return 1;
            }

            switch (nonlinearity)
            {
                case "tanh":
                    return 5.0 / 3;
                case "relu":
                    return Math.Sqrt(2.0);
                case "leaky_relu":
                    var slope = NegativeSlope(param);
                    return Math.Sqrt(2.0 / (1 + (slope * slope)));
                case "selu":
                    return 3.0 / 4;
                default:
                    throw new InitializerException(
                        "UnsupportedNonlinearity",
                        ErrorKind.InvalidArgument,
                        $"Unsupported nonlinearity {nonlinearity ?? "None"}. Known nonlinearities: {string.Join(", ", Nonlinearities)}.",
                        nonlinearity);
            }
        }

        /// <summary>PyTorch's <c>_calculate_fan_in_and_fan_out</c> for a weight in PyTorch's layout (out, in, k…):
        /// fan_in = size(1)·receptive, fan_out = size(0)·receptive, receptive = the product of dims[2:].</summary>
        /// <param name="shape">The weight shape, outermost first; rank 2 or more.</param>
        /// <returns>(fan_in, fan_out).</returns>
        /// <exception cref="InitializerException">InvalidRank for fewer than 2 dimensions ("Fan in and fan out can not
        /// be computed for tensor with fewer than 2 dimensions").</exception>
        public static (double FanIn, double FanOut) CalculateFanInAndFanOut(IReadOnlyList<int> shape) =>
            CalculateFanInAndFanOut(shape.Select(d => (long)d).ToArray());

        internal static (double FanIn, double FanOut) CalculateFanInAndFanOut(IReadOnlyList<long> shape)
        {
            if (shape.Count < 2)
            {
                throw new InitializerException(
                    "InvalidRank",
                    ErrorKind.InvalidArgument,
                    $"Fan in and fan out can not be computed for tensor with fewer than 2 dimensions. Received: shape={TensorShape.Format(shape)} of rank {shape.Count}.",
                    shape);
            }

            double receptive = 1;
            for (var i = 2; i < shape.Count; i++)
            {
                receptive *= shape[i];
            }

            return (shape[1] * receptive, shape[0] * receptive);
        }

        /// <summary>PyTorch's <c>_calculate_correct_fan</c> mode check: lower-cased, then fan_in or fan_out.</summary>
        internal static string CheckMode(string className, string? mode)
        {
            var lower = (mode ?? "fan_in").ToLowerInvariant();
            if (!Modes.Contains(lower))
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"Mode {lower} not supported, please use one of ['fan_in', 'fan_out'] ({className}).",
                    mode).AtKey("mode");
            }

            return lower;
        }

        private static double NegativeSlope(object? param)
        {
            if (param is null)
            {
                return 0.01;
            }

            if (param is not bool && ConfigValues.IsNumber(param))
            {
                return Convert.ToDouble(param, CultureInfo.InvariantCulture);
            }

            throw new InitializerException(
                "InvalidGainParameter",
                ErrorKind.InvalidArgument,
                $"negative_slope {FormatParam(param)} not a valid number",
                param);
        }

        /// <summary>As Python's f"{param}": True/False for a bool, the text itself for a string.</summary>
        private static string FormatParam(object param) => param switch
        {
            bool b => b ? "True" : "False",
            string s => s,
            _ => ConfigValues.Format(param),
        };
    }
}
