namespace Fabric.Hocon;

/// <summary>A self-reference that reaches below the field being defined (<c>foo : ${foo.a}</c>): the path
/// <see cref="Keys"/> looked up inside the field's earlier value.</summary>
internal sealed class HoconPriorPath : HoconValue
{
    public HoconPriorPath(HoconValue prior, string[] keys, HoconSubstitution written) : base(written.Origin)
    {
        Prior = prior;
        Keys = keys;
        Written = written;
    }

    public HoconValue Prior { get; }

    public string[] Keys { get; }

    public HoconSubstitution Written { get; }

    public override HoconValueType Type => HoconValueType.Unresolved;

    internal override bool NeedsResolution => true;
}
