using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>Best-effort removal of what a scenario declared, on a fresh channel: no-wait deletes in chunks, each
/// chunk closed by one synchronous round trip (a channel is processed in order) that counts as progress and must
/// come back within a minute (5 s when the scenario was cancelled: the broker is then likely not answering).</summary>
internal static class ScenarioCleanup
{
    private const int Chunk = 250;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LimitAfterCancel = TimeSpan.FromSeconds(5);

    public static async Task DeleteQueuesAsync(ScenarioContext context, IConnection connection, IReadOnlyList<string> queues,
        IReadOnlyList<string>? exchanges = null)
    {
        if (!connection.IsOpen) return;
        TimeSpan limit = context.Cancel.IsCancellationRequested ? LimitAfterCancel : Limit;
        try
        {
            using var open = new CancellationTokenSource(limit);
            var channel = await connection.CreateChannelAsync(cancellationToken: open.Token);
            for (int first = 0; first < queues.Count; first += Chunk)
            {
                using var cts = new CancellationTokenSource(limit);
                for (int i = first; i < Math.Min(queues.Count, first + Chunk); i++)
                    await channel.QueueDeleteAsync(queues[i], false, false, noWait: true, cts.Token);
                await channel.BasicQosAsync(0, 1, false, cts.Token);
                context.Progress.Tick();
            }
            using var end = new CancellationTokenSource(limit);
            if (exchanges is not null)
                for (int i = 0; i < exchanges.Count; i++)
                    await channel.ExchangeDeleteAsync(exchanges[i], false, noWait: true, end.Token);
            await channel.BasicQosAsync(0, 1, false, end.Token);
            await channel.CloseAsync(end.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or RabbitMQ.Client.Exceptions.RabbitMQClientException or IOException)
        {
            Console.Error.WriteLine($"  cleanup: {e.Message}");
        }
    }
}
