using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Fabric.Node.Tests.Durability;

/// <summary>
/// A manual-ack consumer on <see cref="KillTopology.Main"/> that acks most deliveries and leaves every
/// <c>keepEvery</c>-th one unacked, recording both in the ledger. <see cref="BarrierAsync"/> makes everything
/// delivered and acked so far durable as far as the test can know (see there).
/// </summary>
public sealed class AckingConsumer : IAsyncDisposable
{
    private readonly MessageLedger _ledger;
    private readonly IConnection _connection;
    private readonly int _keepEvery;
    // Held by a delivery's record-and-ack and by a barrier, so a barrier sees a consistent set.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private IChannel? _channel;
    private IChannel? _barrierChannel;
    private int _received;
    private int _barrierSequence;
    private int _barrierPublisher;

    public AckingConsumer(MessageLedger ledger, IConnection connection, int keepEvery)
    {
        _ledger = ledger;
        _connection = connection;
        _keepEvery = keepEvery;
    }

    public async Task StartAsync(ushort prefetch)
    {
        _channel = await _connection.CreateChannelAsync();
        _barrierChannel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        _barrierPublisher = _ledger.NewPublisherId();
        await _channel.BasicQosAsync(0, prefetch, false);
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += OnReceivedAsync;
        await _channel.BasicConsumeAsync(KillTopology.Main, autoAck: false, consumer);
    }

    /// <summary>
    /// A passive declare on the consumer's connection (its -ok comes after the connection has passed our acks on to
    /// the queue), then a persistent message to the same queue from the same connection, confirmed: the queue
    /// journals in order, so once that confirm is in, every earlier ack and delivery record is on disk.
    /// </summary>
    public async Task BarrierAsync()
    {
        await _turn.WaitAsync();
        try
        {
            await _channel!.QueueDeclarePassiveAsync(KillTopology.Main);
            var entry = _ledger.Add(_barrierPublisher, ++_barrierSequence, MessageKind.PersistentMain);
            await _barrierChannel!.BasicPublishAsync("", KillTopology.Main, false, new BasicProperties { Persistent = true },
                MessageBody.Create(_barrierPublisher, _barrierSequence));
            _ledger.Confirmed(entry, ack: true);
            _ledger.Settle();
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs e)
    {
        await _turn.WaitAsync();
        try
        {
            var entry = _ledger.Delivered(e.Body.Span);
            if (entry is null || ++_received % _keepEvery == 0) return; // foreign messages are left for the drain to report
            _ledger.AckSent(entry); // before sending: once sent it may be on disk
            await _channel!.BasicAckAsync(e.DeliveryTag, false);
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.AlreadyClosedException or IOException or ObjectDisposedException)
        {
            // the node was killed under us
        }
        finally
        {
            _turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in new[] { _channel, _barrierChannel })
        {
            if (channel is null) continue;
            if (_connection.IsOpen) await channel.DisposeAsync();
            else DeadLink.Close(channel);
        }
    }
}
