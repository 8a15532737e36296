using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>Best-effort removal of what a scenario declared, on a fresh channel, bounded in time (briefly when the
/// scenario was cancelled: the broker is then likely not answering).</summary>
internal static class ScenarioCleanup
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LimitAfterCancel = TimeSpan.FromSeconds(5);

    public static async Task DeleteQueuesAsync(IConnection connection, CancellationToken scenario, IReadOnlyList<string> queues,
        IReadOnlyList<string>? exchanges = null)
    {
        if (!connection.IsOpen) return;
        using var cts = new CancellationTokenSource(scenario.IsCancellationRequested ? LimitAfterCancel : Limit);
        try
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: cts.Token);
            // Pipelined: no-wait deletes, then one synchronous round trip (a channel is processed in order).
            for (int i = 0; i < queues.Count; i++)
                await channel.QueueDeleteAsync(queues[i], false, false, noWait: true, cts.Token);
            if (exchanges is not null)
                for (int i = 0; i < exchanges.Count; i++)
                    await channel.ExchangeDeleteAsync(exchanges[i], false, noWait: true, cts.Token);
            await channel.BasicQosAsync(0, 1, false, cts.Token);
            await channel.CloseAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or RabbitMQ.Client.Exceptions.RabbitMQClientException or IOException)
        {
            Console.Error.WriteLine($"  cleanup: {e.Message}");
        }
    }
}
