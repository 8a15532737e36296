using System.Globalization;

namespace Fabric.TestKit;

/// <summary>Timeouts of the test kit; every one is scaled by <see cref="TimeFactor"/> (env FABRIC_TEST_TIMEFACTOR).</summary>
public sealed record TestKitSettings
{
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan ExpectNoMsgDefault { get; init; } = TimeSpan.FromMilliseconds(100);

    public double TimeFactor { get; init; } = ReadTimeFactor();

    public TimeSpan Dilated(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan ? duration : TimeSpan.FromTicks((long)(duration.Ticks * TimeFactor));

    private static double ReadTimeFactor()
    {
        var text = Environment.GetEnvironmentVariable("FABRIC_TEST_TIMEFACTOR");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 ? factor : 1.0;
    }
}
