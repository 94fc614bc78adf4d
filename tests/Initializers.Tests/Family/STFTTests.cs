using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Linq;
using Initializers.Family;
using Initializers.Serialization;
using Initializers.Tests.IO;
using Xunit;

namespace Initializers.Tests.Family
{
    /// <summary>Keras 3's STFT initializer: hand values, scipy's windows and Keras's float32 kernel recomputed with numpy,
    /// the config and the errors of keras/src/initializers/constant_initializers.py.</summary>
    public sealed class STFTTests
    {
        private static float At(Tensor t, int time, int bin) => t.AsSpan<float>()[(time * t.Shape[2]) + bin];

        [Fact]
        public void HannDensityKernelMatchesHandValues()
        {
            // T = 5, F = 3: n = 4, freq = 0, 1/4, 1/2; symmetric hann(5) = 0, .5, 1, .5, 0; density s = sqrt(1.5).
            var real = new STFT().Call(new[] { 5, 1, 3 });
            var imag = new STFT(side: "imag").Call(new[] { 5, 1, 3 });
            var s = Math.Sqrt(1.5);
            Assert.Equal(new[] { 5, 1, 3 }, real.Shape);
            Assert.Equal(1 / s, At(real, 2, 0), 6);         // cos 0 · 1 / s
            Assert.Equal(-1 / s, At(real, 2, 1), 6);        // cos(-2·2·π/4) = cos(-π) = -1
            Assert.Equal(1 / s, At(real, 2, 2), 6);         // cos(-2π) = 1
            Assert.Equal(0.5 / s, At(real, 1, 0), 6);
            Assert.Equal(-0.5 / s, At(imag, 1, 1), 6);      // sin(-π/2) · 0.5 / s
            Assert.Equal(0f, At(real, 0, 1));               // the window's zero ends
            Assert.Equal(0f, At(imag, 4, 2));
        }

        [Fact]
        public void WithoutWindowTheKernelIsThePlainFourierBasis()
        {
            var t = new STFT(window: null, scaling: "spectrum").Call(new[] { 4, 1, 3 });
            Assert.Equal(1f, At(t, 3, 0));                  // no window: no scaling either
            Assert.Equal(-1f, At(t, 1, 2));                 // cos(-2·1·π/2) = -1
            Assert.Equal(Math.Cos(-3 * Math.PI / 2), At(t, 3, 1), 6);
        }

        [Theory]
        [InlineData("hann", false, new[] { 0, 0.75, 0.75, 0 })]
        [InlineData("hann", true, new[] { 0, 0.5, 1, 0.5 })]
        [InlineData("hann_periodic", false, new[] { 0, 0.5, 1, 0.5 })]
        [InlineData("hann_symmetric", true, new[] { 0, 0.75, 0.75, 0 })]
        [InlineData("boxcar", false, new[] { 1.0, 1, 1, 1 })]
        [InlineData("triang", false, new[] { 0.25, 0.75, 0.75, 0.25 })]
        [InlineData("bartlett", true, new[] { 0, 0.5, 1, 0.5 })]
        [InlineData("hamming", true, new[] { 0.08, 0.54, 1, 0.54 })]
        public void NamedWindowsAreScipysWithPeriodicAsFftbins(string window, bool periodic, double[] expected)
        {
            // fft_bins = 2 and no scaling: column 0 is cos(0) · win = the window itself.
            var t = new STFT(window: window, scaling: null, periodic: periodic).Call(new[] { 4, 1, 2 }, DType.Float64);
            var column = Enumerable.Range(0, 4).Select(i => t.AsSpan<double>()[i * 2]).ToArray();
            AssertClose(expected, column, 1e-15);
        }

        [Fact]
        public void AListWindowIsUsedAsGivenAndScaledBySpectrum()
        {
            var t = new STFT(window: new[] { 1.0, -3.0 }, scaling: "spectrum").Call(new[] { 2, 1, 2 }, DType.Float64);
            AssertClose(new[] { 0.25, 0.25, -0.75, 0.75 }, t.AsSpan<double>().ToArray(), 1e-16);
        }

        [Fact]
        public void ConfigHasKerasKeysDefaultsAndOrderAndRoundTrips()
        {
            var config = new STFT().GetConfig();
            Assert.Equal(new[] { "side", "window", "periodic", "scaling" }, config.Keys.Cast<string>());
            Assert.Equal(new object?[] { "real", "hann", false, "density" }, config.Values.Cast<object?>());
            Assert.Equal("STFT(side='real', window='hann', periodic=False, scaling='density')", new STFT().ToString());

            foreach (var name in new[] { "STFT", "stft", "STFTInitializer" })
            {
                Assert.Equal(new STFT(), Initializer.FromConfig(name, null));
            }

            // Keras 3 only: none of the Keras 2 ...V2 or TensorFlow.js camelCase names.
            Assert.Equal(new[] { "stft", "STFTInitializer", "stft_initializer" }, InitializerCatalog.Get("STFT").Aliases);
            Assert.False(InitializerCatalog.TryGet("STFTV2", out _));

            var explicitNone = new Hashtable { ["side"] = "imag", ["window"] = null, ["scaling"] = null, ["periodic"] = true };
            var none = (STFT)Initializer.FromConfig("STFT", explicitNone);
            Assert.Null(none.Window);
            Assert.Null(none.Scaling);
            Assert.True(none.Periodic);

            foreach (var init in new Initializer[] { new STFT(), none, new STFT("real", new[] { 0.5, 1.0, 0.5 }, "spectrum", false) })
            {
                foreach (var format in new[] { ConfigFormat.Json, ConfigFormat.Yaml })
                {
                    var back = InitializerText.Parse(InitializerText.Write(init, format)).Single();
                    Assert.Equal(init, back);
                }
            }

            Assert.Contains("\"class_name\": \"STFT\"", InitializerText.Write(new STFT()));
        }

        [Fact]
        public void NullPeriodicIsTheDefaultAndANestedWindowListIsRefused()
        {
            // Keras passes periodic=None on to scipy's get_window(fftbins=None): not periodic, the symmetric window.
            var stft = (STFT)Initializer.FromConfig("STFT", new Hashtable { ["periodic"] = null });
            Assert.False(stft.Periodic);
            Assert.Equal(new STFT(), stft);
            // A window is a flat list of frame_length numbers: a nested list is the window's type error, not a number's.
            var nested = Assert.Throws<InitializerException>(() => Initializer.FromConfig("STFT", new Hashtable { ["window"] = new object[] { new[] { 1.0, 2.0 } } }));
            Assert.Equal("InvalidConfigValue", nested.ErrorId);
            Assert.StartsWith("STFT argument 'window' must be a window name, a flat list of numbers or null; got [[1.0, 2.0]]", nested.Message);
        }

        [Fact]
        public void BohmanEndsInExactZeros()
        {
            // scipy's bohman computes the inner points and appends exact zeros (np.r_[0, w, 0]); the formula at |x| = 1
            // would give sin(π)/π ≈ 3.9e-17 instead.
            var w = ScipyWindows.Get("bohman", 5, periodic: false, "STFT");
            Assert.Equal(0.0, w[0]);
            Assert.Equal(0.0, w[4]);
            Assert.Equal(1.0, w[2], 15);
        }

        [Theory]
        [InlineData("side", "both", "InvalidConfigValue", "side should be 'real' or 'imag', not 'both'")]
        [InlineData("scaling", "l2", "InvalidConfigValue", "Scaling is invalid, it must be `None`, 'density' or 'spectrum'. Received scaling='l2'")]
        [InlineData("window", "kaiser", "InvalidWindow", "'kaiser' must have parameters, but window='kaiser'!")]
        [InlineData("window", "hanning", "InvalidWindow", "Invalid window name 'hanning' in parameter window='hanning'!")]
        [InlineData("window", 3.5, "InvalidConfigValue", "must be a window name, a flat list of numbers or null")]
        [InlineData("periodic", 1, "InvalidConfigValue", "'periodic' must be true or false")]
        public void BadConfigValuesAreRefusedWithKerasMessages(string key, object value, string errorId, string message)
        {
            var ex = Assert.Throws<InitializerException>(() => Initializer.FromConfig("STFT", new Hashtable { [key] = value }));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Contains(message, ex.Message);
        }

        /// <summary>scipy's <c>_win_equiv_raw</c> entries marked as needing parameters (scipy/signal/windows/_windows.py):
        /// each name and alias alone is scipy's "must have parameters" error, not an unknown window.</summary>
        [Theory]
        [InlineData("chebwin")]
        [InlineData("cheb")]
        [InlineData("dpss")]
        [InlineData("gaussian")]
        [InlineData("gauss")]
        [InlineData("gss")]
        [InlineData("general cosine")]
        [InlineData("general_cosine")]
        [InlineData("general gaussian")]
        [InlineData("general_gaussian")]
        [InlineData("general gauss")]
        [InlineData("general_gauss")]
        [InlineData("ggs")]
        [InlineData("general hamming")]
        [InlineData("general_hamming")]
        [InlineData("kaiser")]
        [InlineData("ksr")]
        [InlineData("kaiser bessel derived")]
        [InlineData("kaiser_bessel_derived")]
        [InlineData("kbd")]
        public void AWindowThatNeedsParametersIsSaidToNeedThem(string window)
        {
            var ex = Assert.Throws<InitializerException>(() => new STFT(window: window));
            Assert.Equal("InvalidWindow", ex.ErrorId);
            Assert.StartsWith($"'{window}' must have parameters, but window='{window}'!", ex.Message);
        }

        [Fact]
        public void UnknownWindowNamesTheSupportedOnes()
        {
            var ex = Assert.Throws<InitializerException>(() => new STFT(window: "hanning"));
            Assert.Contains("hann, hamming, boxcar", ex.Message);
            Assert.EndsWith(" (and scipy's short names for them; each may end in _symmetric or _periodic); give any other window as a list of frame_length values.", ex.Message);
            Assert.Contains("tukey", ex.Message);
        }

        [Theory]
        [InlineData(new[] { 4, 3 }, "InvalidRank", "STFT kernels have shape (frame_length, 1, fft_bins), rank 3. Received: shape=(4, 3) of rank 2.")]
        [InlineData(new[] { 4, 2, 3 }, "InvalidShape", "STFT kernels have one input channel: shape (frame_length, 1, fft_bins). Received: shape=(4, 2, 3) (Keras returns a kernel with 1 channel whatever the shape asks for).")]
        [InlineData(new[] { 4, 1, 1 }, "InvalidShape", "STFT needs fft_bins = fft_length / 2 + 1 of at least 2. Received: shape=(4, 1, 1) (with 1 bin Keras divides by fft_length = 0 and returns NaN).")]
        [InlineData(new[] { 0, 1, 3 }, "InvalidShape", "Parameter Nx=0 is not a positive integer: the window 'hann' needs frame_length of at least 1. Received: shape=(0, 1, 3).")]
        public void ShapesKerasCannotFillAreRefused(int[] shape, string errorId, string message)
        {
            var ex = Assert.Throws<InitializerException>(() => new STFT().Call(shape));
            Assert.Equal((errorId, message), (ex.ErrorId, ex.Message));
        }

        [Fact]
        public void AWindowListOfTheWrongLengthOrWithABadElementIsRefusedSayingWhy()
        {
            var length = Assert.Throws<InitializerException>(() => new STFT(window: new[] { 1.0, 2.0, 3.0 }).Call(new[] { 4, 1, 3 }));
            Assert.Equal(("InvalidShape", "The shape of `window` must be equal to [frame_length]. Received: window shape=(3,), frame_length 4 (shape=(4, 1, 3))."), (length.ErrorId, length.Message));
            var nan = Assert.Throws<InitializerException>(() => new STFT(window: new[] { 1.0, double.NaN }));
            Assert.Equal("STFT argument 'window' must be a finite number; got nan.", nan.Message);
            var number = Assert.Throws<InitializerException>(() => Initializer.FromConfig("STFT", new Hashtable { ["window"] = 3.5 }));
            Assert.StartsWith("STFT argument 'window' must be a window name, a flat list of numbers or null", number.Message);
        }

        [Fact]
        public void WindowLengthAndDTypeAreCheckedAtCall()
        {
            var ex = Assert.Throws<InitializerException>(() => new STFT(window: new[] { 1.0, 2.0, 3.0 }).Call(new[] { 4, 1, 3 }));
            Assert.Contains("The shape of `window` must be equal to [frame_length]", ex.Message);
            Assert.Equal("UnsupportedDType", Assert.Throws<InitializerException>(() => new STFT().Call(new[] { 4, 1, 3 }, DType.Int32)).ErrorId);
            Assert.Equal(new[] { 0, 1, 3 }, new STFT(window: null).Call(new[] { 0, 1, 3 }).Shape);
            Assert.Equal(new[] { 4, 1, 0 }, new STFT().Call(new[] { 4, 1, 0 }).Shape);
        }

        /// <summary>Every name and alias of scipy's window table that needs no parameters, at lengths 1 to 8, symmetric and
        /// periodic, against what scipy.signal.get_window itself returned (Fixtures/scipy/windows.tsv, written by
        /// Debian's scipy 1.10.1 with make_windows.py beside it). Runs without python, so also under Stryker.</summary>
        [Fact]
        public void EveryWindowNameAndAliasGivesScipysWindow()
        {
            var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "scipy", "windows.tsv")).Where(l => !l.StartsWith("#", StringComparison.Ordinal)).ToList();
            Assert.Equal(47 * 6 * 2, rows.Count); // 47 names and aliases in 17 windows, 6 lengths, both kinds
            var wrong = new System.Collections.Generic.List<string>();
            foreach (var row in rows)
            {
                var cells = row.Split('\t');
                var (name, m, periodic) = (cells[0], int.Parse(cells[1], CultureInfo.InvariantCulture), cells[2] == "True");
                var expected = cells[3].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                try
                {
                    var t = new STFT(window: name, scaling: null, periodic: periodic).Call(new[] { m, 1, 2 }, DType.Float64);
                    var actual = Enumerable.Range(0, m).Select(j => t.AsSpan<double>()[j * 2]).ToArray();
                    var window = ScipyWindows.Get(name, m, periodic, "STFT"); // the whole window: its length and every value
                    if (expected.Length != m || window.Length != m || expected.Zip(actual, (e, a) => Math.Abs(e - a)).Concat(expected.Zip(window, (e, a) => Math.Abs(e - a))).Any(d => !(d <= 1e-15)))
                    {
                        wrong.Add($"{name}({m}, periodic={periodic}): [{string.Join(", ", actual)}] vs scipy [{string.Join(", ", expected)}]");
                    }
                }
                catch (InitializerException ex)
                {
                    wrong.Add($"{name}({m}, periodic={periodic}): {ex.ErrorId} {ex.Message}");
                }
            }

            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        }

        /// <summary>Every named window, symmetric and periodic, against scipy's formulas run by numpy in float64.</summary>
        [SkippableFact]
        public void EveryNamedWindowMatchesScipysFormulasInNumpy()
        {
            Skip.IfNot(NumpyInteropTests.HasNumpy.Value, "/usr/bin/python3 with numpy is not installed (apt-get install python3-numpy)");
            var names = new[]
            {
                "hann", "hamming", "boxcar", "blackman", "blackmanharris", "nuttall", "flattop", "bartlett", "barthann", "bohman",
                "cosine", "exponential", "lanczos", "parzen", "taylor", "triang", "tukey",
            };
            var lengths = new[] { 1, 2, 3, 4, 5, 8, 33, 64 };
            var result = NumpyInteropTests.Run(ScipyWindowsPython + string.Join("\n", names.SelectMany(n => lengths.SelectMany(m => new[] { false, true }.Select(p =>
                $"print(' '.join(repr(float(x)) for x in get_window('{n}', {m}, {(p ? "True" : "False")})))")))) + "\n");
            Assert.True(result.ExitCode == 0, result.Output);
            var lines = result.Output.TrimEnd('\n').Split('\n');
            var i = 0;
            foreach (var name in names)
            {
                foreach (var m in lengths)
                {
                    foreach (var periodic in new[] { false, true })
                    {
                        var expected = lines[i++].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                        var t = new STFT(window: name, scaling: null, periodic: periodic).Call(new[] { m, 1, 2 }, DType.Float64);
                        var actual = Enumerable.Range(0, m).Select(j => t.AsSpan<double>()[j * 2]).ToArray();
                        Assert.True(expected.Zip(actual, (e, a) => Math.Abs(e - a)).All(d => d <= 1e-15), $"{name}({m}, periodic={periodic}): [{string.Join(", ", actual)}] vs [{string.Join(", ", expected)}]");
                    }
                }
            }
        }

        /// <summary>The whole kernel against Keras's formula run by numpy in float32 (what Keras's numpy backend does),
        /// for a typical 400-sample frame with 257 bins: the float32 rounding of cos's argument (up to 3e-5 at t·k ≈ 10^5)
        /// is reproduced, so the two agree to a few ulp of the largest value (cos and the window's sum differ in their last bits).</summary>
        [SkippableTheory]
        [InlineData("real", "hann", "density", false, "float32")]
        [InlineData("imag", "hann", "density", true, "float32")]
        [InlineData("real", "hamming", "spectrum", true, "float32")]
        [InlineData("imag", null, null, false, "float32")]
        [InlineData("real", "blackman", "density", false, "float64")]
        public void KernelMatchesKerasFormulaInNumpy(string side, string? window, string? scaling, bool periodic, string dtype)
        {
            Skip.IfNot(NumpyInteropTests.HasNumpy.Value, "/usr/bin/python3 with numpy is not installed (apt-get install python3-numpy)");
            const int frames = 400, bins = 257;
            var script = ScipyWindowsPython +
                $"dt = np.{dtype}\n" +
                $"T, F, side, window, scaling, periodic = {frames}, {bins}, '{side}', {Py(window)}, {Py(scaling)}, {(periodic ? "True" : "False")}\n" +
                "n = (F - 1) * 2\n" +
                "freq = (np.arange(F, dtype=dt) / dt(n)).astype(dt).reshape(1, 1, F)\n" +
                "time = np.arange(T, dtype=dt).reshape(T, 1, 1)\n" +
                "args = (dt(-2) * time) * freq * np.arccos(dt(-1))\n" +
                "k = (np.cos(args) if side == 'real' else np.sin(args)).astype(dt)\n" +
                "if window is not None:\n" +
                "    win = get_window(window, T, periodic).astype(dt).reshape(T, 1, 1)\n" +
                "    s = np.sqrt(np.sum(np.square(win))) if scaling == 'density' else np.sum(np.abs(win)) if scaling == 'spectrum' else dt(1)\n" +
                "    k = (k * win) / s\n" +
                "assert k.dtype == dt and k.shape == (T, 1, F)\n" +
                "print(k.astype('<f8').tobytes().hex())\n";
            var result = NumpyInteropTests.Run(script);
            Assert.True(result.ExitCode == 0, result.Output);
            var hex = result.Output.Trim();
            var expected = Enumerable.Range(0, hex.Length / 16).Select(i => BitConverter.ToDouble(Convert.FromHexString(hex.Substring(i * 16, 16)), 0)).ToArray();
            var d = dtype == "float32" ? DType.Float32 : DType.Float64;
            var actual = new STFT(side, window, scaling, periodic).Call(new[] { frames, 1, bins }, d);
            var values = Enumerable.Range(0, frames * bins).Select(i => Convert.ToDouble(actual.GetFlat(i), CultureInfo.InvariantCulture)).ToArray();
            var ulp = d == DType.Float32 ? Math.Pow(2, -23) : Math.Pow(2, -52);
            var peak = expected.Max(Math.Abs);
            var worst = expected.Zip(values, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(worst <= 8 * ulp * peak, $"max |difference| {worst} > 8 ulp of {peak}");
        }

        /// <summary>Keras's kernel for a 12-sample frame with 7 bins, every side, window, scaling, periodic and dtype, against
        /// what numpy computed with scipy's own windows (Fixtures/scipy/stft.tsv, written by make_stft.py beside it with
        /// numpy 1.24.2 and scipy 1.10.1). Runs without python, so also under Stryker. The cosines of numpy and .NET may
        /// differ in their last bit, hence the tolerance of 2 ulp of the largest value.</summary>
        [Fact]
        public void EveryKindOfKernelMatchesKerassFormulaRunByNumpy()
        {
            var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "scipy", "stft.tsv")).Where(l => !l.StartsWith("#", StringComparison.Ordinal)).ToList();
            Assert.Equal(52, rows.Count);
            var wrong = new System.Collections.Generic.List<string>();
            foreach (var row in rows)
            {
                var c = row.Split('\t');
                string? Text(string cell) => cell == "None" ? null : cell;
                var (side, window, scaling, periodic, dtype) = (c[0], Text(c[1]), Text(c[2]), c[3] == "True", c[4] == "float32" ? DType.Float32 : DType.Float64);
                var bytes = Convert.FromHexString(c[5]);
                var expected = Enumerable.Range(0, bytes.Length / 8).Select(i => BitConverter.ToDouble(bytes, i * 8)).ToArray();
                var kernel = new STFT(side, window, scaling, periodic).Call(new[] { 12, 1, 7 }, dtype);
                var actual = Enumerable.Range(0, 12 * 7).Select(i => Convert.ToDouble(kernel.GetFlat(i), CultureInfo.InvariantCulture)).ToArray();
                var ulp = dtype == DType.Float32 ? Math.Pow(2, -23) : Math.Pow(2, -52);
                var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() / (ulp * expected.Max(Math.Abs));
                if (!(worst <= 2))
                {
                    wrong.Add($"{row.Substring(0, row.LastIndexOf('\t'))}: {worst} ulp");
                }
            }

            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        }

        [Fact]
        public void Float32RoundsTheArgumentAsKerasDoes()
        {
            // t = 399, k = 128, n = 512: exactly, cos(-2·399·π/4) = cos(-199.5π) = 0. Keras in float32 multiplies
            // float32(-798 · 0.25) = -199.5 by float32(π) = 3.14159274101257324 and rounds the product to float32, an
            // argument about 7.3e-6 away from -199.5π (numpy in float32: cos = 7.308e-6), so the cosine is that, not 0.
            var t = new STFT(window: null).Call(new[] { 400, 1, 257 });
            var arg = (double)(float)(-199.5 * (double)(float)Math.PI);
            Assert.Equal((float)Math.Cos(arg), At(t, 399, 128));
            Assert.True(Math.Abs(At(t, 399, 128)) > 7e-6, At(t, 399, 128).ToString("R", CultureInfo.InvariantCulture));
        }

        private static void AssertClose(double[] expected, double[] actual, double tolerance)
        {
            Assert.Equal(expected.Length, actual.Length);
            Assert.True(expected.Zip(actual, (e, a) => Math.Abs(e - a)).All(d => d <= tolerance), $"[{string.Join(", ", actual)}] vs [{string.Join(", ", expected)}]");
        }

        private static string Py(string? s) => s is null ? "None" : "'" + s + "'";

        /// <summary>scipy.signal.get_window for the windows without parameters, transcribed from
        /// scipy/signal/windows/_windows.py into numpy (scipy itself is not installed here).</summary>
        private const string ScipyWindowsPython = @"import numpy as np, math
def _gc(M, a):
    fac = np.linspace(-np.pi, np.pi, M)
    w = np.zeros(M)
    for k in range(len(a)):
        w += a[k] * np.cos(k * fac)
    return w
def boxcar(M): return np.ones(M)
def triang(M):
    n = np.arange(1, (M + 1) // 2 + 1)
    if M % 2 == 0:
        w = (2 * n - 1.0) / M
        return np.r_[w, w[::-1]]
    w = 2 * n / (M + 1.0)
    return np.r_[w, w[-2::-1]]
def parzen(M):
    n = np.arange(-(M - 1) / 2.0, (M - 1) / 2.0 + 0.5, 1.0)
    return np.where(np.abs(n) <= (M - 1) / 4.0, 1 - 6 * (np.abs(n) / (M / 2.0)) ** 2.0 + 6 * (np.abs(n) / (M / 2.0)) ** 3.0, 2 * (1 - np.abs(n) / (M / 2.0)) ** 3.0)
def bohman(M):
    fac = np.abs(np.linspace(-1, 1, M)[1:-1])
    w = (1 - fac) * np.cos(np.pi * fac) + 1.0 / np.pi * np.sin(np.pi * fac)
    return np.r_[0, w, 0]
def bartlett(M):
    n = np.arange(0, M)
    return np.where(np.less_equal(n, (M - 1) / 2.0), 2.0 * n / (M - 1), 2.0 - 2.0 * n / (M - 1))
def tukey(M, alpha=0.5):
    n = np.arange(0, M)
    width = int(np.floor(alpha * (M - 1) / 2.0))
    n1 = n[0:width + 1]; n2 = n[width + 1:M - width - 1]; n3 = n[M - width - 1:]
    w1 = 0.5 * (1 + np.cos(np.pi * (-1 + 2.0 * n1 / alpha / (M - 1))))
    w3 = 0.5 * (1 + np.cos(np.pi * (-2.0 / alpha + 1 + 2.0 * n3 / alpha / (M - 1))))
    return np.concatenate((w1, np.ones(n2.shape), w3))
def barthann(M):
    n = np.arange(0, M)
    fac = np.abs(n / (M - 1.0) - 0.5)
    return 0.62 - 0.48 * fac + 0.38 * np.cos(2 * np.pi * fac)
def cosine(M): return np.sin(np.pi / M * (np.arange(0, M) + .5))
def exponential(M, tau=1.):
    center = (M - 1) / 2
    return np.exp(-np.abs(np.arange(0, M) - center) / tau)
def taylor(M, nbar=4, sll=30):
    B = 10 ** (sll / 20); A = np.arccosh(B) / np.pi
    s2 = nbar ** 2 / (A ** 2 + (nbar - 0.5) ** 2)
    ma = np.arange(1, nbar, dtype=float)
    Fm = np.empty(nbar - 1); signs = np.empty_like(ma); signs[::2] = 1; signs[1::2] = -1
    m2 = ma * ma
    for mi, m in enumerate(ma):
        numer = signs[mi] * np.prod(1 - m2[mi] / s2 / (A ** 2 + (ma - 0.5) ** 2))
        denom = 2 * np.prod(1 - m2[mi] / m2[:mi]) * np.prod(1 - m2[mi] / m2[mi + 1:])
        Fm[mi] = numer / denom
    def W(n): return 1 + 2 * np.matmul(Fm, np.cos(2 * np.pi * ma[:, np.newaxis] * (n - M / 2. + 0.5) / M))
    w = W(np.arange(M))
    return w * (1.0 / W((M - 1) / 2))
def lanczos(M):
    def right(n, m): return np.sinc(2. * np.arange(n, m) / (m - 1) - 1.0)
    if M % 2 == 0:
        wh = right(M / 2, M); return np.concatenate([np.flip(wh), wh])
    wh = right((M + 1) / 2, M); return np.concatenate([np.flip(wh), np.ones(1), wh])
FUNCS = {'hann': lambda M: _gc(M, [0.5, 1 - 0.5]), 'hamming': lambda M: _gc(M, [0.54, 1 - 0.54]), 'boxcar': boxcar,
    'blackman': lambda M: _gc(M, [0.42, 0.50, 0.08]), 'blackmanharris': lambda M: _gc(M, [0.35875, 0.48829, 0.14128, 0.01168]),
    'nuttall': lambda M: _gc(M, [0.3635819, 0.4891775, 0.1365995, 0.0106411]),
    'flattop': lambda M: _gc(M, [0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368]),
    'bartlett': bartlett, 'barthann': barthann, 'bohman': bohman, 'cosine': cosine, 'exponential': exponential,
    'lanczos': lanczos, 'parzen': parzen, 'taylor': taylor, 'triang': triang, 'tukey': tukey}
def get_window(name, M, fftbins):
    if M <= 1: return np.ones(M)
    if fftbins: return FUNCS[name](M + 1)[:-1]
    return FUNCS[name](M)
";
    }
}
