namespace Fabric.Hocon;

/// <summary>Where a value or token came from: file name (or "&lt;string&gt;"), 1-based line and column.</summary>
public readonly record struct HoconOrigin(string FileName, int Line, int Column)
{
    public static readonly HoconOrigin None = new("<none>", 0, 0);

    public override string ToString() => Line == 0 ? FileName : $"{FileName}:{Line}:{Column}";
}
