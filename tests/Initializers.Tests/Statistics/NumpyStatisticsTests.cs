using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Initializers.Family;
using Initializers.IO;
using Initializers.Statistics;
using Initializers.Tests.IO;
using Xunit;

namespace Initializers.Tests.Statistics
{
    /// <summary>Real numpy measures the same tensors: mean and std (float64 accumulation, ddof=0) agree to rounding,
    /// min, max, the histogram's edges and counts exactly (np.histogram of the finite values, numpy's edge dtype and
    /// closed last bin). Skipped, never passed, without /usr/bin/python3 and numpy.</summary>
    public sealed class NumpyStatisticsTests : IDisposable
    {
        private readonly string dir = Directory.CreateTempSubdirectory("init-stats-").FullName;

        public void Dispose() => Directory.Delete(dir, recursive: true);

        [SkippableTheory]
        [InlineData(DType.Float32, 10)]
        [InlineData(DType.Float32, 17)]
        [InlineData(DType.Float64, 10)]
        [InlineData(DType.Float16, 7)]
        [InlineData(DType.Int32, 10)]
        [InlineData(DType.Int8, 6)]
        [InlineData(DType.UInt16, 9)]
        public void NumpyGivesTheSameStatisticsAndHistogram(DType dtype, int bins)
        {
            Skip.IfNot(NumpyInteropTests.HasNumpy.Value, "/usr/bin/python3 with numpy is not installed (apt-get install python3-numpy)");
            var tensor = dtype.IsFloating()
                ? new TruncatedNormal(0.25, 2, 5).Call(new[] { 301, 97 }, dtype)
                : new RandomUniform(dtype == DType.UInt16 ? 0 : -100, 100, 5).Call(new[] { 301, 97 }, dtype);
            if (dtype.IsFloating())
            {
                tensor.SetFlat(3, double.NaN);
                tensor.SetFlat(4, double.PositiveInfinity);
                tensor.SetFlat(5, double.NegativeInfinity);
                tensor.SetFlat(6, double.NaN);
            }

            var path = Path.Combine(dir, "t.npy");
            Npy.Write(path, tensor);
            var result = NumpyInteropTests.Run(
                "import numpy as np\n" +
                $"a = np.load(r'{path}')\n" +
                "f = a[np.isfinite(a)] if a.dtype.kind == 'f' else a\n" +
                "print(int(np.isnan(a).sum()) if a.dtype.kind == 'f' else 0, int(np.isposinf(a).sum()) if a.dtype.kind == 'f' else 0, int(np.isneginf(a).sum()) if a.dtype.kind == 'f' else 0)\n" +
                "print(repr(float(f.mean(dtype=np.float64))), repr(float(f.std(dtype=np.float64))), repr(float(f.min())), repr(float(f.max())))\n" +
                $"h, e = np.histogram(f, bins={bins})\n" +
                "print(' '.join(map(str, h)))\n" +
                "print(' '.join(repr(float(x)) for x in e))\n");
            Assert.True(result.ExitCode == 0, result.Output);
            var lines = result.Output.Split('\n');
            var numbers = lines[1].Split(' ').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();

            var m = TensorStatistics.Measure(tensor, bins);
            Assert.Equal(lines[0], $"{m.NaN} {m.PositiveInfinity} {m.NegativeInfinity}");
            Assert.Equal(numbers[0], m.Mean, 1e-12 * Math.Max(1, Math.Abs(numbers[0])));
            Assert.Equal(numbers[1], m.Std, 1e-12 * numbers[1]);
            Assert.Equal(numbers[2], m.Min);
            Assert.Equal(numbers[3], m.Max);
            Assert.Equal(lines[2], string.Join(" ", m.Histogram.Counts));
            Assert.Equal(lines[3].Split(' ').Select(x => double.Parse(x, CultureInfo.InvariantCulture)), m.Histogram.Edges);
        }
    }
}
