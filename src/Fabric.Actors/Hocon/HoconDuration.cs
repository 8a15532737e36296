using System.Globalization;

namespace Fabric.Hocon;

/// <summary>HOCON duration format: a number with an optional unit ("5s", "100 ms", "2 minutes"); a bare number is
/// milliseconds; "infinite" is <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
internal static class HoconDuration
{
    public static bool TryParse(string text, out TimeSpan value, out string? error)
    {
        value = default;
        error = null;
        string s = text.Trim();
        if (s is "infinite" or "inf" or "Inf" or "Infinite")
        {
            value = Timeout.InfiniteTimeSpan;
            return true;
        }
        if (!HoconUnits.Split(s, out double number, out string unit))
        {
            error = $"'{text}' is not a duration (expected a number and a unit such as 10s, 500ms, 2 minutes)";
            return false;
        }
        double nanosPerUnit = unit switch
        {
            "" or "ms" or "milli" or "millis" or "millisecond" or "milliseconds" => 1e6,
            "ns" or "nano" or "nanos" or "nanosecond" or "nanoseconds" => 1,
            "us" or "µs" or "micro" or "micros" or "microsecond" or "microseconds" => 1e3,
            "s" or "second" or "seconds" => 1e9,
            "m" or "minute" or "minutes" => 60e9,
            "h" or "hour" or "hours" => 3600e9,
            "d" or "day" or "days" => 86400e9,
            _ => -1,
        };
        if (nanosPerUnit < 0)
        {
            error = $"unknown duration unit '{unit}' in '{text}' (use ns, us, ms, s, m, h or d)";
            return false;
        }
        double ticks = number * nanosPerUnit / 100;
        if (number < 0 || ticks >= TimeSpan.MaxValue.Ticks)
        {
            error = $"duration '{text}' is out of range";
            return false;
        }
        value = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }
}
