using Fabric.Bench.Amqp.Measurement;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Client;

/// <summary>Publishes the same body and properties N times to one exchange and routing key (or a rotating set of routing
/// keys), optionally holding a confirm window.</summary>
internal sealed class Publisher(IChannel channel, BasicProperties properties, ConfirmWindow? window, ProgressCounter progress)
{
    public static async Task<Publisher> CreateAsync(IConnection connection, bool persistent, int confirmWindow, ProgressCounter progress, CancellationToken cancel)
    {
        bool confirms = confirmWindow > 0;
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: confirms, publisherConfirmationTrackingEnabled: false), cancel);
        var properties = new BasicProperties { DeliveryMode = persistent ? DeliveryModes.Persistent : DeliveryModes.Transient };
        return new Publisher(channel, properties, confirms ? new ConfirmWindow(channel, confirmWindow) : null, progress);
    }

    public IChannel Channel => channel;

    public async Task PublishAsync(CachedString exchange, CachedString routingKey, ReadOnlyMemory<byte> body, int count, CancellationToken cancel)
    {
        for (int i = 0; i < count; i++)
        {
            if (window is not null) await window.EnterAsync(cancel);
            await channel.BasicPublishAsync(exchange, routingKey, false, properties, body, cancel);
            progress.Tick();
        }
        await DrainAsync(cancel);
    }

    /// <summary>Publishes <paramref name="count"/> messages cycling through <paramref name="routingKeys"/>.</summary>
    public async Task PublishAsync(CachedString exchange, CachedString[] routingKeys, ReadOnlyMemory<byte> body, int count, CancellationToken cancel)
    {
        for (int i = 0; i < count; i++)
        {
            if (window is not null) await window.EnterAsync(cancel);
            await channel.BasicPublishAsync(exchange, routingKeys[i % routingKeys.Length], false, properties, body, cancel);
            progress.Tick();
        }
        await DrainAsync(cancel);
    }

    private async Task DrainAsync(CancellationToken cancel)
    {
        if (window is null) return;
        await window.DrainAsync(cancel);
        if (window.Nacked > 0) throw new InvalidOperationException($"the broker nacked {window.Nacked:N0} publishes");
    }
}
