using System.Text;

namespace Fabric.Hocon;

/// <summary>A path expression split into keys: <c>a.b."c.d"</c> is ["a", "b", "c.d"].</summary>
internal sealed class HoconPath : IEquatable<HoconPath>
{
    public static readonly HoconPath Root = new([]);

    public HoconPath(string[] keys) => Keys = keys;

    public string[] Keys { get; }

    public int Length => Keys.Length;

    public bool IsRoot => Keys.Length == 0;

    public HoconPath Append(string key)
    {
        var keys = new string[Keys.Length + 1];
        Keys.CopyTo(keys, 0);
        keys[^1] = key;
        return new HoconPath(keys);
    }

    public HoconPath Prepend(HoconPath prefix)
    {
        if (prefix.IsRoot) return this;
        var keys = new string[prefix.Keys.Length + Keys.Length];
        prefix.Keys.CopyTo(keys, 0);
        Keys.CopyTo(keys, prefix.Keys.Length);
        return new HoconPath(keys);
    }

    public bool StartsWith(HoconPath prefix)
    {
        if (prefix.Keys.Length > Keys.Length) return false;
        for (int i = 0; i < prefix.Keys.Length; i++)
            if (!string.Equals(Keys[i], prefix.Keys[i], StringComparison.Ordinal)) return false;
        return true;
    }

    public HoconPath Prefix(int length) => length == Keys.Length ? this : new HoconPath(Keys[..length]);

    /// <summary>Parses a path expression as used by getters and inside <c>${...}</c>. Returns null with a reason when malformed.</summary>
    public static HoconPath? TryParse(string text, out string? error)
    {
        error = null;
        var keys = new List<string>();
        var current = new StringBuilder();
        bool sawAny = false;
        int i = 0;
        string trimmed = text.Trim();
        while (i < trimmed.Length)
        {
            char c = trimmed[i];
            if (c == '"')
            {
                int end = trimmed.IndexOf('"', i + 1);
                while (end > 0 && trimmed[end - 1] == '\\') end = trimmed.IndexOf('"', end + 1);
                if (end < 0) { error = $"unterminated quoted key in path '{text}'"; return null; }
                current.Append(HoconLexer.UnescapeJson(trimmed[(i + 1)..end]));
                sawAny = true;
                i = end + 1;
            }
            else if (c == '.')
            {
                if (!sawAny) { error = $"empty key in path '{text}'"; return null; }
                keys.Add(current.ToString());
                current.Clear();
                sawAny = false;
                i++;
            }
            else
            {
                current.Append(c);
                sawAny = true;
                i++;
            }
        }
        if (!sawAny) { error = text.Trim().Length == 0 ? "empty path" : $"empty key in path '{text}'"; return null; }
        keys.Add(current.ToString());
        return new HoconPath(keys.ToArray());
    }

    public static HoconPath Parse(string text) =>
        TryParse(text, out var error) ?? throw new ConfigException($"bad path expression: {error}");

    public bool Equals(HoconPath? other)
    {
        if (other is null || other.Keys.Length != Keys.Length) return false;
        for (int i = 0; i < Keys.Length; i++)
            if (!string.Equals(Keys[i], other.Keys[i], StringComparison.Ordinal)) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is HoconPath p && Equals(p);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var key in Keys) hash.Add(key, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    /// <summary>Renders the path, quoting keys that need it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Keys.Length; i++)
        {
            if (i > 0) sb.Append('.');
            string key = Keys[i];
            if (NeedsQuotes(key)) sb.Append('"').Append(key.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
            else sb.Append(key);
        }
        return sb.ToString();
    }

    private static bool NeedsQuotes(string key)
    {
        if (key.Length == 0) return true;
        foreach (char c in key)
            if (c == '.' || c == '"' || char.IsWhiteSpace(c) || HoconLexer.IsForbidden(c)) return true;
        return false;
    }
}
