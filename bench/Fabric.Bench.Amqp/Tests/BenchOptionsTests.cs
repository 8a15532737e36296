using Fabric.Bench.Amqp.Options;
using Fabric.Bench.Amqp.Scenarios;

namespace Fabric.Bench.Amqp.Tests;

public class BenchOptionsTests
{
    [Fact]
    public void Run_options_parse()
    {
        var o = BenchOptions.Parse(["--url", "amqp://u:p@h:1/", "--pid", "42", "--scenario", "transient, rpc", "--timeout", "30", "--scale", "0.5"], out var error);
        Assert.Null(error);
        Assert.NotNull(o);
        Assert.Equal(BenchMode.Run, o.Mode);
        Assert.Equal(42, o.Pid);
        Assert.Equal(["transient", "rpc"], o.Scenarios);
        Assert.Equal(TimeSpan.FromSeconds(30), o.Timeout);
        Assert.Equal(100, o.Scaled(200));
        Assert.Equal(5, o.Scaled(2, minimum: 5));
    }

    [Theory]
    [InlineData("--pid")]
    [InlineData("--pid", "x")]
    [InlineData("--timeout", "0")]
    [InlineData("--bogus", "1")]
    public void Malformed_arguments_are_reported(params string[] args)
    {
        Assert.Null(BenchOptions.Parse(args, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void All_expands_to_every_scenario_and_unknown_names_are_refused()
    {
        var all = ScenarioCatalog.Resolve(BenchOptions.Parse(["--scenario", "all"], out _)!, out var error);
        Assert.Null(error);
        Assert.Equal(ScenarioCatalog.All, all!.Select(s => s.Name));

        Assert.Null(ScenarioCatalog.Resolve(BenchOptions.Parse(["--scenario", "nope"], out _)!, out error));
        Assert.Contains("nope", error);
    }
}
