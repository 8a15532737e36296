using System.Runtime.InteropServices;

namespace Fabric.Bench.Amqp.Measurement;

/// <summary>The calling thread's CPU time (user + system), from clock_gettime(CLOCK_THREAD_CPUTIME_ID): nanosecond
/// resolution, where /proc's tick counts are 10 ms.</summary>
internal static partial class ThreadCpuClock
{
    private const int ThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    /// <summary>CPU time of the calling thread so far, in microseconds; NaN where the clock is not available.</summary>
    public static double NowMicros()
    {
        try
        {
            return ClockGetTime(ThreadCpuTimeId, out var t) == 0 ? t.Seconds * 1e6 + t.Nanoseconds / 1e3 : double.NaN;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return double.NaN;
        }
    }
}
