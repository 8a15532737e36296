using System.Text;

namespace Fabric.Hocon;

/// <summary>Values written next to each other on one line, at least one of them unresolved. Whitespace between
/// pieces is kept as <see cref="HoconWhitespace"/> so string concatenation can preserve it.</summary>
internal sealed class HoconConcatenation : HoconValue
{
    public HoconConcatenation(HoconValue[] pieces, HoconOrigin origin) : base(origin) => Pieces = pieces;

    public HoconValue[] Pieces { get; }

    public override HoconValueType Type => HoconValueType.Unresolved;

    internal override bool NeedsResolution => true;

    /// <summary>Joins pieces that contain no substitutions: strings (with the whitespace between them), lists
    /// (concatenated) or objects (merged, later wins). Returns null when there is nothing left (all pieces were
    /// undefined optional substitutions).</summary>
    public static HoconValue? Combine(List<HoconValue> pieces, HoconOrigin origin)
    {
        HoconValue? first = null;
        int values = 0;
        bool anyObject = false, anyArray = false;
        foreach (var piece in pieces)
        {
            if (piece is HoconWhitespace) continue;
            first ??= piece;
            values++;
            anyObject |= piece.Type == HoconValueType.Object;
            anyArray |= piece.Type == HoconValueType.Array;
        }
        if (first is null) return null;
        if (values == 1 && (anyObject || anyArray || pieces.Count == 1)) return first;
        if (anyObject) return CombineObjects(pieces, origin);
        if (anyArray) return CombineArrays(pieces, origin);

        var sb = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (piece is HoconWhitespace ws) sb.Append(ws.Text);
            else sb.Append(((HoconScalar)piece).Text);
        }
        return HoconScalar.String(sb.ToString(), origin);
    }

    private static HoconObject CombineObjects(List<HoconValue> pieces, HoconOrigin origin)
    {
        HoconObject? result = null;
        foreach (var piece in pieces)
        {
            if (piece is HoconWhitespace) continue;
            if (piece is not HoconObject obj) throw Mismatch("an object", piece, origin);
            result = result is null ? obj : HoconMerger.MergeObjects(obj, result, null);
        }
        return result!;
    }

    private static HoconArray CombineArrays(List<HoconValue> pieces, HoconOrigin origin)
    {
        var items = new List<HoconValue>();
        foreach (var piece in pieces)
        {
            if (piece is HoconWhitespace) continue;
            if (piece is not HoconArray array) throw Mismatch("a list", piece, origin);
            items.AddRange(array.Items);
        }
        return new HoconArray(items.ToArray(), origin);
    }

    private static ConfigException Mismatch(string kind, HoconValue piece, HoconOrigin origin) =>
        new($"{origin}: cannot concatenate {kind} with a {piece.TypeName} (at {piece.Origin})");
}
