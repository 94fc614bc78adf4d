using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using MathNet.Numerics;
using NComplex = System.Numerics.Complex;

namespace Initializers.IO
{
    /// <summary>numpy's <c>.npy</c> format: one tensor per file. Reads format 1.0, 2.0 and 3.0, little- and big-endian,
    /// C or Fortran order (returned row-major), 0-d and empty arrays, and headers from other writers; writes format 1.0
    /// byte for byte as numpy 1.24 does (2.0 only if a header ever needed it).</summary>
    /// <remarks>
    /// <para>dtypes: float16 <c>&lt;f2</c>, float32 <c>&lt;f4</c>, float64 <c>&lt;f8</c>, int8 <c>|i1</c>, int16/32/64
    /// <c>&lt;i2</c>/<c>&lt;i4</c>/<c>&lt;i8</c>, uint8 <c>|u1</c>, uint16/32/64 <c>&lt;u2</c>/<c>&lt;u4</c>/<c>&lt;u8</c>, bool
    /// <c>|b1</c>, complex64 <c>&lt;c8</c>, complex128 <c>&lt;c16</c>, string <c>&lt;U<i>n</i></c> (UTF-32; <c>|S<i>n</i></c>
    /// reads as latin-1 text). bfloat16 has no portable .npy form and is refused (UnsupportedDType).</para>
    /// <para>Every check happens before anything is allocated: the header length, each dimension, the shape product
    /// and the data size (all with checked arithmetic) against the bytes the file holds. Errors are
    /// <see cref="InitializerException"/>s whose <see cref="InitializerException.SourceName"/> is the file:
    /// NpyBadMagic, NpyUnsupportedVersion, NpyHeaderTooLarge, NpyHeaderInvalid, NpyTruncated, NpyInvalidShape,
    /// ShapeOverflow, TensorTooLarge, UnsupportedDType, PickleRefused, NpyInvalidValue; FileNotFound, PathIsDirectory
    /// and FileOpenFailed for the path itself. Bytes after the data are ignored, as numpy ignores them.</para>
    /// </remarks>
    public static class Npy
    {
        /// <summary>The longest header read, in bytes (numpy's default <c>max_header_size</c> since 1.24).</summary>
        public const int MaxHeaderSize = 10000;

        private const int GrowthAxisMaxDigits = 21;
        private const int ArrayAlign = 64;
        /// <summary>The bytes <see cref="Write(Stream, Tensor, string)"/> hands the stream per call after the header:
        /// deflate's output depends on these call sizes, so the streaming .npz writer makes the same calls.</summary>
        internal const int ChunkBytes = 1 << 20;
        private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

        /// <summary>Reads the tensor in the .npy file at <paramref name="path"/>, streaming it from the file.</summary>
        /// <param name="path">The .npy file.</param>
        /// <returns>The tensor, row-major.</returns>
        /// <exception cref="InitializerException">See the remarks on <see cref="Npy"/>.</exception>
        public static Tensor Read(string path)
        {
            using var stream = OpenRead(path);
            return Read(stream, stream.Length, path);
        }

        /// <summary>As <see cref="Read(string)"/>, stopping with <see cref="OperationCanceledException"/> when
        /// <paramref name="cancellationToken"/> is cancelled (checked before every 1 MiB of data).</summary>
        /// <param name="path">The .npy file.</param>
        /// <param name="cancellationToken">Stops the read when cancelled.</param>
        /// <returns>The tensor, row-major.</returns>
        /// <exception cref="InitializerException">See the remarks on <see cref="Npy"/>.</exception>
        public static Tensor Read(string path, CancellationToken cancellationToken)
        {
            using (Cancellation.Use(cancellationToken))
            {
                return Read(path);
            }
        }

        /// <summary>Reads one .npy document from <paramref name="stream"/>, which holds <paramref name="length"/> bytes
        /// from its current position (for a zip member: its uncompressed size). No more than that is read.</summary>
        /// <param name="stream">The stream, positioned at the magic string.</param>
        /// <param name="length">The bytes available; every size in the header is checked against it first.</param>
        /// <param name="sourceName">Names the source in error messages (a path, or <c>archive.npz:member</c>).</param>
        /// <returns>The tensor, row-major.</returns>
        /// <exception cref="InitializerException">See the remarks on <see cref="Npy"/>.</exception>
        public static Tensor Read(Stream stream, long length, string sourceName)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            var prefix = new byte[8];
            if (length < 8 || ReadFully(stream, prefix, 0, 8) < 8 || !StartsWithMagic(prefix))
            {
                throw Error("NpyBadMagic", ErrorKind.InvalidData, $"'{sourceName}' is not a .npy file: it does not start with \\x93NUMPY.", sourceName, sourceName);
            }

            int major = prefix[6];
            int minor = prefix[7];
            if (major < 1 || major > 3 || minor != 0)
            {
                throw Error(
                    "NpyUnsupportedVersion",
                    ErrorKind.InvalidData,
                    $"'{sourceName}' is .npy format {major}.{minor}; only 1.0, 2.0 and 3.0 exist.",
                    $"{major}.{minor}",
                    sourceName);
            }

            var lengthBytes = major == 1 ? 2 : 4;
            var lengthField = new byte[4];
            if (ReadFully(stream, lengthField, 0, lengthBytes) < lengthBytes || length < 8 + lengthBytes)
            {
                throw Truncated(sourceName, "the header length field");
            }

            long headerLength = major == 1 ? lengthField[0] | (lengthField[1] << 8) : (uint)(lengthField[0] | (lengthField[1] << 8) | (lengthField[2] << 16) | (lengthField[3] << 24));
            var dataOffset = 8 + lengthBytes + headerLength;
            if (dataOffset > length)
            {
                throw Error(
                    "NpyTruncated",
                    ErrorKind.InvalidData,
                    $"The .npy header of '{sourceName}' claims {headerLength} bytes, but the file holds only {length - 8 - lengthBytes} after the length field.",
                    headerLength,
                    sourceName);
            }

            if (headerLength > MaxHeaderSize)
            {
                throw Error(
                    "NpyHeaderTooLarge",
                    ErrorKind.LimitsExceeded,
                    $"The .npy header of '{sourceName}' is {headerLength} bytes; at most {MaxHeaderSize} are read (numpy's max_header_size).",
                    headerLength,
                    sourceName);
            }

            var headerBytes = new byte[headerLength];
            if (ReadFully(stream, headerBytes, 0, headerBytes.Length) < headerBytes.Length)
            {
                throw Truncated(sourceName, "the header");
            }

            var header = NpyHeader.Parse(DecodeHeader(headerBytes, major, sourceName), sourceName);
            if (header.StructuredDescr is not null)
            {
                if (System.Text.RegularExpressions.Regex.IsMatch(header.StructuredDescr, "['\"][<>|=]?O[0-9]*['\"]"))
                {
                    throw Error("PickleRefused", ErrorKind.InvalidData, $"'{sourceName}' holds a structured array with an object field (descr {header.StructuredDescr}): its data is a Python pickle, which is never loaded.", header.StructuredDescr, sourceName);
                }

                throw Error("UnsupportedDType", ErrorKind.InvalidData, $"'{sourceName}' holds a structured array (descr {header.StructuredDescr}), which is none of the tensor dtypes.", header.StructuredDescr, sourceName);
            }

            var descr = NpyDescr.Parse(header.Descr!, sourceName);
            var shape = CheckShape(header.Shape, descr, length - dataOffset, sourceName);
            var fileShape = header.FortranOrder ? Reversed(shape) : shape;
            var data = ReadData(stream, descr, fileShape, sourceName);
            if (header.FortranOrder && shape.Length > 1)
            {
                data = FromFortranOrder(data, shape);
            }

            return new Tensor(shape, descr.DType, data);
        }

        /// <summary>Writes <paramref name="tensor"/> to <paramref name="path"/> as numpy 1.24's <c>np.save</c> would,
        /// through <see cref="AtomicFile"/> (the old file stays whole if anything fails).</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="tensor">The tensor; bfloat16 is UnsupportedDType.</param>
        /// <param name="overwriteReadOnly">Replace a read-only file.</param>
        /// <exception cref="InitializerException">UnsupportedDType, NpyInvalidValue (a string with a lone surrogate),
        /// or one of <see cref="AtomicFile.Write"/>'s errors.</exception>
        public static void Write(string path, Tensor tensor, bool overwriteReadOnly = false)
        {
            if (tensor is null)
            {
                throw new ArgumentNullException(nameof(tensor));
            }

            Write(path, TensorSource.From(tensor), overwriteReadOnly);
        }

        /// <summary>As <see cref="Write(string, Tensor, bool)"/>, stopping with <see cref="OperationCanceledException"/>
        /// when <paramref name="cancellationToken"/> is cancelled (checked before every 1 MiB and before the final
        /// rename): a cancelled write leaves the old file as it was, or none, and no temporary file.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="tensor">The tensor; bfloat16 is UnsupportedDType.</param>
        /// <param name="overwriteReadOnly">Replace a read-only file.</param>
        /// <param name="cancellationToken">Stops the write when cancelled.</param>
        /// <exception cref="InitializerException">As <see cref="Write(string, Tensor, bool)"/>.</exception>
        public static void Write(string path, Tensor tensor, bool overwriteReadOnly, CancellationToken cancellationToken)
        {
            using (Cancellation.Use(cancellationToken))
            {
                Write(path, tensor, overwriteReadOnly);
            }
        }

        /// <summary>Writes an in-memory or streamed tensor to <paramref name="path"/>, through <see cref="AtomicFile"/>.</summary>
        internal static void Write(string path, TensorSource source, bool overwriteReadOnly)
        {
            // Validate (dtype, strings) before the temporary file exists.
            var plan = Plan(source, path);
            AtomicFile.Write(path, stream => WritePlanned(stream, source, plan, sameCalls: false), overwriteReadOnly);
        }

        /// <summary>Writes an in-memory or streamed tensor as one .npy document into <paramref name="stream"/> (an .npz
        /// member): the in-memory writer's calls, so that deflate comes out the same.</summary>
        internal static void Write(Stream stream, TensorSource source, string sourceName) =>
            WritePlanned(stream, source, Plan(source, sourceName), sameCalls: true);

        /// <summary>Writes <paramref name="tensor"/> as one .npy document into <paramref name="stream"/>.</summary>
        /// <param name="stream">Where the bytes go.</param>
        /// <param name="tensor">The tensor; bfloat16 is UnsupportedDType.</param>
        /// <param name="sourceName">Names the destination in error messages.</param>
        /// <exception cref="InitializerException">UnsupportedDType or NpyInvalidValue.</exception>
        public static void Write(Stream stream, Tensor tensor, string sourceName)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            if (tensor is null)
            {
                throw new ArgumentNullException(nameof(tensor));
            }

            Write(stream, TensorSource.From(tensor), sourceName);
        }

        /// <summary>The header numpy 1.24 writes for <paramref name="descr"/> and <paramref name="shape"/> (C order):
        /// magic, version, length field and the padded dict, ending in a newline at a multiple of 64 bytes.</summary>
        internal static byte[] Header(string descr, IReadOnlyList<int> shape) => Header(descr, shape.Select(d => (long)d).ToArray());

        /// <summary>The header for a shape whose dimensions may exceed 32 bits (a streamed tensor).</summary>
        internal static byte[] Header(string descr, IReadOnlyList<long> shape)
        {
            var dims = new StringBuilder();
            dims.Append('(');
            for (var i = 0; i < shape.Count; i++)
            {
                dims.Append(i == 0 ? "" : ", ").Append(shape[i].ToString(CultureInfo.InvariantCulture));
            }

            dims.Append(shape.Count == 1 ? ",)" : ")");
            var dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
            if (shape.Count > 0)
            {
                dict += new string(' ', GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length);
            }

            // numpy's _wrap_header: spaces, then '\n', so that magic + length field + header is a multiple of 64.
            var major = 1;
            var fieldBytes = 2;
            var padded = Pad(dict, fieldBytes);
            if (padded.Length > ushort.MaxValue)
            {
                major = 2;
                fieldBytes = 4;
                padded = Pad(dict, fieldBytes);
            }

            var result = new byte[8 + fieldBytes + padded.Length];
            Array.Copy(Magic, result, Magic.Length);
            result[6] = (byte)major;
            result[7] = 0;
            var n = padded.Length;
            for (var i = 0; i < fieldBytes; i++)
            {
                result[8 + i] = (byte)(n >> (8 * i));
            }

            for (var i = 0; i < padded.Length; i++)
            {
                result[8 + fieldBytes + i] = (byte)padded[i];
            }

            return result;
        }

        internal static InitializerException Error(string errorId, ErrorKind kind, string message, object? target, string source) =>
            new(errorId, kind, message, target) { SourceName = source };

        /// <summary>Opens a file for streaming reads, mapping the usual failures to InitializerException.</summary>
        internal static FileStream OpenRead(string path)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                throw Error("PathIsDirectory", ErrorKind.InvalidArgument, $"'{full}' is a directory; give a file path.", full, full);
            }

            if (!File.Exists(full))
            {
                throw Error("FileNotFound", ErrorKind.ObjectNotFound, $"Cannot find the file '{full}'.", full, full);
            }

            try
            {
                return new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InitializerException("FileOpenFailed", ErrorKind.ReadError, $"Cannot read '{full}': {ex.Message}", full, ex) { SourceName = full };
            }
        }

        private static string Pad(string dict, int fieldBytes)
        {
            var hlen = dict.Length + 1;
            var padlen = ArrayAlign - ((Magic.Length + 2 + fieldBytes + hlen) % ArrayAlign);
            return dict + new string(' ', padlen) + "\n";
        }

        private static (string Descr, int Width) Plan(TensorSource tensor, string source)
        {
            var width = 0;
            if (tensor.DType == DType.String)
            {
                width = 1; // numpy never writes U0: np.array(['']) is <U1.
                foreach (var s in (string[])tensor.Tensor!.Data)
                {
                    width = Math.Max(width, CodePoints(s, source));
                }
            }

            return (NpyDescr.For(tensor.DType, width, source), width);
        }

        private static void WritePlanned(Stream stream, TensorSource tensor, (string Descr, int Width) plan, bool sameCalls)
        {
            var header = Header(plan.Descr, tensor.Shape);
            stream.Write(header, 0, header.Length);
            if (tensor.DType == DType.String)
            {
                WriteStrings(stream, (string[])tensor.Tensor!.Data, plan.Width);
                return;
            }

            tensor.WriteData(stream, header.Length, header.Length + tensor.ByteCount, sameCalls);
        }

        /// <summary>Writes the elements of a tensor of fixed-size elements (not string) as little-endian bytes, row-major,
        /// in chunks of at most 1 MiB: the data part of a .npy or safetensors file.</summary>
        internal static void WriteData(Stream stream, Tensor tensor)
        {
            var data = tensor.Data;
            var count = data.Length;
            var itemSize = tensor.DType.ElementSize();
            var unit = tensor.DType.IsComplex() ? itemSize / 2 : itemSize;
            var buffer = new byte[Math.Min(ChunkBytes, Math.Max(itemSize, count * (long)itemSize))];
            var perChunk = buffer.Length / itemSize;
            for (var start = 0; start < count; start += perChunk)
            {
                Cancellation.ThrowIfRequested();
                var n = Math.Min(perChunk, count - start);
                var bytes = Storage.Bytes(data, start, n);
                bytes.CopyTo(buffer);
                if (!BitConverter.IsLittleEndian)
                {
                    Swap(buffer, bytes.Length, unit);
                }

                stream.Write(buffer, 0, bytes.Length);
            }
        }

        private static void WriteStrings(Stream stream, string[] values, int width)
        {
            var element = new byte[width * 4L];
            for (var e = 0; e < values.Length; e++)
            {
                if ((e & 0xFFF) == 0)
                {
                    Cancellation.ThrowIfRequested();
                }

                // A null element is written as the empty string, as CodePoints counts it (PowerShell's $null as a string).
                var s = values[e] ?? "";
                Array.Clear(element, 0, element.Length);
                var k = 0;
                for (var i = 0; i < s.Length; i++)
                {
                    int cp = s[i];
                    if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        cp = char.ConvertToUtf32(s[i], s[i + 1]);
                        i++;
                    }

                    element[k] = (byte)cp;
                    element[k + 1] = (byte)(cp >> 8);
                    element[k + 2] = (byte)(cp >> 16);
                    element[k + 3] = (byte)(cp >> 24);
                    k += 4;
                }

                stream.Write(element, 0, element.Length);
            }
        }

        private static int CodePoints(string? s, string source)
        {
            if (s is null)
            {
                return 0;
            }

            var n = 0;
            for (var i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(s[i]))
                {
                    throw Error(
                        "NpyInvalidValue",
                        ErrorKind.InvalidData,
                        $"Cannot write the string at index {i} of a value to '{source}': it holds a lone surrogate (U+{(int)s[i]:X4}), which UTF-32 cannot encode.",
                        s,
                        source);
                }

                n++;
            }

            return n;
        }

        private static int[] CheckShape(List<string> dims, NpyDescr descr, long available, string source)
        {
            ulong count = 1;
            var overflow = false;
            var values = new ulong[dims.Count];
            for (var i = 0; i < dims.Count; i++)
            {
                var d = dims[i];
                if (d.StartsWith("-", StringComparison.Ordinal))
                {
                    throw Error("NpyInvalidShape", ErrorKind.InvalidData, $"'{source}' has the shape ({string.Join(", ", dims)}), with the negative dimension {d}; dimensions must be >= 0.", d, source);
                }

                if (!ulong.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
                {
                    throw Error("ShapeOverflow", ErrorKind.InvalidData, $"'{source}' has the shape ({string.Join(", ", dims)}), whose dimension {d} does not fit in 64 bits.", d, source);
                }
            }

            foreach (var v in values)
            {
                try
                {
                    count = checked(count * v);
                }
                catch (OverflowException)
                {
                    overflow = true;
                }
            }

            // A zero anywhere makes the product 0, whatever the other dimensions; otherwise an overflow is an error.
            if (Array.IndexOf(values, 0UL) >= 0)
            {
                count = 0;
                overflow = false;
            }

            ulong bytes = 0;
            if (!overflow)
            {
                try
                {
                    bytes = checked(count * (ulong)descr.ItemSize);
                }
                catch (OverflowException)
                {
                    overflow = true;
                }
            }

            if (overflow)
            {
                throw Error("ShapeOverflow", ErrorKind.InvalidData, $"'{source}' has the shape ({string.Join(", ", dims)}), whose size in bytes overflows 64 bits.", "(" + string.Join(", ", dims) + ")", source);
            }

            // Zero-width strings (U0, S0) take no bytes, so a 100-byte header could ask for two billion of them (16 GB
            // of references and seconds of work). numpy itself never writes them (it widens to U1); each is charged one
            // byte of the file, which bounds what a file can make to what it holds.
            if (descr.ItemSize == 0 && count > (ulong)Math.Max(0, available))
            {
                throw Error(
                    "TensorTooLarge",
                    ErrorKind.LimitsExceeded,
                    $"'{source}' claims shape ({string.Join(", ", dims)}) of zero-width strings ({count} elements) in {available} bytes of data; at most one zero-width element per byte of the file is read.",
                    count,
                    source);
            }

            if (bytes > (ulong)Math.Max(0, available))
            {
                throw Error(
                    "NpyTruncated",
                    ErrorKind.InvalidData,
                    $"'{source}' is truncated: the header claims shape ({string.Join(", ", dims)}) of descr {descr.DType.Name()} ({bytes} data bytes), but only {available} bytes follow the header.",
                    bytes,
                    source);
            }

            var shape = new int[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] > int.MaxValue)
                {
                    throw Error("TensorTooLarge", ErrorKind.LimitsExceeded, $"'{source}' has the shape ({string.Join(", ", dims)}); a tensor dimension is at most {int.MaxValue}.", values[i], source);
                }

                shape[i] = (int)values[i];
            }

            if (count > (ulong)TensorShape.MaxElements)
            {
                throw Error("TensorTooLarge", ErrorKind.LimitsExceeded, $"'{source}' holds {count} elements; one tensor holds at most {TensorShape.MaxElements}.", count, source);
            }

            return shape;
        }

        /// <summary>Reads <paramref name="shape"/>'s elements of <paramref name="descr"/> from the stream, row-major as
        /// stored; bool bytes other than 0 are true. The caller has checked the byte count against what the source holds.</summary>
        internal static Array ReadData(Stream stream, NpyDescr descr, int[] shape, string source)
        {
            var tensor = Tensor.Allocate(shape, descr.DType, uninitialized: descr.DType != DType.String);
            var data = tensor.Data;
            var count = data.Length;
            if (descr.DType == DType.String)
            {
                ReadStrings(stream, descr, (string[])data, source);
                return data;
            }

            var itemSize = (int)descr.ItemSize;
            var swap = descr.BigEndian == BitConverter.IsLittleEndian && descr.SwapUnit > 1;
            var buffer = new byte[Math.Min(ChunkBytes, Math.Max(itemSize, count * (long)itemSize))];
            var perChunk = buffer.Length / itemSize;
            for (var start = 0; start < count; start += perChunk)
            {
                Cancellation.ThrowIfRequested();
                var n = Math.Min(perChunk, count - start);
                var length = n * itemSize;
                if (ReadFully(stream, buffer, 0, length) < length)
                {
                    throw Truncated(source, "the data");
                }

                if (swap)
                {
                    Swap(buffer, length, descr.SwapUnit);
                }

                if (descr.DType == DType.Bool)
                {
                    // numpy writes 0 and 1; any other byte is true, as numpy's bool() of it is.
                    for (var i = 0; i < length; i++)
                    {
                        buffer[i] = buffer[i] == 0 ? (byte)0 : (byte)1;
                    }
                }

                buffer.AsSpan(0, length).CopyTo(Storage.Bytes(data, start, n));
            }

            return data;
        }

        private static void ReadStrings(Stream stream, NpyDescr descr, string[] values, string source)
        {
            if (descr.ItemSize > ChunkBytes * 64L)
            {
                throw Error("TensorTooLarge", ErrorKind.LimitsExceeded, $"'{source}' has strings of {descr.ItemSize} bytes each; at most {ChunkBytes * 64L} are read.", descr.ItemSize, source);
            }

            var element = new byte[descr.ItemSize];
            var sb = new StringBuilder();
            for (var e = 0; e < values.Length; e++)
            {
                if ((e & 0xFFF) == 0)
                {
                    Cancellation.ThrowIfRequested();
                }

                if (ReadFully(stream, element, 0, element.Length) < element.Length)
                {
                    throw Truncated(source, "the data");
                }

                sb.Clear();
                if (descr.StringKind == 'S')
                {
                    var end = element.Length;
                    while (end > 0 && element[end - 1] == 0)
                    {
                        end--;
                    }

                    for (var i = 0; i < end; i++)
                    {
                        sb.Append((char)element[i]);
                    }
                }
                else
                {
                    var units = element.Length / 4;
                    while (units > 0 && CodeUnit(element, units - 1, descr.BigEndian) == 0)
                    {
                        units--;
                    }

                    for (var i = 0; i < units; i++)
                    {
                        var cp = CodeUnit(element, i, descr.BigEndian);
                        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                        {
                            throw Error(
                                "NpyInvalidValue",
                                ErrorKind.InvalidData,
                                $"Element {e} of '{source}' holds 0x{cp:X}, which is not a Unicode code point.",
                                cp,
                                source);
                        }

                        sb.Append(char.ConvertFromUtf32((int)cp));
                    }
                }

                values[e] = sb.ToString();
            }
        }

        private static uint CodeUnit(byte[] element, int index, bool bigEndian)
        {
            var i = index * 4;
            return bigEndian
                ? (uint)((element[i] << 24) | (element[i + 1] << 16) | (element[i + 2] << 8) | element[i + 3])
                : (uint)(element[i] | (element[i + 1] << 8) | (element[i + 2] << 16) | (element[i + 3] << 24));
        }

        private static Array FromFortranOrder(Array data, int[] shape) => data switch
        {
            ushort[] a => Transpose(a, shape),
            float[] a => Transpose(a, shape),
            double[] a => Transpose(a, shape),
            sbyte[] a => Transpose(a, shape),
            short[] a => Transpose(a, shape),
            int[] a => Transpose(a, shape),
            long[] a => Transpose(a, shape),
            byte[] a => Transpose(a, shape),
            uint[] a => Transpose(a, shape),
            ulong[] a => Transpose(a, shape),
            bool[] a => Transpose(a, shape),
            Complex32[] a => Transpose(a, shape),
            NComplex[] a => Transpose(a, shape),
            string[] a => Transpose(a, shape),
            _ => throw new InvalidOperationException($"No transpose for {data.GetType()}."),
        };

        /// <summary>Column-major storage of <paramref name="shape"/> (which is the C-order storage of the reversed shape)
        /// to row-major: all axes reversed.</summary>
        private static T[] Transpose<T>(T[] source, int[] shape)
        {
            var result = new T[source.Length];
            if (source.Length == 0)
            {
                return result;
            }

            var rank = shape.Length;
            var fortranStrides = new long[rank];
            long stride = 1;
            for (var k = 0; k < rank; k++)
            {
                fortranStrides[k] = stride;
                stride *= shape[k];
            }

            var index = new int[rank];
            long f = 0;
            for (var c = 0; c < result.Length; c++)
            {
                result[c] = source[f];
                for (var k = rank - 1; k >= 0; k--)
                {
                    index[k]++;
                    f += fortranStrides[k];
                    if (index[k] < shape[k])
                    {
                        break;
                    }

                    f -= fortranStrides[k] * shape[k];
                    index[k] = 0;
                }
            }

            return result;
        }

        private static int[] Reversed(int[] shape)
        {
            var r = (int[])shape.Clone();
            Array.Reverse(r);
            return r;
        }

        private static void Swap(byte[] buffer, int length, int unit)
        {
            for (var i = 0; i + unit <= length; i += unit)
            {
                Array.Reverse(buffer, i, unit);
            }
        }

        private static string DecodeHeader(byte[] bytes, int major, string source)
        {
            if (major == 3)
            {
                try
                {
                    return new UTF8Encoding(false, true).GetString(bytes);
                }
                catch (DecoderFallbackException)
                {
                    throw Error("NpyHeaderInvalid", ErrorKind.InvalidData, $"The format 3.0 header of '{source}' is not valid UTF-8.", source, source);
                }
            }

            var chars = new char[bytes.Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[i] = (char)bytes[i]; // latin-1
            }

            return new string(chars);
        }

        private static bool StartsWithMagic(byte[] prefix)
        {
            for (var i = 0; i < Magic.Length; i++)
            {
                if (prefix[i] != Magic[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static InitializerException Truncated(string source, string what) =>
            Error("NpyTruncated", ErrorKind.InvalidData, $"'{source}' is truncated: it ends inside {what}.", source, source);

        /// <summary>Reads until <paramref name="count"/> bytes are in or the stream ends; returns how many arrived.</summary>
        internal static int ReadFully(Stream stream, byte[] buffer, int offset, int count)
        {
            var total = 0;
            while (total < count)
            {
                var n = stream.Read(buffer, offset + total, count - total);
                if (n <= 0)
                {
                    break;
                }

                total += n;
            }

            return total;
        }
    }
}
