using FsCheck;
using Config = Fabric.Hocon.Config;
using FsCheck.Fluent;
using Fabric.Hocon;
using Xunit;

namespace Fabric.Actors.Tests.Hocon;

/// <summary>Durations, sizes in bytes and the boolean spellings.</summary>
public class HoconUnitTests
{
    private static Config One(string value) => ConfigFactory.ParseString("v = " + value);

    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("5 s", 5_000)]
    [InlineData("100 ms", 100)]
    [InlineData("100", 100)]
    [InlineData("1.5 seconds", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("2 minutes", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1 hour", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("3 days", 259_200_000)]
    [InlineData("0ms", 0)]
    [InlineData("250 millis", 250)]
    public void Durations_in_milliseconds(string text, long expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), One(text).GetTimeSpan("v"));

    [Fact]
    public void Small_durations_and_infinite()
    {
        Assert.Equal(TimeSpan.FromTicks(10), One("1 us").GetTimeSpan("v"));
        Assert.Equal(TimeSpan.FromTicks(10), One("1000ns").GetTimeSpan("v"));
        Assert.Equal(TimeSpan.FromTicks(20), One("2 microseconds").GetTimeSpan("v"));
        Assert.Equal(TimeSpan.FromTicks(1), One("100 nanoseconds").GetTimeSpan("v"));
        Assert.Equal(Timeout.InfiniteTimeSpan, One("infinite").GetTimeSpan("v"));
    }

    [Theory]
    [InlineData("5 parsecs")]
    [InlineData("fast")]
    [InlineData("-1s")]
    public void Bad_durations_name_the_path_and_origin(string text)
    {
        var config = ConfigFactory.ParseString("a {\n  v = " + text + "\n}", "d.conf");
        var e = Assert.Throws<ConfigException>(() => config.GetTimeSpan("a.v"));
        Assert.Contains("a.v", e.Message);
        Assert.Contains("d.conf:2:7", e.Message);
    }

    [Theory]
    [InlineData("64 MiB", 64L * 1024 * 1024)]
    [InlineData("256000b", 256_000)]
    [InlineData("1234", 1234)]
    [InlineData("10k", 10_240)]
    [InlineData("10K", 10_240)]
    [InlineData("10KiB", 10_240)]
    [InlineData("10kB", 10_000)]
    [InlineData("10KB", 10_000)]
    [InlineData("2M", 2L * 1024 * 1024)]
    [InlineData("2MB", 2_000_000)]
    [InlineData("3GiB", 3L * 1024 * 1024 * 1024)]
    [InlineData("3 GB", 3_000_000_000)]
    [InlineData("1 TiB", 1L << 40)]
    [InlineData("1.5 KiB", 1536)]
    [InlineData("7 bytes", 7)]
    [InlineData("2 mebibytes", 2L * 1024 * 1024)]
    public void Byte_sizes(string text, long expected) => Assert.Equal(expected, One(text).GetByteSize("v"));

    [Fact]
    public void Bad_byte_sizes()
    {
        Assert.Throws<ConfigException>(() => One("12 furlongs").GetByteSize("v"));
        Assert.Throws<ConfigException>(() => One("99999 EiB").GetByteSize("v"));
        Assert.Throws<ConfigException>(() => One("true").GetByteSize("v"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("yes", true)]
    [InlineData("on", true)]
    [InlineData("\"on\"", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    public void Booleans(string text, bool expected) => Assert.Equal(expected, One(text).GetBoolean("v"));

    [Fact]
    public void Wrong_type_names_path_expected_type_and_origin()
    {
        var config = ConfigFactory.ParseString("a {\n  port = http\n  obj { }\n  flag = maybe\n}", "fabric.conf");
        var e = Assert.Throws<ConfigException>(() => config.GetInt("a.port"));
        Assert.Contains("'a.port'", e.Message);
        Assert.Contains("whole number", e.Message);
        Assert.Contains("fabric.conf:2:10", e.Message);
        var o = Assert.Throws<ConfigException>(() => config.GetString("a.obj"));
        Assert.Contains("fabric.conf:3:7", o.Message);
        Assert.Contains("object", o.Message);
        var b = Assert.Throws<ConfigException>(() => config.GetBoolean("a.flag"));
        Assert.Contains("boolean", b.Message);
        var m = Assert.Throws<ConfigException>(() => config.GetInt("a.nope"));
        Assert.Contains("'a.nope'", m.Message);
        Assert.Throws<ConfigException>(() => ConfigFactory.ParseString("i = 3000000000").GetInt("i"));
        Assert.Throws<ConfigException>(() => ConfigFactory.ParseString("i = 1.5").GetLong("i"));
    }

    [Fact]
    public void Durations_in_whole_seconds_round_trip()
    {
        Prop.ForAll<int>(n =>
        {
            long s = Math.Abs((long)n);
            var config = ConfigFactory.ParseString($"a = {s}s\nb = {s} seconds\nc = {s * 1000}");
            var expected = TimeSpan.FromSeconds(s);
            return config.GetTimeSpan("a") == expected && config.GetTimeSpan("b") == expected && config.GetTimeSpan("c") == expected;
        }).QuickCheckThrowOnFailure();
    }
}
