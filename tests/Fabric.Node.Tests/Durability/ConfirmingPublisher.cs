using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Fabric.Node.Tests.Durability;

/// <summary>
/// One publisher on its own confirm-mode channel: publishes a seeded mix of <see cref="MessageKind"/>s as fast as a
/// window of unconfirmed publishes allows, recording every publish and confirm in the ledger (confirms are tracked
/// here, from basic.ack / basic.nack with their multiple flag, not by the client library). Runs until it has sent
/// its messages, is stopped, or the connection dies under it.
/// </summary>
public sealed class ConfirmingPublisher
{
    private static readonly BasicProperties Persistent = new() { Persistent = true };
    private static readonly BasicProperties Transient = new() { Persistent = false };

    private readonly MessageLedger _ledger;
    private readonly IConnection _connection;
    private readonly Random _random;
    private readonly int _count;
    private readonly MessageKind? _only;
    private readonly SemaphoreSlim _window;
    private readonly List<LedgerEntry> _bySequence = [];
    private readonly object _gate = new();
    private readonly TaskCompletionSource _allAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lowestUnanswered = 1;

    /// <param name="only">Publish only this kind (null: a seeded mix).</param>
    public ConfirmingPublisher(MessageLedger ledger, IConnection connection, int seed, int count, int window, MessageKind? only = null)
    {
        _only = only;
        _ledger = ledger;
        _connection = connection;
        _random = new Random(seed);
        _count = count;
        _window = new SemaphoreSlim(window, window);
        Id = ledger.NewPublisherId();
    }

    public int Id { get; }

    /// <summary>Publishes until all are sent and answered, or <paramref name="stop"/>; a dead connection ends it quietly.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        IChannel? channel = null;
        try
        {
            channel = await _connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: false),
                stop);
            channel.BasicAcksAsync += (_, e) => Answered(e.DeliveryTag, e.Multiple, ack: true);
            channel.BasicNacksAsync += (_, e) => Answered(e.DeliveryTag, e.Multiple, ack: false);

            for (var sequence = 1; sequence <= _count; sequence++)
            {
                await _window.WaitAsync(stop);
                var kind = NextKind();
                var entry = _ledger.Add(Id, sequence, kind);
                lock (_gate) _bySequence.Add(entry);
                var (exchange, routingKey) = kind switch
                {
                    MessageKind.PersistentRouted => (KillTopology.Direct, KillTopology.RoutedKey),
                    MessageKind.PersistentToBoth => (KillTopology.Direct, KillTopology.BothKey),
                    MessageKind.PersistentToTransientQueue => ("", KillTopology.TransientQueue),
                    _ => ("", KillTopology.Main),
                };
                var properties = kind == MessageKind.TransientMain ? Transient : Persistent;
                await channel.BasicPublishAsync(exchange, routingKey, false, properties, MessageBody.Create(Id, sequence), stop);
            }
            // Closing the channel would drop the confirms still to come.
            await _allAnswered.Task.WaitAsync(stop);
        }
        catch (Exception) when (stop.IsCancellationRequested || !_connection.IsOpen)
        {
            // stopped, or the node was killed under us: what was confirmed so far is in the ledger
        }
        finally
        {
            if (channel is not null)
            {
                if (_connection.IsOpen) await channel.DisposeAsync();
                else DeadLink.Close(channel);
            }
        }
    }

    private MessageKind NextKind() => _only ?? _random.Next(20) switch
    {
        < 12 => MessageKind.PersistentMain,
        < 14 => MessageKind.PersistentToBoth,
        < 16 => MessageKind.PersistentRouted,
        < 18 => MessageKind.TransientMain,
        _ => MessageKind.PersistentToTransientQueue,
    };

    private Task Answered(ulong deliveryTag, bool multiple, bool ack)
    {
        var tag = (int)deliveryTag;
        var released = 0;
        lock (_gate)
        {
            var from = multiple ? _lowestUnanswered : tag;
            for (var sequence = from; sequence <= tag && sequence <= _bySequence.Count; sequence++)
            {
                var entry = _bySequence[sequence - 1];
                if (entry.Confirmed || entry.Nacked) continue;
                _ledger.Confirmed(entry, ack);
                released++;
            }
            while (_lowestUnanswered <= _bySequence.Count
                   && (_bySequence[_lowestUnanswered - 1].Confirmed || _bySequence[_lowestUnanswered - 1].Nacked))
                _lowestUnanswered++;
            if (_lowestUnanswered > _count) _allAnswered.TrySetResult();
        }
        if (released > 0) _window.Release(released);
        return Task.CompletedTask;
    }
}
