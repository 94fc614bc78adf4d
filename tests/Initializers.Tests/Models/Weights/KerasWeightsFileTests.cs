using System;
using System.Collections.Generic;
using System.IO;
using Initializers.Family;
using Initializers.Models.Weights;
using Xunit;
#if !LIB_NETSTANDARD
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using Initializers.IO;
using Initializers.Tests.IO;
#endif
using static Initializers.Tests.Models.Weights.HandPlan;

namespace Initializers.Tests.Models.Weights
{
    /// <summary>The Keras 3 <c>.weights.h5</c> writer. The layout is checked with real h5py (Debian's python3-h5py as
    /// /usr/bin/python3); without it that test is reported as skipped.</summary>
    public sealed class KerasWeightsFileTests : IDisposable
    {
#if !LIB_NETSTANDARD
        private static readonly Lazy<bool> HasH5py = new(() => NumpyInteropTests.HasPython && NumpyInteropTests.Run("import h5py, numpy").ExitCode == 0);
#endif
        private readonly string dir = Directory.CreateTempSubdirectory("init-h5-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        /// <summary>Keras 3 Sequential: Input (None, 6, 3) → LSTM(4) → Dense(5) → BatchNormalization → Dense(2) →
        /// Normalization (adapted). Paths by hand from model-formats §2.2: the Sequential omits its InputLayer; class-name
        /// counters (dense, dense_1); RNN weights under the cell; the bfloat16 kernel and the scalar int64 count are there
        /// for the dtype rules.</summary>
        internal static ModelWeightPlan SequentialPlan()
        {
            var config = AnyConfig();
            var weights = new List<ModelWeight>
            {
                Weight("lstm/lstm_cell/kernel", "layers/lstm/cell/vars/0", "lstm/kernel", new long[] { 3, 16 }, Glorot(1)),
                Weight("lstm/lstm_cell/recurrent_kernel", "layers/lstm/cell/vars/1", "lstm/recurrent_kernel", new long[] { 4, 16 }, Normal(2)),
                Weight("lstm/lstm_cell/bias", "layers/lstm/cell/vars/2", "lstm/bias", new long[] { 16 }, new Ones()),
                Weight("dense/kernel", "layers/dense/vars/0", "dense/kernel", new long[] { 4, 5 }, Glorot(3)),
                Weight("dense/bias", "layers/dense/vars/1", "dense/bias", new long[] { 5 }, new Zeros()),
                Weight("batch_normalization/gamma", "layers/batch_normalization/vars/0", "batch_normalization/gamma", new long[] { 5 }, new Ones()),
                Weight("batch_normalization/beta", "layers/batch_normalization/vars/1", "batch_normalization/beta", new long[] { 5 }, Normal(4)),
                Weight("batch_normalization/moving_mean", "layers/batch_normalization/vars/2", "batch_normalization/moving_mean", new long[] { 5 }, new Zeros(), trainable: false),
                Weight("batch_normalization/moving_variance", "layers/batch_normalization/vars/3", "batch_normalization/moving_variance", new long[] { 5 }, new Ones(), trainable: false),
                Weight("dense_1/kernel", "layers/dense_1/vars/0", "dense_1/kernel", new long[] { 5, 2 }, Glorot(5), DType.BFloat16),
                Weight("dense_1/bias", "layers/dense_1/vars/1", "dense_1/bias", new long[] { 2 }, Normal(6), DType.Float64),
                Weight("normalization/mean", "layers/normalization/vars/0", "normalization/mean", new long[] { 2 }, Normal(7), trainable: false),
                Weight("normalization/variance", "layers/normalization/vars/1", "normalization/variance", new long[] { 2 }, new Ones(), DType.Float16, trainable: false),
                Weight("normalization/count", "layers/normalization/vars/2", "normalization/count", Array.Empty<long>(), new Constant(3), DType.Int64, trainable: false),
            };
            var objects = new[]
            {
                new KerasObject("", "seq"),
                new KerasObject("layers/lstm", "lstm"),
                new KerasObject("layers/lstm/cell", "lstm_cell"),
                new KerasObject("layers/dense", "dense"),
                new KerasObject("layers/batch_normalization", "batch_normalization"),
                new KerasObject("layers/dropout", "dropout"),
                new KerasObject("layers/dense_1", "dense_1"),
                new KerasObject("layers/normalization", "normalization"),
            };
            return Plan(config, weights, objects);
        }

#if LIB_NETSTANDARD
        [Fact]
        public void TheNetStandardBuildRefusesWithAClearError()
        {
            var path = Path.Combine(dir, "m.weights.h5");
            var ex = Assert.Throws<InitializerException>(() => KerasWeightsFile.Write(path, SequentialPlan(), Values));
            Assert.Equal("KerasWeightsUnsupportedRuntime", ex.ErrorId);
            Assert.Contains(".NET 6", ex.Message);
            Assert.False(File.Exists(path));
        }
#else
        [SkippableTheory]
        [InlineData(4 << 20)]
        [InlineData(12)]
        public void H5pyReadsEveryPathShapeDTypeNameAndValueBitForBit(int chunkBytes)
        {
            Skip.IfNot(HasH5py.Value, "/usr/bin/python3 with h5py is not installed (apt-get install python3-h5py)");
            var plan = SequentialPlan();
            var path = Path.Combine(dir, "model.weights.h5");
            KerasWeightsFile.Write(path, plan, Values, new StreamingOptions { ChunkBytes = chunkBytes });
            Assert.Equal(new[] { "model.weights.h5" }, Directory.GetFiles(dir).Select(Path.GetFileName));
            var expected = new
            {
                file = path,
                weights = plan.Weights.Select(w =>
                {
                    var bin = Path.Combine(dir, w.KerasPath.Replace('/', '_') + ".bin");
                    File.WriteAllBytes(bin, Bytes(w));
                    return new { path = w.KerasPath, shape = w.Shape, dtype = w.DType.Name(), bin };
                }),
                names = plan.KerasObjects.ToDictionary(o => o.Path.Length == 0 ? "vars" : o.Path + "/vars", o => o.Name),
            };
            var json = Path.Combine(dir, "expected.json");
            File.WriteAllText(json, JsonSerializer.Serialize(expected));
            var result = NumpyInteropTests.Run(
                "import h5py, json, numpy as np\n" +
                $"exp = json.load(open(r'{json}'))\n" +
                "f = h5py.File(exp['file'], 'r')\n" +
                "assert dict(f.attrs) == {}, dict(f.attrs)\n" +
                "datasets, named = {}, {}\n" +
                "def visit(n, o):\n" +
                "    if isinstance(o, h5py.Dataset):\n" +
                "        datasets[n] = o\n" +
                "    else:\n" +
                "        a = dict(o.attrs)\n" +
                "        if a:\n" +
                "            assert list(a) == ['name'] and n.endswith('vars'), (n, a)\n" +
                "            named[n] = a['name']\n" +
                "f.visititems(visit)\n" +
                "assert named == exp['names'], named\n" +
                "assert sorted(datasets) == sorted(w['path'] for w in exp['weights']), sorted(datasets)\n" +
                "for w in exp['weights']:\n" +
                "    d = datasets[w['path']]\n" +
                "    assert d.shape == tuple(w['shape']), (w['path'], d.shape)\n" +
                "    assert d.chunks is None and d.compression is None and d.id.get_create_plist().get_layout() == h5py.h5d.CONTIGUOUS, w['path']\n" +
                "    raw = open(w['bin'], 'rb').read()\n" +
                "    a = d[()]\n" +
                "    if w['dtype'] == 'bfloat16':\n" +
                "        assert dict(d.attrs) == {'dtype': 'bfloat16'} and a.dtype == np.dtype('<f4'), (dict(d.attrs), a.dtype)\n" +
                "        bits = np.asarray(a).view('<u4')\n" +
                "        assert ((bits & 0xffff) == 0).all() and (bits >> 16).astype('<u2').tobytes() == raw, w['path']\n" +
                "    else:\n" +
                "        assert dict(d.attrs) == {} and a.dtype == np.dtype(w['dtype']), (w['path'], a.dtype, dict(d.attrs))\n" +
                "        assert np.asarray(a).astype(a.dtype.newbyteorder('<')).tobytes() == raw, w['path']\n" +
                "print('ok', len(datasets), len(named))\n");
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal("ok 14 8", result.Output.Trim());
        }

        /// <summary>The same layout checks as the h5py test, read back in process with PureHDF's reader (a different code
        /// path from its writer), so they also run where python3 is absent and under mutation testing: every group that
        /// Keras names has a <c>vars</c> group with a <c>name</c> attribute and nothing else does; every dataset is at its
        /// Keras path, contiguous, with its shape, its file type (bfloat16 as float32 with a <c>dtype</c> attribute, as Keras
        /// 3 writes it) and its values bit for bit, whatever the chunk size.</summary>
        [Theory]
        [InlineData(4 << 20)]
        [InlineData(12)]
        public void PureHdfReadsEveryPathShapeDTypeNameAndValueBitForBit(int chunkBytes)
        {
            var plan = SequentialPlan();
            var path = Path.Combine(dir, "model.weights.h5");
            KerasWeightsFile.Write(path, plan, Values, new StreamingOptions { ChunkBytes = chunkBytes });
            using var file = PureHDF.H5File.OpenRead(path);
            var datasets = new Dictionary<string, PureHDF.IH5Dataset>(StringComparer.Ordinal);
            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            void Visit(PureHDF.IH5Group group, string prefix)
            {
                foreach (var attribute in group.Attributes())
                {
                    Assert.Equal("name", attribute.Name);
                    Assert.EndsWith("vars", prefix);
                    named[prefix] = attribute.Read<string>();
                }

                foreach (var child in group.Children())
                {
                    var childPath = prefix.Length == 0 ? child.Name : prefix + "/" + child.Name;
                    if (child is PureHDF.IH5Dataset dataset)
                    {
                        datasets[childPath] = dataset;
                    }
                    else
                    {
                        Visit((PureHDF.IH5Group)child, childPath);
                    }
                }
            }

            Assert.Empty(file.Attributes());
            Visit(file, "");
            Assert.Equal(plan.KerasObjects.ToDictionary(o => o.Path.Length == 0 ? "vars" : o.Path + "/vars", o => o.Name).OrderBy(e => e.Key, StringComparer.Ordinal),
                named.OrderBy(e => e.Key, StringComparer.Ordinal));
            Assert.Equal(plan.Weights.Select(w => w.KerasPath).OrderBy(p => p, StringComparer.Ordinal), datasets.Keys.OrderBy(p => p, StringComparer.Ordinal));
            foreach (var weight in plan.Weights)
            {
                var dataset = datasets[weight.KerasPath];
                Assert.Equal(weight.Shape.Select(d => (ulong)d), dataset.Space.Dimensions);
                Assert.Equal(PureHDF.H5DataLayoutClass.Contiguous, dataset.Layout.Class);
                var expected = Bytes(weight);
                byte[] actual;
                switch (weight.DType)
                {
                    case DType.BFloat16:
                        Assert.Equal("bfloat16", Assert.Single(dataset.Attributes(), a => a.Name == "dtype").Read<string>());
                        // float32 whose low 16 bits are zero; the high 16 bits are the bfloat16 values.
                        var bits = MemoryMarshal.Cast<float, uint>(dataset.Read<float[]>()).ToArray();
                        Assert.All(bits, b => Assert.Equal(0u, b & 0xffff));
                        actual = MemoryMarshal.AsBytes(bits.Select(b => (ushort)(b >> 16)).ToArray().AsSpan()).ToArray();
                        break;
                    case DType.Float64:
                        actual = MemoryMarshal.AsBytes(dataset.Read<double[]>().AsSpan()).ToArray();
                        break;
                    case DType.Float16:
                        actual = MemoryMarshal.AsBytes(dataset.Read<Half[]>().AsSpan()).ToArray();
                        break;
                    case DType.Int64:
                        actual = MemoryMarshal.AsBytes(dataset.Read<long[]>().AsSpan()).ToArray();
                        break;
                    default:
                        Assert.Equal(DType.Float32, weight.DType);
                        actual = MemoryMarshal.AsBytes(dataset.Read<float[]>().AsSpan()).ToArray();
                        break;
                }

                if (weight.DType != DType.BFloat16)
                {
                    Assert.Empty(dataset.Attributes());
                    Assert.Equal((int)weight.DType.ElementSize(), (int)dataset.Type.Size);
                }

                Assert.True(expected.AsSpan().SequenceEqual(actual), weight.KerasPath);
            }

            Assert.Equal((14, 8), (datasets.Count, named.Count));
        }

        [Fact]
        public void ACancelledWriteLeavesNoFileAndTheOldOneWhole()
        {
            var path = Path.Combine(dir, "model.weights.h5");
            File.WriteAllText(path, "old");
            using var source = new CancellationTokenSource();
            var chunks = 0;
            var streaming = new StreamingOptions
            {
                ChunkBytes = 8,
                Cancellation = source.Token,
                Progress = (_, _) =>
                {
                    if (++chunks == 3)
                    {
                        source.Cancel();
                    }
                },
            };
            Assert.ThrowsAny<OperationCanceledException>(() => KerasWeightsFile.Write(path, SequentialPlan(), Values, streaming));
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Equal(new[] { "model.weights.h5" }, Directory.GetFiles(dir).Select(Path.GetFileName));
        }

        [Fact]
        public void ProgressCountsEveryByteOfWeightData()
        {
            var plan = SequentialPlan();
            var last = (0L, 0L);
            KerasWeightsFile.Write(Path.Combine(dir, "m.weights.h5"), plan, Values, new StreamingOptions { ChunkBytes = 16, Progress = (done, total) => last = (done, total) });
            var total = plan.Weights.Sum(w => w.Count * w.DType.ElementSize());
            Assert.Equal((total, total), last);
        }
#endif

        [Theory]
        [InlineData("model.h5")]
        [InlineData("model.weights.hdf5")]
        [InlineData("weights.h5.tmp")]
        public void ANameThatKerasWouldReadAsTheLegacyLayoutIsRefused(string name)
        {
            var path = Path.Combine(dir, name);
            var ex = Assert.Throws<InitializerException>(() => KerasWeightsFile.Write(path, SequentialPlan(), Values));
            Assert.Equal("KerasWeightsFileName", ex.ErrorId);
            Assert.Contains(name, ex.Message);
            Assert.Equal(path, ex.SourceName);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void ValuesOfAnotherShapeOrDTypeAreRefusedBeforeAnythingIsWritten()
        {
            var path = Path.Combine(dir, "m.weights.h5");
            var ex = Assert.Throws<InitializerException>(() => KerasWeightsFile.Write(path, SequentialPlan(), w => new Zeros().Elements(new long[] { 2, 2 }, w.DType)));
            Assert.Equal("WeightValuesMismatch", ex.ErrorId);
            Assert.Contains("lstm/lstm_cell/kernel", ex.Message);
            Assert.Contains("(3, 16)", ex.Message);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void ABoolWeightIsRefused()
        {
            var config = AnyConfig();
            var plan = Plan(config, new[] { Weight("m/mask", "layers/m/vars/0", "m/mask", new long[] { 3 }, new Ones(), DType.Bool) });
            var path = Path.Combine(dir, "m.weights.h5");
            var ex = Assert.Throws<InitializerException>(() => KerasWeightsFile.Write(path, plan, Values));
            Assert.Equal("KerasWeightsDTypeUnsupported", ex.ErrorId);
            Assert.Equal("The weight 'm/mask' is bool; a Keras weights file holds float16, bfloat16, float32, float64 and integer variables.", ex.Message);
            Assert.Equal(path, ex.SourceName);
            Assert.Empty(Directory.GetFiles(dir));
        }

        [Fact]
        public void ANullPathIsAnArgumentError() =>
            Assert.Throws<ArgumentNullException>("path", () => KerasWeightsFile.Write(null!, SequentialPlan(), Values));

#if !LIB_NETSTANDARD
        /// <summary>Keras variables may be integers (a Normalization's count, a seed generator's state): each integer dtype
        /// is written as that HDF5 integer type, and PureHDF reads the same values back.</summary>
        [Theory]
        [InlineData(DType.Int8)]
        [InlineData(DType.Int16)]
        [InlineData(DType.Int32)]
        [InlineData(DType.Int64)]
        [InlineData(DType.UInt8)]
        [InlineData(DType.UInt16)]
        [InlineData(DType.UInt32)]
        [InlineData(DType.UInt64)]
        public void EveryIntegerDTypeIsWrittenAsItself(DType dtype)
        {
            var plan = Plan(AnyConfig(), new[] { Weight("m/state", "layers/m/vars/0", "m/state", new long[] { 2, 5 }, new RandomUniform(0, 100, seed: 7), dtype) });
            var path = Path.Combine(dir, "m.weights.h5");
            KerasWeightsFile.Write(path, plan, Values, new StreamingOptions { ChunkBytes = 8 });
            using var file = PureHDF.H5File.OpenRead(path);
            var dataset = (PureHDF.IH5Dataset)file.Get("layers/m/vars/0");
            Assert.Equal(new ulong[] { 2, 5 }, dataset.Space.Dimensions);
            Assert.Equal(PureHDF.H5DataTypeClass.FixedPoint, dataset.Type.Class);
            Assert.Equal((int)dtype.ElementSize(), (int)dataset.Type.Size);
            var actual = dtype switch
            {
                DType.Int8 => MemoryMarshal.AsBytes(dataset.Read<sbyte[]>().AsSpan()).ToArray(),
                DType.Int16 => MemoryMarshal.AsBytes(dataset.Read<short[]>().AsSpan()).ToArray(),
                DType.Int32 => MemoryMarshal.AsBytes(dataset.Read<int[]>().AsSpan()).ToArray(),
                DType.Int64 => MemoryMarshal.AsBytes(dataset.Read<long[]>().AsSpan()).ToArray(),
                DType.UInt8 => dataset.Read<byte[]>(),
                DType.UInt16 => MemoryMarshal.AsBytes(dataset.Read<ushort[]>().AsSpan()).ToArray(),
                DType.UInt32 => MemoryMarshal.AsBytes(dataset.Read<uint[]>().AsSpan()).ToArray(),
                _ => MemoryMarshal.AsBytes(dataset.Read<ulong[]>().AsSpan()).ToArray(),
            };
            Assert.Equal(Hex(Bytes(plan.Weights[0])), Hex(actual));
            Assert.Contains(actual, b => b != 0);
        }

        /// <summary>A weight whose path runs through another weight's dataset cannot be placed.</summary>
        [Fact]
        public void APathThroughAnotherWeightIsRefused()
        {
            var plan = Plan(AnyConfig(), new[]
            {
                Weight("m/a", "layers/m/vars/0", "m/a", new long[] { 2 }, new Ones()),
                Weight("m/b", "layers/m/vars/0/x", "m/b", new long[] { 2 }, new Ones()),
            });
            var ex = Assert.Throws<InitializerException>(() => KerasWeightsFile.Write(Path.Combine(dir, "m.weights.h5"), plan, Values));
            Assert.Equal("KerasWeightsPathConflict", ex.ErrorId);
            Assert.Equal("The weights file path 'layers/m/vars/0' passes through '0', which is a dataset.", ex.Message);
            Assert.Empty(Directory.GetFiles(dir));
        }
#endif
    }
}
