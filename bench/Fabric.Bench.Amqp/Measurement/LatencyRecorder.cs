using System.Diagnostics;

namespace Fabric.Bench.Amqp.Measurement;

/// <summary>Fixed-capacity latency samples in Stopwatch ticks; one writer per recorder (no locking).</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;

    public int Count => _count;

    public void Record(long elapsedTicks)
    {
        if (_count < _ticks.Length) _ticks[_count++] = elapsedTicks;
    }

    /// <summary>Merges several recorders' samples and returns the requested percentiles in microseconds.</summary>
    public static double[] PercentilesMicros(IReadOnlyList<LatencyRecorder> recorders, params double[] percentiles)
    {
        int total = 0;
        foreach (var r in recorders) total += r._count;
        var all = new long[total];
        int at = 0;
        foreach (var r in recorders)
        {
            Array.Copy(r._ticks, 0, all, at, r._count);
            at += r._count;
        }
        Array.Sort(all);
        var result = new double[percentiles.Length];
        for (int i = 0; i < percentiles.Length; i++)
            result[i] = total == 0 ? double.NaN : ToMicros(all[Rank(total, percentiles[i])]);
        return result;
    }

    /// <summary>Nearest-rank index of percentile <paramref name="p"/> (0..100) among <paramref name="n"/> sorted samples.</summary>
    internal static int Rank(int n, double p) => Math.Clamp((int)Math.Ceiling(p / 100.0 * n) - 1, 0, n - 1);

    private static double ToMicros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
