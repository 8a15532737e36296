using Fabric.Bench.Amqp.Measurement;
using Fabric.Bench.Amqp.Options;
using Fabric.Bench.Amqp.Scenarios;

namespace Fabric.Bench.Amqp.Tests;

public class ScenarioContextTests
{
    private static ScenarioContext NewContext() => new(new BenchOptions(), BrokerProcess.Create(0), CancellationToken.None);

    [Theory]
    [InlineData(100L * 1024 * 1024, 110L * 1024 * 1024, 90L * 1024 * 1024, 1024, 20.0)] // garbage freed meanwhile: the lower baseline counts
    [InlineData(100L * 1024 * 1024, 110L * 1024 * 1024, 105L * 1024 * 1024, 1024, 10.0)]
    public void Rss_per_item_is_measured_from_the_lower_baseline(long before, long with, long after, int items, double expectedKb)
    {
        var context = NewContext();
        context.AddRssPerItem("rss-per-queue", "broker RSS / queue", with, before, after, items);
        var figure = Assert.Single(context.Figures);
        Assert.Equal(expectedKb, figure.Value, 6);
        Assert.False(figure.HigherIsBetter);
    }

    [Fact]
    public void Rss_per_item_below_the_baselines_reads_zero()
    {
        var context = NewContext();
        context.AddRssPerItem("k", "l", with: 90, before: 100, after: 95, items: 10);
        Assert.Equal(0, Assert.Single(context.Figures).Value);
    }

    [Fact]
    public void Rss_per_item_needs_a_sample_with_the_items_and_a_baseline()
    {
        var context = NewContext();
        context.AddRssPerItem("k", "l", null, 1, 1, 10);
        context.AddRssPerItem("k", "l", 5, null, null, 10);
        Assert.Empty(context.Figures);
    }

    [Fact]
    public void Cost_figures_come_with_the_client_cpu_figure_kept_out_of_the_table()
    {
        var context = NewContext();
        context.AddCost(new PhaseMeasurement(2.0, 0.5, 100, 200, 300, 0.25), 1_000, "msg", "msgs/s");
        Assert.Equal(500, context.Figures.Single(f => f.Key == "throughput").Value);
        Assert.Equal(500, context.Figures.Single(f => f.Key == "cpu").Value, 6);
        Assert.Equal(250, context.Figures.Single(f => f.Key == ScenarioContext.ClientFigurePrefix + "cpu").Value, 6);
    }
}
