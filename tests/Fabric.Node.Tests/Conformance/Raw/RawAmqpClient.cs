using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Fabric.Node.Tests.Conformance.Raw;

/// <summary>
/// A hand-driven AMQP 0-9-1 peer over a plain socket: for tests that must send what no real client would
/// (bad headers, corrupt frames, silence instead of heartbeats) and observe exactly what the broker answers.
/// </summary>
public sealed class RawAmqpClient : IAsyncDisposable
{
    public static readonly byte[] ProtocolHeader = "AMQP"u8.ToArray().Concat(new byte[] { 0, 0, 9, 1 }).ToArray();

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawAmqpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Values the server proposed in connection.tune.</summary>
    public TuneValues ServerTune { get; private set; }

    public static async Task<RawAmqpClient> ConnectAsync(string host, int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await tcp.ConnectAsync(host, port, cts.Token);
        return new RawAmqpClient(tcp);
    }

    public async Task SendAsync(byte[] bytes)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _stream.WriteAsync(bytes, cts.Token);
        await _stream.FlushAsync(cts.Token);
    }

    /// <summary>Sends bytes but tolerates the peer having already closed (hostile tests race the close).</summary>
    public async Task<bool> TrySendAsync(byte[] bytes)
    {
        try
        {
            await SendAsync(bytes);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public Task SendMethodAsync(ushort channel, ushort classId, ushort methodId, WireWriter? args = null) =>
        SendAsync(RawFrame.EncodeMethod(channel, classId, methodId, args));

    /// <summary>Reads exactly count bytes; null if the peer closed first.</summary>
    public async Task<byte[]?> ReadBytesAsync(int count, TimeSpan timeout)
    {
        var buffer = new byte[count];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var read = 0;
            while (read < count)
            {
                var n = await _stream.ReadAsync(buffer.AsMemory(read), cts.Token);
                if (n == 0)
                {
                    return null;
                }

                read += n;
            }

            return buffer;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {count} bytes from the broker within {timeout}");
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return null;
        }
    }

    /// <summary>The next frame, or null when the peer closed the socket.</summary>
    public async Task<RawFrame?> ReadFrameAsync(TimeSpan timeout)
    {
        var header = await ReadBytesAsync(7, timeout);
        if (header is null)
        {
            return null;
        }

        var size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(3));
        var rest = await ReadBytesAsync(checked((int)size + 1), timeout);
        if (rest is null)
        {
            return null;
        }

        if (rest[^1] != RawFrame.FrameEnd)
        {
            throw new InvalidDataException("broker sent a frame with a bad frame-end octet");
        }

        return new RawFrame(header[0], BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1)), rest[..^1]);
    }

    /// <summary>Next method frame (heartbeats skipped); fails if it is not classId.methodId.</summary>
    public async Task<RawFrame> ExpectMethodAsync(ushort classId, ushort methodId, TimeSpan? timeout = null)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(timeout ?? DefaultTimeout)
                ?? throw new InvalidOperationException($"socket closed while expecting method {classId}.{methodId}");
            if (frame.Type == RawFrame.Heartbeat)
            {
                continue;
            }

            if (frame.Is(10, 50))
            {
                var (code, text) = frame.CloseReason();
                throw new InvalidOperationException($"connection.close {code} {text} while expecting {classId}.{methodId}");
            }

            if (!frame.Is(classId, methodId))
            {
                throw new InvalidOperationException($"expected method {classId}.{methodId} but got {frame}");
            }

            return frame;
        }
    }

    /// <summary>Mechanisms the server listed in connection.start.</summary>
    public string Mechanisms { get; private set; } = "";

    /// <summary>Full handshake; zero for a tune value means "take the server's".</summary>
    public async Task HandshakeAsync(string user, string password, string vhost,
        ushort channelMax = 0, uint frameMax = 0, ushort heartbeat = 0, string mechanism = "PLAIN")
    {
        await StartAsync(user, password, mechanism);
        await TuneAndOpenAsync(vhost, channelMax, frameMax, heartbeat);
        await ExpectMethodAsync(10, 41);
    }

    /// <summary>Protocol header, connection.start, start-ok with the given SASL mechanism (PLAIN or AMQPLAIN).</summary>
    public async Task StartAsync(string user, string password, string mechanism = "PLAIN")
    {
        await SendAsync(ProtocolHeader);
        var start = await ExpectMethodAsync(10, 10);
        Mechanisms = ReadStartMechanisms(start.Payload);
        byte[] response = mechanism == "AMQPLAIN"
            ? new WireWriter().ShortStr("LOGIN").Octet((byte)'S').LongStr(user)
                .ShortStr("PASSWORD").Octet((byte)'S').LongStr(password).ToArray()
            : Encoding.UTF8.GetBytes("\0" + user + "\0" + password);
        await SendMethodAsync(0, 10, 11, new WireWriter()
            .Table(ClientProperties()).ShortStr(mechanism).LongStr(response).ShortStr("en_US"));
    }

    /// <summary>Reads connection.tune, answers tune-ok and sends connection.open (the caller reads the reply).</summary>
    public async Task TuneAndOpenAsync(string vhost, ushort channelMax = 0, uint frameMax = 0, ushort heartbeat = 0)
    {
        var tune = await ExpectMethodAsync(10, 30);
        var p = tune.Payload.AsSpan(4);
        ServerTune = new TuneValues(BinaryPrimitives.ReadUInt16BigEndian(p), BinaryPrimitives.ReadUInt32BigEndian(p[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(p[6..]));
        await SendMethodAsync(0, 10, 31, new WireWriter()
            .Short(channelMax == 0 ? ServerTune.ChannelMax : channelMax)
            .Long(frameMax == 0 ? ServerTune.FrameMax : frameMax)
            .Short(heartbeat));
        await SendMethodAsync(0, 10, 40, new WireWriter().ShortStr(vhost).ShortStr("").Bits(false));
    }

    private static string ReadStartMechanisms(byte[] payload)
    {
        // connection.start: class, method, version-major, version-minor, server-properties (table), mechanisms (longstr)
        var offset = 6;
        var tableLength = BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(offset));
        offset += 4 + (int)tableLength;
        var length = BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(offset));
        return Encoding.UTF8.GetString(payload, offset + 4, (int)length);
    }

    public Task SendHeartbeatAsync() => SendAsync(RawFrame.Encode(RawFrame.Heartbeat, 0, ReadOnlySpan<byte>.Empty));

    public async Task OpenChannelAsync(ushort channel)
    {
        await SendMethodAsync(channel, 20, 10, new WireWriter().ShortStr(""));
        await ExpectMethodAsync(20, 11);
    }

    /// <summary>
    /// Reads until connection.close arrives (answering close-ok) and returns its reply code and text;
    /// fails if the socket closes first or nothing comes in time.
    /// </summary>
    public async Task<(ushort Code, string Text)> ExpectConnectionCloseAsync(TimeSpan? timeout = null,
        bool answerCloseOk = true)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(timeout ?? DefaultTimeout)
                ?? throw new InvalidOperationException("socket closed without a connection.close");
            if (frame.Is(10, 50))
            {
                if (answerCloseOk)
                {
                    await TrySendAsync(RawFrame.EncodeMethod(0, 10, 51));
                }

                return frame.CloseReason();
            }
        }
    }

    /// <summary>
    /// Like <see cref="ExpectConnectionCloseAsync"/>, but a socket closed without connection.close yields null
    /// (what RabbitMQ 3.10 does when its reader process crashes on undecodable input).
    /// </summary>
    public async Task<(ushort Code, string Text)?> ExpectConnectionEndAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            RawFrame? frame;
            try
            {
                frame = await ReadFrameAsync(timeout ?? DefaultTimeout);
            }
            catch (InvalidDataException)
            {
                return null;
            }

            if (frame is null)
            {
                return null;
            }

            if (frame.Is(10, 50))
            {
                await TrySendAsync(RawFrame.EncodeMethod(0, 10, 51));
                return frame.CloseReason();
            }
        }
    }

    /// <summary>Reads (and drops) frames until the broker closes the socket; false if it is still open at the deadline.</summary>
    public async Task<bool> WaitForDisconnectAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                if (await ReadFrameAsync(left) is null)
                {
                    return true;
                }
            }
            catch (TimeoutException)
            {
                return false;
            }
            catch (InvalidDataException)
            {
                return true;
            }
        }
    }

    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// When false, client-properties carry no capabilities table: the broker may then drop the socket on a failed
    /// login instead of explaining it (authentication_failure_close is opt-in by the client).
    /// </summary>
    public bool AnnounceCapabilities { get; set; } = true;

    private byte[] ClientProperties()
    {
        var w = new WireWriter();
        w.ShortStr("product").Octet((byte)'S').LongStr("fabric-conformance-raw");
        if (AnnounceCapabilities)
        {
            var caps = new WireWriter()
                .ShortStr("authentication_failure_close").Octet((byte)'t').Octet(1)
                .ShortStr("consumer_cancel_notify").Octet((byte)'t').Octet(1)
                .ShortStr("basic.nack").Octet((byte)'t').Octet(1)
                .ShortStr("publisher_confirms").Octet((byte)'t').Octet(1)
                .ShortStr("connection.blocked").Octet((byte)'t').Octet(1)
                .ToArray();
            w.ShortStr("capabilities").Octet((byte)'F').Table(caps);
        }

        return w.ToArray();
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
