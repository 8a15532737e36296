using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker.Connections;

internal sealed partial class ConnectionActor
{
    private static readonly TimeSpan QueueReplyTimeout = TimeSpan.FromSeconds(30);

    private bool _closeAfterFlush;

    /// <summary>RabbitMQ's reply texts start with the code's name: "NOT_FOUND - no queue 'q' in vhost '/'".</summary>
    private static string ReplyText(ushort code, string message)
    {
        string name = ReplyCode.Name(code);
        string text = message.StartsWith(name, StringComparison.Ordinal) ? message : name + " - " + message;
        return text.Length <= AmqpConstants.ShortStringMaxLength ? text : text.Substring(0, AmqpConstants.ShortStringMaxLength);
    }

    private static AmqpProtocolException Error(ushort code, string message) => new(code, message);

    private void OnProtocolError(ushort channel, AmqpProtocolException e)
    {
        if (channel == 0 || ReplyCode.IsHardError(e.ReplyCode) || !_channels.TryGetValue(channel, out var ch))
        {
            ConnectionError(e.ReplyCode, e.Message, e.ClassId, e.MethodId);
        }
        else
        {
            ChannelError(ch, e.ReplyCode, e.Message, e.ClassId, e.MethodId);
        }
    }

    /// <summary>channel.close to the client; the channel discards everything but close / close-ok from now on.</summary>
    private void ChannelError(Channel channel, ushort code, string message, ushort classId, ushort methodId)
    {
        if (channel.Phase == ChannelPhase.Closing)
        {
            return;
        }

        _log.LogDebug("Connection {Connection} channel {Channel}: error {Code} {Text}", Name, channel.Number, code, message);
        channel.Phase = ChannelPhase.Closing;
        ReleaseChannelResources(channel);
        FrameWriter.WriteMethod(_output, channel.Number, new ChannelClose
        {
            ReplyCode = code,
            ReplyText = ReplyText(code, message),
            ClassId = classId,
            MethodId = methodId,
        });
        MarkDirty();
    }

    /// <summary>connection.close to the client; then only close / close-ok count, until close-ok or a timeout.</summary>
    private void ConnectionError(ushort code, string message, ushort classId, ushort methodId)
    {
        if (_phase is ConnectionPhase.Closing or ConnectionPhase.Closed)
        {
            return;
        }

        if (code == ReplyCode.InternalError)
        {
            _log.LogError("Connection {Connection}: closing with {Code} {Text}", Name, code, message);
        }
        else
        {
            _log.LogInformation("Connection {Connection}: closing with {Code} {Text}", Name, code, message);
        }

        _phase = ConnectionPhase.Closing;
        FrameWriter.WriteMethod(_output, 0, new ConnectionClose
        {
            ReplyCode = code,
            ReplyText = ReplyText(code, message),
            ClassId = classId,
            MethodId = methodId,
        });
        if (_inputBroken)
        {
            _closeAfterFlush = true;
        }
        else
        {
            Timers.StartSingleTimer("close", CloseTimedOut.Instance, CloseOkTimeout);
        }

        MarkDirty();
    }

    private void InternalError(Exception e)
    {
        _log.LogError(e, "Connection {Connection}: internal error", Name);
        if (_phase is ConnectionPhase.Closing or ConnectionPhase.Closed)
        {
            CloseTransport();
            return;
        }

        try
        {
            ConnectionError(ReplyCode.InternalError, "INTERNAL_ERROR - " + e.Message, 0, 0);
        }
        catch (Exception again)
        {
            _log.LogError(again, "Connection {Connection}: could not send connection.close", Name);
            CloseTransport();
        }

    }

    /// <summary>Suspends inbound processing until <paramref name="task"/> completes, then runs <paramref name="onResult"/>.</summary>
    private void Await(Channel channel, MethodId method, Task task, Action<object> onResult)
    {
        if (task.IsCompletedSuccessfully)
        {
            onResult(task);
            return;
        }

        if (task.IsCompleted)
        {
            throw Unwrap(task, method);
        }

        _pending = new PendingOperation(channel, method, onResult);
        task.ContinueWith(
            static (t, state) => ((IActorRef)state!).Tell(new OperationCompleted(t), ActorRefs.Nobody),
            Self, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Suspends inbound processing until a queue's reply message arrives (told to us, so it precedes
    /// the deliveries the queue sends after it).</summary>
    private void AwaitReply(Channel channel, MethodId method, Action<object> onResult)
    {
        _pending = new PendingOperation(channel, method, onResult);
        Timers.StartSingleTimer("operation", OperationTimedOut.Instance, QueueReplyTimeout);
    }

    private void OnOperationCompleted(OperationCompleted completed)
    {
        var task = completed.Task;
        Complete(task.IsCompletedSuccessfully ? task : null, task);
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
            Complete(null, Task.FromException(new AskTimeoutException(
                $"no reply from the queue to {MethodNames.Of(op.Method)} within {QueueReplyTimeout}")));
        }
    }

    private void Complete(object? result, Task? failed)
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
                    throw Unwrap(failed!, op.Method);
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

    private static Exception Unwrap(Task task, MethodId method)
    {
        var error = task.Exception?.InnerException ?? new TaskCanceledException(task);
        return error switch
        {
            AmqpProtocolException p when p.ClassId == 0 && p.MethodId == 0 => p.WithMethod(method),
            AmqpProtocolException p => p,
            _ => new AmqpProtocolException(ReplyCode.InternalError, error.Message, method.ClassId, method.Method),
        };
    }
}
