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
        public static Initializer Create(string className, IDictionary? config)
        {
            var info = Get(className);
            var args = new ConfigArgs(info.ClassName, config, info.AcceptedKeys);
            return info.Create(args);
        }

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
