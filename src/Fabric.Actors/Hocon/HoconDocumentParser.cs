using System.Text;

namespace Fabric.Hocon;

/// <summary>Parses the tokens of one file (or string) into a raw, unresolved <see cref="HoconObject"/>.
/// Field paths are tracked so that substitutions naming the field being defined are marked self-referential.</summary>
internal sealed class HoconDocumentParser
{
    private readonly List<HoconToken> _tokens;
    private readonly string _fileName;
    private readonly string _baseDirectory;
    private readonly HoconParseOptions _options;
    private readonly HoconPath _prefix;
    private readonly List<string> _includeChain;
    private int _index;

    public HoconDocumentParser(string text, string fileName, string baseDirectory, HoconParseOptions options,
        HoconPath prefix, List<string> includeChain)
    {
        _fileName = fileName;
        _baseDirectory = baseDirectory;
        _options = options;
        _prefix = prefix;
        _includeChain = includeChain;
        _tokens = new HoconLexer(text, fileName).Tokenize();
    }

    private HoconToken Peek => _tokens[_index];

    private HoconToken PeekAt(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private HoconToken Take() => _tokens[_index++];

    private HoconOrigin OriginOf(HoconToken token) => new(_fileName, token.Line, token.Column);

    private HoconParseException Error(HoconToken at, string reason) => new(_fileName, at.Line, at.Column, reason);

    private void SkipWhitespace()
    {
        while (Peek.Kind == HoconTokenKind.Whitespace) _index++;
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Peek.Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline) _index++;
    }

    public HoconObject ParseDocument()
    {
        SkipWhitespaceAndNewlines();
        var root = new HoconObject(OriginOf(Peek));
        if (Peek.Kind == HoconTokenKind.OpenBrace)
        {
            Take();
            ParseFields(root, _prefix, braced: true);
            SkipWhitespaceAndNewlines();
            if (Peek.Kind != HoconTokenKind.End) throw Error(Peek, $"expected end of input after the root object but found {Peek.Describe()}");
        }
        else
        {
            ParseFields(root, _prefix, braced: false);
        }
        return root;
    }

    /// <summary>Fields up to '}' (braced) or the end of input. <paramref name="path"/> is null inside lists.</summary>
    private void ParseFields(HoconObject target, HoconPath? path, bool braced)
    {
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek;
            if (braced && token.Kind == HoconTokenKind.CloseBrace) { Take(); return; }
            if (token.Kind == HoconTokenKind.End)
            {
                if (braced) throw Error(token, "expected '}' but found end of input");
                return;
            }
            string what;
            if (IsInclude())
            {
                ParseInclude(target, path);
                what = "include";
            }
            else
            {
                what = "value of '" + ParseField(target, path) + "'";
            }
            SkipWhitespace();
            token = Peek;
            if (token.Kind == HoconTokenKind.Comma) Take();
            else if (token.Kind == HoconTokenKind.Newline || token.Kind == HoconTokenKind.End ||
                     (braced && token.Kind == HoconTokenKind.CloseBrace)) { }
            else throw Error(token, $"expected ',' or newline after the {what} but found {token.Describe()}");
        }
    }

    /// <summary>An unquoted <c>include</c> at the start of a key, then whitespace (newlines too), then a quoted
    /// name or file(/required(/url(/classpath(.</summary>
    private bool IsInclude()
    {
        if (Peek is not { Kind: HoconTokenKind.Unquoted, Text: "include" }) return false;
        int ahead = 1;
        while (PeekAt(ahead).Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline) ahead++;
        if (ahead == 1) return false;
        var next = PeekAt(ahead);
        return next.Kind == HoconTokenKind.Quoted ||
               (next.Kind == HoconTokenKind.Unquoted && next.Text.StartsWith("file(", StringComparison.Ordinal)) ||
               (next.Kind == HoconTokenKind.Unquoted && next.Text.StartsWith("required(", StringComparison.Ordinal)) ||
               (next.Kind == HoconTokenKind.Unquoted && next.Text.StartsWith("url(", StringComparison.Ordinal)) ||
               (next.Kind == HoconTokenKind.Unquoted && next.Text.StartsWith("classpath(", StringComparison.Ordinal));
    }

    /// <summary>Parses one "key sep value" and stores it; returns the key as written (for messages).</summary>
    private string ParseField(HoconObject target, HoconPath? path)
    {
        var keyToken = Peek;
        var key = ParseKey();
        string keyText = key.ToString();
        SkipWhitespace();
        var token = Peek;
        var fieldPath = path is null ? null : key.Prepend(path);
        HoconValue value;
        switch (token.Kind)
        {
            case HoconTokenKind.OpenBrace:
                value = ParseObject(fieldPath);
                break;
            case HoconTokenKind.Colon:
            case HoconTokenKind.Equals:
                Take();
                SkipWhitespace();
                value = ParseValue(fieldPath, keyText);
                break;
            case HoconTokenKind.PlusEquals:
                Take();
                SkipWhitespace();
                var origin = OriginOf(token);
                var element = ParseValue(fieldPath, keyText);
                var self = new HoconSubstitution(fieldPath ?? key, optional: true, null, fieldPath, origin);
                value = new HoconConcatenation([self, new HoconArray([element], element.Origin)], origin);
                break;
            default:
                throw Error(token, $"expected '=' or ':' or '{{' after key '{keyText}' but found {token.Describe()}");
        }
        for (int i = key.Length - 1; i > 0; i--)
        {
            var wrapper = new HoconObject(OriginOf(keyToken));
            wrapper.Set(key.Keys[i], value);
            value = wrapper;
        }
        HoconMerger.SetField(target, key.Keys[0], value, path?.Append(key.Keys[0]));
        return keyText;
    }

    private HoconPath ParseKey()
    {
        var first = Peek;
        if (first.Kind is not (HoconTokenKind.Unquoted or HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted))
            throw Error(first, $"expected a key but found {first.Describe()}");
        var keys = new List<string>();
        var current = new StringBuilder();
        bool segmentStarted = false;
        while (true)
        {
            var token = Peek;
            if (token.Kind == HoconTokenKind.Whitespace)
            {
                var next = PeekAt(1);
                if (next.Kind is not (HoconTokenKind.Unquoted or HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted)) break;
                current.Append(token.Text);
                Take();
                continue;
            }
            if (token.Kind is HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted)
            {
                current.Append(token.Text);
                segmentStarted = true;
                Take();
                continue;
            }
            if (token.Kind != HoconTokenKind.Unquoted) break;
            string text = token.Text;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '.')
                {
                    if (!segmentStarted) throw Error(token, $"empty key segment in '{text}' (quote keys that contain dots)");
                    keys.Add(current.ToString());
                    current.Clear();
                    segmentStarted = false;
                }
                else
                {
                    current.Append(text[i]);
                    segmentStarted = true;
                }
            }
            Take();
        }
        if (!segmentStarted) throw Error(first, "key ends with '.'");
        keys.Add(current.ToString());
        return new HoconPath(keys.ToArray());
    }

    private HoconObject ParseObject(HoconPath? path)
    {
        var open = Take();
        var obj = new HoconObject(OriginOf(open));
        ParseFields(obj, path, braced: true);
        return obj;
    }

    private HoconArray ParseArray()
    {
        var open = Take();
        var items = new List<HoconValue>();
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek;
            if (token.Kind == HoconTokenKind.CloseBracket) { Take(); break; }
            if (token.Kind == HoconTokenKind.End) throw Error(token, "expected ']' but found end of input");
            items.Add(ParseValue(null, null));
            SkipWhitespace();
            token = Peek;
            if (token.Kind == HoconTokenKind.Comma) Take();
            else if (token.Kind is not (HoconTokenKind.Newline or HoconTokenKind.CloseBracket))
                throw Error(token, $"expected ',' or ']' in list but found {token.Describe()}");
        }
        return new HoconArray(items.ToArray(), OriginOf(open));
    }

    /// <summary>A value, or several on one line forming a concatenation.</summary>
    private HoconValue ParseValue(HoconPath? fieldPath, string? keyText)
    {
        var start = Peek;
        var pieces = new List<HoconValue>();
        HoconToken? pendingWhitespace = null;
        bool unresolved = false;
        while (true)
        {
            var token = Peek;
            if (token.Kind == HoconTokenKind.Whitespace)
            {
                pendingWhitespace = token;
                Take();
                continue;
            }
            if (!token.IsValueStart) break;
            if (pieces.Count > 0 && pendingWhitespace is { } ws) pieces.Add(new HoconWhitespace(ws.Text, OriginOf(ws)));
            pendingWhitespace = null;
            HoconValue piece;
            switch (token.Kind)
            {
                case HoconTokenKind.Unquoted:
                    Take();
                    piece = HoconScalar.FromUnquoted(token.Text, OriginOf(token));
                    break;
                case HoconTokenKind.Quoted:
                case HoconTokenKind.TripleQuoted:
                    Take();
                    piece = HoconScalar.String(token.Text, OriginOf(token));
                    break;
                case HoconTokenKind.Substitution:
                    Take();
                    piece = MakeSubstitution(token, fieldPath);
                    unresolved = true;
                    break;
                case HoconTokenKind.OpenBrace:
                    piece = ParseObject(fieldPath);
                    break;
                default:
                    piece = ParseArray();
                    break;
            }
            pieces.Add(piece);
        }
        if (pieces.Count == 0)
        {
            var at = Peek;
            throw Error(at, keyText is null
                ? $"expected a value but found {at.Describe()}"
                : $"expected a value for '{keyText}' but found {at.Describe()}");
        }
        if (pieces.Count == 1) return pieces[0];
        var origin = OriginOf(start);
        if (unresolved) return new HoconConcatenation(pieces.ToArray(), origin);
        try
        {
            return HoconConcatenation.Combine(pieces, origin)!;
        }
        catch (ConfigException e)
        {
            throw Error(start, e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        }
    }

    private HoconSubstitution MakeSubstitution(HoconToken token, HoconPath? fieldPath)
    {
        var written = HoconPath.Parse(token.Text);
        var path = written.Prepend(_prefix);
        var fallback = _prefix.IsRoot ? null : written;
        // ${foo} and ${foo.a} in the value of foo look back at foo's earlier value
        var self = fieldPath is not null && path.StartsWith(fieldPath) ? fieldPath : null;
        return new HoconSubstitution(path, token.Optional, fallback, self, OriginOf(token));
    }

    private void ParseInclude(HoconObject target, HoconPath? path)
    {
        var includeToken = Take();
        SkipWhitespaceAndNewlines();
        var spec = new StringBuilder();
        string? name = null;
        var specStart = Peek;
        while (Peek.Kind is HoconTokenKind.Unquoted or HoconTokenKind.Quoted or HoconTokenKind.Whitespace)
        {
            var token = Take();
            if (token.Kind == HoconTokenKind.Quoted)
            {
                if (name is not null) throw Error(token, "include takes exactly one quoted file name");
                name = token.Text;
                spec.Append('"');
            }
            else if (token.Kind == HoconTokenKind.Unquoted) spec.Append(token.Text);
        }
        if (name is null) throw Error(specStart, "include needs a quoted file name, e.g. include \"other.conf\"");
        string form = spec.ToString();
        bool required = false;
        if (form.StartsWith("required(", StringComparison.Ordinal))
        {
            if (!form.EndsWith(')')) throw Error(specStart, "expected ')' to close required(");
            required = true;
            form = form["required(".Length..^1];
        }
        if (form.StartsWith("classpath(", StringComparison.Ordinal) || form.StartsWith("url(", StringComparison.Ordinal))
        {
            if (required) throw Error(specStart, "classpath() and url() includes are not supported");
            return;
        }
        if (form != "\"" && form != "file(\")") throw Error(specStart, "malformed include; use include \"f\", include file(\"f\") or include required(...)");

        string? file = FindIncludedFile(name);
        if (file is null)
        {
            if (required) throw Error(includeToken, $"required include '{name}' not found (looked in {_baseDirectory})");
            return;
        }
        string full = Path.GetFullPath(file);
        if (_includeChain.Contains(full))
            throw Error(includeToken, $"include cycle: {string.Join(" -> ", _includeChain)} -> {full}");
        _includeChain.Add(full);
        try
        {
            var included = HoconParser.ParseRaw(File.ReadAllText(full), file, _options with { BaseDirectory = null },
                path ?? HoconPath.Root, _includeChain);
            foreach (var field in included.Fields)
                HoconMerger.SetField(target, field.Key, field.Value, path?.Append(field.Key));
        }
        finally
        {
            _includeChain.RemoveAt(_includeChain.Count - 1);
        }
    }

    private string? FindIncludedFile(string name)
    {
        string candidate = Path.IsPathRooted(name) ? name : Path.Combine(_baseDirectory, name);
        if (File.Exists(candidate)) return candidate;
        if (Path.HasExtension(name)) return null;
        if (File.Exists(candidate + ".conf")) return candidate + ".conf";
        if (File.Exists(candidate + ".json")) return candidate + ".json";
        return null;
    }
}
