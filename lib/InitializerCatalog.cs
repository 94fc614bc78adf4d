using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Initializers.Config;
using Initializers.Family;
using Initializers.Torch;

namespace Initializers
{
    /// <summary>The registry: every initializer class with its aliases, config keys, dtypes and description.
    /// Names resolve case-insensitively through the alias table of Keras 2, Keras 3, TF 2.0 and TensorFlow.js.</summary>
    /// <remarks>Built once by the static constructor and never changed afterwards, so it is safe to use from any
    /// number of threads. The readers (<see cref="Serialization.InitializerReader"/>, <see cref="IO.Npy"/>,
    /// <see cref="IO.Npz"/>, <see cref="IO.Csv"/>) keep no state between calls either.</remarks>
    public static class InitializerCatalog
    {
        /// <summary>The classes of the family, in Keras's documentation order. Each class describes itself (its
        /// <see cref="KerasInitializerAttribute"/> and its constructor); this list only says which classes there are.</summary>
        private static readonly Type[] Classes =
        {
            typeof(Zeros), typeof(Ones), typeof(Constant), typeof(RandomUniform), typeof(RandomNormal), typeof(TruncatedNormal),
            typeof(VarianceScaling), typeof(GlorotUniform), typeof(GlorotNormal), typeof(HeNormal), typeof(HeUniform),
            typeof(LecunNormal), typeof(LecunUniform), typeof(Orthogonal), typeof(Identity), typeof(STFT),

            // PyTorch's torch.nn.init (zeros_ and ones_ are aliases of Zeros and Ones).
            typeof(TorchUniform), typeof(TorchNormal), typeof(TorchConstant), typeof(TorchEye), typeof(TorchDirac),
            typeof(TorchXavierUniform), typeof(TorchXavierNormal), typeof(TorchKaimingUniform), typeof(TorchKaimingNormal),
            typeof(TorchTruncNormal), typeof(TorchOrthogonal), typeof(TorchSparse),
        };

        /// <summary>The VarianceScaling keys that TensorFlow.js writes into the configs of Glorot, He and Lecun.</summary>
        private static readonly string[] VarianceScalingKeys = { "scale", "mode", "distribution" };

        /// <summary>Serializes <see cref="Register"/>; readers take the current snapshot without locking.</summary>
        private static readonly object RegisterGate = new();

        /// <summary>The entries and the name table, replaced as a whole when a class is registered.</summary>
        private static volatile Snapshot current = new(Array.Empty<InitializerInfo>());

        static InitializerCatalog()
        {
            foreach (var type in Classes)
            {
                current = current.With(Describe(type));
            }
        }

        /// <summary>Every entry, in Keras's documentation order, then the registered classes in the order they were
        /// registered. Read-only; a snapshot that a later <see cref="Register"/> does not change.</summary>
        public static IReadOnlyList<InitializerInfo> All => current.Entries;

        private static IReadOnlyList<InitializerInfo> Entries => current.Entries;

        private static IReadOnlyDictionary<string, InitializerInfo> ByName => current.ByName;

        /// <summary>Every name that resolves (class names and aliases).</summary>
        public static IEnumerable<string> AllNames => Entries.SelectMany(e => new[] { e.ClassName }.Concat(e.Aliases));

        /// <summary>Finds an initializer by class name or alias, case-insensitively and ignoring surrounding
        /// whitespace (<c>GlorotUniform</c>, <c>glorot_uniform</c>, <c>uniform</c>), without throwing.</summary>
        /// <param name="name">The name to resolve; null never resolves.</param>
        /// <param name="info">The catalog entry; null when the name is unknown.</param>
        /// <returns>False when <paramref name="name"/> is null or names no initializer.</returns>
        public static bool TryGet(string? name, out InitializerInfo info)
        {
            info = null!;
            return name is not null && ByName.TryGetValue(name.Trim(), out info!);
        }

        /// <summary>Looks a name up; an unknown name throws UnknownInitializer with the nearest names.</summary>
        /// <param name="name">A class name or alias, matched as <see cref="TryGet"/> does.</param>
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
        /// <param name="className">A class name or alias (<c>GlorotUniform</c>, <c>glorot_uniform</c>).</param>
        /// <param name="config">The constructor arguments by Keras key; null or empty for the defaults. A <c>dtype</c> key
        /// is dropped, an unknown key is refused (UnknownConfigKey).</param>
        public static Initializer Create(string className, IDictionary? config) => Create(Get(className), config);

        /// <summary>Builds an initializer from a class name (or alias), its config and a seed that overrides any seed in
        /// the config (PowerShell's <c>-Seed</c>). The seed is checked as a config seed is (InvalidSeed); a class
        /// that takes none is the error SeedNotSupported.</summary>
        /// <param name="className">A class name or alias.</param>
        /// <param name="config">The constructor arguments by Keras key; null or empty for the defaults.</param>
        /// <param name="seed">A whole number that replaces the config's seed; fractions, text and out-of-range values are
        /// refused.</param>
        public static Initializer Create(string className, IDictionary? config, object? seed)
        {
            var info = Get(className);
            var checkedSeed = ConfigArgs.CheckedSeed(info.ClassName, seed);
            if (!info.TakesSeed)
            {
                throw new InitializerException(
                    "SeedNotSupported",
                    ErrorKind.InvalidArgument,
                    $"{info.ClassName} takes no seed: it is not random. Initializers with a seed: " +
                    string.Join(", ", Entries.Where(e => e.TakesSeed).Select(e => e.ClassName)) + ".",
                    className);
            }

            var seeded = new System.Collections.Specialized.OrderedDictionary(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in config ?? new System.Collections.Specialized.OrderedDictionary())
            {
                seeded[entry.Key] = entry.Value;
            }

            seeded["seed"] = checkedSeed;
            return Create(info, seeded);
        }

        /// <summary>Registers a custom initializer class, so that configs naming it load (as Keras's
        /// <c>custom_objects</c> and <c>@register_keras_serializable</c> do): <see cref="Create(string, IDictionary)"/>,
        /// <see cref="Initializer.FromConfig"/>, the config readers and the PowerShell cmdlets then know it by its
        /// class name (the type's name, which its <see cref="Initializer.ClassName"/> must return), its snake_case and
        /// camelCase spellings and <paramref name="aliases"/>. As in Keras, its config keys are the parameters of its one
        /// public constructor, in snake_case (a parameter <c>fanIn</c> is the key <c>fan_in</c>), with the parameters'
        /// defaults; <c>double</c>, <c>string</c>, <c>long?</c> (a seed) and <c>IReadOnlyList&lt;int&gt;</c> parameters
        /// are read and checked as the built-in classes' are, any other type is passed as the config holds it.
        /// Registering the same class again returns its entry; a name that is already another class's is refused
        /// (InitializerNameTaken), as is a class that is not a public, non-abstract <see cref="Initializer"/> with one
        /// public constructor (InvalidInitializerClass). A registration lasts for the process.</summary>
        /// <param name="type">A public, non-abstract class derived from <see cref="Initializer"/>.</param>
        /// <param name="description">One line for the catalog (Get-Initializer); null for none.</param>
        /// <param name="aliases">More names that resolve to the class; null for none.</param>
        /// <returns>The class's catalog entry.</returns>
        public static InitializerInfo Register(Type type, string? description = null, IEnumerable<string>? aliases = null)
        {
            if (type is null)
            {
                throw new ArgumentNullException(nameof(type));
            }

            if (!typeof(Initializer).IsAssignableFrom(type) || type.IsAbstract || !type.IsPublic && !type.IsNestedPublic)
            {
                throw InvalidClass(type, "it must be a public, non-abstract class derived from Initializers.Initializer");
            }

            InitializerInfo info;
            try
            {
                info = Describe(type, description ?? "", aliases?.ToArray() ?? Array.Empty<string>());
            }
            catch (InvalidOperationException ex)
            {
                throw InvalidClass(type, ex.Message.TrimEnd('.'));
            }

            lock (RegisterGate)
            {
                var snapshot = current;
                if (snapshot.ByName.TryGetValue(info.ClassName, out var existing) && existing.Type == type)
                {
                    return existing;
                }

                foreach (var name in new[] { info.ClassName }.Concat(info.Aliases))
                {
                    if (snapshot.ByName.TryGetValue(name, out var taken))
                    {
                        throw new InitializerException(
                            "InitializerNameTaken",
                            ErrorKind.ResourceExists,
                            $"Cannot register {type.FullName}: the name '{name}' already resolves to {taken.ClassName}. Give the class another name.",
                            type);
                    }
                }

                current = snapshot.With(info);
                return info;
            }
        }

        /// <summary>Registers <typeparamref name="T"/> as <see cref="Register(Type, string, IEnumerable{string})"/> does.</summary>
        /// <typeparam name="T">A public, non-abstract class derived from <see cref="Initializer"/>.</typeparam>
        /// <param name="description">One line for the catalog (Get-Initializer); null for none.</param>
        /// <param name="aliases">More names that resolve to the class; null for none.</param>
        /// <returns>The class's catalog entry.</returns>
        public static InitializerInfo Register<T>(string? description = null, IEnumerable<string>? aliases = null)
            where T : Initializer => Register(typeof(T), description, aliases);

        /// <summary>Builds the class of <paramref name="info"/> from its config.</summary>
        internal static Initializer Create(InitializerInfo info, IDictionary? config) =>
            info.Create(new ConfigArgs(info.ClassName, config, info.AcceptedKeys));

        /// <summary>The names closest to <paramref name="name"/> (edit distance, case-insensitive), best first.</summary>
        /// <param name="name">The name that did not resolve.</param>
        /// <param name="max">At most this many names (default 3); fewer when nothing is close.</param>
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

        /// <summary>The catalog entry of a class: its name, description and formula from its
        /// <see cref="KerasInitializerAttribute"/>, its config keys from its public constructor (Keras: config =
        /// constructor arguments; the key is the parameter in snake_case, the default is the parameter's), and its
        /// aliases: the standard ones plus the attribute's.</summary>
        /// <remarks>A registered class (see <see cref="Register(Type, string, IEnumerable{string})"/>) needs no attributes: its description, dtypes
        /// (every dtype; the class refuses what it cannot make) and aliases come from the registration.</remarks>
        internal static InitializerInfo Describe(Type type) => Describe(type, null, Array.Empty<string>());

        private static InitializerInfo Describe(Type type, string? custom, string[] customAliases)
        {
            var about = (KerasInitializerAttribute?)Attribute.GetCustomAttribute(type, typeof(KerasInitializerAttribute), inherit: false)
                ?? (custom is not null
                    ? new KerasInitializerAttribute(custom, "", DTypeSet.All) { Aliases = customAliases }
                    : throw new InvalidOperationException(type.FullName + " has no [KerasInitializer] attribute."));
            var constructors = type.GetConstructors();
            if (constructors.Length != 1)
            {
                throw new InvalidOperationException($"{type.Name} has {constructors.Length} public constructors; the config keys come from exactly one.");
            }

            var constructor = constructors[0];
            var parameters = constructor.GetParameters();
            var keys = parameters.Select(p =>
            {
                var key = (ConfigKeyAttribute?)Attribute.GetCustomAttribute(p, typeof(ConfigKeyAttribute))
                    ?? (custom is not null ? new ConfigKeyAttribute("") : throw new InvalidOperationException($"{type.Name}({p.Name}) has no [ConfigKey] attribute."));
                return key.Default is null && !p.HasDefaultValue
                    ? ConfigKey.RequiredKey(Names.ToSnakeCase(p.Name!), key.Description)
                    : new ConfigKey(Names.ToSnakeCase(p.Name!), key.Default ?? (p.HasDefaultValue ? p.DefaultValue : null), key.Description);
            }).ToArray();

            var className = type.Name;
            var snake = Names.ToSnakeCase(className);
            // Keras 3: the snake_case name; Keras 2: also the ...V2 compat names; TensorFlow.js: camelCase.
            var aliases = (about.Keras3Only ? new[] { snake } : new[] { snake, className + "V2", snake + "V2", Names.LowerFirst(className) })
                .Concat(about.Aliases)
                .Where(a => !string.Equals(a, className, StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var fixedVarianceScaling = type != typeof(VarianceScaling) && typeof(VarianceScaling).IsAssignableFrom(type);
            var accepted = keys.Select(k => k.Name).Concat(fixedVarianceScaling ? VarianceScalingKeys : Array.Empty<string>()).ToList();
            return new InitializerInfo(
                type,
                className,
                about.Description,
                about.Formula,
                keys,
                DTypesOf(about.DTypes),
                aliases,
                accepted,
                args => Construct(constructor, parameters, keys, args, fixedVarianceScaling));
        }

        /// <summary>Calls the constructor with each parameter read from the config (absent keys take the default).
        /// Glorot, He and Lecun configs that TensorFlow.js writes as full VarianceScaling configs load as the named
        /// class when their settings match it, and as a VarianceScaling otherwise.</summary>
        private static Initializer Construct(ConstructorInfo constructor, ParameterInfo[] parameters, ConfigKey[] keys, ConfigArgs args, bool fixedVarianceScaling)
        {
            var values = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                values[i] = Read(args, parameters[i].ParameterType, keys[i]);
            }

            Initializer instance;
            try
            {
                instance = (Initializer)constructor.Invoke(values);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }

            if (!fixedVarianceScaling || !VarianceScalingKeys.Any(args.Has))
            {
                return instance;
            }

            var named = (VarianceScaling)instance;
            var vs = new VarianceScaling(
                args.Number("scale", named.Scale), args.Text("mode", named.Mode), args.Text("distribution", named.Distribution), named.Seed, named.InputAxes, named.OutputAxes);
            return vs.Scale == named.Scale && vs.Mode == named.Mode && vs.Distribution == named.Distribution ? instance : vs;
        }

        /// <summary>One constructor argument from the config, by the parameter's type.</summary>
        private static object? Read(ConfigArgs args, Type type, ConfigKey key)
        {
            if (type == typeof(double))
            {
                return key.Required ? args.RequiredNumber(key.Name) : args.Number(key.Name, (double)key.Default!);
            }

            if (type == typeof(int))
            {
                return args.Integer(key.Name, (int)key.Default!);
            }

            if (type == typeof(string))
            {
                return args.Text(key.Name, (string)key.Default!);
            }

            if (type == typeof(bool))
            {
                return args.Flag(key.Name, (bool)key.Default!);
            }

            if (type == typeof(long?))
            {
                return args.Seed(key.Name);
            }

            if (type == typeof(IReadOnlyList<int>))
            {
                return args.Axes(key.Name);
            }

            return args.Raw(key.Name, key.Default);
        }

        private static IReadOnlyList<DType> DTypesOf(DTypeSet set) => set switch
        {
            DTypeSet.All => Initializers.DTypes.All,
            DTypeSet.NumericOrBool => Initializers.DTypes.All.Where(d => d != DType.String).ToArray(),
            DTypeSet.FloatingOrInteger => Initializers.DTypes.All.Where(d => d.IsFloating() || d.IsInteger()).ToArray(),
            _ => Initializers.DTypes.Floating,
        };

        private static InitializerException InvalidClass(Type type, string why) => new(
            "InvalidInitializerClass",
            ErrorKind.InvalidArgument,
            $"Cannot register {type.FullName} as an initializer: {why}.",
            type);

        /// <summary>One immutable state of the catalog.</summary>
        private sealed class Snapshot
        {
            public Snapshot(InitializerInfo[] entries)
            {
                Entries = Array.AsReadOnly(entries);
                var byName = new Dictionary<string, InitializerInfo>(StringComparer.OrdinalIgnoreCase);
                foreach (var info in entries)
                {
                    foreach (var name in new[] { info.ClassName }.Concat(info.Aliases))
                    {
                        byName[name] = info;
                    }
                }

                ByName = byName;
            }

            public IReadOnlyList<InitializerInfo> Entries { get; }

            public IReadOnlyDictionary<string, InitializerInfo> ByName { get; }

            public Snapshot With(InitializerInfo info) => new(Entries.Concat(new[] { info }).ToArray());
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
