using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using Initializers.Serialization;

namespace Initializers.IO
{
    /// <summary>Comma-separated text in the layout that <c>numpy.loadtxt(path, delimiter=',')</c> reads and
    /// <c>numpy.savetxt(path, a, delimiter=',')</c> writes: a rank-2 tensor as one line per row, a rank-1 tensor as one
    /// value per line, a rank-0 tensor as one value. Both directions stream, line by line.</summary>
    /// <remarks>
    /// <para>Writing: invariant culture, '\n' line ends, UTF-8 without a byte order mark. float32 and float64 are the
    /// shortest text that reads back as the same value (<c>0.1</c>, <c>1e-07</c>, <c>nan</c>, <c>inf</c>, <c>-0</c>), so a
    /// round trip is bit-exact; float16 and bfloat16 are the shortest text of their float value (read them back with
    /// that dtype); integers are plain integers. bool, complex and string are UnsupportedDType (numpy.loadtxt cannot
    /// read them back from this layout): .npy and .npz hold them. Rank 3 and more is InvalidRank.</para>
    /// <para>Reading follows numpy.loadtxt: the text after '#' on a line is a comment, blank lines are skipped, spaces
    /// around a value are ignored, the default dtype is float64, and the shape follows <c>ndmin</c> as loadtxt's does:
    /// with 0 a single row or a single column comes back as a vector and a single value as a scalar; with 1 a single
    /// value comes back as a vector of one; with 2 the result is always a matrix (a single row 1×n, a single column
    /// n×1). An empty file is an empty vector (0 or ×1 with ndmin 2), as in numpy. Errors are
    /// <see cref="InitializerException"/>s whose <see cref="InitializerException.SourceName"/> is the file: CsvRagged
    /// (a row with another number of columns than the first), CsvInvalidValue (a value that is not a number of the
    /// dtype, or out of its range), both naming the line, the column and the text; UnsupportedDType; InvalidArgument
    /// for an ndmin other than 0, 1 or 2; FileNotFound, PathIsDirectory and FileOpenFailed for the path itself.</para>
    /// </remarks>
    public static class Csv
    {
        private const string CanHold = "numpy's .npy and .npz hold it (Export-Tensor -Format Npy or Npz)";

        /// <summary>Reads the tensor in the CSV file at <paramref name="path"/>, streaming it line by line.</summary>
        /// <param name="path">The CSV file.</param>
        /// <param name="dtype">The element type, like loadtxt's <c>dtype</c>: float64 by default; a real float or an
        /// integer type (integers must be written as integers).</param>
        /// <param name="ndmin">The minimum rank, like loadtxt's <c>ndmin</c>: 0, 1 or 2 (see the remarks on
        /// <see cref="Csv"/>).</param>
        /// <returns>The tensor, rank 0 to 2.</returns>
        /// <exception cref="InitializerException">See the remarks on <see cref="Csv"/>.</exception>
        public static Tensor Read(string path, DType dtype = DType.Float64, int ndmin = 0)
        {
            CheckReadArguments(dtype, ndmin, path);
            using var stream = Npy.OpenRead(path);
            return Read(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true), dtype, ndmin, stream.Name);
        }

        /// <summary>As <see cref="Read(string, DType, int)"/>, stopping with <see cref="OperationCanceledException"/> when
        /// <paramref name="cancellationToken"/> is cancelled (checked every 1024 lines).</summary>
        /// <param name="path">The CSV file.</param>
        /// <param name="dtype">The element type: a real float or an integer type.</param>
        /// <param name="ndmin">The minimum rank: 0, 1 or 2.</param>
        /// <param name="cancellationToken">Stops the read when cancelled.</param>
        /// <returns>The tensor, rank 0 to 2.</returns>
        /// <exception cref="InitializerException">See the remarks on <see cref="Csv"/>.</exception>
        public static Tensor Read(string path, DType dtype, int ndmin, CancellationToken cancellationToken)
        {
            using (Cancellation.Use(cancellationToken))
            {
                return Read(path, dtype, ndmin);
            }
        }

        /// <summary>Reads one CSV document from <paramref name="reader"/> (see <see cref="Read(string, DType, int)"/>).</summary>
        /// <param name="reader">The text, read line by line up to its end.</param>
        /// <param name="dtype">The element type: a real float or an integer type.</param>
        /// <param name="ndmin">The minimum rank: 0, 1 or 2.</param>
        /// <param name="sourceName">Names the source in error messages.</param>
        /// <returns>The tensor, rank 0 to 2.</returns>
        /// <exception cref="InitializerException">See the remarks on <see cref="Csv"/>.</exception>
        public static Tensor Read(TextReader reader, DType dtype, int ndmin, string sourceName)
        {
            if (reader is null)
            {
                throw new ArgumentNullException(nameof(reader));
            }

            CheckReadArguments(dtype, ndmin, sourceName);
            var floats = new List<double>();
            var integers = new List<long>();
            var rows = 0;
            var columns = -1;
            var lineNumber = 0;
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if ((lineNumber & 0x3FF) == 0)
                {
                    Cancellation.ThrowIfRequested();
                }

                lineNumber++;
                var hash = line.IndexOf('#');
                var content = hash < 0 ? line : line.Substring(0, hash);
                if (content.Trim().Length == 0)
                {
                    continue;
                }

                var fields = content.Split(',');
                if (columns < 0)
                {
                    columns = fields.Length;
                }
                else if (fields.Length != columns)
                {
                    var column = Math.Min(fields.Length, columns) + 1;
                    throw Npy.Error(
                        "CsvRagged",
                        ErrorKind.InvalidData,
                        $"'{sourceName}' line {lineNumber}, column {column}: the row has {fields.Length} columns where the first has {columns} (text '{line}').",
                        line,
                        sourceName);
                }

                for (var i = 0; i < fields.Length; i++)
                {
                    if (dtype.IsFloating())
                    {
                        floats.Add(ParseFloat(fields[i], dtype, sourceName, lineNumber, i + 1));
                    }
                    else
                    {
                        integers.Add(ParseInteger(fields[i], dtype, sourceName, lineNumber, i + 1));
                    }
                }

                rows++;
            }

            var shape = Shape(rows, Math.Max(columns, 0), ndmin);
            var tensor = Tensor.Allocate(shape, dtype, uninitialized: false);
            Fill(tensor.Data, dtype, floats, integers);
            return tensor;
        }

        /// <summary>Writes <paramref name="tensor"/> to <paramref name="path"/> as CSV, through <see cref="AtomicFile"/>
        /// (the old file stays whole if anything fails).</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="tensor">A rank 0, 1 or 2 tensor of a real float or integer dtype.</param>
        /// <param name="overwriteReadOnly">Replace a read-only file.</param>
        /// <exception cref="InitializerException">UnsupportedDType, InvalidRank, or one of
        /// <see cref="AtomicFile.Write"/>'s errors.</exception>
        public static void Write(string path, Tensor tensor, bool overwriteReadOnly = false)
        {
            if (tensor is null)
            {
                throw new ArgumentNullException(nameof(tensor));
            }

            // Validate before the temporary file exists.
            CheckWritable(tensor, path);
            AtomicFile.Write(path, stream => WriteChecked(stream, tensor), overwriteReadOnly);
        }

        /// <summary>As <see cref="Write(string, Tensor, bool)"/>, stopping with <see cref="OperationCanceledException"/>
        /// when <paramref name="cancellationToken"/> is cancelled (checked every 1024 rows and before the final rename):
        /// a cancelled write leaves the old file as it was, or none, and no temporary file.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="tensor">A rank 0, 1 or 2 tensor of a real float or integer dtype.</param>
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

        /// <summary>Writes <paramref name="tensor"/> as CSV into <paramref name="stream"/>.</summary>
        /// <param name="stream">Where the text goes (UTF-8, no byte order mark).</param>
        /// <param name="tensor">A rank 0, 1 or 2 tensor of a real float or integer dtype.</param>
        /// <param name="sourceName">Names the destination in error messages.</param>
        /// <exception cref="InitializerException">UnsupportedDType or InvalidRank.</exception>
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

            CheckWritable(tensor, sourceName);
            WriteChecked(stream, tensor);
        }

        private static void CheckWritable(Tensor tensor, string source)
        {
            if (!tensor.DType.IsFloating() && !tensor.DType.IsInteger())
            {
                throw Npy.Error("UnsupportedDType", ErrorKind.InvalidArgument, $"CSV cannot hold a {tensor.DType.Name()} tensor (numpy.loadtxt cannot read it back); {CanHold}.", tensor.DType.Name(), source);
            }

            if (tensor.Rank > 2)
            {
                throw Npy.Error("InvalidRank", ErrorKind.InvalidArgument, $"CSV holds rank 0, 1 and 2 tensors; this one has rank {tensor.Rank} (shape [{string.Join(", ", tensor.Shape)}]). {CanHold}, or reshape it.", tensor.Rank, source);
            }
        }

        private static void CheckReadArguments(DType dtype, int ndmin, string source)
        {
            if (!dtype.IsFloating() && !dtype.IsInteger())
            {
                throw Npy.Error("UnsupportedDType", ErrorKind.InvalidArgument, $"CSV is read as a real float or integer dtype, not {dtype.Name()}; {CanHold}.", dtype.Name(), source);
            }

            if (ndmin < 0 || ndmin > 2)
            {
                throw Npy.Error("InvalidArgument", ErrorKind.InvalidArgument, $"ndmin is 0, 1 or 2, not {ndmin}.", ndmin, source);
            }
        }

        private static void WriteChecked(Stream stream, Tensor tensor)
        {
            var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            var columns = tensor.Rank == 2 ? tensor.Shape[1] : 1;
            var rows = tensor.Rank == 0 ? 1 : tensor.Shape[0];
            var position = 0L;
            for (var r = 0; r < rows; r++)
            {
                if ((r & 0x3FF) == 0)
                {
                    Cancellation.ThrowIfRequested();
                }

                for (var c = 0; c < columns; c++)
                {
                    if (c > 0)
                    {
                        writer.Write(',');
                    }

                    writer.Write(Format(tensor.Data, tensor.DType, position++));
                }

                writer.Write('\n');
            }

            writer.Flush();
        }

        private static string Format(Array data, DType dtype, long i) => dtype switch
        {
            DType.Float16 => NumberText.Shortest(HalfConversions.FromHalfBits(((ushort[])data)[i])),
            DType.BFloat16 => NumberText.Shortest(HalfConversions.FromBFloat16Bits(((ushort[])data)[i])),
            DType.Float32 => NumberText.Shortest(((float[])data)[i]),
            DType.Float64 => NumberText.Shortest(((double[])data)[i]),
            _ => Convert.ToString(data.GetValue(i), CultureInfo.InvariantCulture)!,
        };

        private static double ParseFloat(string field, DType dtype, string source, int line, int column)
        {
            var text = field.Trim();
            var lower = text.ToLowerInvariant();
            var unsigned = lower.StartsWith("+", StringComparison.Ordinal) || lower.StartsWith("-", StringComparison.Ordinal) ? lower.Substring(1) : lower;
            if (unsigned == "nan")
            {
                // Python's float('nan') is the positive quiet NaN; .NET's double.NaN has the sign bit set.
                return BitConverter.Int64BitsToDouble(lower[0] == '-' ? unchecked((long)0xFFF8000000000000) : 0x7FF8000000000000);
            }

            if (unsigned == "inf" || unsigned == "infinity")
            {
                return lower[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            }

            if (text.Length == 0 || !IsDecimalFloat(text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw InvalidValue(field, dtype, source, line, column);
            }

            return NumberText.ParseDouble(text);
        }

        private static bool IsDecimalFloat(string text)
        {
            foreach (var c in text)
            {
                if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-')
                {
                    return false;
                }
            }

            return true;
        }

        private static long ParseInteger(string field, DType dtype, string source, int line, int column)
        {
            var text = field.Trim();
            var (min, max) = dtype switch
            {
                DType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
                DType.Int16 => (short.MinValue, short.MaxValue),
                DType.Int32 => (int.MinValue, int.MaxValue),
                DType.UInt8 => (0, byte.MaxValue),
                DType.UInt16 => (0, ushort.MaxValue),
                DType.UInt32 => (0, (long)uint.MaxValue),
                DType.UInt64 => (0, long.MaxValue),
                _ => (long.MinValue, long.MaxValue),
            };
            // .NET's integer parsing ignores trailing NUL characters ("1\0" reads as 1); Python's int() and numpy refuse them.
            if (text.IndexOf('\0') >= 0)
            {
                throw InvalidValue(field, dtype, source, line, column);
            }

            if (dtype == DType.UInt64)
            {
                if (ulong.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
                {
                    return unchecked((long)big);
                }
            }
            else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            throw InvalidValue(field, dtype, source, line, column);
        }

        private static InitializerException InvalidValue(string field, DType dtype, string source, int line, int column) =>
            Npy.Error(
                "CsvInvalidValue",
                ErrorKind.InvalidData,
                $"'{source}' line {line}, column {column}: cannot read '{field.Trim()}' as {dtype.Name()}.",
                field,
                source);

        private static int[] Shape(int rows, int columns, int ndmin)
        {
            // numpy.loadtxt: an empty file is (0,), or (0, 1) with ndmin 2; otherwise rows × columns, squeezed when
            // ndmin is below 2, then atleast_1d for ndmin 1.
            if (rows == 0)
            {
                return ndmin == 2 ? new[] { 0, 1 } : new[] { 0 };
            }

            if (ndmin == 2)
            {
                return new[] { rows, columns };
            }

            var shape = new List<int> { rows, columns };
            shape.RemoveAll(d => d == 1);
            return shape.Count < ndmin ? new[] { 1 } : shape.ToArray();
        }

        private static void Fill(Array data, DType dtype, List<double> floats, List<long> integers)
        {
            for (var i = 0; i < data.Length; i++)
            {
                switch (dtype)
                {
                    case DType.Float16:
                        ((ushort[])data)[i] = HalfConversions.ToHalfBits((float)floats[i]);
                        break;
                    case DType.BFloat16:
                        ((ushort[])data)[i] = HalfConversions.ToBFloat16Bits((float)floats[i]);
                        break;
                    case DType.Float32:
                        ((float[])data)[i] = (float)floats[i];
                        break;
                    case DType.Float64:
                        ((double[])data)[i] = floats[i];
                        break;
                    case DType.UInt64:
                        ((ulong[])data)[i] = unchecked((ulong)integers[i]);
                        break;
                    default:
                        data.SetValue(Convert.ChangeType(integers[i], data.GetType().GetElementType()!, CultureInfo.InvariantCulture), i);
                        break;
                }
            }
        }
    }
}
