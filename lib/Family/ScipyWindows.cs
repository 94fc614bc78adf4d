using System;
using System.Collections.Generic;
using System.Linq;

namespace Initializers.Family
{
    /// <summary>The window functions of <c>scipy.signal.get_window(name, M, fftbins)</c> that take no parameter, with
    /// scipy's formulas (scipy/signal/windows/_windows.py) in float64: what Keras's <see cref="STFT"/> calls for a
    /// window given by name. <c>fftbins=True</c> (STFT's <c>periodic</c>) builds the symmetric window of M + 1 points
    /// and drops the last; a name ending in <c>_symmetric</c> or <c>_periodic</c> overrides it, as in scipy.</summary>
    internal static class ScipyWindows
    {
        /// <summary>The canonical name of each supported window (scipy's first name for it), for error messages and help. Declared
        /// before <see cref="Functions"/>, whose initializer fills it.</summary>
        private static readonly List<string> Canonical = new();

        /// <summary>Each name and alias of scipy's table with its symmetric window of M ≥ 2 points (scipy answers ones for M ≤ 1).</summary>
        private static readonly Dictionary<string, Func<int, double[]>> Functions = Table();

        /// <summary>The windows of scipy's table that need parameters: a name alone is scipy's error.</summary>
        private static readonly string[] NeedParameters =
        {
            "chebwin", "cheb", "dpss", "gaussian", "gauss", "gss", "general cosine", "general_cosine", "general gaussian",
            "general_gaussian", "general gauss", "general_gauss", "ggs", "general hamming", "general_hamming", "kaiser", "ksr",
            "kaiser bessel derived", "kaiser_bessel_derived", "kbd",
        };

        /// <summary>Checks <paramref name="window"/> as <c>get_window(window, 1)</c> does; scipy's errors, with the names
        /// that work.</summary>
        /// <param name="window">A window name.</param>
        /// <param name="className">The initializer, for the message.</param>
        public static void Check(string window, string className) => Resolve(window, className, periodic: false);

        /// <summary><c>scipy.signal.get_window(window, length, fftbins=periodic)</c>.</summary>
        /// <param name="window">A window name, optionally ending in <c>_symmetric</c> or <c>_periodic</c>.</param>
        /// <param name="length">The number of points, at least 1.</param>
        /// <param name="periodic">scipy's <c>fftbins</c>: true for the periodic (DFT-even) window, false for the symmetric one.</param>
        /// <param name="className">The initializer, for error messages.</param>
        public static double[] Get(string window, int length, bool periodic, string className)
        {
            var (function, sym) = Resolve(window, className, periodic);
            if (length <= 1)
            {
                return Enumerable.Repeat(1.0, length).ToArray();
            }

            if (sym)
            {
                return function(length);
            }

            var extended = function(length + 1);
            return extended.Take(length).ToArray();
        }

        private static (Func<int, double[]> Function, bool Sym) Resolve(string window, string className, bool periodic)
        {
            var sym = !periodic;
            var name = window;
            if (name.EndsWith("_symmetric", StringComparison.Ordinal))
            {
                sym = true;
                name = name.Substring(0, name.Length - "_symmetric".Length);
            }
            else if (name.EndsWith("_periodic", StringComparison.Ordinal))
            {
                sym = false;
                name = name.Substring(0, name.Length - "_periodic".Length);
            }

            if (Functions.TryGetValue(name, out var function))
            {
                return (function, sym);
            }

            var supported = $" {className} computes the scipy windows that take no parameter: {string.Join(", ", Canonical)}" +
                " (and scipy's short names for them; each may end in _symmetric or _periodic); give any other window as a list of frame_length values.";
            if (NeedParameters.Contains(name))
            {
                throw new InitializerException(
                    "InvalidWindow",
                    ErrorKind.InvalidArgument,
                    $"'{name}' must have parameters, but window='{window}'!" + supported,
                    window);
            }

            throw new InitializerException(
                "InvalidWindow",
                ErrorKind.InvalidArgument,
                $"Invalid window name '{name}' in parameter window='{window}'!" + supported,
                window);
        }

        private static Dictionary<string, Func<int, double[]>> Table()
        {
            var table = new Dictionary<string, Func<int, double[]>>(StringComparer.Ordinal);
            void Add(Func<int, double[]> f, params string[] names)
            {
                Canonical.Add(names[0]);
                foreach (var n in names)
                {
                    table.Add(n, f);
                }
            }

            Add(Hann, "hann", "han");
            Add(m => GeneralCosine(m, 0.54, 1.0 - 0.54), "hamming", "hamm", "ham");
            Add(m => Enumerable.Repeat(1.0, m).ToArray(), "boxcar", "box", "ones", "rect", "rectangular");
            Add(m => GeneralCosine(m, 0.42, 0.50, 0.08), "blackman", "black", "blk");
            Add(m => GeneralCosine(m, 0.35875, 0.48829, 0.14128, 0.01168), "blackmanharris", "blackharr", "bkh");
            Add(m => GeneralCosine(m, 0.3635819, 0.4891775, 0.1365995, 0.0106411), "nuttall", "nutl", "nut");
            Add(m => GeneralCosine(m, 0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368), "flattop", "flat", "flt");
            Add(Bartlett, "bartlett", "bart", "brt");
            Add(Barthann, "barthann", "brthan", "bth");
            Add(Bohman, "bohman", "bman", "bmn");
            Add(Cosine, "cosine", "halfcosine");
            Add(Exponential, "exponential", "poisson");
            Add(Lanczos, "lanczos", "sinc");
            Add(Parzen, "parzen", "parz", "par");
            Add(Taylor, "taylor", "taylorwin");
            Add(Triang, "triangle", "triang", "tri");
            Add(Tukey, "tukey", "tuk");
            return table;
        }

        /// <summary>numpy's <c>linspace(start, stop, m)</c>: start + i·step, the last point exactly stop.</summary>
        private static double[] Linspace(double start, double stop, int m)
        {
            var step = (stop - start) / (m - 1);
            var y = new double[m];
            for (var i = 0; i < m; i++)
            {
                y[i] = (i * step) + start;
            }

            y[m - 1] = stop;
            return y;
        }

        private static double[] Hann(int m) => GeneralCosine(m, 0.5, 0.5);

        /// <summary>Σ a[k]·cos(k·fac), fac = linspace(−π, π, m) (scipy <c>general_cosine</c>: Hann, Hamming, Blackman, ...).</summary>
        private static double[] GeneralCosine(int m, params double[] a)
        {
            var fac = Linspace(-Math.PI, Math.PI, m);
            var w = new double[m];
            for (var k = 0; k < a.Length; k++)
            {
                for (var i = 0; i < m; i++)
                {
                    w[i] += a[k] * Math.Cos(k * fac[i]);
                }
            }

            return w;
        }

        private static double[] Bartlett(int m) =>
            Enumerable.Range(0, m).Select(i => i <= (m - 1) / 2.0 ? 2.0 * i / (m - 1) : 2.0 - (2.0 * i / (m - 1))).ToArray();

        private static double[] Barthann(int m) => Enumerable.Range(0, m).Select(i =>
        {
            var fac = Math.Abs((i / (m - 1.0)) - 0.5);
            return 0.62 - (0.48 * fac) + (0.38 * Math.Cos(2 * Math.PI * fac));
        }).ToArray();

        private static double[] Bohman(int m)
        {
            var fac = Linspace(-1, 1, m);
            var w = new double[m];
            for (var i = 1; i < m - 1; i++)
            {
                var f = Math.Abs(fac[i]);
                w[i] = ((1 - f) * Math.Cos(Math.PI * f)) + (1.0 / Math.PI * Math.Sin(Math.PI * f));
            }

            return w;
        }

        private static double[] Cosine(int m) => Enumerable.Range(0, m).Select(i => Math.Sin(Math.PI / m * (i + 0.5))).ToArray();

        /// <summary>exp(−|n − center|/τ) with center (m − 1)/2 and τ = 1 (scipy's defaults).</summary>
        private static double[] Exponential(int m) => Enumerable.Range(0, m).Select(i => Math.Exp(-Math.Abs(i - ((m - 1) / 2.0)) / 1.0)).ToArray();

        private static double[] Lanczos(int m)
        {
            // scipy mirrors the right half so the window is exactly symmetric.
            double Sinc(double x) => x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
            var half = m / 2;
            var right = Enumerable.Range(m - half, half).Select(n => Sinc((2.0 * n / (m - 1)) - 1.0)).ToArray();
            var middle = m % 2 == 1 ? new[] { 1.0 } : Array.Empty<double>();
            return Enumerable.Reverse(right).Concat(middle).Concat(right).ToArray();
        }

        private static double[] Parzen(int m) => Enumerable.Range(0, m).Select(i =>
        {
            var n = Math.Abs(-(m - 1) / 2.0 + i);
            var r = n / (m / 2.0);
            return n <= (m - 1) / 4.0 ? 1 - (6 * Math.Pow(r, 2.0)) + (6 * Math.Pow(r, 3.0)) : 2 * Math.Pow(1 - r, 3.0);
        }).ToArray();

        /// <summary>Taylor with scipy's defaults nbar = 4, sll = 30 dB, normalized to 1 at the centre.</summary>
        private static double[] Taylor(int m)
        {
            const int nbar = 4;
            const double sll = 30;
            var b = Math.Pow(10, sll / 20);
            var a = Math.Log(b + Math.Sqrt((b * b) - 1)) / Math.PI; // acosh
            var s2 = (nbar * nbar) / ((a * a) + ((nbar - 0.5) * (nbar - 0.5)));
            var ma = Enumerable.Range(1, nbar - 1).Select(x => (double)x).ToArray();
            var fm = new double[nbar - 1];
            for (var mi = 0; mi < ma.Length; mi++)
            {
                var m2 = ma[mi] * ma[mi];
                var numer = (mi % 2 == 0 ? 1.0 : -1.0) * ma.Aggregate(1.0, (p, x) => p * (1 - (m2 / s2 / ((a * a) + ((x - 0.5) * (x - 0.5))))));
                var denom = 2.0;
                for (var j = 0; j < ma.Length; j++)
                {
                    if (j != mi)
                    {
                        denom *= 1 - (m2 / (ma[j] * ma[j]));
                    }
                }

                fm[mi] = numer / denom;
            }

            double W(double n)
            {
                var sum = 0.0;
                for (var j = 0; j < ma.Length; j++)
                {
                    sum += fm[j] * Math.Cos(2 * Math.PI * ma[j] * (n - (m / 2.0) + 0.5) / m);
                }

                return 1 + (2 * sum);
            }

            var scale = 1.0 / W((m - 1) / 2.0);
            return Enumerable.Range(0, m).Select(i => W(i) * scale).ToArray();
        }

        private static double[] Triang(int m)
        {
            var half = (m + 1) / 2;
            var w = Enumerable.Range(1, half).Select(n => m % 2 == 0 ? ((2.0 * n) - 1.0) / m : 2.0 * n / (m + 1.0)).ToArray();
            return w.Concat(Enumerable.Reverse(w).Skip(m % 2)).ToArray();
        }

        /// <summary>Tukey with scipy's default α = 0.5: cosine tapers over a quarter of the window at each end.</summary>
        private static double[] Tukey(int m)
        {
            const double alpha = 0.5;
            var width = (int)Math.Floor(alpha * (m - 1) / 2.0);
            return Enumerable.Range(0, m).Select(n =>
                n <= width ? 0.5 * (1 + Math.Cos(Math.PI * (-1 + (2.0 * n / alpha / (m - 1)))))
                : n >= m - width - 1 ? 0.5 * (1 + Math.Cos(Math.PI * ((-2.0 / alpha) + 1 + (2.0 * n / alpha / (m - 1)))))
                : 1.0).ToArray();
        }
    }
}
