using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Initializers.IO
{
    /// <summary>The .npy header dict, parsed by hand for exactly the grammar numpy and other writers produce:
    /// <c>{ KEY: VALUE, ... }</c> with single- or double-quoted strings, <c>True</c>/<c>False</c>, integers (an old
    /// <c>L</c> suffix allowed), and tuples or lists of those, in any key order and spacing, followed by padding.
    /// Exactly the keys <c>descr</c>, <c>fortran_order</c> and <c>shape</c>, as numpy requires; anything else is
    /// NpyHeaderInvalid. Nothing is evaluated.</summary>
    internal sealed class NpyHeader
    {
        private const int MaxDepth = 8;
        private readonly string text;
        private readonly string source;
        private int pos;

        private NpyHeader(string text, string source)
        {
            this.text = text;
            this.source = source;
        }

        /// <summary>The descr string; null when the descr is a list (a structured dtype).</summary>
        public string? Descr { get; private set; }

        /// <summary>The raw text of a list descr, for the error message.</summary>
        public string? StructuredDescr { get; private set; }

        /// <summary>True when the data is in column-major order.</summary>
        public bool FortranOrder { get; private set; }

        /// <summary>The dimensions as written: signed decimal digit strings (checked by the reader).</summary>
        public List<string> Shape { get; } = new();

        /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> names the file in messages.</summary>
        public static NpyHeader Parse(string text, string source)
        {
            var header = new NpyHeader(text, source);
            header.ParseDict();
            return header;
        }

        private void ParseDict()
        {
            SkipSpace();
            Expect('{');
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace();
                if (Peek() == '}')
                {
                    pos++;
                    break;
                }

                var key = ParseString();
                if (!seen.Add(key))
                {
                    throw Invalid($"the key '{key}' appears twice");
                }

                SkipSpace();
                Expect(':');
                SkipSpace();
                var start = pos;
                var value = ParseValue(0);
                Assign(key, value, text.Substring(start, pos - start));
                SkipSpace();
                if (Peek() == ',')
                {
                    pos++;
                    continue;
                }

                SkipSpace();
                Expect('}');
                break;
            }

            // Padding: spaces, tabs and newlines only (numpy writes spaces and one '\n'; old writers pad differently).
            SkipSpace();
            if (pos != text.Length)
            {
                throw Invalid($"unexpected text after the dict at position {pos}");
            }

            foreach (var required in new[] { "descr", "fortran_order", "shape" })
            {
                if (!seen.Contains(required))
                {
                    throw Invalid($"the key '{required}' is missing");
                }
            }
        }

        private void Assign(string key, object value, string raw)
        {
            switch (key)
            {
                case "descr":
                    if (value is string s)
                    {
                        Descr = s;
                    }
                    else if (value is List<object>)
                    {
                        StructuredDescr = raw;
                    }
                    else
                    {
                        throw Invalid($"'descr' is {raw}, not a string");
                    }

                    break;
                case "fortran_order":
                    FortranOrder = value is bool b ? b : throw Invalid($"'fortran_order' is {raw}, not True or False");
                    break;
                case "shape":
                    if (value is not Tuple<List<object>> tuple)
                    {
                        throw Invalid($"'shape' is {raw}, not a tuple of integers");
                    }

                    foreach (var item in tuple.Item1)
                    {
                        Shape.Add(item is Integer n ? n.Digits : throw Invalid($"'shape' is {raw}, not a tuple of integers"));
                    }

                    break;
                default:
                    throw Invalid($"it has the key '{key}'; a .npy header holds exactly 'descr', 'fortran_order' and 'shape' (numpy refuses any other key)");
            }
        }

        // string | bool | Integer | List<object> (a list) | Tuple<List<object>> (a tuple)
        private object ParseValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Invalid("values are nested too deeply");
            }

            var c = Peek();
            switch (c)
            {
                case '\'':
                case '"':
                    return ParseString();
                case '(':
                case '[':
                {
                    pos++;
                    var close = c == '(' ? ')' : ']';
                    var items = new List<object>();
                    while (true)
                    {
                        SkipSpace();
                        if (Peek() == close)
                        {
                            pos++;
                            break;
                        }

                        items.Add(ParseValue(depth + 1));
                        SkipSpace();
                        if (Peek() == ',')
                        {
                            pos++;
                            continue;
                        }

                        SkipSpace();
                        Expect(close);
                        break;
                    }

                    return c == '(' ? new Tuple<List<object>>(items) : items;
                }

                default:
                    if (Match("True"))
                    {
                        return true;
                    }

                    if (Match("False"))
                    {
                        return false;
                    }

                    if (c == '-' || c == '+' || (c >= '0' && c <= '9'))
                    {
                        return ParseInteger();
                    }

                    throw Invalid(c == '\0' ? "it ends early" : $"unexpected '{c}' at position {pos}");
            }
        }

        private Integer ParseInteger()
        {
            var sb = new StringBuilder();
            if (Peek() == '-' || Peek() == '+')
            {
                if (Peek() == '-')
                {
                    sb.Append('-');
                }

                pos++;
            }

            var digits = 0;
            while (Peek() >= '0' && Peek() <= '9')
            {
                sb.Append(text[pos++]);
                digits++;
            }

            if (digits == 0)
            {
                throw Invalid($"expected a digit at position {pos}");
            }

            if (Peek() == 'L' || Peek() == 'l')
            {
                pos++;
            }

            return new Integer(sb.ToString());
        }

        private string ParseString()
        {
            var quote = Peek();
            if (quote != '\'' && quote != '"')
            {
                throw Invalid(quote == '\0' ? "it ends early" : $"expected a quoted string at position {pos}");
            }

            pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (pos >= text.Length)
                {
                    throw Invalid("a string is not closed");
                }

                var ch = text[pos++];
                if (ch == quote)
                {
                    return sb.ToString();
                }

                if (ch == '\\')
                {
                    if (pos >= text.Length)
                    {
                        throw Invalid("a string is not closed");
                    }

                    var escaped = text[pos++];
                    if (escaped != '\\' && escaped != '\'' && escaped != '"')
                    {
                        throw Invalid($"unsupported escape '\\{escaped}' in a string");
                    }

                    sb.Append(escaped);
                    continue;
                }

                sb.Append(ch);
            }
        }

        private bool Match(string word)
        {
            if (string.CompareOrdinal(text, pos, word, 0, word.Length) != 0)
            {
                return false;
            }

            var end = pos + word.Length;
            if (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
            {
                return false;
            }

            pos = end;
            return true;
        }

        private char Peek() => pos < text.Length ? text[pos] : '\0';

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Invalid(pos >= text.Length ? $"it ends where '{c}' was expected" : $"expected '{c}' at position {pos}, found '{text[pos]}'");
            }

            pos++;
        }

        private void SkipSpace()
        {
            while (pos < text.Length && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
            {
                pos++;
            }
        }

        private InitializerException Invalid(string why) => Npy.Error(
            "NpyHeaderInvalid",
            ErrorKind.InvalidData,
            $"The .npy header of '{source}' is not valid: {why}. Header: {Excerpt(text)}",
            Excerpt(text),
            source);

        private static string Excerpt(string text)
        {
            var trimmed = text.TrimEnd();
            return trimmed.Length <= 200 ? trimmed : trimmed.Substring(0, 200) + "...";
        }

        private sealed class Integer
        {
            public Integer(string digits)
            {
                Digits = digits;
            }

            public string Digits { get; }

            public override string ToString() => Digits.ToString(CultureInfo.InvariantCulture);
        }
    }
}
