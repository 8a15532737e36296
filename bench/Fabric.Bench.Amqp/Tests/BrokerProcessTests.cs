using Fabric.Bench.Amqp.Measurement;

namespace Fabric.Bench.Amqp.Tests;

public class BrokerProcessTests
{
    [Fact]
    public void Cpu_ticks_are_utime_plus_stime_even_when_the_name_holds_spaces_and_parentheses()
    {
        const string stat = "4242 (beam.smp (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 30 0 100 2000000 5000";
        Assert.Equal(1234 + 567, BrokerProcess.ReadCpuTicks(stat));
    }

    [Fact]
    public void Rss_comes_from_the_VmRSS_line_in_bytes()
    {
        string[] status = ["Name:\tbeam.smp", "VmPeak:\t  999999 kB", "VmRSS:\t  143360 kB", "Threads:\t30"];
        Assert.Equal(143360L * 1024, BrokerProcess.ReadRssBytes(status));
    }

    [Fact]
    public void A_live_process_is_sampled_and_its_cpu_time_grows_with_work()
    {
        var self = BrokerProcess.Create(Environment.ProcessId);
        var before = self.Sample();
        Assert.NotNull(before);
        Assert.True(before.Value.RssBytes > 1024 * 1024);
        double deadline = before.Value.CpuSeconds + 0.05;
        long spins = 0;
        while (self.Sample()!.Value.CpuSeconds < deadline) spins++;
        Assert.True(spins > 0);
    }

    [Fact]
    public void Pid_zero_is_not_measured()
    {
        var none = BrokerProcess.Create(0);
        Assert.False(none.IsMeasured);
        Assert.Null(none.Sample());
    }
}
