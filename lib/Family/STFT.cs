using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Initializers.Config;

namespace Initializers.Family
{
    /// <summary><c>keras.initializers.STFT(side="real", window="hann", scaling="density", periodic=False)</c> (Keras 3.7+):
    /// the Conv1D kernels of a short-time Fourier transform, as Keras's <c>STFTSpectrogram</c> layer uses them. For a
    /// shape (frame_length T, 1, fft_bins F), n = 2(F − 1), element [t, 0, k] is cos(−2π·t·k/n) ("real") or
    /// sin(−2π·t·k/n) ("imag"), times win[t] / s with s = sqrt(Σ win²) ("density"), Σ |win| ("spectrum") or 1 (none).
    /// Keras computes every step in the requested dtype; so does this class (float32 arguments of cos are rounded as
    /// Keras's are), and the sums are taken in float64 and rounded once. Not random: it takes no seed.</summary>
    /// <remarks>In C#, <c>window</c> and <c>scaling</c> default to "hann" and "density"; an explicit null means none,
    /// as Keras's None does. Keras unpacks the shape as (frame_length, input_channels, fft_bins) and returns a (T, 1, F) kernel whatever
    /// input_channels is; a shape whose middle dimension is not 1 is refused here (InvalidShape), as is F = 1, for which
    /// Keras divides 0 by 0 and returns NaN. Floating dtypes only. Named windows are scipy's
    /// <c>get_window(name, T, fftbins=periodic)</c>, computed here for the windows that take no parameter.</remarks>
    [KerasInitializer(
        "STFT Conv1D kernels (Keras 3.7+): the real or imaginary part of e^(-2πi·t·k/n), windowed and scaled; shape (frame_length, 1, fft_bins).",
        "cos|sin(−2π·t·k/(2(F−1))) · win[t] / s",
        DTypeSet.Floating,
        Aliases = new[] { "STFTInitializer", "stft_initializer" },
        Keras3Only = true)]
    public sealed class STFT : Initializer
    {
        private readonly double[]? values;

        /// <summary>An initializer of STFT kernels.</summary>
        /// <param name="side"><c>"real"</c> (cosine) or <c>"imag"</c> (sine); anything else is refused (InvalidConfigValue).</param>
        /// <param name="window">A scipy window name that takes no parameter (<c>hann</c>, <c>hamming</c>, <c>boxcar</c>,
        /// <c>blackman</c>, ...; optionally ending in <c>_symmetric</c> or <c>_periodic</c>), a flat list of frame_length
        /// finite numbers, or null for no window. An unknown name, or one that needs parameters (<c>kaiser</c>), is
        /// InvalidWindow; a list's length is checked against the shape when the initializer is called.</param>
        /// <param name="scaling"><c>"density"</c> (divide by the window's L2 norm), <c>"spectrum"</c> (by its L1 norm) or
        /// null (no scaling); anything else is refused (InvalidConfigValue).</param>
        /// <param name="periodic">True for the periodic window (scipy <c>fftbins=True</c>: the symmetric window of
        /// frame_length + 1 points without its last), false for the symmetric one.</param>
        public STFT(
            [ConfigKey("'real' (cosine kernels) or 'imag' (sine kernels).")][Optional][DefaultParameterValue("real")] string side,
            [ConfigKey("A scipy window name ('hann', 'hamming', 'boxcar', ...), a list of frame_length values, or $null for none.")][Optional][DefaultParameterValue("hann")] object? window,
            [ConfigKey("'density' (L2 norm of the window), 'spectrum' (L1 norm) or $null (none).")][Optional][DefaultParameterValue("density")] object? scaling,
            [ConfigKey("True for a periodic window (scipy fftbins=True), false for a symmetric one.")][Optional][DefaultParameterValue(false)] bool periodic)
        {
            if (side is not ("real" or "imag"))
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"side should be 'real' or 'imag', not {ConfigValues.Format(side)}.",
                    side);
            }

            switch (window)
            {
                case null:
                    break;
                case string name:
                    ScipyWindows.Check(name, ClassName);
                    break;
                case IEnumerable list and not IDictionary:
                    values = list.Cast<object?>().Select(v => v is IEnumerable and not string
                        ? throw ConfigArgs.WrongType(ClassName, "window", window, "a window name, a flat list of numbers or null")
                        : ConfigArgs.CheckedNumber(ClassName, "window", v)).ToArray();
                    window = values.ToList();
                    break;
                default:
                    throw ConfigArgs.WrongType(ClassName, "window", window, "a window name, a flat list of numbers or null");
            }

            if (scaling is not (null or "density" or "spectrum"))
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"Scaling is invalid, it must be `None`, 'density' or 'spectrum'. Received scaling={ConfigValues.Format(scaling)}.",
                    scaling);
            }

            Side = side;
            Window = window;
            Scaling = (string?)scaling;
            Periodic = periodic;
        }

        /// <inheritdoc/>
        public override string ClassName => "STFT";

        /// <summary><c>"real"</c> or <c>"imag"</c>.</summary>
        public string Side { get; }

        /// <summary>The window: its name (a string), its values (a list of doubles), or null for none.</summary>
        public object? Window { get; }

        /// <summary><c>"density"</c>, <c>"spectrum"</c> or null.</summary>
        public string? Scaling { get; }

        /// <summary>True for a periodic window, false for a symmetric one.</summary>
        public bool Periodic { get; }

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            // Keras's get_config order.
            yield return Arg("side", Side);
            yield return Arg("window", Window);
            yield return Arg("periodic", Periodic);
            yield return Arg("scaling", Scaling);
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype)
        {
            RequireFloating(dtype);
            if (shape.Length != 3)
            {
                throw new InitializerException(
                    "InvalidRank",
                    ErrorKind.InvalidArgument,
                    $"STFT kernels have shape (frame_length, 1, fft_bins), rank 3. Received: shape={TensorShape.Format(shape)} of rank {shape.Length}.",
                    shape);
            }

            if (shape[1] != 1)
            {
                throw new InitializerException(
                    "InvalidShape",
                    ErrorKind.InvalidArgument,
                    $"STFT kernels have one input channel: shape (frame_length, 1, fft_bins). Received: shape={TensorShape.Format(shape)} " +
                    "(Keras returns a kernel with 1 channel whatever the shape asks for).",
                    shape);
            }

            if (shape[2] == 1)
            {
                throw new InitializerException(
                    "InvalidShape",
                    ErrorKind.InvalidArgument,
                    $"STFT needs fft_bins = fft_length / 2 + 1 of at least 2. Received: shape={TensorShape.Format(shape)} " +
                    "(with 1 bin Keras divides by fft_length = 0 and returns NaN).",
                    shape);
            }

            if (Window is string name && shape[0] == 0)
            {
                throw new InitializerException(
                    "InvalidShape",
                    ErrorKind.InvalidArgument,
                    $"Parameter Nx=0 is not a positive integer: the window '{name}' needs frame_length of at least 1. Received: shape={TensorShape.Format(shape)}.",
                    shape);
            }

            if (values is not null && values.Length != shape[0])
            {
                throw new InitializerException(
                    "InvalidShape",
                    ErrorKind.InvalidArgument,
                    $"The shape of `window` must be equal to [frame_length]. Received: window shape=({values.Length},), frame_length {shape[0]} " +
                    $"(shape={TensorShape.Format(shape)}).",
                    shape);
            }
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype)
        {
            double R(double x) => HalfConversions.RoundTo(dtype, x);
            int frames = shape[0], bins = shape[2];
            var win = Window switch
            {
                string name => ScipyWindows.Get(name, frames, Periodic, ClassName).Select(R).ToArray(),
                _ => values?.Select(R).ToArray(),
            };
            var scale = win is null ? 1.0 : Scaling switch
            {
                "density" => R(Math.Sqrt(R(win.Sum(w => R(w * w))))),
                "spectrum" => R(win.Sum(Math.Abs)),
                _ => 1.0,
            };

            // Keras: freq = arange(F) / n, args = (-2 · t) · freq · arccos(-1), each op rounded to the dtype.
            var n = (bins - 1) * 2;
            var pi = R(Math.PI);
            var freq = Enumerable.Range(0, bins).Select(k => R(R(k) / n)).ToArray();
            var kernel = new double[(long)frames * bins];
            for (var t = 0; t < frames; t++)
            {
                var time = R(-2 * R(t));
                for (var k = 0; k < bins; k++)
                {
                    var arg = R(R(time * freq[k]) * pi);
                    var v = R(Side == "real" ? Math.Cos(arg) : Math.Sin(arg));
                    kernel[((long)t * bins) + k] = win is null ? v : R(R(v * win[t]) / scale);
                }
            }

            return Tensor.FromArray(kernel, shape, dtype);
        }
    }
}
