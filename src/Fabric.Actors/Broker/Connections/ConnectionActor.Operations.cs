using Fabric.Actors;
using Fabric.Amqp;

namespace Fabric.Broker.Connections;

/// <summary>Operations a channel awaits (vhost and queue replies): inbound parsing waits, everything else goes on.</summary>
internal sealed partial class ConnectionActor
{
    private static readonly TimeSpan QueueReplyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A vhost (or, for a forwarded declare/purge/delete, a queue) answered the pending topology command.</summary>
    private void OnVirtualHostReply(object reply)
    {
        if (reply is Status.Failure failure)
        {
            if (_pending is null)
            {
                return;
            }

            Timers.Cancel("operation");
            Complete(null, failure.Cause);
            return;
        }

        OnQueueReply(reply);
    }

    /// <summary>Suspends inbound processing until a queue's reply message arrives (told to us, so it precedes
    /// the deliveries the queue sends after it).</summary>
    private void AwaitReply(Channel channel, MethodId method, Action<object> onResult)
    {
        _pending = new PendingOperation(channel, method, onResult);
        Timers.StartSingleTimer("operation", OperationTimedOut.Instance, QueueReplyTimeout);
    }

    private void OnQueueReply(object reply)
    {
        if (_pending is null)
        {
            return;
        }

        Timers.Cancel("operation");
        Complete(reply, null);
    }

    private void OnOperationTimedOut()
    {
        if (_pending is { } op)
        {
            Complete(null, new AskTimeoutException(
                $"no reply from the queue to {MethodNames.Of(op.Method)} within {QueueReplyTimeout}"));
        }
    }

    private void Complete(object? result, Exception? failure)
    {
        var op = _pending;
        if (op is null)
        {
            return;
        }

        _pending = null;
        if (_phase == ConnectionPhase.Open && op.Channel.Phase == ChannelPhase.Open)
        {
            try
            {
                if (result is not null)
                {
                    op.OnResult(result);
                }
                else
                {
                    throw Unwrap(failure!, op.Method);
                }
            }
            catch (AmqpProtocolException e)
            {
                var named = e.ClassId == 0 && e.MethodId == 0 ? e.WithMethod(op.Method) : e;
                OnProtocolError(op.Channel.Number, named);
            }
            catch (Exception e)
            {
                InternalError(e);
            }
        }

        if (_holdingInbound)
        {
            ProcessInbound();
        }
    }

    private static Exception Unwrap(Exception error, MethodId method) =>
        error switch
        {
            AmqpProtocolException p when p.ClassId == 0 && p.MethodId == 0 => p.WithMethod(method),
            AmqpProtocolException p => p,
            _ => new AmqpProtocolException(ReplyCode.InternalError, error.Message, method.ClassId, method.Method),
        };
}
