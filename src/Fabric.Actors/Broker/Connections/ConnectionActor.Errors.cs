using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker.Connections;

internal sealed partial class ConnectionActor
{
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
}
