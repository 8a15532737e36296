using System.Globalization;

namespace Fabric.Hocon;

/// <summary>Splits "12.5 ms" into its number and unit, shared by durations and byte sizes.</summary>
internal static class HoconUnits
{
    public static bool Split(string text, out double number, out string unit)
    {
        int i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or '-' or '+' ||
                                   (i > 0 && text[i] is 'e' or 'E' && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] is '-' or '+'))))
            i++;
        unit = text[i..].Trim();
        return double.TryParse(text.AsSpan(0, i), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
