using System.Diagnostics;
using System.Globalization;

namespace Fabric.Bench.Rpc;

/// <summary>CPU time used so far by this process, and by the broker's process when its pid is given (Linux /proc).</summary>
internal static class ProcessCpu
{
    // USER_HZ: the unit of /proc/PID/stat times on Linux.
    private const double TicksPerSecond = 100;

    public static TimeSpan Self() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>utime + stime of the process (zero when there is none or no /proc).</summary>
    public static TimeSpan Of(int? pid)
    {
        if (pid is not { } id || !File.Exists($"/proc/{id}/stat"))
        {
            return TimeSpan.Zero;
        }

        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        string stat = File.ReadAllText($"/proc/{id}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
