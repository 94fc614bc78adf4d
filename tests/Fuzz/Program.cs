using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Initializers.IO;
using Initializers.Models;
using Initializers.Serialization;
using Initializers.Tests.Robustness;
using SharpFuzz;

namespace Initializers.Fuzz
{
    /// <summary>Runs one reader of <see cref="Readers.All"/> (named by INITIALIZERS_FUZZ_TARGET, as libfuzzer-dotnet
    /// passes no arguments through) on libFuzzer's inputs. A finding is any exception other than InitializerException
    /// with an ErrorId, or a read that allocates more than the reader's budget; libFuzzer's -timeout catches hangs.
    /// <c>--write-seeds DIR</c> writes valid documents for the target into DIR, to start its corpus.</summary>
    public static class Program
    {
        public static void Main(string[] args)
        {
            var reader = Readers.Get(Environment.GetEnvironmentVariable("INITIALIZERS_FUZZ_TARGET") ?? "");
            if (args.Length == 2 && args[0] == "--write-seeds")
            {
                WriteSeeds(reader.Name, args[1]);
                return;
            }

            Fuzzer.LibFuzzer.Run(span => reader.ReadChecked(span.ToArray()));
        }

        private static void WriteSeeds(string target, string folder)
        {
            Directory.CreateDirectory(folder);
            var seeds = new List<byte[]>();
            var initializers = InitializerCatalog.All.Select(e => e.TakesSeed ? InitializerCatalog.Create(e.ClassName, null, 42) : InitializerCatalog.Create(e.ClassName, null)).ToList();
            var tensors = Enum.GetValues<DType>().Where(d => d != DType.BFloat16).Select(d => Tensor.Zeros(new[] { 2, 3 }, d)).ToList();
            tensors.Add(InitializerCatalog.Create("RandomNormal", null, 1).Call(new[] { 3, 4 }, DType.Float64));
            switch (target)
            {
                case "Json":
                case "Keras":
                    seeds.AddRange(initializers.Select(i => Utf8(InitializerText.Write(i, ConfigFormat.Json))));
                    seeds.Add(Utf8(InitializerText.WriteAll(initializers, ConfigFormat.Json)));
                    break;
                case "Yaml":
                    seeds.AddRange(initializers.Select(i => Utf8(InitializerText.Write(i, ConfigFormat.Yaml))));
                    seeds.Add(Utf8(InitializerText.WriteAll(initializers, ConfigFormat.Yaml)));
                    seeds.Add(Utf8("a: &x [1, 2.5, 'q', {b: null}]\nc: *x\n---\n- !!str 3\n- ~\n"));
                    break;
                case "Npy":
                    seeds.AddRange(tensors.Select(t => Write(s => Npy.Write(s, t, "seed.npy"))));
                    break;
                case "Npz":
                    seeds.Add(Write(s => Npz.WriteArchive(s, tensors.Select((t, i) => new KeyValuePair<string, Tensor>("t" + i, t)).ToList(), false, "seed.npz")));
                    seeds.Add(Write(s => Npz.WriteArchive(s, tensors.Take(3).Select((t, i) => new KeyValuePair<string, Tensor>("t" + i, t)).ToList(), true, "seed.npz")));
                    break;
                case "Safetensors":
                    var safetensors = tensors.Where(t => t.DType != DType.Complex64 && t.DType != DType.Complex128 && t.DType != DType.String).Select((t, i) => new KeyValuePair<string, Tensor>("t" + i, t)).ToList();
                    seeds.Add(Write(s => Safetensors.Write(s, safetensors, null, "seed.safetensors")));
                    seeds.Add(Write(s => Safetensors.Write(s, safetensors.Take(2), new[] { new KeyValuePair<string, string>("note", "\u00e9") }, "seed.safetensors")));
                    break;
                case "ModelConfig":
                case "KerasArchive":
                    var config = Utf8("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, "
                        + "\"kernel_initializer\": " + InitializerText.Write(initializers[0]) + ", \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}}}]}}");
                    seeds.Add(target == "ModelConfig" ? config : Write(s =>
                    {
                        using var zip = new ZipArchive(s, ZipArchiveMode.Create, leaveOpen: true);
                        using var member = zip.CreateEntry(ModelConfig.ArchiveConfigMember, CompressionLevel.NoCompression).Open();
                        member.Write(config, 0, config.Length);
                    }));
                    break;
                default:
                    seeds.Add(Write(s => Csv.Write(s, tensors.Last(), "seed.csv")));
                    seeds.Add(Utf8("# comment\n1,2,3\n4, 5 ,6\n-7,8e3,nan\n"));
                    seeds.Add(Utf8("-9223372036854775808,9223372036854775807\n"));
                    break;
            }

            for (var i = 0; i < seeds.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(folder, "seed-" + i), seeds[i]);
            }
        }

        private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

        private static byte[] Write(Action<Stream> write)
        {
            using var stream = new MemoryStream();
            write(stream);
            return stream.ToArray();
        }
    }
}
