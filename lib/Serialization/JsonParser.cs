using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;

namespace Initializers.Serialization
{
    /// <summary>A strict recursive-descent JSON reader (RFC 8259) that also accepts Python's
    /// <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>. One instance reads one text.</summary>
    internal sealed class JsonParser
    {
        private const string ExpectedValue = "expected a value (object, array, string, number, true, false or null)";

        private readonly string _text;
        private readonly SourceMap? _map;
        private int _pos;
        private int _depth;
        /// <summary>The line of <see cref="_pos"/> and the offset where it starts; newlines occur only in whitespace
        /// (a raw line break inside a string is an error), so <see cref="SkipWhitespace"/> keeps them current.</summary>
        private int _line = 1;
        private int _lineStart;

        public JsonParser(string text, SourceMap? map = null)
        {
            _text = text;
            _map = map;
        }

        /// <summary>Reads exactly one value; anything but whitespace after it is an error.</summary>
        public object? ParseDocument()
        {
            // A byte order mark is not part of JSON, but editors write one; RFC 8259 allows ignoring it.
            if (_pos < _text.Length && _text[_pos] == '\uFEFF')
            {
                _pos++;
            }
            SkipWhitespace();
            var start = Here();
            object? value = ParseValue();
            if (value is not null)
            {
                _map?.AddStart(value, start);
            }
            SkipWhitespace();
            if (_pos < _text.Length)
            {
                throw Error("expected the end of the text after the value");
            }
            return value;
        }

        private object? ParseValue()
        {
            if (_pos >= _text.Length)
            {
                throw Error(ExpectedValue);
            }
            char c = _text[_pos];
            switch (c)
            {
                case '{':
                    return ParseObject();
                case '[':
                    return ParseArray();
                case '"':
                    return ParseString();
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ParseNumber();
                    }
                    if (IsLetter(c))
                    {
                        return ParseWord();
                    }
                    throw Error(ExpectedValue);
            }
        }

        private OrderedDictionary ParseObject()
        {
            EnterNesting();
            _pos++; // '{'
            var result = new OrderedDictionary();
            SkipWhitespace();
            if (Peek() == '}')
            {
                _pos++;
                _depth--;
                return result;
            }
            while (true)
            {
                if (Peek() != '"')
                {
                    throw Error("expected a string key in double quotes");
                }
                int keyStart = _pos;
                var keyPosition = Here();
                string key = ParseString();
                if (result.Contains(key))
                {
                    throw DuplicateKey(key, keyStart);
                }
                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw Error("expected ':' after an object key");
                }
                _pos++;
                SkipWhitespace();
                _map?.AddEntry(result, key, keyPosition, Here());
                result.Add(key, ParseValue());
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    _pos++;
                    SkipWhitespace();
                }
                else if (next == '}')
                {
                    _pos++;
                    _depth--;
                    return result;
                }
                else
                {
                    throw Error("expected ',' or '}' after an object member");
                }
            }
        }

        private object?[] ParseArray()
        {
            EnterNesting();
            _pos++; // '['
            var items = new List<object?>();
            var positions = _map is null ? null : new List<TextPosition>();
            SkipWhitespace();
            if (Peek() == ']')
            {
                _pos++;
                _depth--;
                return items.ToArray();
            }
            while (true)
            {
                positions?.Add(Here());
                items.Add(ParseValue());
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    _pos++;
                    SkipWhitespace();
                }
                else if (next == ']')
                {
                    _pos++;
                    _depth--;
                    var array = items.ToArray();
                    for (int i = 0; positions != null && i < positions.Count; i++)
                    {
                        _map!.AddEntry(array, i, positions[i], positions[i]);
                    }
                    return array;
                }
                else
                {
                    throw Error("expected ',' or ']' after an array element");
                }
            }
        }

        private string ParseString()
        {
            _pos++; // opening quote
            StringBuilder? builder = null;
            int runStart = _pos;
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Error("expected '\"' to close the string");
                }
                char c = _text[_pos];
                if (c == '"')
                {
                    string tail = _text.Substring(runStart, _pos - runStart);
                    _pos++;
                    return builder == null ? tail : builder.Append(tail).ToString();
                }
                if (c < ' ')
                {
                    throw Error("expected an escape sequence instead of a control character in a string");
                }
                if (c != '\\')
                {
                    _pos++;
                    continue;
                }
                builder ??= new StringBuilder();
                builder.Append(_text, runStart, _pos - runStart);
                _pos++; // backslash
                builder.Append(ParseEscape());
                runStart = _pos;
            }
        }

        private char ParseEscape()
        {
            char c = Peek();
            _pos++;
            switch (c)
            {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u':
                    int code = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        int digit = _pos < _text.Length ? HexValue(_text[_pos]) : -1;
                        if (digit < 0)
                        {
                            throw Error("expected four hexadecimal digits after '\\u'");
                        }
                        code = code * 16 + digit;
                        _pos++;
                    }
                    // Surrogate pairs arrive as two \u escapes; each half is one UTF-16 unit, so no joining is needed.
                    return (char)code;
                default:
                    _pos--;
                    throw Error("expected one of '\"', '\\', '/', 'b', 'f', 'n', 'r', 't' or 'u' after a backslash");
            }
        }

        /// <summary>number = [ "-" ] ( "0" / digit1-9 *digit ) [ "." 1*digit ] [ ("e"/"E") ["-"/"+"] 1*digit ]</summary>
        private object? ParseNumber()
        {
            int start = _pos;
            if (Peek() == '-')
            {
                _pos++;
                if (IsLetter(Peek()))
                {
                    _pos = start;
                    return ParseWord();
                }
            }
            if (Peek() == '0')
            {
                _pos++;
                if (IsDigit(Peek()))
                {
                    throw Error("expected '.', 'e' or the end of the number after a leading zero");
                }
            }
            else if (IsDigit(Peek()))
            {
                SkipDigits();
            }
            else
            {
                throw Error("expected a digit");
            }
            bool isInteger = true;
            if (Peek() == '.')
            {
                isInteger = false;
                _pos++;
                if (!IsDigit(Peek()))
                {
                    throw Error("expected a digit after the decimal point");
                }
                SkipDigits();
            }
            if (Peek() == 'e' || Peek() == 'E')
            {
                isInteger = false;
                _pos++;
                if (Peek() == '+' || Peek() == '-')
                {
                    _pos++;
                }
                if (!IsDigit(Peek()))
                {
                    throw Error("expected a digit in the exponent");
                }
                SkipDigits();
            }
            string literal = _text.Substring(start, _pos - start);
            return isInteger ? NumberText.ParseDecimalInteger(literal) : NumberText.ParseDouble(literal);
        }

        /// <summary>Reads a run of letters (after an optional '-') as one of the literal names.</summary>
        private object? ParseWord()
        {
            int start = _pos;
            if (Peek() == '-')
            {
                _pos++;
            }
            while (IsLetter(Peek()))
            {
                _pos++;
            }
            string word = _text.Substring(start, _pos - start);
            switch (word)
            {
                case "true": return true;
                case "false": return false;
                case "null": return null;
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
            _pos = start;
            string shown = word.Length > 20 ? word.Substring(0, 20) + "..." : word;
            throw Error(ExpectedValue, $"'{shown}'");
        }

        private void EnterNesting()
        {
            if (++_depth > TreeLimits.MaxDepth)
            {
                var (line, column) = LineAndColumn(_pos);
                throw new InitializerException("NestingTooDeep", ErrorKind.LimitsExceeded,
                    $"JSON nests deeper than {TreeLimits.MaxDepth} levels at line {line}, column {column}.", _text)
                { Line = line, Column = column };
            }
        }

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }
                _pos++;
                if (c == '\n' || (c == '\r' && Peek() != '\n'))
                {
                    _line++;
                    _lineStart = _pos;
                }
            }
        }

        private void SkipDigits()
        {
            while (IsDigit(Peek()))
            {
                _pos++;
            }
        }

        /// <summary>The current character, or '\0' at the end (a raw NUL is never valid JSON outside strings).</summary>
        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static bool IsLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        /// <summary>A syntax error at the current position; <paramref name="found"/> defaults to the character there.</summary>
        private InitializerException Error(string expected, string? found = null)
        {
            var (line, column) = LineAndColumn(_pos);
            found ??= _pos >= _text.Length ? "the end of the text" : Describe(_text[_pos]);
            return new InitializerException("ConfigParseFailed", ErrorKind.ParserError,
                $"Invalid JSON at line {line}, column {column}: {expected}, found {found}.", _text)
            { Line = line, Column = column };
        }

        private InitializerException DuplicateKey(string key, int keyStart)
        {
            var (line, column) = LineAndColumn(keyStart);
            return new InitializerException("DuplicateKey", ErrorKind.InvalidData,
                $"Duplicate key '{key}' at line {line}, column {column} of the JSON text.", key)
            { Line = line, Column = column };
        }

        private static string Describe(char c) =>
            c < ' ' || c == '\u007F' || char.IsSurrogate(c) || c == '\uFEFF'
                ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                : "'" + c + "'";

        private TextPosition Here() => new TextPosition(_line, _pos - _lineStart + 1);

        /// <summary>1-based line and column (in UTF-16 units) of an offset; "\r\n", "\n" and a lone "\r" end a line.</summary>
        private (int Line, int Column) LineAndColumn(int offset)
        {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset && i < _text.Length; i++)
            {
                char c = _text[i];
                if (c == '\n' || (c == '\r' && (i + 1 >= _text.Length || _text[i + 1] != '\n')))
                {
                    line++;
                    lineStart = i + 1;
                }
            }
            return (line, offset - lineStart + 1);
        }
    }
}
