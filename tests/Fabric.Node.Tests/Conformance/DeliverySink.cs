using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Fabric.Node.Tests.Conformance;

/// <summary>An async consumer that queues deliveries and server-side cancels for the test to await.</summary>
public sealed class DeliverySink
{
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();
    private readonly TaskCompletionSource<string> _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeliverySink(IChannel channel)
    {
        Consumer = new AsyncEventingBasicConsumer(channel);
        Consumer.ReceivedAsync += OnReceivedAsync;
        Consumer.UnregisteredAsync += OnUnregisteredAsync;
    }

    public AsyncEventingBasicConsumer Consumer { get; }

    /// <summary>Completes with the consumer tag when the consumer is cancelled (by the server or the client).</summary>
    public Task<string> Cancelled => _cancelled.Task;

    public int Pending => _deliveries.Reader.Count;

    private Task OnReceivedAsync(object sender, BasicDeliverEventArgs e)
    {
        _deliveries.Writer.TryWrite(new Delivery(e.ConsumerTag, e.DeliveryTag, e.Redelivered, e.Exchange, e.RoutingKey,
            e.BasicProperties, e.Body.ToArray()));
        return Task.CompletedTask;
    }

    private Task OnUnregisteredAsync(object sender, ConsumerEventArgs e)
    {
        _cancelled.TrySetResult(e.ConsumerTags.Length > 0 ? e.ConsumerTags[0] : "");
        return Task.CompletedTask;
    }

    public async Task<Delivery> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? ConformanceTest.Patience);
        try
        {
            return await _deliveries.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no delivery within the timeout");
        }
    }

    public async Task<List<Delivery>> ReceiveAsync(int count, TimeSpan? timeout = null)
    {
        var list = new List<Delivery>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(await ReceiveAsync(timeout));
        }

        return list;
    }

    /// <summary>True if nothing more arrives within the quiet period (used after a limit should have stopped deliveries).</summary>
    public async Task<bool> StaysQuietAsync(TimeSpan quietPeriod)
    {
        using var cts = new CancellationTokenSource(quietPeriod);
        try
        {
            await _deliveries.Reader.WaitToReadAsync(cts.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }
}
