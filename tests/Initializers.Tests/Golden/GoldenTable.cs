using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MathNet.Numerics;

namespace Initializers.Tests.Golden
{
    /// <summary>One golden entry: an initializer config, a dtype and a shape.</summary>
    public sealed record GoldenCase(string ClassName, IReadOnlyList<KeyValuePair<string, object>> Config, DType DType, int[] Shape)
    {
        /// <summary>The key of the entry in the table, for example <c>RandomNormal(seed=42, mean=0.5, stddev=2)|float32|[7,11]</c>.</summary>
        public string Id =>
            ClassName + "(" + string.Join(", ", Config.Select(kv => kv.Key + "=" + GoldenTable.Text(kv.Value))) + ")|" + DType.Name() + "|[" + string.Join(",", Shape) + "]";

        public Tensor Build()
        {
            var config = new Hashtable();
            foreach (var kv in Config)
            {
                config[kv.Key] = kv.Value;
            }

            return Initializer.FromConfig(ClassName, config).Call(Shape, DType);
        }
    }

    /// <summary>One row of the table: the SHA-256 of the raw little-endian element bytes, the SHA-256 on machines and
    /// builds without a fused multiply-add where that differs ("-" where it does not), and some values as text.</summary>
    public sealed record GoldenRow(string Id, long Elements, string Sha256, string Sha256NoFma, string Values)
    {
        /// <summary>The hash expected with or without a hardware fused multiply-add.</summary>
        public string Expected(bool fusedMultiplyAdd) => fusedMultiplyAdd || Sha256NoFma == "-" ? Sha256 : Sha256NoFma;
    }

    /// <summary>
    /// The golden table (tests/golden/seeded-values.tsv): every initializer class of the catalog × every dtype it
    /// accepts × shapes of rank 0 to 4, odd sizes (1, 7, 1001) and sizes that cross the 65536-element chunk of the
    /// fill driver and its parallel threshold. The cases are listed here; the hashes are in the file. Only
    /// public API is used, so the generator (tests/golden/Generator) compiles this file as it is.
    /// </summary>
    public static class GoldenTable
    {
        public const string FileName = "seeded-values.tsv";

        /// <summary>65,792 elements: crosses one boundary of the fill driver's 65,536-element chunks (FillOptions.ChunkSize).</summary>
        public static readonly int[] ChunkCrossing = { 257, 256 };

        /// <summary>262,656 elements: above the fill driver's parallel threshold of 2^18, so it fills on several threads.</summary>
        public static readonly int[] Parallel = { 513, 512 };

        private static readonly int[][] Shapes =
        {
            Array.Empty<int>(), new[] { 1 }, new[] { 7 }, new[] { 1001 }, new[] { 7, 11 }, new[] { 3, 5, 7 }, new[] { 2, 3, 4, 5 }, ChunkCrossing,
        };

        private static readonly int[][] MatrixShapes =
        {
            new[] { 1, 7 }, new[] { 7, 1 }, new[] { 7, 11 }, new[] { 11, 7 }, new[] { 7, 143 }, new[] { 3, 5, 7 }, new[] { 2, 3, 4, 5 }, ChunkCrossing,
        };

        private static readonly int[][] FixedShapes = { Array.Empty<int>(), new[] { 7 }, new[] { 2, 3, 4, 5 } };

        /// <summary>The header of the file: what it is, and the rule for changing it.</summary>
        public static readonly string[] Header =
        {
            "# Golden values of the Initializers library: the contract that a seed gives the same values.",
            "# One row per (initializer config, dtype, shape); the cases are listed in tests/Initializers.Tests/Golden/GoldenTable.cs.",
            "# sha256: SHA-256 of the elements' raw little-endian bytes in row-major order (float16/bfloat16: their 16-bit",
            "#   patterns; bool: one byte 0/1; complex: real then imaginary part; string: UTF-8 bytes and a 0 byte each).",
            "# sha256_nofma: the hash without a hardware fused multiply-add (the netstandard2.0 build; x86 without FMA), where",
            "#   it differs: Orthogonal and TorchOrthogonal float64 only. \"-\": the same as sha256.",
            "# values: index=value of some elements (round-trip text; float16/bfloat16 as the float32 they decode to); every",
            "#   element for Orthogonal and TorchOrthogonal float64 up to 1001 elements (the tolerance between the two references is checked on them).",
            "# Reference: the net8.0 build on an x64 CPU with AVX-512 and FMA; the no-FMA hashes from the same build with",
            "#   DOTNET_EnableHWIntrinsic=0. Every build and SIMD tier must match its column bit for bit.",
            "# REGENERATING THIS FILE CHANGES THE CONTRACT: run `./build.ps1 Golden` only for an intended change of values, in",
            "# a major version, and log it in CHANGELOG.md as a breaking change.",
        };

        /// <summary>Every case, in a stable order.</summary>
        public static IEnumerable<GoldenCase> Cases()
        {
            // The library's own classes: a class another test registered is no part of the contract.
            foreach (var info in InitializerCatalog.All.Where(i => i.Type.Assembly == typeof(Initializer).Assembly))
            {
                foreach (var dtype in info.DTypes)
                {
                    foreach (var config in Configs(info.ClassName, dtype))
                    {
                        foreach (var shape in ShapesFor(info.ClassName, dtype, config))
                        {
                            yield return new GoldenCase(info.ClassName, config, dtype, shape);
                        }
                    }
                }
            }
        }

        /// <summary>Builds the tensor of <paramref name="c"/> and its row.</summary>
        public static GoldenRow Compute(GoldenCase c)
        {
            var tensor = c.Build();
            return new GoldenRow(c.Id, tensor.Count, Sha256(tensor), "-", Values(tensor, Spread(c, tensor.Count)));
        }

        /// <summary>Reads the table: id → row.</summary>
        public static Dictionary<string, GoldenRow> Read(string path)
        {
            var rows = new Dictionary<string, GoldenRow>(StringComparer.Ordinal);
            foreach (var line in File.ReadAllLines(path))
            {
                if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal) || line.StartsWith("id\t", StringComparison.Ordinal))
                {
                    continue;
                }

                var f = line.Split('\t');
                rows.Add(f[0], new GoldenRow(f[0], long.Parse(f[1], CultureInfo.InvariantCulture), f[2], f[3], f[4]));
            }

            return rows;
        }

        /// <summary>Writes the table with its header, LF line ends.</summary>
        public static void Write(string path, IEnumerable<GoldenRow> rows)
        {
            var text = new StringBuilder();
            foreach (var line in Header)
            {
                text.Append(line).Append('\n');
            }

            text.Append("id\telements\tsha256\tsha256_nofma\tvalues\n");
            foreach (var row in rows)
            {
                text.Append(row.Id).Append('\t').Append(row.Elements.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(row.Sha256).Append('\t').Append(row.Sha256NoFma).Append('\t').Append(row.Values).Append('\n');
            }

            File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        }

        /// <summary>tests/golden beside the repository's tests folder, found upwards from <paramref name="start"/>.</summary>
        public static string Directory(string start)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "golden");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException($"No tests/golden folder above {start}.");
        }

        /// <summary>SHA-256 (lower-case hex) of the raw little-endian element bytes.</summary>
        public static string Sha256(Tensor tensor)
        {
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("The golden hashes are defined on little-endian bytes.");
            }

            var bytes = tensor.DType switch
            {
                DType.Float16 or DType.BFloat16 or DType.UInt16 => Raw(tensor.AsSpan<ushort>()),
                DType.Float32 => Raw(tensor.AsSpan<float>()),
                DType.Float64 => Raw(tensor.AsSpan<double>()),
                DType.Int8 => Raw(tensor.AsSpan<sbyte>()),
                DType.Int16 => Raw(tensor.AsSpan<short>()),
                DType.Int32 => Raw(tensor.AsSpan<int>()),
                DType.Int64 => Raw(tensor.AsSpan<long>()),
                DType.UInt8 => Raw(tensor.AsSpan<byte>()),
                DType.UInt32 => Raw(tensor.AsSpan<uint>()),
                DType.UInt64 => Raw(tensor.AsSpan<ulong>()),
                DType.Bool => tensor.AsSpan<bool>().ToArray().Select(b => b ? (byte)1 : (byte)0).ToArray(),
                DType.Complex64 => Raw(tensor.AsSpan<Complex32>()),
                DType.Complex128 => Raw(tensor.AsSpan<Complex>()),
                _ => tensor.AsSpan<string>().ToArray().SelectMany(s => Encoding.UTF8.GetBytes(s).Append((byte)0)).ToArray(),
            };
            using var sha = SHA256.Create();
            return string.Concat(sha.ComputeHash(bytes).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        /// <summary>How many evenly spaced values a row records: every element of an Orthogonal float64 tensor up to 1001
        /// elements (64 of a larger one), else four.</summary>
        public static int Spread(GoldenCase c, long count) =>
            c.ClassName is "Orthogonal" or "TorchOrthogonal" && c.DType == DType.Float64 ? (int)Math.Min(count <= 1001 ? count : 64, int.MaxValue) : 4;

        /// <summary>"i=v i=v ...": the first four elements and <paramref name="spread"/> evenly spaced ones (first and last included).</summary>
        public static string Values(Tensor tensor, int spread)
        {
            var n = tensor.Count;
            var positions = new SortedSet<long>();
            for (long i = 0; i < Math.Min(4, n); i++)
            {
                positions.Add(i);
            }

            for (var k = 0; k < spread && n > 0; k++)
            {
                positions.Add(spread == 1 ? 0 : k * (n - 1) / (spread - 1));
            }

            return string.Join(" ", positions.Select(i => i.ToString(CultureInfo.InvariantCulture) + "=" + Text(tensor.GetFlat(i))));
        }

        /// <summary>Parses <see cref="Values"/> back: index → text.</summary>
        public static IReadOnlyList<(long Index, string Value)> ParseValues(string values) =>
            values.Split(' ').Where(p => p.Length > 0).Select(p =>
            {
                var eq = p.IndexOf('=');
                return (long.Parse(p.Substring(0, eq), CultureInfo.InvariantCulture), p.Substring(eq + 1));
            }).ToList();

        /// <summary>Round-trip invariant text of a value.</summary>
        public static string Text(object value) => value switch
        {
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            Complex32 c => "(" + Text(c.Real) + "," + Text(c.Imaginary) + ")",
            Complex c => "(" + Text(c.Real) + "," + Text(c.Imaginary) + ")",
            string s => "\"" + s + "\"",
            IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        private static byte[] Raw<T>(Span<T> span)
            where T : struct => MemoryMarshal.AsBytes(span).ToArray();

        private static KeyValuePair<string, object> P(string key, object value) => new(key, value);

        /// <summary>The configs of a class for a dtype: non-default parameters, seed 42 (and a few other seeds for RandomUniform).</summary>
        private static IEnumerable<KeyValuePair<string, object>[]> Configs(string className, DType dtype)
        {
            switch (className)
            {
                case "Zeros":
                case "Ones":
                    yield return Array.Empty<KeyValuePair<string, object>>();
                    break;
                case "Constant":
                    yield return new[] { P("value", 2.5) };
                    break;
                case "RandomUniform" when dtype.IsFloating():
                    yield return new[] { P("seed", 42L), P("minval", -0.3), P("maxval", 0.7) };
                    if (dtype == DType.Float32)
                    {
                        // The seed's whole range: 0, negative, and the largest drawn seed 2^53 - 1.
                        foreach (var seed in new[] { 0L, -1L, (1L << 53) - 1 })
                        {
                            yield return new[] { P("seed", seed), P("minval", -0.3), P("maxval", 0.7) };
                        }
                    }

                    break;
                case "RandomUniform":
                    var signed = dtype is DType.Int8 or DType.Int16 or DType.Int32 or DType.Int64;
                    yield return new[] { P("seed", 42L), P("minval", signed ? -100.0 : 0.0), P("maxval", signed ? 101.0 : 200.0) };
                    if (dtype is DType.Int64 or DType.UInt64)
                    {
                        // A range of 6e18: about 2.4% of the 64-bit draws are rejected and re-drawn.
                        yield return new[] { P("seed", 42L), P("minval", signed ? -3e18 : 0.0), P("maxval", signed ? 3e18 : 6e18) };
                    }

                    break;
                case "RandomNormal":
                    yield return new[] { P("seed", 42L), P("mean", 0.5), P("stddev", 2.0) };
                    break;
                case "TruncatedNormal":
                    yield return new[] { P("seed", 42L), P("mean", -1.0), P("stddev", 0.5) };
                    break;
                case "VarianceScaling":
                    yield return new[] { P("seed", 42L), P("scale", 2.0), P("mode", "fan_out"), P("distribution", "truncated_normal") };
                    yield return new[] { P("seed", 42L), P("scale", 0.5), P("mode", "fan_avg"), P("distribution", "uniform") };
                    yield return new[] { P("seed", 42L), P("scale", 1.5), P("mode", "fan_in"), P("distribution", "untruncated_normal") };
                    break;
                case "Orthogonal":
                    yield return new[] { P("seed", 42L), P("gain", 1.5) };
                    break;
                case "Identity":
                    yield return new[] { P("gain", 2.0) };
                    break;
                case "STFT":
                    yield return Array.Empty<KeyValuePair<string, object>>();
                    yield return new[] { P("side", "imag"), P("window", "hamming"), P("scaling", "spectrum"), P("periodic", true) };
                    break;
                case "GlorotUniform":
                case "GlorotNormal":
                case "HeUniform":
                case "HeNormal":
                case "LecunUniform":
                case "LecunNormal":
                    yield return new[] { P("seed", 42L) };
                    break;
                case "TorchUniform":
                    yield return new[] { P("seed", 42L), P("a", -0.3), P("b", 0.7) };
                    break;
                case "TorchNormal":
                    yield return new[] { P("seed", 42L), P("mean", 0.5), P("std", 2.0) };
                    break;
                case "TorchTruncNormal":
                    yield return new[] { P("seed", 42L), P("mean", 0.5), P("std", 1.0), P("a", -1.0), P("b", 3.0) };
                    break;
                case "TorchXavierUniform":
                case "TorchXavierNormal":
                case "TorchOrthogonal":
                    yield return new[] { P("seed", 42L), P("gain", 1.5) };
                    break;
                case "TorchKaimingUniform":
                case "TorchKaimingNormal":
                    yield return new[] { P("seed", 42L), P("a", 0.2), P("mode", "fan_out"), P("nonlinearity", "leaky_relu") };
                    break;
                case "TorchSparse":
                    yield return new[] { P("seed", 42L), P("sparsity", 0.3), P("std", 0.5) };
                    break;
                case "TorchEye":
                    yield return Array.Empty<KeyValuePair<string, object>>();
                    break;
                case "TorchDirac":
                    yield return new[] { P("groups", 2L) };
                    break;
                case "TorchConstant":
                    yield return new[] { P("val", 2.5) };
                    break;
                default:
                    throw new InvalidOperationException($"The golden table has no config for {className}: add one in GoldenTable.Configs.");
            }
        }

        private static IEnumerable<int[]> ShapesFor(string className, DType dtype, KeyValuePair<string, object>[] config)
        {
            switch (className)
            {
                case "Zeros":
                case "Ones":
                case "Constant":
                    return FixedShapes;
                case "Identity":
                    return new[] { new[] { 1, 1 }, new[] { 7, 11 }, new[] { 11, 7 } };
                case "STFT":
                    return new[] { new[] { 1, 1, 2 }, new[] { 16, 1, 9 }, new[] { 400, 1, 257 } };
                case "Orthogonal":
                case "TorchOrthogonal":
                    return MatrixShapes;
                case "TorchConstant":
                    return FixedShapes;
                case "TorchEye":
                case "TorchSparse":
                    return new[] { new[] { 1, 7 }, new[] { 7, 11 }, new[] { 11, 7 } };
                case "TorchDirac":
                    return new[] { new[] { 4, 3, 5 }, new[] { 6, 2, 3, 3 }, new[] { 2, 4, 3, 3, 3 } };
                case "TorchXavierUniform":
                case "TorchXavierNormal":
                case "TorchKaimingUniform":
                case "TorchKaimingNormal":
                    return dtype == DType.Float32 ? MatrixShapes.Append(Parallel) : MatrixShapes;
            }

            var seed = config.FirstOrDefault(kv => kv.Key == "seed").Value;
            if (className == "RandomUniform" && seed is long s && s != 42)
            {
                return new[] { new[] { 7 }, ChunkCrossing };
            }

            // One multi-threaded case per seeded class (float32 only: the split is dtype-independent).
            return dtype == DType.Float32 ? Shapes.Append(Parallel) : Shapes;
        }
    }
}
