using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Fabric.Node.Tests.Durability;

/// <summary>Takes everything out of a queue after a restart, waiting on deliveries (no polling).</summary>
public static class QueueDrain
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Consumes (manual ack) exactly the ready count the queue reports, then checks nothing else is left. After a
    /// restart nothing is unacked, so the ready count is the queue's content.
    /// </summary>
    public static async Task<List<ReceivedMessage>> DrainAsync(IConnection connection, string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        var expected = (int)(await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        var received = new List<ReceivedMessage>(expected);
        if (expected > 0)
        {
            var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await channel.BasicQosAsync(0, 1000, false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, e) =>
            {
                int count;
                lock (received)
                {
                    received.Add(new ReceivedMessage(e.Body.ToArray(), e.Redelivered));
                    count = received.Count;
                }
                await channel.BasicAckAsync(e.DeliveryTag, false);
                if (count >= expected) all.TrySetResult();
            };
            var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
            try
            {
                await all.Task.WaitAsync(Patience);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{queue}: reported {expected} messages, only {received.Count} delivered within {Patience}");
            }
            await channel.BasicCancelAsync(tag);
        }
        var extra = await channel.BasicGetAsync(queue, autoAck: true);
        if (extra is not null)
            lock (received) received.Add(new ReceivedMessage(extra.Body.ToArray(), extra.Redelivered));
        lock (received) return [.. received];
    }

    /// <summary>The body of the next message of <paramref name="queue"/>, waiting for it to arrive.</summary>
    public static async Task<string> ConsumeOneAsync(IConnection connection, string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        var first = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, e) =>
        {
            first.TrySetResult(Encoding.UTF8.GetString(e.Body.Span));
            return Task.CompletedTask;
        };
        var tag = await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        var body = await first.Task.WaitAsync(Patience);
        await channel.BasicCancelAsync(tag);
        return body;
    }
}
