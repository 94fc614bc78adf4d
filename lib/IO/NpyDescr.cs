using System;
using System.Globalization;

namespace Initializers.IO
{
    /// <summary>The .npy <c>descr</c> string of one tensor dtype: the dtype, the bytes per element, and whether the file
    /// holds it big-endian. Parsing accepts <c>[&lt;&gt;|=]</c> (or nothing) followed by a kind and size that a tensor
    /// dtype holds; <c>|</c>, <c>=</c> and no prefix mean the reading machine's order, as in numpy.</summary>
    internal readonly struct NpyDescr
    {
        private NpyDescr(DType dtype, long itemSize, bool bigEndian, char stringKind)
        {
            DType = dtype;
            ItemSize = itemSize;
            BigEndian = bigEndian;
            StringKind = stringKind;
        }

        /// <summary>Little-endian elements of <paramref name="dtype"/> (not string), as safetensors stores them.</summary>
        public static NpyDescr LittleEndian(DType dtype) => new(dtype, dtype.ElementSize(), false, '\0');

        /// <summary>The tensor dtype the descr maps to.</summary>
        public DType DType { get; }

        /// <summary>Bytes per element in the file (4 × width for <c>U</c>, width for <c>S</c>).</summary>
        public long ItemSize { get; }

        /// <summary>True when the file holds multi-byte values big-endian.</summary>
        public bool BigEndian { get; }

        /// <summary><c>U</c> (UTF-32), <c>S</c> (bytes, read as latin-1) for the string dtype, else NUL.</summary>
        public char StringKind { get; }

        /// <summary>The bytes swapped as one unit when the byte order differs: the element, each half of a complex
        /// element, each UTF-32 code unit of a string.</summary>
        public int SwapUnit => StringKind == 'U' ? 4 : DType.IsComplex() ? (int)ItemSize / 2 : StringKind == 'S' ? 1 : (int)ItemSize;

        /// <summary>Parses a descr. Object (<c>O</c>) is PickleRefused; anything that is not a tensor dtype is
        /// UnsupportedDType. <paramref name="source"/> names the file in messages.</summary>
        public static NpyDescr Parse(string descr, string source)
        {
            var text = descr;
            var bigEndian = !BitConverter.IsLittleEndian;
            if (text.Length > 0 && (text[0] == '<' || text[0] == '>' || text[0] == '|' || text[0] == '='))
            {
                if (text[0] == '<')
                {
                    bigEndian = false;
                }
                else if (text[0] == '>')
                {
                    bigEndian = true;
                }

                text = text.Substring(1);
            }

            if (text.Length > 0 && text[0] == 'O')
            {
                throw Npy.Error(
                    "PickleRefused",
                    ErrorKind.InvalidData,
                    $"'{source}' holds an object array (descr '{descr}'): its data is a Python pickle, which is never loaded (it can run arbitrary code). Save the array with a numeric or string dtype.",
                    descr,
                    source);
            }

            if (text.Length >= 2 && (text[0] == 'U' || text[0] == 'S') && IsDigits(text, 1))
            {
                if (!long.TryParse(text.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out var width) || width > int.MaxValue)
                {
                    throw Unsupported(descr, source, "the string width is too large");
                }

                return new NpyDescr(DType.String, text[0] == 'U' ? width * 4 : width, bigEndian, text[0]);
            }

            DType dtype;
            switch (text)
            {
                case "f2": dtype = DType.Float16; break;
                case "f4": dtype = DType.Float32; break;
                case "f8": dtype = DType.Float64; break;
                case "i1": dtype = DType.Int8; break;
                case "i2": dtype = DType.Int16; break;
                case "i4": dtype = DType.Int32; break;
                case "i8": dtype = DType.Int64; break;
                case "u1": dtype = DType.UInt8; break;
                case "u2": dtype = DType.UInt16; break;
                case "u4": dtype = DType.UInt32; break;
                case "u8": dtype = DType.UInt64; break;
                case "b1": dtype = DType.Bool; break;
                case "c8": dtype = DType.Complex64; break;
                case "c16": dtype = DType.Complex128; break;
                case "V2":
                    throw Unsupported(descr, source, "a 2-byte void says nothing about its contents (ml_dtypes writes bfloat16 this way, but so does any 2-byte record); bfloat16 has no portable .npy form, use safetensors (BF16) for it");
                default:
                    throw Unsupported(descr, source, null);
            }

            return new NpyDescr(dtype, dtype.ElementSize(), bigEndian, '\0');
        }

        /// <summary>The descr numpy writes for <paramref name="dtype"/> on a little-endian machine; <paramref name="width"/>
        /// is the <c>U</c> width of a string tensor. bfloat16 is UnsupportedDType.</summary>
        public static string For(DType dtype, int width, string source) => dtype switch
        {
            DType.Float16 => "<f2",
            DType.Float32 => "<f4",
            DType.Float64 => "<f8",
            DType.Int8 => "|i1",
            DType.Int16 => "<i2",
            DType.Int32 => "<i4",
            DType.Int64 => "<i8",
            DType.UInt8 => "|u1",
            DType.UInt16 => "<u2",
            DType.UInt32 => "<u4",
            DType.UInt64 => "<u8",
            DType.Bool => "|b1",
            DType.Complex64 => "<c8",
            DType.Complex128 => "<c16",
            DType.String => "<U" + width.ToString(CultureInfo.InvariantCulture),
            _ => throw Npy.Error(
                "UnsupportedDType",
                ErrorKind.InvalidOperation,
                $"Cannot write a {dtype.Name()} tensor to '{source}': numpy has no {dtype.Name()} dtype, so .npy and .npz have no portable form for it. safetensors (BF16) holds bfloat16; or convert the tensor to float32 first.",
                dtype.Name(),
                source),
        };

        private static bool IsDigits(string text, int start)
        {
            for (var i = start; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static InitializerException Unsupported(string descr, string source, string? why) => Npy.Error(
            "UnsupportedDType",
            ErrorKind.InvalidData,
            $"'{source}' has descr '{descr}', which is none of the tensor dtypes" + (why is null ? "" : $" ({why})") +
            ". .npy and .npz hold f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1 c8 c16 and U/S strings.",
            descr,
            source);
    }
}
