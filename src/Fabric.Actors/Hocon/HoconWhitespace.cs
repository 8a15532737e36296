namespace Fabric.Hocon;

/// <summary>Whitespace between two pieces of a concatenation: kept in strings, ignored between lists or objects.</summary>
internal sealed class HoconWhitespace : HoconValue
{
    public HoconWhitespace(string text, HoconOrigin origin) : base(origin) => Text = text;

    public string Text { get; }

    public override HoconValueType Type => HoconValueType.Unresolved;

    internal override bool NeedsResolution => false;
}
