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

        private readonly string text;
        private readonly SourceMap? map;
        private int pos;
        private int depth;
        /// <summary>The line of <see cref="pos"/> and the offset where it starts; newlines occur only in whitespace
        /// (a raw line break inside a string is an error), so <see cref="SkipWhitespace"/> keeps them current.</summary>
        private int line = 1;
        private int lineStart;

        public JsonParser(string text, SourceMap? map = null)
        {
            this.text = text;
            this.map = map;
        }

        /// <summary>Reads exactly one value; anything but whitespace after it is an error.</summary>
        public object? ParseDocument()
        {
            // A byte order mark is not part of JSON, but editors write one; RFC 8259 allows ignoring it.
            if (pos < this.text.Length && this.text[pos] == '\uFEFF')
            {
                pos++;
            }
            SkipWhitespace();
            var start = Here();
            var value = ParseValue();
            if (value is not null)
            {
                this.map?.AddStart(value, start);
            }
            SkipWhitespace();
            if (pos < this.text.Length)
            {
                throw Error("expected the end of the text after the value");
            }
            return value;
        }

        private object? ParseValue()
        {
            if (pos >= this.text.Length)
            {
                throw Error(ExpectedValue);
            }
            var c = this.text[pos];
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
            pos++; // '{'
            var result = new OrderedDictionary();
            SkipWhitespace();
            if (Peek() == '}')
            {
                pos++;
                depth--;
                return result;
            }
            while (true)
            {
                if (Peek() != '"')
                {
                    throw Error("expected a string key in double quotes");
                }
                var keyStart = pos;
                var keyPosition = Here();
                var key = ParseString();
                var keyEnd = pos;
                if (result.Contains(key))
                {
                    throw DuplicateKey(key, keyStart);
                }
                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw Error("expected ':' after an object key");
                }
                pos++;
                SkipWhitespace();
                this.map?.AddEntry(result, key, keyPosition, Here());
                var valueStart = pos;
                result.Add(key, ParseValue());
                this.map?.AddSpan(result, key, new TextSpan(keyStart, keyEnd, valueStart, pos));
                SkipWhitespace();
                var next = Peek();
                if (next == ',')
                {
                    pos++;
                    SkipWhitespace();
                }
                else if (next == '}')
                {
                    pos++;
                    depth--;
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
            pos++; // '['
            var items = new List<object?>();
            var positions = this.map is null ? null : new List<TextPosition>();
            var spans = this.map is null ? null : new List<TextSpan>();
            SkipWhitespace();
            if (Peek() == ']')
            {
                pos++;
                depth--;
                return items.ToArray();
            }
            while (true)
            {
                positions?.Add(Here());
                var valueStart = pos;
                items.Add(ParseValue());
                spans?.Add(new TextSpan(valueStart, valueStart, valueStart, pos));
                SkipWhitespace();
                var next = Peek();
                if (next == ',')
                {
                    pos++;
                    SkipWhitespace();
                }
                else if (next == ']')
                {
                    pos++;
                    depth--;
                    var array = items.ToArray();
                    for (var i = 0; positions != null && i < positions.Count; i++)
                    {
                        this.map!.AddEntry(array, i, positions[i], positions[i]);
                        this.map.AddSpan(array, i, spans![i]);
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
            pos++; // opening quote
            StringBuilder? builder = null;
            var runStart = pos;
            while (true)
            {
                if (pos >= this.text.Length)
                {
                    throw Error("expected '\"' to close the string");
                }
                var c = this.text[pos];
                if (c == '"')
                {
                    var tail = this.text.Substring(runStart, pos - runStart);
                    pos++;
                    return builder == null ? tail : builder.Append(tail).ToString();
                }
                if (c < ' ')
                {
                    throw Error("expected an escape sequence instead of a control character in a string");
                }
                if (c != '\\')
                {
                    pos++;
                    continue;
                }
                builder ??= new StringBuilder();
                builder.Append(this.text, runStart, pos - runStart);
                pos++; // backslash
                builder.Append(ParseEscape());
                runStart = pos;
            }
        }

        private char ParseEscape()
        {
            var c = Peek();
            pos++;
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
                    var code = 0;
                    for (var i = 0; i < 4; i++)
                    {
                        var digit = pos < this.text.Length ? HexValue(this.text[pos]) : -1;
                        if (digit < 0)
                        {
                            throw Error("expected four hexadecimal digits after '\\u'");
                        }
                        code = code * 16 + digit;
                        pos++;
                    }
                    // Surrogate pairs arrive as two \u escapes; each half is one UTF-16 unit, so no joining is needed.
                    return (char)code;
                default:
                    pos--;
                    throw Error("expected one of '\"', '\\', '/', 'b', 'f', 'n', 'r', 't' or 'u' after a backslash");
            }
        }

        /// <summary>number = [ "-" ] ( "0" / digit1-9 *digit ) [ "." 1*digit ] [ ("e"/"E") ["-"/"+"] 1*digit ]</summary>
        private object? ParseNumber()
        {
            var start = pos;
            if (Peek() == '-')
            {
                pos++;
                if (IsLetter(Peek()))
                {
                    pos = start;
                    return ParseWord();
                }
            }
            if (Peek() == '0')
            {
                pos++;
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
            var isInteger = true;
            if (Peek() == '.')
            {
                isInteger = false;
                pos++;
                if (!IsDigit(Peek()))
                {
                    throw Error("expected a digit after the decimal point");
                }
                SkipDigits();
            }
            if (Peek() == 'e' || Peek() == 'E')
            {
                isInteger = false;
                pos++;
                if (Peek() == '+' || Peek() == '-')
                {
                    pos++;
                }
                if (!IsDigit(Peek()))
                {
                    throw Error("expected a digit in the exponent");
                }
                SkipDigits();
            }
            var literal = this.text.Substring(start, pos - start);
            return isInteger ? NumberText.ParseDecimalInteger(literal) : NumberText.ParseDouble(literal);
        }

        /// <summary>Reads a run of letters (after an optional '-') as one of the literal names.</summary>
        private object? ParseWord()
        {
            var start = pos;
            if (Peek() == '-')
            {
                pos++;
            }
            while (IsLetter(Peek()))
            {
                pos++;
            }
            var word = this.text.Substring(start, pos - start);
            switch (word)
            {
                case "true": return true;
                case "false": return false;
                case "null": return null;
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
            pos = start;
            var shown = word.Length > 20 ? word.Substring(0, 20) + "..." : word;
            throw Error(ExpectedValue, $"'{shown}'");
        }

        private void EnterNesting()
        {
            if (++depth > TreeLimits.MaxDepth)
            {
                var (line, column) = LineAndColumn(pos);
                throw new InitializerException("NestingTooDeep", ErrorKind.LimitsExceeded,
                    $"JSON nests deeper than {TreeLimits.MaxDepth} levels at line {line}, column {column}.", this.text)
                { Line = line, Column = column };
            }
        }

        private void SkipWhitespace()
        {
            while (pos < this.text.Length)
            {
                var c = this.text[pos];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }
                pos++;
                if (c == '\n' || (c == '\r' && Peek() != '\n'))
                {
                    this.line++;
                    this.lineStart = pos;
                }
            }
        }

        private void SkipDigits()
        {
            while (IsDigit(Peek()))
            {
                pos++;
            }
        }

        /// <summary>The current character, or '\0' at the end (a raw NUL is never valid JSON outside strings).</summary>
        private char Peek() => pos < this.text.Length ? this.text[pos] : '\0';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static bool IsLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        /// <summary>A syntax error at the current position; <paramref name="found"/> defaults to the character there.</summary>
        private InitializerException Error(string expected, string? found = null)
        {
            var (line, column) = LineAndColumn(pos);
            found ??= pos >= this.text.Length ? "the end of the text" : Describe(this.text[pos]);
            return new InitializerException("ConfigParseFailed", ErrorKind.ParserError,
                $"Invalid JSON at line {line}, column {column}: {expected}, found {found}.", this.text)
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

        private TextPosition Here() => new TextPosition(this.line, pos - this.lineStart + 1);

        /// <summary>1-based line and column (in UTF-16 units) of an offset; "\r\n", "\n" and a lone "\r" end a line.</summary>
        private (int Line, int Column) LineAndColumn(int offset)
        {
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < offset && i < this.text.Length; i++)
            {
                var c = this.text[i];
                if (c == '\n' || (c == '\r' && (i + 1 >= this.text.Length || this.text[i + 1] != '\n')))
                {
                    line++;
                    lineStart = i + 1;
                }
            }
            return (line, offset - lineStart + 1);
        }
    }
}
