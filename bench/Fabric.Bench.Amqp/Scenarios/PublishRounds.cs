using Fabric.Bench.Amqp.Client;
using Fabric.Bench.Amqp.Measurement;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>The shape of every publish/consume scenario: an unmeasured warm-up round, then the measured round, each
/// from the first publish until the last expected delivery.</summary>
internal static class PublishRounds
{
    public static async Task<PhaseMeasurement> WarmUpThenMeasureAsync(ScenarioContext context, string name, DeliveryCountdown countdown,
        int messages, int deliveriesPerMessage, Func<int, CancellationToken, Task> publish)
    {
        int warmUp = Math.Max(500, messages / 10);
        countdown.Reset((long)warmUp * deliveriesPerMessage);
        await publish(warmUp, context.Cancel);
        await countdown.WaitAsync(name + " warm-up", context.Cancel);

        countdown.Reset((long)messages * deliveriesPerMessage);
        using var meter = context.Measure();
        await publish(messages, context.Cancel);
        await countdown.WaitAsync(name, context.Cancel);
        return meter.Stop();
    }
}
