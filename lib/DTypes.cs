using System;
using System.Collections.Generic;
using System.Linq;

namespace Initializers
{
    /// <summary>Names, parsing and properties of <see cref="DType"/>.</summary>
    public static class DTypes
    {
        private static readonly string[] CanonicalNames =
        {
            "float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64",
            "uint8", "uint16", "uint32", "uint64", "bool", "complex64", "complex128", "string",
        };

        // TensorFlow's own spellings (tf.as_dtype and numpy): "float" is float32, "double" float64, "half" float16.
        private static readonly Dictionary<string, DType> Spellings = BuildSpellings();

        /// <summary>Every dtype, in TensorFlow's order (read-only, as are <see cref="Names"/> and <see cref="Floating"/>).</summary>
        public static IReadOnlyList<DType> All { get; } = Array.AsReadOnly((DType[])Enum.GetValues(typeof(DType)));

        /// <summary>The canonical names (<c>float32</c>, <c>int64</c>, ...), for help text and tab completion.</summary>
        public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly((string[])CanonicalNames.Clone());

        /// <summary>The floating dtypes accepted by the random initializers.</summary>
        public static IReadOnlyList<DType> Floating { get; } = Array.AsReadOnly(new[] { DType.Float16, DType.BFloat16, DType.Float32, DType.Float64 });

        /// <summary>The canonical TensorFlow name of <paramref name="dtype"/>: <c>float32</c>, <c>bfloat16</c>,
        /// <c>uint8</c>, ... (the name <see cref="Parse"/> and every config accept and every error message uses).</summary>
        /// <param name="dtype">The dtype to name.</param>
        public static string Name(this DType dtype) => CanonicalNames[(int)dtype];

        /// <summary>True for float16, bfloat16, float32 and float64: the dtypes the random and variance-scaling
        /// initializers accept (complex is not floating here, as in TensorFlow's <c>is_floating</c>).</summary>
        /// <param name="d">The dtype to test.</param>
        public static bool IsFloating(this DType d) => d == DType.Float16 || d == DType.BFloat16 || d == DType.Float32 || d == DType.Float64;

        /// <summary>True for the signed and unsigned integer dtypes, int8 to uint64 (bool is not an integer here).</summary>
        /// <param name="d">The dtype to test.</param>
        public static bool IsInteger(this DType d) => d >= DType.Int8 && d <= DType.UInt64;

        /// <summary>True for complex64 and complex128.</summary>
        /// <param name="d">The dtype to test.</param>
        public static bool IsComplex(this DType d) => d == DType.Complex64 || d == DType.Complex128;

        /// <summary>Numeric or bool: everything but string.</summary>
        /// <param name="d">The dtype to test.</param>
        public static bool IsNumericOrBool(this DType d) => d != DType.String;

        /// <summary>Parses a TensorFlow dtype spelling, case-insensitively: <c>float32</c>, <c>tf.float32</c>,
        /// <c>float</c>, <c>double</c>, <c>half</c>, <c>int</c>, <c>long</c>, <c>bool</c>, <c>complex64</c>, ...
        /// An unknown name throws an <see cref="InitializerException"/> (UnknownDType) that lists the valid names.</summary>
        /// <param name="name">The spelling to parse; null and empty are refused like an unknown name.</param>
        public static DType Parse(string? name)
        {
            if (TryParse(name, out var dtype))
            {
                return dtype;
            }

            throw new InitializerException(
                "UnknownDType",
                ErrorKind.InvalidArgument,
                $"Unknown dtype '{name}'. Valid dtypes are: {string.Join(", ", CanonicalNames)} " +
                "(TensorFlow spellings such as tf.float32, float, double, half, int, long are accepted too).",
                name);
        }

        /// <summary>Parses a dtype spelling as <see cref="Parse"/> does, without throwing.</summary>
        /// <param name="name">A TensorFlow dtype spelling (case-insensitive, <c>tf.</c> prefix allowed); null is refused.</param>
        /// <param name="dtype">The parsed dtype; float32 when the name is not recognised.</param>
        /// <returns>False when <paramref name="name"/> is null, empty or not a dtype spelling.</returns>
        public static bool TryParse(string? name, out DType dtype)
        {
            dtype = DType.Float32;
            if (name is null)
            {
                return false;
            }

            var key = name.Trim();
            if (key.StartsWith("tf.", StringComparison.OrdinalIgnoreCase))
            {
                key = key.Substring(3);
            }
            else if (key.StartsWith("np.", StringComparison.OrdinalIgnoreCase))
            {
                key = key.Substring(3);
            }

            return Spellings.TryGetValue(key, out dtype);
        }

        /// <summary>Bytes per element in a tensor's storage (0 for string, whose storage is references).</summary>
        /// <param name="d">The dtype.</param>
        public static int ElementSize(this DType d) => d switch
        {
            DType.Float16 or DType.BFloat16 or DType.Int16 or DType.UInt16 => 2,
            DType.Float32 or DType.Int32 or DType.UInt32 => 4,
            DType.Float64 or DType.Int64 or DType.UInt64 or DType.Complex64 => 8,
            DType.Int8 or DType.UInt8 or DType.Bool => 1,
            DType.Complex128 => 16,
            _ => 0,
        };

        private static Dictionary<string, DType> BuildSpellings()
        {
            var map = new Dictionary<string, DType>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < CanonicalNames.Length; i++)
            {
                map[CanonicalNames[i]] = (DType)i;
            }

            map["half"] = DType.Float16;
            map["float"] = DType.Float32;
            map["single"] = DType.Float32;
            map["double"] = DType.Float64;
            map["int"] = DType.Int32;
            map["long"] = DType.Int64;
            map["short"] = DType.Int16;
            map["byte"] = DType.UInt8;
            map["sbyte"] = DType.Int8;
            map["boolean"] = DType.Bool;
            map["cfloat"] = DType.Complex64;
            map["cdouble"] = DType.Complex128;
            map["complex"] = DType.Complex128;
            map["str"] = DType.String;
            return map;
        }

        internal static string List(IEnumerable<DType> dtypes) => string.Join(", ", dtypes.Select(Name));
    }
}
