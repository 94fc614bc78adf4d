using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary>No safetensors package exists here, so plain numpy and Python's json parse what we write, by the layout
    /// of the format alone (np.frombuffer at the offsets); and numpy loads an .npz that carries the provenance member.
    /// Without /usr/bin/python3 and numpy these are reported as skipped, never as passed.</summary>
    public sealed class SafetensorsInteropTests : IDisposable
    {
        private const string NoNumpy = "/usr/bin/python3 with numpy is not installed (apt-get install python3-numpy)";
        private readonly string dir = Directory.CreateTempSubdirectory("init-st-numpy-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [SkippableFact]
        public void NumpyAndJsonReadEveryDTypeWeWriteAtAlignedOffsets()
        {
            Skip.IfNot(NumpyInteropTests.HasNumpy.Value, NoNumpy);
            var path = Path.Combine(dir, "all.safetensors");
            var tensors = SafetensorsTests.SafetensorsDTypes().Select(d => (DType)d[0])
                .Select(d => new KeyValuePair<string, Tensor>("t_" + d.Name(), SafetensorsTests.Sample(d)))
                .Append(new KeyValuePair<string, Tensor>("scalar", Tensor.Zeros(Array.Empty<int>(), DType.Float64)))
                .Append(new KeyValuePair<string, Tensor>("empty", Tensor.Zeros(new[] { 0, 3 }, DType.Int16)))
                .Append(new KeyValuePair<string, Tensor>("kernel", Initializer.FromConfig("HeNormal", new Dictionary<string, object> { ["seed"] = 7 }).Call(new[] { 4, 2 })))
                .ToList();
            Safetensors.Write(path, tensors);
            var result = NumpyInteropTests.Run(
                "import numpy as np, json, struct\n" +
                $"b = open(r'{path}', 'rb').read()\n" +
                "n = struct.unpack('<Q', b[:8])[0]\n" +
                "assert n % 8 == 0 and b[8:9] == b'{'\n" +
                "h = json.loads(b[8:8 + n].decode('utf-8'))\n" +
                "meta = h.pop('__metadata__')\n" +
                "assert meta['format'] == 'pt' and all(isinstance(v, str) for v in meta.values())\n" +
                "p = json.loads(meta['initializers.provenance'])\n" +
                "assert list(p) == ['kernel'] and p['kernel']['initializer']['class_name'] == 'HeNormal' and p['kernel']['seed'] == 7\n" +
                "kinds = {'F64': '<f8', 'F32': '<f4', 'F16': '<f2', 'BF16': '<u2', 'I64': '<i8', 'I32': '<i4', 'I16': '<i2', 'I8': 'i1',\n" +
                "         'U64': '<u8', 'U32': '<u4', 'U16': '<u2', 'U8': 'u1', 'BOOL': '?'}\n" +
                "data = b[8 + n:]\n" +
                "end = 0\n" +
                "for name, e in sorted(h.items(), key=lambda kv: kv[1]['data_offsets']):\n" +
                "    s, t = e['data_offsets']\n" +
                "    assert s == end, (name, s, end)\n" +
                "    end = t\n" +
                "    a = np.frombuffer(data[s:t], dtype=kinds[e['dtype']]).reshape(e['shape'])\n" +
                "    assert (8 + n + s) % a.itemsize == 0, name\n" +
                "    print(name, e['dtype'], list(a.shape), a.tobytes().hex())\n" +
                "assert end == len(data)\n");
            Assert.True(result.ExitCode == 0, result.Output);
            var lines = result.Output.TrimEnd('\n').Split('\n').OrderBy(l => l, StringComparer.Ordinal);
            var expected = tensors.Select(t =>
                $"{t.Key} {(t.Value.DType == DType.Bool ? "BOOL" : SafetensorsName(t.Value.DType))} [{string.Join(", ", t.Value.Shape)}] {string.Concat(t.Value.ToBytes().Select(x => x.ToString("x2")))}");
            Assert.Equal(expected.OrderBy(l => l, StringComparer.Ordinal), lines);
        }

        [SkippableFact]
        public void NumpyLoadsAnNpzThatCarriesTheProvenanceMember()
        {
            Skip.IfNot(NumpyInteropTests.HasNumpy.Value, NoNumpy);
            var path = Path.Combine(dir, "p.npz");
            var w = Initializer.FromConfig("GlorotUniform", new Dictionary<string, object> { ["seed"] = 42 }).Call(new[] { 2, 3 });
            Npz.Write(path, new[] { new KeyValuePair<string, Tensor>("w", w) }, compress: true);
            var result = NumpyInteropTests.Run(
                "import numpy as np, json\n" +
                $"z = np.load(r'{path}')\n" +
                "assert z['w'].dtype == np.float32 and z['w'].shape == (2, 3)\n" +
                "p = json.loads(z.zip.read('initializers.provenance.json'))\n" +
                "assert p['w']['seed'] == 42 and p['w']['shape'] == [2, 3], p\n" +
                "print(sorted(z.files), z['w'].tobytes().hex())\n");
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal("['initializers.provenance.json', 'w'] " + string.Concat(w.ToBytes().Select(x => x.ToString("x2"))), result.Output.TrimEnd('\n'));
        }

        /// <summary>The safetensors dtype strings, from the format's table (not from the code under test).</summary>
        private static string SafetensorsName(DType dtype) => dtype switch
        {
            DType.Float64 => "F64",
            DType.Float32 => "F32",
            DType.Float16 => "F16",
            DType.BFloat16 => "BF16",
            DType.Int64 => "I64",
            DType.Int32 => "I32",
            DType.Int16 => "I16",
            DType.Int8 => "I8",
            DType.UInt64 => "U64",
            DType.UInt32 => "U32",
            DType.UInt16 => "U16",
            DType.UInt8 => "U8",
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
    }
}
