using System.Diagnostics;
using System.Globalization;

namespace Fabric.Bench.Amqp.Measurement;

/// <summary>Reads a broker's CPU time (utime + stime of /proc/PID/stat, in clock ticks) and VmRSS (/proc/PID/status).
/// Pid 0 means "not measured": every sample is null.</summary>
internal sealed class BrokerProcess(int pid, long clockTicksPerSecond)
{
    public int Pid { get; } = pid;
    public long ClockTicksPerSecond { get; } = clockTicksPerSecond;
    public bool IsMeasured => Pid > 0;

    public static BrokerProcess Create(int pid) => new(pid, pid > 0 ? ReadClockTicks() : 100);

    /// <summary>The current sample, or null when the process is not measured or has gone.</summary>
    public BrokerSample? Sample()
    {
        if (!IsMeasured) return null;
        try
        {
            long ticks = ReadCpuTicks(File.ReadAllText($"/proc/{Pid}/stat"));
            long rss = ReadRssBytes(File.ReadAllLines($"/proc/{Pid}/status"));
            return new BrokerSample(ticks / (double)ClockTicksPerSecond, rss);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>utime + stime from a /proc/PID/stat line; the command name may hold spaces and parentheses.</summary>
    internal static long ReadCpuTicks(string stat)
    {
        int close = stat.LastIndexOf(')');
        if (close < 0) throw new FormatException("unexpected /proc/PID/stat format");
        // Fields after the name start at field 3 (state); utime and stime are fields 14 and 15.
        string[] rest = stat[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
    }

    /// <summary>VmRSS in bytes from the lines of /proc/PID/status ("VmRSS:   123456 kB").</summary>
    internal static long ReadRssBytes(IEnumerable<string> statusLines)
    {
        foreach (string line in statusLines)
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }

    private static long ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false });
            if (getconf is null) return 100;
            string output = getconf.StandardOutput.ReadToEnd().Trim();
            getconf.WaitForExit();
            return long.TryParse(output, CultureInfo.InvariantCulture, out long ticks) && ticks > 0 ? ticks : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }
}
