using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Broker.Buffers;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.Routing;
using Fabric.Broker.VirtualHosts;

namespace Fabric.Broker.Queues;

/// <summary>
/// One queue as an actor: wraps the single-threaded <see cref="QueueEngine"/>, feeds it the channels' messages and
/// the time, and turns its effects into tells (deliveries to consumers' connections, dead letters through the vhost's
/// routing). Restarted by its vhost on failure with a new engine: consumers are told they were cancelled, transient
/// content is lost, a durable queue reloads its stored messages first (QueueActor.Durability.cs).
/// </summary>
internal sealed partial class QueueActor : UntypedActor, IWithTimers, IWithUnboundedStash
{
    private static readonly MethodId ConsumeId = new(60, 20);
    private static readonly MethodId GetId = new(60, 70);
    private const long IdRange = 1L << 32;
    private static long _lastIdBase;

    private readonly VirtualHost _vhost;
    private readonly string _name;
    private readonly bool _autoDelete;
    private readonly long? _exclusiveOwner;
    private readonly QueueEngine _engine;
    private readonly Effects _effects;
    private bool _deleted;

    /// <param name="store">The durable queue's store (null: nothing is persisted).</param>
    public QueueActor(VirtualHost vhost, string name, bool durable, bool autoDelete, long? exclusiveOwner,
        QueueArguments arguments, QueueStore? store = null)
    {
        _vhost = vhost;
        _name = name;
        _autoDelete = autoDelete;
        _exclusiveOwner = exclusiveOwner;
        _store = store;
        _effects = new Effects(this);
        IQueueEffects effects = _effects;
        if (store is not null)
        {
            effects = _queueJournal = new QueueJournal(_effects);
            _events = [];
            _pendingConfirms = new PendingConfirms();
            _writingConfirms = new PendingConfirms();
        }
        // Each incarnation (declare or restart) numbers its messages in its own range: a settle meant for an earlier
        // incarnation of this name matches nothing.
        _engine = new QueueEngine(name, vhost.Name, durable, arguments, effects, Now,
            Interlocked.Add(ref _lastIdBase, IdRange) - IdRange + 1);
        if (store is not null) Recover(store);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    // A durable queue's expiry times are stored, so they are wall-clock (they keep counting across a restart).
    private long Now => _store is null ? Environment.TickCount64 : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    protected override void PreStart()
    {
        _store?.Attach(Self);
        ScheduleTimers();
    }

    protected override void PreRestart(Exception reason, object? message)
    {
        // The engine's state is lost with this instance: tell the consumers, so their clients can re-subscribe.
        try
        {
            CancelAllConsumers();
        }
        catch (Exception)
        {
            // best effort: the instance is broken already
        }
        if (_store is not null) HandOver();
    }

    protected override void PostRestart(Exception reason)
    {
        PreStart();
        if (_reloading) StartReload(reason);
    }

    protected override void OnReceive(object message)
    {
        if (_reloading)
        {
            OnReceiveReloading(message);
            return;
        }
        if (message is QueueWriteCompleted written)
        {
            OnWriteCompleted(written);
            return;
        }
        if (message is QueueWriteDue)
        {
            OnWriteDue();
            return;
        }
        if (_deleted)
        {
            OnReceiveDeleted(message);
            return;
        }
        // Deliveries to batched channels are gathered while publishes come in, and sent when the FlushDeliveries
        // told at the first of them comes up. The deliveries of a settle or a credit return (the consumer waits for
        // them) go at once; anything else sends them first, so replies and cancellations keep their order with
        // earlier deliveries.
        switch (message)
        {
            case QueuePublish m: Publish(m); break;
            case QueueSettle m:
                Settle(m);
                _effects.Flush();
                break;
            case QueueCreditReturned m:
                _engine.ReturnCredit(m.ChannelKey, m.ConsumerTag, m.Written, Now);
                _effects.Flush();
                break;
            case FlushDeliveries: _effects.Flush(); break;
            default:
                _effects.Flush();
                if (!OnControl(message)) return;
                break;
        }
        if (_deleted) return;
        ScheduleTimers();
        if (_store is not null) WriteIfIdle();
    }

    /// <summary>Everything but the hot path; false when no timer or journal work follows (unhandled, a trim).</summary>
    private bool OnControl(object message)
    {
        switch (message)
        {
            case QueueConsume m: Consume(m); break;
            case QueueCancel m: Cancel(m); break;
            case QueueGet m: Get(m); break;
            case QueueChannelClosed m: ChannelClosed(m); break;
            case QueueRecover m: _engine.Recover(m.ChannelKey, Now); break;
            case QueueStatusRequest m: ReportStatus(m); break;
            case QueuePurgeRequest m: ReplyWhenDurable(m.ReplyTo, (uint)_engine.Purge()); break;
            case QueueDeleteRequest m: DeleteRequested(m); break;
            case ExpiryTick: OnExpiryTick(); break;
            case ExpiresTick: OnExpiresTick(); break;
            case TrimBuffers: OnTrimBuffers(); return false;
            default: Unhandled(message); return false;
        }
        return true;
    }

    private void Publish(QueuePublish publish)
    {
        var result = _engine.Enqueue(publish.Message, Now);
        if (publish.ConfirmTo is not { } confirmTo) return;
        // A persistent message in a durable queue is confirmed once its write is durable.
        if (_store is not null && result == EnqueueResult.Accepted && publish.Message.Persistent)
            _pendingConfirms.Add(confirmTo, publish.Channel, publish.SeqNo, publish.ConfirmInRuns);
        else
            confirmTo.Tell(new QueuePublishConfirmed(publish.Channel, publish.SeqNo, result == EnqueueResult.Accepted), Self);
    }

    private void Settle(QueueSettle settle)
    {
        var ids = new ReadOnlySpan<long>(settle.MessageIds);
        switch (settle.Kind)
        {
            case SettleKind.Ack: _engine.Ack(settle.ChannelKey, ids, Now); break;
            case SettleKind.Requeue: _engine.Reject(settle.ChannelKey, ids, requeue: true, Now); break;
            case SettleKind.Discard: _engine.Reject(settle.ChannelKey, ids, requeue: false, Now); break;
        }
    }

    private void Get(QueueGet get)
    {
        if (_exclusiveOwner is { } owner && owner != get.ConnectionId)
        {
            Sender.Tell(new QueueReply(BrokerErrors.QueueLocked(_name, _vhost.Name, GetId)), Self);
            return;
        }
        if (_engine.TryGet(get.ChannelKey, get.NoAck, Now, out var delivery))
        {
            if (!get.NoAck) _queueJournal?.Delivered(delivery.MessageId);
            Sender.Tell(new QueueGetOk(_name, delivery.MessageId, delivery.Message, delivery.Redelivered,
                (uint)_engine.MessageCount), Self);
        }
        else
            Sender.Tell(new QueueGetEmpty(_name), Self);
    }

    private void ReportStatus(QueueStatusRequest request)
    {
        _engine.Touch(Now);
        request.ReplyTo.Tell(new Amqp.Methods.QueueDeclareOk
        {
            Queue = _name,
            MessageCount = (uint)_engine.MessageCount,
            ConsumerCount = (uint)_engine.ConsumerCount,
        }, Self);
    }
}
