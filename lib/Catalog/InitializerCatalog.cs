using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Initializers.Config;
using Initializers.Family;

namespace Initializers
{
    /// <summary>The registry: every initializer class with its aliases, config keys, dtypes and description.
    /// Names resolve case-insensitively through the alias table of Keras 2, Keras 3, TF 2.0 and TensorFlow.js.</summary>
    public static class InitializerCatalog
    {
        private static readonly IReadOnlyList<DType> AllDTypes = Initializers.DTypes.All;
        private static readonly IReadOnlyList<DType> NumericOrBool = Initializers.DTypes.All.Where(d => d != DType.String).ToArray();

        private static readonly List<InitializerInfo> Entries = new();
        private static readonly Dictionary<string, InitializerInfo> ByName = new(StringComparer.OrdinalIgnoreCase);

        static InitializerCatalog()
        {
            Add(
                "Zeros",
                "Fills with zeros (false for bool, \"\" for string).",
                "0",
                NoKeys,
                AllDTypes,
                _ => new Zeros(),
                extraAliases: new[] { "zero", "zeros_initializer" });
            Add(
                "Ones",
                "Fills with ones (true for bool).",
                "1",
                NoKeys,
                NumericOrBool,
                _ => new Ones(),
                extraAliases: new[] { "one", "ones_initializer" });
            Add(
                "Constant",
                "Fills with a constant: a scalar broadcasts, a list must have exactly as many elements as the shape.",
                "value",
                new[] { new ConfigKey("value", 0.0, "A scalar, or a nested list with as many elements as the tensor.") },
                AllDTypes,
                a => new Constant(a.Raw("value", 0.0)),
                extraAliases: new[] { "constant_initializer" });
            Add(
                "RandomUniform",
                "Uniform on [minval, maxval); integer dtypes take whole-number bounds.",
                "U(minval, maxval)",
                new[] { Key("minval", -0.05, "Lower bound (inclusive)."), Key("maxval", 0.05, "Upper bound (exclusive)."), SeedKey },
                Initializers.DTypes.All.Where(d => d.IsFloating() || d.IsInteger()).ToArray(),
                a => new RandomUniform(a.Number("minval", -0.05), a.Number("maxval", 0.05), a.Seed()),
                extraAliases: new[] { "uniform", "random_uniform_initializer" });
            Add(
                "RandomNormal",
                "Normal with the given mean and stddev (untruncated).",
                "N(mean, stddev²)",
                new[] { Key("mean", 0.0, "Mean."), Key("stddev", 0.05, "Standard deviation."), SeedKey },
                Floating,
                a => new RandomNormal(a.Number("mean", 0.0), a.Number("stddev", 0.05), a.Seed()),
                extraAliases: new[] { "normal", "random_normal_initializer" });
            Add(
                "TruncatedNormal",
                "Normal, with values more than two stddev from the mean re-drawn (no variance correction).",
                "N(mean, stddev²) restricted to mean ± 2·stddev",
                new[] { Key("mean", 0.0, "Mean."), Key("stddev", 0.05, "Standard deviation before truncation."), SeedKey },
                Floating,
                a => new TruncatedNormal(a.Number("mean", 0.0), a.Number("stddev", 0.05), a.Seed()),
                extraAliases: new[] { "truncated_normal_initializer" });
            Add(
                "VarianceScaling",
                "Scales the variance to the fan of the shape: truncated normal, untruncated normal or uniform.",
                "s = scale / max(1, n); truncated: std sqrt(s) after truncation; untruncated: std sqrt(s); uniform: ±sqrt(3s)",
                new[]
                {
                    Key("scale", 1.0, "Positive scaling factor."),
                    Key("mode", "fan_in", "fan_in, fan_out or fan_avg (case-sensitive)."),
                    Key("distribution", "truncated_normal", "truncated_normal (alias normal), untruncated_normal or uniform."),
                    SeedKey,
                    InputAxesKey,
                    OutputAxesKey,
                },
                Floating,
                a => new VarianceScaling(a.Number("scale", 1.0), a.Text("mode", "fan_in"), a.Text("distribution", "truncated_normal"), a.Seed(), a.Axes("input_axes"), a.Axes("output_axes")),
                extraAliases: new[] { "variance_scaling_initializer" });
            AddFixed("GlorotUniform", "Glorot (Xavier) uniform.", "U(±sqrt(6 / (fan_in + fan_out)))", 1.0, "fan_avg", "uniform", (s, i, o) => new GlorotUniform(s, i, o), "glorot_uniform_initializer");
            AddFixed("GlorotNormal", "Glorot (Xavier) truncated normal.", "truncated normal, std sqrt(2 / (fan_in + fan_out)) after truncation", 1.0, "fan_avg", "truncated_normal", (s, i, o) => new GlorotNormal(s, i, o), "glorot_normal_initializer");
            AddFixed("HeNormal", "He (Kaiming) truncated normal.", "truncated normal, std sqrt(2 / fan_in) after truncation", 2.0, "fan_in", "truncated_normal", (s, i, o) => new HeNormal(s, i, o));
            AddFixed("HeUniform", "He (Kaiming) uniform.", "U(±sqrt(6 / fan_in))", 2.0, "fan_in", "uniform", (s, i, o) => new HeUniform(s, i, o));
            AddFixed("LecunNormal", "LeCun truncated normal.", "truncated normal, std sqrt(1 / fan_in) after truncation", 1.0, "fan_in", "truncated_normal", (s, i, o) => new LecunNormal(s, i, o), "LeCunNormal");
            AddFixed("LecunUniform", "LeCun uniform.", "U(±sqrt(3 / fan_in))", 1.0, "fan_in", "uniform", (s, i, o) => new LecunUniform(s, i, o), "LeCunUniform");
            Add(
                "Orthogonal",
                "A random orthogonal matrix (orthonormal columns, or rows when wide) times gain; rank 2 and up.",
                "gain · Q of QR(Gaussian), sign-fixed by diag(R)",
                new[] { Key("gain", 1.0, "Multiplicative factor."), SeedKey },
                Floating,
                a => new Orthogonal(a.Number("gain", 1.0), a.Seed()),
                extraAliases: new[] { "OrthogonalInitializer", "orthogonal_initializer" });
            Add(
                "Identity",
                "gain times the identity matrix; rank exactly 2, rectangular allowed.",
                "gain · eye(rows, cols)",
                new[] { Key("gain", 1.0, "Multiplicative factor.") },
                Floating,
                a => new Identity(a.Number("gain", 1.0)),
                extraAliases: new[] { "IdentityInitializer", "identity_initializer" });
        }

        private static readonly IReadOnlyList<DType> Floating = Initializers.DTypes.Floating;

        private static ConfigKey SeedKey { get; } = new("seed", null, "Integer seed; null draws a fresh seed when the initializer is built.");

        private static ConfigKey InputAxesKey { get; } = new("input_axes", null, "Keras 3.15: axes whose product is fan_in (with output_axes).");

        private static ConfigKey OutputAxesKey { get; } = new("output_axes", null, "Keras 3.15: axes whose product is fan_out (with input_axes).");

        private static ConfigKey Key(string name, object? value, string description) => new(name, value, description);

        /// <summary>Glorot, He and Lecun: VarianceScaling with fixed settings and a seed-only config. A full VarianceScaling
        /// config under these names (TensorFlow.js writes one) still loads: as the named class when the settings match,
        /// as a VarianceScaling otherwise.</summary>
        private static void AddFixed(
            string className,
            string description,
            string formula,
            double scale,
            string mode,
            string distribution,
            Func<long?, int[]?, int[]?, Initializer> create,
            params string[] extraAliases)
        {
            Add(
                className,
                description,
                formula,
                new[] { SeedKey, InputAxesKey, OutputAxesKey },
                Floating,
                a =>
                {
                    var seed = a.Seed();
                    var inputAxes = a.Axes("input_axes");
                    var outputAxes = a.Axes("output_axes");
                    if (!a.Has("scale") && !a.Has("mode") && !a.Has("distribution"))
                    {
                        return create(seed, inputAxes, outputAxes);
                    }

                    var vs = new VarianceScaling(a.Number("scale", scale), a.Text("mode", mode), a.Text("distribution", distribution), seed, inputAxes, outputAxes);
                    return vs.Scale == scale && vs.Mode == mode && vs.Distribution == distribution ? create(seed, inputAxes, outputAxes) : vs;
                },
                extraAliases: extraAliases,
                extraKeys: new[] { "scale", "mode", "distribution" });
        }

        /// <summary>Every entry, in Keras's documentation order.</summary>
        public static IReadOnlyList<InitializerInfo> All => Entries;

        /// <summary>Every name that resolves (class names and aliases).</summary>
        public static IEnumerable<string> AllNames => Entries.SelectMany(e => new[] { e.ClassName }.Concat(e.Aliases));

        public static bool TryGet(string? name, out InitializerInfo info)
        {
            info = null!;
            return name is not null && ByName.TryGetValue(name.Trim(), out info!);
        }

        /// <summary>Looks a name up; an unknown name throws UnknownInitializer with the nearest names.</summary>
        public static InitializerInfo Get(string? name)
        {
            if (TryGet(name, out var info))
            {
                return info;
            }

            var near = Suggest(name ?? "");
            var hint = near.Count > 0 ? $" Did you mean {string.Join(", ", near.Select(n => "'" + n + "'"))}?" : "";
            throw new InitializerException(
                "UnknownInitializer",
                ErrorKind.ObjectNotFound,
                $"Unknown initializer '{name}'.{hint} Known initializers: {string.Join(", ", Entries.Select(e => e.ClassName))}.",
                name);
        }

        /// <summary>Builds an initializer from a class name (or alias) and its config.</summary>
        public static Initializer Create(string className, IDictionary? config) => Create(Get(className), config);

        /// <summary>Builds the class of <paramref name="info"/> from its config.</summary>
        internal static Initializer Create(InitializerInfo info, IDictionary? config) =>
            info.Create(new ConfigArgs(info.ClassName, config, info.AcceptedKeys));

        /// <summary>The names closest to <paramref name="name"/> (edit distance, case-insensitive), best first.</summary>
        public static IReadOnlyList<string> Suggest(string name, int max = 3)
        {
            var lower = name.ToLowerInvariant();
            return AllNames
                .Select(n => (Name: n, Distance: EditDistance(lower, n.ToLowerInvariant())))
                .Where(t => t.Distance <= Math.Max(2, lower.Length / 3))
                .Select(t => (t.Name, t.Distance, Class: ByName[t.Name].ClassName))
                .OrderBy(t => t.Distance)
                .ThenBy(t => t.Name == t.Class ? 0 : 1) // on a tie, offer the class name
                .ThenBy(t => t.Name, StringComparer.Ordinal)
                .GroupBy(t => t.Class)
                .Select(g => g.First().Name)
                .Take(max)
                .ToList();
        }

        private static IReadOnlyList<ConfigKey> NoKeys { get; } = Array.Empty<ConfigKey>();

        internal static void Add(
            string className,
            string description,
            string formula,
            IReadOnlyList<ConfigKey> keys,
            IReadOnlyList<DType> dtypes,
            Func<ConfigArgs, Initializer> create,
            IEnumerable<string>? extraAliases = null,
            IEnumerable<string>? extraKeys = null,
            bool standardAliases = true)
        {
            var aliases = new List<string>();
            if (standardAliases)
            {
                var snake = Names.ToSnakeCase(className);
                // Keras 3: the snake_case name; Keras 2: also the ...V2 compat names; TensorFlow.js: camelCase.
                aliases.AddRange(new[] { snake, className + "V2", snake + "V2", Names.LowerFirst(className) });
            }

            if (extraAliases is not null)
            {
                aliases.AddRange(extraAliases);
            }

            var distinct = aliases
                .Where(a => !string.Equals(a, className, StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var accepted = keys.Select(k => k.Name).Concat(extraKeys ?? Array.Empty<string>()).ToList();
            var info = new InitializerInfo(className, description, formula, keys, dtypes, distinct, accepted, create);
            Entries.Add(info);
            foreach (var name in new[] { className }.Concat(distinct))
            {
                ByName[name] = info;
            }
        }

        private static int EditDistance(string a, string b)
        {
            var d = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                d[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                var prev = d[0];
                d[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var temp = d[j];
                    d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), prev + (a[i - 1] == b[j - 1] ? 0 : 1));
                    prev = temp;
                }
            }

            return d[b.Length];
        }
    }
}
