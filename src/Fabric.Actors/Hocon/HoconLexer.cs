using System.Globalization;
using System.Text;

namespace Fabric.Hocon;

/// <summary>Turns HOCON text into tokens. Comments are dropped; whitespace and newlines are tokens because
/// concatenation and the "newline as separator" rule depend on them.</summary>
internal sealed class HoconLexer
{
    private readonly string _text;
    private readonly string _fileName;
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    public HoconLexer(string text, string fileName)
    {
        _text = text;
        _fileName = fileName;
    }

    /// <summary>HOCON's characters that cannot appear in unquoted text.</summary>
    public static bool IsForbidden(char c) => c is '$' or '"' or '{' or '}' or '[' or ']' or ':' or '=' or ',' or '+'
        or '#' or '`' or '^' or '?' or '!' or '@' or '*' or '&' or '\\';

    private static bool IsSpace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    public List<HoconToken> Tokenize()
    {
        var tokens = new List<HoconToken>();
        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == HoconTokenKind.End) return tokens;
        }
    }

    private HoconParseException Error(int line, int column, string reason) => new(_fileName, line, column, reason);

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool AtEnd => _pos >= _text.Length;

    private void Advance()
    {
        if (_text[_pos] == '\n') { _line++; _column = 1; }
        else _column++;
        _pos++;
    }

    private HoconToken Next()
    {
        if (AtEnd) return new HoconToken(HoconTokenKind.End, "", _line, _column);
        int line = _line, column = _column;
        char c = Peek();
        if (c == '#' || (c == '/' && Peek(1) == '/'))
        {
            while (!AtEnd && Peek() != '\n') Advance();
            return Next();
        }
        if (c == '\n') { Advance(); return new HoconToken(HoconTokenKind.Newline, "\n", line, column); }
        if (IsSpace(c))
        {
            int start = _pos;
            while (!AtEnd && IsSpace(Peek())) Advance();
            return new HoconToken(HoconTokenKind.Whitespace, _text[start.._pos], line, column);
        }
        switch (c)
        {
            case ',': Advance(); return new HoconToken(HoconTokenKind.Comma, ",", line, column);
            case ':': Advance(); return new HoconToken(HoconTokenKind.Colon, ":", line, column);
            case '=': Advance(); return new HoconToken(HoconTokenKind.Equals, "=", line, column);
            case '{': Advance(); return new HoconToken(HoconTokenKind.OpenBrace, "{", line, column);
            case '}': Advance(); return new HoconToken(HoconTokenKind.CloseBrace, "}", line, column);
            case '[': Advance(); return new HoconToken(HoconTokenKind.OpenBracket, "[", line, column);
            case ']': Advance(); return new HoconToken(HoconTokenKind.CloseBracket, "]", line, column);
            case '+':
                if (Peek(1) != '=') throw Error(line, column, "'+' is only allowed as part of '+='");
                Advance(); Advance();
                return new HoconToken(HoconTokenKind.PlusEquals, "+=", line, column);
            case '"':
                return Peek(1) == '"' && Peek(2) == '"' ? TripleQuoted(line, column) : Quoted(line, column);
            case '$':
                return Substitution(line, column);
        }
        if (IsForbidden(c)) throw Error(line, column, $"character '{c}' is not allowed in unquoted text (quote the string)");
        return Unquoted(line, column);
    }

    private HoconToken Unquoted(int line, int column)
    {
        int start = _pos;
        while (!AtEnd)
        {
            char c = Peek();
            if (c == '\n' || IsSpace(c) || (c == '/' && Peek(1) == '/')) break;
            // keep exponents such as 1e+5 inside one number token
            if (c == '+' && _pos > start && (_text[_pos - 1] is 'e' or 'E') && char.IsAsciiDigit(_text[start])) { Advance(); continue; }
            if (IsForbidden(c)) break;
            Advance();
        }
        return new HoconToken(HoconTokenKind.Unquoted, _text[start.._pos], line, column);
    }

    private HoconToken Quoted(int line, int column)
    {
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek() == '\n') throw Error(line, column, "unterminated quoted string");
            char c = Peek();
            if (c == '"') { Advance(); break; }
            if (c == '\\')
            {
                int escLine = _line, escColumn = _column;
                Advance();
                if (AtEnd) throw Error(line, column, "unterminated quoted string");
                char e = Peek();
                Advance();
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length ||
                            !ushort.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code))
                            throw Error(escLine, escColumn, "bad \\u escape in quoted string");
                        for (int k = 0; k < 4; k++) Advance();
                        sb.Append((char)code);
                        break;
                    default:
                        throw Error(escLine, escColumn, $"bad escape '\\{e}' in quoted string");
                }
                continue;
            }
            sb.Append(c);
            Advance();
        }
        return new HoconToken(HoconTokenKind.Quoted, sb.ToString(), line, column);
    }

    private HoconToken TripleQuoted(int line, int column)
    {
        Advance(); Advance(); Advance();
        int start = _pos;
        while (true)
        {
            if (AtEnd) throw Error(line, column, "unterminated triple-quoted string");
            if (Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                // extra quotes just before the closing triple belong to the string
                while (Peek(3) == '"') Advance();
                string content = _text[start.._pos];
                Advance(); Advance(); Advance();
                return new HoconToken(HoconTokenKind.TripleQuoted, content, line, column);
            }
            Advance();
        }
    }

    private HoconToken Substitution(int line, int column)
    {
        if (Peek(1) != '{') throw Error(line, column, "'$' must start a substitution '${...}' (quote the string)");
        Advance(); Advance();
        bool optional = false;
        if (Peek() == '?') { optional = true; Advance(); }
        int start = _pos;
        bool inQuotes = false;
        while (true)
        {
            if (AtEnd || Peek() == '\n') throw Error(line, column, "unterminated substitution, expected '}'");
            char c = Peek();
            if (c == '"' && (_pos == start || _text[_pos - 1] != '\\')) inQuotes = !inQuotes;
            else if (c == '}' && !inQuotes) break;
            Advance();
        }
        string path = _text[start.._pos];
        Advance();
        if (HoconPath.TryParse(path, out var error) is null) throw Error(line, column, $"bad substitution: {error}");
        return new HoconToken(HoconTokenKind.Substitution, path.Trim(), line, column, optional);
    }

    /// <summary>Unescapes the inside of a JSON-style quoted string (used for quoted keys in path expressions).</summary>
    public static string UnescapeJson(string quoted)
    {
        var lexer = new HoconLexer("\"" + quoted + "\"", "<path>");
        return lexer.Quoted(1, 1).Text;
    }
}
