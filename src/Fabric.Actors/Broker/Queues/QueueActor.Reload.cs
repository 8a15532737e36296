using System.Diagnostics;
using Fabric.Actors;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker.Queues;

/// <summary>
/// A durable queue restarted by its vhost (docs/DURABILITY.md §3, "Restart"): the failed incarnation nacks the
/// publishes nothing durable holds and hands the rest to the store; the new one reads the store again (the code path
/// of node-start recovery, off the actor's thread) and stashes the commands that come meanwhile. A failed read fails
/// the incarnation again; restarts in a row wait longer each time (QueueStore.NextReloadDelay) and nack publishes
/// while they wait.
/// </summary>
internal sealed partial class QueueActor
{
    private bool _reloading;
    // Waiting out a restart streak's pause (the store failed again): publishes are nacked, not held in memory.
    private bool _refusePublishes;
    private long _reloadStarted;
    private ILogger? _reloadLog;

    /// <summary>In the failing incarnation: unwritten confirms are nacked, the write in flight is the store's to settle.</summary>
    private void HandOver()
    {
        if (_reloading) return; // nothing was loaded: what an earlier incarnation handed over is still there
        try
        {
            _pendingConfirms.NackAll(Self);
            if (!_writing) _writingConfirms.NackAll(Self);
            _store!.HandOver(_writing ? _writingConfirms : null, _queueJournal!.DeliveredIds());
        }
        catch (Exception)
        {
            // best effort: the instance is broken already (publishers without an answer time out)
        }
    }

    private void StartReload(Exception reason)
    {
        var store = _store!;
        var delay = store.NextReloadDelay(out var streak);
        _refusePublishes = delay > TimeSpan.Zero;
        _reloadLog = Context.System.LoggerFactory?.CreateLogger("Fabric.Broker.Recovery");
        _reloadLog?.LogWarning(
            "queue '{Queue}' in vhost '{VirtualHost}' restarted after {Error} (restart {Streak} in a row): reloading its stored messages in {Delay} ms",
            _name, _vhost.Name, reason.GetBaseException().Message, streak, (long)delay.TotalMilliseconds);
        _reloadStarted = Stopwatch.GetTimestamp();
        store.ReloadAsync(delay, _reloadLog).PipeTo(Self,
            success: static recovery => new QueueReloaded(recovery), failure: static e => new QueueReloadFailed(e));
    }

    private void OnReceiveReloading(object message)
    {
        switch (message)
        {
            case QueueReloaded m:
                Reloaded(m.Recovery);
                break;
            case QueueReloadFailed m:
                throw new InvalidOperationException(
                    $"queue '{_name}' in vhost '{_vhost.Name}': reading its stored messages failed", m.Cause);
            case QueueWriteCompleted or QueueWriteDue:
                break; // of the failed incarnation: the store settled that write before the reload read
            case QueuePublish m when _refusePublishes:
                m.ConfirmTo?.Tell(new QueuePublishConfirmed(m.Channel, m.SeqNo, false), Self);
                break;
            default:
                Stash.Stash();
                break;
        }
    }

    private void Reloaded(QueueRecovery recovery)
    {
        _reloading = false;
        var delivered = _store!.TakeDeliveredHint();
        Restore(recovery, delivered);
        _reloadLog?.LogInformation(
            "queue '{Queue}' in vhost '{VirtualHost}' reloaded {Messages} messages in {Elapsed} ms; journal continues after {SequenceNr}",
            _name, _vhost.Name, recovery.Count, (long)Stopwatch.GetElapsedTime(_reloadStarted).TotalMilliseconds,
            _store.LastSequenceNr);
        Stash.UnstashAll();
        ScheduleTimers();
        WriteIfIdle();
    }
}
