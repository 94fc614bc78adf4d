using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Initializers.IO;
using Xunit;

namespace Initializers.Tests.IO
{
    /// <summary>Real numpy (Debian's python3-numpy as /usr/bin/python3) loads what we write and we load what it writes.
    /// Without it these tests are reported as skipped, never as passed.</summary>
    public sealed class NumpyInteropTests : IDisposable
    {
        internal const string Python = "/usr/bin/python3";
        internal static readonly Lazy<bool> HasNumpy = new(() => HasPython && Run("import numpy").ExitCode == 0);

#if MUTATION_RUN
        /// <summary>Under Stryker (build.ps1 Mutate) the tests that start python3 or node are skipped: a child process
        /// per covered mutant made a folder's run hours long. stryker-config.json says what covers them instead.</summary>
        internal static bool HasPython => false;
#else
        /// <summary>Whether /usr/bin/python3 exists; every interop test's probe starts here.</summary>
        internal static bool HasPython => File.Exists(Python);
#endif
        private readonly string dir = Directory.CreateTempSubdirectory("init-numpy-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        public static IEnumerable<object[]> NpyDTypes() => NpyRoundTripTests.NpyDTypes();

        [SkippableTheory]
        [MemberData(nameof(NpyDTypes))]
        public void NumpyLoadsOurNpyAndNpzWithTheSameBytesAndResavesThemIdentically(DType dtype)
        {
            Skip.IfNot(HasNumpy.Value, "/usr/bin/python3 with numpy is not installed (apt-get install python3-numpy)");
            var tensor = NpyRoundTripTests.Sample(dtype);
            var npy = Path.Combine(dir, "ours.npy");
            var npz = Path.Combine(dir, "ours.npz");
            var npzc = Path.Combine(dir, "oursc.npz");
            var resaved = Path.Combine(dir, "resaved.npy");
            Npy.Write(npy, tensor);
            Npz.Write(npz, new[] { new KeyValuePair<string, Tensor>("w", tensor), new KeyValuePair<string, Tensor>("s", Tensor.Zeros(Array.Empty<int>(), dtype)) });
            Npz.Write(npzc, new[] { new KeyValuePair<string, Tensor>("w", tensor) }, compress: true);
            var result = Run(
                "import numpy as np, sys\n" +
                $"a = np.load(r'{npy}')\n" +
                $"z = np.load(r'{npz}')\n" +
                $"c = np.load(r'{npzc}')\n" +
                "assert list(z.keys()) == ['w', 's'], list(z.keys())\n" +
                "assert z['s'].shape == () and z['s'].dtype.kind == a.dtype.kind\n" +
                "for b in (z['w'], c['w']):\n" +
                "    assert b.dtype == a.dtype and b.shape == a.shape and b.tobytes() == a.tobytes()\n" +
                $"np.save(r'{resaved}', a)\n" +
                "print(a.dtype.str, a.shape, a.tobytes().hex() if a.dtype.kind != 'U' else '|'.join(a.ravel().tolist()))\n");
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal(File.ReadAllBytes(npy), File.ReadAllBytes(resaved));
            var expected = dtype == DType.String ? string.Join("|", tensor.ToArray<string>()) : string.Concat(tensor.ToBytes().Select(b => b.ToString("x2")));
            Assert.EndsWith(" (2, 3) " + expected, result.Output.TrimEnd('\n'));
        }

        [SkippableFact]
        public void WeLoadWhatNumpyWritesInEveryLayout()
        {
            Skip.IfNot(HasNumpy.Value, "/usr/bin/python3 with numpy is not installed (apt-get install python3-numpy)");
            var result = Run(
                "import numpy as np, os\n" +
                $"d = r'{dir}'\n" +
                "base = np.arange(24, dtype='<i8').reshape(2, 3, 4) * 1234567 - 9876543\n" +
                "cases = {\n" +
                "  'c_i8': base,\n" +
                "  'f_i8': np.asfortranarray(base),\n" +
                "  'be_f8': (base / 7).astype('>f8'),\n" +
                "  'f_be_c8': np.asfortranarray((base + 1j * base[::-1]).astype('>c8')),\n" +
                "  'f2': (base / 3).astype('<f2'),\n" +
                "  'u2': (base % 65536).astype('<u2'),\n" +
                "  'b1': (base % 3 == 0),\n" +
                "  'str': np.array([['ab', '\\u00e9', ''], ['\\U0001F600', 'x y', 'zzzz']]),\n" +
                "  'be_str': np.array(['q', '\\u03c0\\u03c0']).astype('>U2'),\n" +
                "  'scalar': np.float32(2.5),\n" +
                "  'empty': np.zeros((3, 0), '<i2'),\n" +
                "}\n" +
                "for k, v in cases.items():\n" +
                "    np.save(os.path.join(d, k + '.npy'), v)\n" +
                "np.savez_compressed(os.path.join(d, 'all.npz'), **cases)\n" +
                "for k, v in cases.items():\n" +
                "    v = np.array(v, order='C')\n" +
                "    text = '|'.join(v.ravel().tolist()) if v.dtype.kind == 'U' else v.astype(v.dtype.newbyteorder('<')).tobytes().hex()\n" +
                "    print(k, ','.join(map(str, v.shape)), text)\n");
            Assert.True(result.ExitCode == 0, result.Output);
            var archive = Npz.Read(Path.Combine(dir, "all.npz")).ToDictionary(p => p.Key, p => p.Value);
            var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(11, lines.Length);
            foreach (var line in lines)
            {
                var parts = line.Split(' ', 3);
                var tensor = Npy.Read(Path.Combine(dir, parts[0] + ".npy"));
                Assert.Equal(parts[1], string.Join(",", tensor.Shape));
                var actual = tensor.DType == DType.String ? string.Join("|", tensor.ToArray<string>()) : string.Concat(tensor.ToBytes().Select(b => b.ToString("x2")));
                Assert.Equal(parts.Length > 2 ? parts[2] : "", actual);
                Assert.Equal(tensor, archive[parts[0]]);
            }
        }

        [SkippableTheory]
        [InlineData(DType.Float32, "<f4")]
        [InlineData(DType.Float64, "<f8")]
        [InlineData(DType.Int32, "<i4")]
        [InlineData(DType.Int64, "<i8")]
        public void NumpyLoadtxtReadsOurCsvWithTheExactValues(DType dtype, string descr)
        {
            Skip.IfNot(HasNumpy.Value, "/usr/bin/python3 with numpy is not installed (apt-get install python3-numpy)");
            var tensor = NpyRoundTripTests.Sample(dtype);
            var csv = Path.Combine(dir, "ours.csv");
            var row = Path.Combine(dir, "row.csv");
            Csv.Write(csv, tensor);
            Csv.Write(row, new Tensor(new[] { 3 }, dtype, Array.CreateInstance(tensor.ToArray().GetType().GetElementType()!, 3)));
            var result = Run(
                "import numpy as np\n" +
                $"a = np.loadtxt(r'{csv}', delimiter=',', dtype='{descr}')\n" +
                $"assert np.loadtxt(r'{row}', delimiter=',', dtype='{descr}').shape == (3,)\n" +
                "print(a.shape, a.tobytes().hex())\n");
            Assert.True(result.ExitCode == 0, result.Output);

            // Text keeps no NaN payload: "nan" is Python's positive quiet NaN.
            var expected = tensor.ToBytes();
            if (dtype == DType.Float32)
            {
                BitConverter.GetBytes(0x7FC00000).CopyTo(expected, 8);
            }
            else if (dtype == DType.Float64)
            {
                BitConverter.GetBytes(0x7FF8000000000000).CopyTo(expected, 16);
            }

            Assert.Equal("(2, 3) " + string.Concat(expected.Select(b => b.ToString("x2"))), result.Output.TrimEnd('\n'));
        }

        [SkippableFact]
        public void WeReadNumpySavetxtDefaultFormatExactly()
        {
            Skip.IfNot(HasNumpy.Value, "/usr/bin/python3 with numpy is not installed (apt-get install python3-numpy)");
            var csv = Path.Combine(dir, "numpy.csv");
            var result = Run(
                "import numpy as np\n" +
                "rng = np.random.default_rng(7)\n" +
                "a = np.concatenate([rng.standard_normal(297), [np.nan, -0.0, np.inf, -np.inf, 5e-324, 1.7976931348623157e308]]).reshape(101, 3)\n" +
                $"np.savetxt(r'{csv}', a, delimiter=',')\n" +
                "print(a.tobytes().hex())\n");
            Assert.True(result.ExitCode == 0, result.Output);
            var tensor = Csv.Read(csv);
            Assert.Equal(new[] { 101, 3 }, tensor.Shape);
            Assert.StartsWith("-", File.ReadLines(csv).Last().Split(',')[0]); // -inf: the %.18e text, not ours.
            Assert.Equal(result.Output.TrimEnd('\n'), string.Concat(tensor.ToBytes().Select(b => b.ToString("x2"))));
        }

        /// <summary>Runs a script in /usr/bin/python3 (also used by the .keras archive tests).</summary>
        internal static (int ExitCode, string Output) Run(string script)
        {
            var info = new ProcessStartInfo(Python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-");
            using var process = Process.Start(info)!;
            process.StandardInput.Write(script);
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, process.ExitCode == 0 ? output : output + stderr.Result);
        }
    }
}
