using System.Buffers;
using System.Net;
using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Wire;
using Fabric.Broker.Buffers;
using Fabric.Broker.Contracts;
using Fabric.Broker.VirtualHosts;
using Fabric.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fabric.Broker.Connections;

/// <summary>
/// One client connection: the protocol state machine, its channels (as state), and the only writer of the output
/// pipe. Inbound frames are parsed in place from the read loop's buffer and handled in order; while a channel awaits a
/// vhost or queue operation the parsing is suspended (the read loop waits), but deliveries and confirms keep flowing.
/// Output is flushed once per batch: the first write of a batch self-tells <see cref="BatchEnd"/>.
/// </summary>
internal sealed partial class ConnectionActor : UntypedActor, IWithTimers
{
    private static readonly TimeSpan CloseOkTimeout = TimeSpan.FromSeconds(3);

    private readonly IBroker _broker;
    private readonly TransportLink _link;
    private readonly IBufferWriter<byte> _output;
    private readonly EndPoint? _remote;
    private readonly long _id;
    private readonly AmqpSettings _settings;
    private readonly ILogger _log;
    private readonly Dictionary<ushort, Channel> _channels = [];

    private ConnectionPhase _phase = ConnectionPhase.AwaitingStartOk;
    private ReadOnlySequence<byte> _inbound;
    private bool _holdingInbound;
    private bool _inputBroken;
    private bool _parsing;
    private PendingOperation? _pending;
    private byte[] _scratch = []; // grows on the first payload that spans pipe segments
    private ShortStringCache? _strings; // channel methods only: the handshake's strings are one-off
    private bool _cleanedUp;

    public ConnectionActor(IBroker broker, TransportLink link, EndPoint? remote, long id)
    {
        _broker = broker;
        _link = link;
        _output = link.Output;
        _remote = remote;
        _id = id;
        _settings = broker.Settings.Amqp;
        _log = (ILogger?)broker.System.LoggerFactory?.CreateLogger("Fabric.Broker.Connection") ?? NullLogger.Instance;
        _lastReceived = Environment.TickCount64;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private string Name => $"{_id} ({_remote})";

    /// <summary>Interned names of channel methods; created by the first one (an idle connection holds none).</summary>
    private ShortStringCache Strings => _strings ??= new ShortStringCache();

    protected override void PreStart()
    {
        _log.LogDebug("Connection {Connection}: accepted", Name);
        Timers.StartSingleTimer("handshake", HandshakeTimedOut.Instance, _settings.HandshakeTimeout);
        SendStart();
    }

    protected override void PostStop()
    {
        Cleanup();
        if (_phase != ConnectionPhase.Closed)
        {
            _phase = ConnectionPhase.Closed;
            _link.Output.Complete();
        }

        ReleaseInbound(stop: true);
        _link.TryAnswer(ReadDecision.Abandoned); // a buffer told to us that we never saw (stopped with the system)
        _link.Input.CancelPendingRead();
        _link.SignalDone();
    }

    protected override void OnReceive(object message)
    {
        try
        {
            switch (message)
            {
                case InboundData data:
                    OnInbound(data);
                    break;
                case BatchEnd:
                    OnBatchEnd();
                    break;
                case QueueDeliver deliver:
                    OnDeliver(deliver);
                    break;
                case QueueDeliveries deliveries:
                    OnDeliveries(deliveries);
                    break;
                case DirectReplyDelivery reply:
                    OnDirectReply(reply);
                    break;
                case QueuePublishConfirmed confirmed:
                    OnPublishConfirmed(confirmed);
                    break;
                case QueuePublishConfirmedRuns runs:
                    OnPublishConfirmed(runs);
                    break;
                case QueueConsumerCancelled cancelled:
                    OnConsumerCancelled(cancelled);
                    break;
                case QueueReply or QueueGetOk or QueueGetEmpty:
                    OnQueueReply(message);
                    break;
                case TopologyOk or QueueDeclareOk or uint or Status.Failure:
                    OnVirtualHostReply(message);
                    break;
                case OperationTimedOut:
                    OnOperationTimedOut();
                    break;
                case HeartbeatTick:
                    OnHeartbeatTick();
                    break;
                case HandshakeTimedOut:
                    OnHandshakeTimedOut();
                    break;
                case CloseTimedOut:
                    _log.LogInformation("Connection {Connection}: no connection.close-ok in time; closing the socket", Name);
                    CloseTransport();
                    break;
                case SetConnectionBlocked blocked:
                    OnSetBlocked(blocked);
                    break;
                case ForceClose force:
                    OnForceClose(force);
                    break;
                case TrimBuffers:
                    OnTrimBuffers();
                    break;
                case InboundClosed:
                    OnInboundClosed();
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }
        catch (Exception e)
        {
            InternalError(e);
            if (_holdingInbound && _pending is null)
            {
                // Where parsing stopped is unknown: drop the rest and close once the close is written.
                _inputBroken = true;
                _closeAfterFlush = true;
                _inbound = _inbound.Slice(_inbound.End);
                ReleaseInbound(stop: false);
            }
        }
    }

    private void OnInbound(InboundData data)
    {
        _lastReceived = Environment.TickCount64;
        _inbound = data.Buffer;
        _holdingInbound = true;
        if (_inputBroken || _phase == ConnectionPhase.Closed)
        {
            // The stream can no longer be parsed (or we are closing): discard.
            _inbound = _inbound.Slice(_inbound.End);
            ReleaseInbound(stop: _phase == ConnectionPhase.Closed);
            return;
        }

        ProcessInbound();
    }

    /// <summary>Parses and handles every complete frame held, until the buffer runs dry or an operation suspends us.</summary>
    private void ProcessInbound()
    {
        _parsing = true;
        var reader = new SequenceReader<byte>(_inbound);
        while (_pending is null && !_inputBroken && _phase != ConnectionPhase.Closed)
        {
            var status = FrameParser.TryParse(ref reader, _frameMax, out var frame);
            if (status == FrameParseStatus.NeedMoreData)
            {
                break;
            }

            if (status != FrameParseStatus.Ok)
            {
                _inputBroken = true;
                var error = FrameParser.ToException(status, frame.Header, _frameMax);
                ConnectionError(error.ReplyCode, error.Message, 0, 0);
                reader.Advance(reader.Remaining);
                break;
            }

            try
            {
                HandleFrame(frame);
            }
            catch (AmqpProtocolException e)
            {
                OnProtocolError(frame.Channel, e);
            }
            catch (Exception e)
            {
                InternalError(e);
            }
        }

        _parsing = false;
        SendPendingSettles(); // every ack / nack / reject of the buffer: one QueueSettle per queue and kind
        _inbound = _inbound.Slice(reader.Position);
        if (_pending is null || _phase == ConnectionPhase.Closed)
        {
            ReleaseInbound(stop: _phase == ConnectionPhase.Closed);
        }
    }

    private void ReleaseInbound(bool stop)
    {
        if (!_holdingInbound)
        {
            return;
        }

        _holdingInbound = false;
        var consumed = _inbound.Start;
        _inbound = default;
        _link.TryAnswer(new ReadDecision(consumed, stop));
    }

    private void HandleFrame(in Frame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Heartbeat:
                if (frame.Channel != 0)
                {
                    throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"heartbeat frame on channel {frame.Channel}");
                }

                break;
            case FrameType.Method:
                HandleMethodFrame(frame);
                break;
            case FrameType.Header:
                HandleContentHeader(frame);
                break;
            default:
                HandleContentBody(frame);
                break;
        }
    }

    private void HandleMethodFrame(in Frame frame)
    {
        var payload = Contiguous(frame.Payload);
        var id = MethodDecoder.ReadMethodId(payload);
        try
        {
            if (frame.Channel == 0)
            {
                HandleConnectionMethod(id, payload);
            }
            else if (_phase == ConnectionPhase.Open)
            {
                HandleChannelMethod(frame.Channel, id, payload);
            }
            else if (_phase != ConnectionPhase.Closing)
            {
                throw new AmqpProtocolException(ReplyCode.ChannelError, $"channel {frame.Channel} used before connection.open");
            }
        }
        catch (AmqpProtocolException e) when (e.ClassId == 0 && e.MethodId == 0)
        {
            throw e.WithMethod(id);
        }
    }

    /// <summary>The payload as one span (copied into a scratch buffer when it spans pipe segments).</summary>
    private ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return payload.FirstSpan;
        }

        int length = checked((int)payload.Length);
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(Math.Max(length, 1024), _scratch.Length * 2)];
        }

        payload.CopyTo(_scratch);
        return _scratch.AsSpan(0, length);
    }

    private void OnInboundClosed()
    {
        if (_phase != ConnectionPhase.Closed)
        {
            _log.LogDebug("Connection {Connection}: the client closed the socket", Name);
        }

        CloseTransport();
        Cleanup();
        Context.Stop(Self);
    }

    /// <summary>Channels end (their queues are told), exclusive queues go; runs once.</summary>
    private void Cleanup()
    {
        if (_cleanedUp)
        {
            return;
        }

        _cleanedUp = true;
        foreach (var channel in _channels.Values)
        {
            ReleaseChannelResources(channel);
        }

        _channels.Clear();
        try
        {
            _vhost?.ConnectionClosed(_id);
            if (_session is not null) _broker.SessionClosed(_session);
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Connection {Connection}: releasing exclusive queues failed", Name);
        }
    }

    /// <summary>Closes the socket: completes the output (written data is still delivered) and stops the read loop.</summary>
    private void CloseTransport()
    {
        if (_phase == ConnectionPhase.Closed)
        {
            return;
        }

        _phase = ConnectionPhase.Closed;
        Timers.CancelAll();
        _link.Output.Complete();
        if (!_holdingInbound)
        {
            _link.Input.CancelPendingRead();
        }
        else if (!_parsing)
        {
            ReleaseInbound(stop: true);
        }

        // else: ProcessInbound answers the read loop (stop) when it returns.
    }

    private void OnForceClose(ForceClose force)
    {
        if (_phase is ConnectionPhase.Closing or ConnectionPhase.Closed)
        {
            CloseTransport();
            return;
        }

        ConnectionError(ReplyCode.ConnectionForced, $"broker forced connection closure with reason '{force.Reason}'", 0, 0);
    }

    private void OnHandshakeTimedOut()
    {
        if (_phase is ConnectionPhase.AwaitingStartOk or ConnectionPhase.AwaitingTuneOk or ConnectionPhase.AwaitingOpen)
        {
            _log.LogInformation("Connection {Connection}: handshake not finished within {Timeout}; closing", Name,
                _settings.HandshakeTimeout);
            CloseTransport();
        }
    }
}
