namespace Fabric.Bench.Amqp.Results;

/// <summary>Where a run happened: CPU model, logical cores, kernel, memory.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Kernel, long MemoryMb)
{
    /// <summary>The 1-minute load average (NaN when unknown).</summary>
    public static double LoadAverage()
    {
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    public static MachineInfo Current()
    {
        string cpu = "unknown";
        long memKb = 0;
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal)) { cpu = line[(line.IndexOf(':') + 1)..].Trim(); break; }
            foreach (string line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                { memKb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture); break; }
        }
        catch (IOException)
        {
            // Not Linux: leave the defaults.
        }
        return new MachineInfo(cpu, Environment.ProcessorCount, Environment.OSVersion.VersionString, memKb / 1024);
    }
}
