using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Initializers.Config
{
    /// <summary>Reads constructor arguments out of a config dictionary, the way <c>cls(**config)</c> does in Keras:
    /// <c>dtype</c> is dropped (TF's <c>from_config</c>), every other key must be a constructor argument, and each
    /// value is checked for type and range. Keys match exactly, then as TensorFlow.js camelCase (<c>fanIn</c>),
    /// then case-insensitively.</summary>
    internal sealed class ConfigArgs
    {
        private readonly string className;
        private readonly Dictionary<string, object?> values = new(StringComparer.Ordinal);
        /// <summary>The key as the config spelled it (<c>fanIn</c> for <c>fan_in</c>), for locating errors.</summary>
        private readonly Dictionary<string, string> spelled = new(StringComparer.Ordinal);

        /// <summary>Matches the keys of <paramref name="config"/> to <paramref name="allowedKeys"/>.</summary>
        /// <param name="className">The initializer's class name, used in error messages.</param>
        /// <param name="config">The config (keys are converted to invariant strings); null or empty means every
        /// argument takes its default.</param>
        /// <param name="allowedKeys">The constructor's snake_case keys.</param>
        /// <exception cref="InitializerException">UnknownConfigKey, naming the key and the allowed keys, for a key
        /// (other than <c>dtype</c>) that matches none of <paramref name="allowedKeys"/>.</exception>
        public ConfigArgs(string className, IDictionary? config, IReadOnlyList<string> allowedKeys)
        {
            this.className = className;
            if (config is null)
            {
                return;
            }

            foreach (DictionaryEntry entry in config)
            {
                var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";
                if (key == "dtype")
                {
                    continue;
                }

                var match = allowedKeys.FirstOrDefault(k => k == key)
                    ?? allowedKeys.FirstOrDefault(k => k == Names.ToSnakeCase(key))
                    ?? allowedKeys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    var allowed = allowedKeys.Count == 0 ? "none (its config is empty)" : string.Join(", ", allowedKeys);
                    throw new InitializerException(
                        "UnknownConfigKey",
                        ErrorKind.InvalidData,
                        $"Unknown key '{key}' in the config of {className}. Allowed keys: {allowed}.",
                        key).AtKey(key, isKey: true);
                }

                values[match] = entry.Value;
                spelled[match] = key;
            }
        }

        /// <summary>True when the config gave <paramref name="key"/> (in any accepted spelling), even with a null value.</summary>
        /// <param name="key">A snake_case constructor key.</param>
        public bool Has(string key) => values.ContainsKey(key);

        /// <summary>The raw value, or <paramref name="fallback"/> when the key is absent.</summary>
        /// <param name="key">A snake_case constructor key.</param>
        /// <param name="fallback">The value when the config does not give the key (default null).</param>
        public object? Raw(string key, object? fallback = null) => values.TryGetValue(key, out var v) ? v : fallback;

        /// <summary>A finite real number (ints are accepted: TensorFlow.js writes <c>2</c> for <c>2.0</c>).</summary>
        /// <param name="key">A snake_case constructor key.</param>
        /// <param name="fallback">The constructor default, used when the key is absent.</param>
        public double Number(string key, double fallback) => values.TryGetValue(key, out var v) ? Located(key, () => CheckedNumber(className, key, v)) : fallback;

        /// <summary>A finite real number the constructor requires (PyTorch's sparse_ sparsity, constant_ val): absent or null
        /// is the error MissingConfigKey.</summary>
        /// <param name="key">A snake_case constructor key.</param>
        public double RequiredNumber(string key)
        {
            if (!values.TryGetValue(key, out var v) || v is null)
            {
                throw new InitializerException(
                    "MissingConfigKey",
                    ErrorKind.InvalidArgument,
                    $"{className} needs the config key '{key}': it has no default.",
                    key);
            }

            return Number(key, 0);
        }

        /// <summary>A whole number in the Int32 range (a fraction, text or bool is refused).</summary>
        /// <param name="key">A snake_case constructor key.</param>
        /// <param name="fallback">The constructor default, used when the key is absent.</param>
        public int Integer(string key, int fallback) => values.TryGetValue(key, out var v) ? Located(key, () =>
        {
            var d = CheckedNumber(className, key, v);
            return Math.Floor(d) == d && d >= int.MinValue && d <= int.MaxValue ? (int)d : throw WrongType(className, key, v, "a whole number");
        }) : fallback;

        /// <summary>A string (null means the default).</summary>
        /// <param name="key">A snake_case constructor key.</param>
        /// <param name="fallback">The constructor default, used when the key is absent or null.</param>
        public string Text(string key, string fallback)
        {
            if (!values.TryGetValue(key, out var v) || v is null)
            {
                return fallback;
            }

            return v as string ?? throw WrongType(className, key, v, "a string").AtKey(spelled[key]);
        }

        /// <summary>A boolean (null means the default); numbers and text are refused, as scipy refuses a non-bool <c>fftbins</c>.</summary>
        /// <param name="key">A snake_case constructor key.</param>
        /// <param name="fallback">The constructor default, used when the key is absent or null.</param>
        public bool Flag(string key, bool fallback)
        {
            if (!values.TryGetValue(key, out var v) || v is null)
            {
                return fallback;
            }

            return v as bool? ?? throw WrongType(className, key, v, "true or false").AtKey(spelled[key]);
        }

        /// <summary>A seed: null, an integer in the Int64 range, or a serialized Keras 3 SeedGenerator.</summary>
        /// <param name="key">The seed's key (default <c>seed</c>).</param>
        /// <returns>Null when the key is absent or null (unseeded).</returns>
        public long? Seed(string key = "seed") => values.TryGetValue(key, out var v) ? Located(key, () => CheckedSeed(className, v)) : null;

        /// <summary>Optional list of axes (Keras 3.15 <c>input_axes</c>/<c>output_axes</c>).</summary>
        /// <param name="key">A snake_case constructor key.</param>
        /// <returns>Null when the key is absent or null.</returns>
        public int[]? Axes(string key) => Located(key, () => AxesOf(key));

        private int[]? AxesOf(string key)
        {
            if (!values.TryGetValue(key, out var v) || v is null)
            {
                return null;
            }

            if (v is IEnumerable list and not string and not IDictionary)
            {
                return list.Cast<object?>().Select(a => Axis(key, v, a)).ToArray();
            }

            return new[] { Axis(key, v, v) };
        }

        /// <summary>One axis: an integer of any .NET type (BigInteger too) within Int32; anything else is refused,
        /// naming <paramref name="whole"/>, the value the config gave.</summary>
        private int Axis(string key, object whole, object? axis) =>
            axis is not null && ConfigValues.IsInteger(axis) && ConfigValues.ToBigInteger(axis) is var n && n >= int.MinValue && n <= int.MaxValue
                ? (int)n
                : throw WrongType(className, key, whole, "a list of integer axes");

        /// <summary>Runs a check of the value under <paramref name="key"/>; an error names the key as the config spelled it.</summary>
        private T Located<T>(string key, Func<T> check)
        {
            try
            {
                return check();
            }
            catch (InitializerException ex) when (ex.ConfigPath is null)
            {
                throw ex.AtKey(spelled.TryGetValue(key, out var s) ? s : key);
            }
        }

        /// <summary>Checks a real-number argument: a number, finite.</summary>
        /// <param name="className">The initializer's class name, for the error message.</param>
        /// <param name="key">The config key, for the error message.</param>
        /// <param name="value">The value to check: bool, text, NaN and the infinities are refused.</param>
        public static double CheckedNumber(string className, string key, object? value)
        {
            if (value is bool || !ConfigValues.IsNumber(value))
            {
                throw WrongType(className, key, value, "a number");
            }

            var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            if (double.IsNaN(d) || double.IsInfinity(d))
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"{className} argument '{key}' must be a finite number; got {ConfigValues.Format(d)}.",
                    value);
            }

            return d;
        }

        /// <summary>Checks a seed: null, a whole number that fits Int64, or a Keras 3 SeedGenerator config.</summary>
        /// <param name="className">The initializer's class name, for the error message.</param>
        /// <param name="value">The value to check: fractions, text, bool and values outside Int64 are refused (InvalidSeed).</param>
        public static long? CheckedSeed(string className, object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case bool:
                    throw BadSeed(className, value, "is a boolean");
                case IDictionary generator:
                    // Keras 3.6+: {"module": "keras.random", "class_name": "SeedGenerator", "config": {"seed": 1337, ...}}
                    if (generator["config"] is IDictionary inner && inner.Contains("seed"))
                    {
                        return CheckedSeed(className, inner["seed"]);
                    }

                    throw BadSeed(className, value, "is a dictionary that is not a serialized SeedGenerator");
            }

            if (ConfigValues.IsInteger(value))
            {
                var big = ConfigValues.ToBigInteger(value);
                if (big < long.MinValue || big > long.MaxValue)
                {
                    throw BadSeed(className, value, "is out of range", ErrorKind.InvalidArgument);
                }

                return (long)big;
            }

            if (value is double or float or decimal)
            {
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d) || Math.Floor(d) != d)
                {
                    throw BadSeed(className, value, "is not a whole number");
                }

                if (d < -9.2233720368547758e18 || d >= 9.2233720368547758e18)
                {
                    throw BadSeed(className, value, "is out of range", ErrorKind.InvalidArgument);
                }

                return (long)d;
            }

            throw BadSeed(className, value, "is not an integer");
        }

        internal static InitializerException WrongType(string className, string key, object? value, string expected) => new(
            "InvalidConfigValue",
            ErrorKind.InvalidType,
            $"{className} argument '{key}' must be {expected}; got {ConfigValues.Format(value)}" +
            (value is null ? "." : $" ({value.GetType().Name})."),
            value);

        private static InitializerException BadSeed(string className, object value, string why, ErrorKind kind = ErrorKind.InvalidType) => new(
            "InvalidSeed",
            kind,
            $"The seed of {className} {why}: {ConfigValues.Format(value)}. A seed is null or a whole number from " +
            $"{long.MinValue.ToString(CultureInfo.InvariantCulture)} to {long.MaxValue.ToString(CultureInfo.InvariantCulture)}.",
            value);
    }
}
