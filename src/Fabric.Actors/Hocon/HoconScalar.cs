using System.Globalization;

namespace Fabric.Hocon;

/// <summary>A string, number, boolean or null. <see cref="Text"/> keeps the source text (numbers as written).</summary>
public sealed class HoconScalar : HoconValue
{
    private readonly HoconValueType _type;

    internal HoconScalar(HoconValueType type, string text, HoconOrigin origin) : base(origin)
    {
        _type = type;
        Text = text;
    }

    public override HoconValueType Type => _type;

    /// <summary>The value as a string ("null" for null, numbers as written in the source).</summary>
    public string Text { get; }

    internal override bool NeedsResolution => false;

    internal static HoconScalar String(string text, HoconOrigin origin) => new(HoconValueType.String, text, origin);

    internal static HoconScalar Null(HoconOrigin origin) => new(HoconValueType.Null, "null", origin);

    /// <summary>Classifies one unquoted token: true/false, null, a number, or else a string.</summary>
    internal static HoconScalar FromUnquoted(string text, HoconOrigin origin)
    {
        switch (text)
        {
            case "true":
            case "false":
                return new HoconScalar(HoconValueType.Boolean, text, origin);
            case "null":
                return Null(origin);
        }
        return IsNumber(text) ? new HoconScalar(HoconValueType.Number, text, origin) : String(text, origin);
    }

    private static bool IsNumber(string text)
    {
        if (text.Length == 0) return false;
        char first = text[0];
        if (first != '-' && (first < '0' || first > '9')) return false;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }

    public override string ToString() => Text;
}
