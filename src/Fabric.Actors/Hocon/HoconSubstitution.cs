namespace Fabric.Hocon;

/// <summary><c>${path}</c> or <c>${?path}</c>, resolved against the whole root after parsing and merging.</summary>
internal sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(HoconPath path, bool optional, HoconPath? fallbackPath, HoconPath? selfPath, HoconOrigin origin)
        : base(origin)
    {
        Path = path;
        Optional = optional;
        FallbackPath = fallbackPath;
        SelfPath = selfPath;
    }

    public HoconPath Path { get; }

    public bool Optional { get; }

    /// <summary>For substitutions in included files: the path as written, tried when the relativized one is not found.</summary>
    public HoconPath? FallbackPath { get; }

    /// <summary>Set when the substitution names the field being defined: it then means that field's earlier value,
    /// filled in by <see cref="HoconMerger"/> when the earlier value becomes known.</summary>
    public HoconPath? SelfPath { get; }

    public override HoconValueType Type => HoconValueType.Unresolved;

    internal override bool NeedsResolution => true;

    public string Display => (Optional ? "${?" : "${") + (FallbackPath ?? Path) + "}";
}
