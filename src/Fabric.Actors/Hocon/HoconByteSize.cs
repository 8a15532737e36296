namespace Fabric.Hocon;

/// <summary>HOCON size-in-bytes format: "64 MiB", "256000b", "10k"; a bare number is bytes. Powers of two for
/// K/Ki/KiB/M/MiB..., powers of ten for kB/KB/MB/GB... (as in the HOCON specification).</summary>
internal static class HoconByteSize
{
    public static bool TryParse(string text, out long value, out string? error)
    {
        value = 0;
        error = null;
        if (!HoconUnits.Split(text.Trim(), out double number, out string unit))
        {
            error = $"'{text}' is not a size in bytes (expected a number and a unit such as 64 MiB, 512k, 1000b)";
            return false;
        }
        double factor = Factor(unit);
        if (factor < 0)
        {
            error = $"unknown size unit '{unit}' in '{text}' (use b, k/KiB, kB, M/MiB, MB, G/GiB, GB, ...)";
            return false;
        }
        double bytes = number * factor;
        if (number < 0 || bytes >= long.MaxValue)
        {
            error = $"size '{text}' is out of range";
            return false;
        }
        if (bytes != Math.Floor(bytes))
        {
            error = $"size '{text}' is not a whole number of bytes";
            return false;
        }
        value = (long)bytes;
        return true;
    }

    private static double Factor(string unit)
    {
        switch (unit)
        {
            case "" or "b" or "B" or "byte" or "bytes": return 1;
            case "kB" or "KB" or "kilobyte" or "kilobytes": return 1e3;
            case "MB" or "megabyte" or "megabytes": return 1e6;
            case "GB" or "gigabyte" or "gigabytes": return 1e9;
            case "TB" or "terabyte" or "terabytes": return 1e12;
            case "PB" or "petabyte" or "petabytes": return 1e15;
            case "EB" or "exabyte" or "exabytes": return 1e18;
        }
        // binary units: K, k, Ki, KiB, kibibyte(s) and so on for M, G, T, P, E
        string[] prefixes = ["K", "M", "G", "T", "P", "E"];
        string[] names = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi"];
        for (int i = 0; i < prefixes.Length; i++)
        {
            string p = prefixes[i];
            if (unit == p || unit == p.ToLowerInvariant() || unit == p + "i" || unit == p + "iB" ||
                unit == names[i] + "byte" || unit == names[i] + "bytes")
                return Math.Pow(1024, i + 1);
        }
        return -1;
    }
}
