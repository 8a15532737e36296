using System.IO.Pipelines;
using Fabric.Actors;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker.Connections;

internal sealed partial class ConnectionActor
{
    private bool _batchScheduled;
    private bool _settlesPending;
    private long _lastSent = Environment.TickCount64;
    private long _lastReceived;
    private long _heartbeatMs;
    private bool _blocked;
    private const int FlushAtBytes = 64 * 1024;
    private const int MaxKeptSettles = 4;
    private long _unflushed; // delivery bytes written since the last flush

    /// <summary>Something was written (or queued for the batch end): make sure one <see cref="BatchEnd"/> follows.</summary>
    private void MarkDirty()
    {
        if (!_batchScheduled)
        {
            _batchScheduled = true;
            Self.Tell(BatchEnd.Instance, ActorRefs.Nobody);
        }
    }

    private void OnBatchEnd()
    {
        _batchScheduled = false;
        if (_phase == ConnectionPhase.Closed)
        {
            return;
        }

        Flush();
    }

    /// <summary>
    /// After a message that wrote deliveries: a batch that has grown past <see cref="FlushAtBytes"/> goes out now
    /// instead of at <see cref="BatchEnd"/> (which may sit behind a long mailbox). The socket layer pins and lists
    /// every buffer segment of a send on each partial write, so one huge send costs far more than several small.
    /// </summary>
    private void FlushIfLarge()
    {
        if (_unflushed >= FlushAtBytes && _phase != ConnectionPhase.Closed)
        {
            Flush();
        }
    }

    private void Flush()
    {
        _unflushed = 0;
        WriteReadyConfirms();
        SendPendingSettles();
        _lastSent = Environment.TickCount64;
        var flush = _link.Output.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            AfterFlush(flush.Result);
        }
        else
        {
            // Back-pressure: the mailbox waits until the socket has taken the bytes.
            Cell.RunAsyncHandler(static state => state.Actor.AwaitFlushAsync(state.Flush), (Actor: this, Flush: flush));
        }
    }

    private async Task AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        FlushResult result;
        try
        {
            result = await flush;
        }
        catch (Exception e)
        {
            _log.LogDebug(e, "Connection {Connection}: flush failed", Name);
            CloseTransport();
            return;
        }

        AfterFlush(result);
    }

    private void AfterFlush(FlushResult result)
    {
        if (result.IsCompleted || result.IsCanceled || _closeAfterFlush)
        {
            CloseTransport();
            return;
        }

        ReturnCredit();
    }

    private void WriteReadyConfirms()
    {
        foreach (var channel in _channels.Values)
        {
            if (channel.ConfirmsDirty)
            {
                channel.ConfirmsDirty = false;
                if (channel.Phase == ChannelPhase.Open)
                {
                    channel.Confirms?.WriteReady(_output, channel.Number);
                }
            }
        }
    }

    /// <summary>Sends the acks / nacks / rejects gathered in this batch, one QueueSettle per queue and kind.</summary>
    private void SendPendingSettles()
    {
        if (!_settlesPending)
        {
            return;
        }

        _settlesPending = false;
        foreach (var channel in _channels.Values)
        {
            SendPendingSettles(channel);
        }
    }

    private void SendPendingSettles(Channel channel)
    {
        var settles = channel.PendingSettles;
        for (int i = 0; i < settles.Count; i++)
        {
            var settle = settles[i];
            if (settle.MessageIds.Count == 0)
            {
                continue;
            }

            var queue = _vhost?.FindQueue(settle.Queue);
            queue?.Actor.Tell(new QueueSettle(channel.Key, settle.MessageIds.ToArray(), settle.Kind), Self);
            settle.MessageIds.Clear();
        }

        // The emptied lists are kept for the next batch (the same queue and kind, as a rule); a channel that has
        // settled with many queues starts over.
        if (settles.Count > MaxKeptSettles)
        {
            settles.Clear();
        }
    }

    private void StartHeartbeats(ushort seconds)
    {
        if (seconds == 0)
        {
            return;
        }

        _heartbeatMs = seconds * 1000L;
        var tick = TimeSpan.FromMilliseconds(Math.Max(_heartbeatMs / 2, 100));
        Timers.StartPeriodicTimer("heartbeat", HeartbeatTick.Instance, tick);
    }

    private void OnHeartbeatTick()
    {
        if (_heartbeatMs == 0 || _phase == ConnectionPhase.Closed)
        {
            return;
        }

        long now = Environment.TickCount64;
        if (_holdingInbound)
        {
            _lastReceived = now; // we are the ones not reading (a suspended operation), not the peer
        }

        if (now - _lastReceived > 2 * _heartbeatMs)
        {
            _log.LogWarning("Connection {Connection}: missed heartbeats from client, timeout: {Seconds}s; closing",
                Name, _heartbeatMs / 1000);
            CloseTransport();
            return;
        }

        if (now - _lastSent >= _heartbeatMs / 2 && !_batchScheduled)
        {
            FrameWriter.WriteHeartbeat(_output);
            MarkDirty();
        }
    }

    private void OnSetBlocked(SetConnectionBlocked message)
    {
        if (_phase != ConnectionPhase.Open || !_clientSupportsBlocked || _blocked == message.Blocked)
        {
            return;
        }

        _blocked = message.Blocked;
        if (message.Blocked)
        {
            FrameWriter.WriteMethod(_output, 0, new ConnectionBlocked { Reason = message.Reason });
        }
        else
        {
            FrameWriter.WriteMethod(_output, 0, new ConnectionUnblocked());
        }

        MarkDirty();
    }
}
