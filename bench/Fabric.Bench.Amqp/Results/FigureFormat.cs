using System.Globalization;

namespace Fabric.Bench.Amqp.Results;

/// <summary>Number formatting for the console and the table: thousands separators for large values, 3 significant
/// digits for small ones.</summary>
internal static class FigureFormat
{
    public static string Value(double value)
    {
        if (double.IsNaN(value)) return "n/a";
        double magnitude = Math.Abs(value);
        string format = magnitude >= 100 ? "N0" : magnitude >= 10 ? "F1" : magnitude >= 1 ? "F2" : "F3";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    public static string WithUnit(double value, string unit) => unit.Length == 0 ? Value(value) : $"{Value(value)} {unit}";
}
