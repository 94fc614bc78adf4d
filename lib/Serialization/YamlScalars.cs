using System.Text.RegularExpressions;

namespace Initializers.Serialization
{
    /// <summary>The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution) for reading plain
    /// scalars, and the matching rule for when the writer must quote a string.</summary>
    internal static class YamlScalars
    {
        public const string StrTag = "tag:yaml.org,2002:str";
        public const string IntTag = "tag:yaml.org,2002:int";
        public const string FloatTag = "tag:yaml.org,2002:float";
        public const string BoolTag = "tag:yaml.org,2002:bool";
        public const string NullTag = "tag:yaml.org,2002:null";
        public const string MapTag = "tag:yaml.org,2002:map";
        public const string SeqTag = "tag:yaml.org,2002:seq";
        /// <summary>PyYAML writes Python tuples (Keras shapes) with this tag; it is read as a sequence.</summary>
        public const string PythonTupleTag = "tag:yaml.org,2002:python/tuple";
        /// <summary>PyYAML on Python 2 writes every ASCII unicode string (old Keras <c>to_yaml()</c> names and values)
        /// with this tag; it is read as a plain string.</summary>
        public const string PythonUnicodeTag = "tag:yaml.org,2002:python/unicode";
        /// <summary>PyYAML's tag for a Python 2 byte string; read as a plain string.</summary>
        public const string PythonStrTag = "tag:yaml.org,2002:python/str";

        // [0-9] rather than \d, which would also match non-ASCII digits; \A and \z rather than ^ and $,
        // because $ also matches before a final line break.
        private const RegexOptions Options = RegexOptions.CultureInvariant;
        private static readonly Regex DecimalInt = new Regex(@"\A[-+]?[0-9]+\z", Options);
        private static readonly Regex OctalInt = new Regex(@"\A0o[0-7]+\z", Options);
        private static readonly Regex HexInt = new Regex(@"\A0x[0-9a-fA-F]+\z", Options);
        private static readonly Regex DecimalFloat = new Regex(@"\A[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", Options);
        private static readonly Regex Infinity = new Regex(@"\A[-+]?(\.inf|\.Inf|\.INF)\z", Options);
        private static readonly Regex NotANumber = new Regex(@"\A(\.nan|\.NaN|\.NAN)\z", Options);

        /// <summary>Words that YAML 1.1 readers (PyYAML, older YamlDotNet) take as bools or null.</summary>
        private static readonly Regex Yaml11Word = new Regex(@"\A(y|n|yes|no|on|off|true|false|null|~|<<|=)\z",
            Options | RegexOptions.IgnoreCase);

        /// <summary>Anything that starts like a number in some YAML version: 1_000, 0b101, 1:30, 2024-01-01, .5, +.inf.</summary>
        private static readonly Regex NumberLike = new Regex(@"\A[-+]?(\.?[0-9]|\.(inf|nan)\z)",
            Options | RegexOptions.IgnoreCase);

        /// <summary>The value of an untagged plain scalar: null, bool, int, long, BigInteger, double or string.</summary>
        public static object? ResolvePlain(string text)
        {
            if (TryNull(text, out _))
            {
                return null;
            }

            if (TryBool(text, out var b))
            {
                return b;
            }

            if (TryInt(text, out var i))
            {
                return i;
            }

            if (TryFloat(text, out var d))
            {
                return d;
            }

            return text;
        }

        public static bool TryNull(string text, out object? value)
        {
            value = null;
            return text.Length == 0 || text == "~" || text == "null" || text == "Null" || text == "NULL";
        }

        public static bool TryBool(string text, out bool value)
        {
            switch (text)
            {
                case "true": case "True": case "TRUE":
                    value = true;
                    return true;
                case "false": case "False": case "FALSE":
                    value = false;
                    return true;
                default:
                    value = false;
                    return false;
            }
        }

        public static bool TryInt(string text, out object? value)
        {
            if (DecimalInt.IsMatch(text))
            {
                value = NumberText.ParseDecimalInteger(text);
                return true;
            }
            if (OctalInt.IsMatch(text))
            {
                value = NumberText.ParseUnsignedInteger(text.Substring(2), 8);
                return true;
            }
            if (HexInt.IsMatch(text))
            {
                value = NumberText.ParseUnsignedInteger(text.Substring(2), 16);
                return true;
            }
            value = null;
            return false;
        }

        /// <summary>A float by the core schema; note that plain integers match too (used for <c>!!float 1</c>).</summary>
        public static bool TryFloat(string text, out double value)
        {
            if (DecimalFloat.IsMatch(text))
            {
                value = NumberText.ParseDouble(text);
                return true;
            }
            if (Infinity.IsMatch(text))
            {
                value = text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
            if (NotANumber.IsMatch(text))
            {
                value = double.NaN;
                return true;
            }
            value = 0;
            return false;
        }

        /// <summary>True when a string written plain would not read back as the same string, by the core
        /// schema or by a YAML 1.1 reader (so <c>yes</c>, <c>on</c>, <c>1_000</c> are quoted too).</summary>
        public static bool NeedsQuotes(string text)
        {
            if (text.Length == 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[text.Length - 1]))
            {
                return true;
            }
            return !(ResolvePlain(text) is string) || Yaml11Word.IsMatch(text) || NumberLike.IsMatch(text);
        }

        /// <summary>True for characters a plain or single-quoted scalar cannot carry faithfully (line breaks,
        /// tabs and other controls, BOM, line/paragraph separators); such strings are double quoted with escapes.</summary>
        public static bool NeedsEscapes(string text)
        {
            foreach (var c in text)
            {
                if (c < ' ' || (c >= '\u007F' && c <= '\u009F') || c == '\u2028' || c == '\u2029' || c == '\uFEFF')
                {
                    return true;
                }
            }
            return false;
        }
    }
}
