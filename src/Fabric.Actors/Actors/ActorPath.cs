using System.Text;

namespace Fabric.Actors;

/// <summary>Where an actor lives in its system's tree, e.g. <c>fabric://sys/user/a/b</c>.</summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string[] _elements;
    private string? _text;

    private ActorPath(string address, ActorPath? parent, string name, string[] elements)
    {
        Address = address;
        Parent = parent;
        Name = name;
        _elements = elements;
    }

    /// <summary>The root of a system: <c>fabric://name</c>.</summary>
    public static ActorPath Root(string address) => new(address, null, "", []);

    public string Address { get; }

    public string Name { get; }

    /// <summary>Null only for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>Names below the root, e.g. ["user", "a", "b"].</summary>
    public IReadOnlyList<string> Elements => _elements;

    public ActorPath Child(string name)
    {
        var elements = new string[_elements.Length + 1];
        _elements.CopyTo(elements, 0);
        elements[^1] = name;
        return new ActorPath(Address, this, name, elements);
    }

    /// <summary>"/user/a/b" (without address).</summary>
    public string ToStringWithoutAddress() => _elements.Length == 0 ? "/" : "/" + string.Join('/', _elements);

    public override string ToString()
    {
        if (_text != null) return _text;
        var sb = new StringBuilder(Address);
        if (_elements.Length == 0) sb.Append('/');
        foreach (var e in _elements) sb.Append('/').Append(e);
        return _text = sb.ToString();
    }

    public bool Equals(ActorPath? other) => other != null && ToString() == other.ToString();

    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>Splits "/user/a" or "fabric://sys/user/a" into address (maybe null) and elements.</summary>
    internal static bool TryParse(string path, out string? address, out string[] elements)
    {
        address = null;
        var rest = path;
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            address = slash < 0 ? path : path[..slash];
            rest = slash < 0 ? "" : path[slash..];
        }
        else if (!path.StartsWith('/'))
        {
            elements = [];
            return false;
        }
        elements = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return true;
    }
}
