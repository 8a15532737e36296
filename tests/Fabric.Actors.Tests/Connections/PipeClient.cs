using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Fabric.Amqp;
using Fabric.Amqp.Content;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Connections;
using Fabric.Broker.Contracts;
using Xunit;

namespace Fabric.Actors.Tests.Connections;

/// <summary>A raw AMQP peer of an <see cref="AmqpConnection"/> over an in-memory pipe pair.</summary>
internal sealed class PipeClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();

    public PipeClient(IBroker broker, EndPoint? remote = null, CancellationToken stopping = default)
    {
        Server = Task.Run(() => AmqpConnection.RunAsync(new DuplexPipe(_toServer.Reader, _toClient.Writer),
            remote ?? new IPEndPoint(IPAddress.Loopback, 40000), broker, cancellationToken: stopping));
    }

    /// <summary>Completes when the server side of the connection has ended.</summary>
    public Task Server { get; }

    public async Task SendAsync(byte[] bytes)
    {
        await _toServer.Writer.WriteAsync(bytes);
    }

    public Task SendHeaderAsync() => SendAsync(AmqpConstants.ProtocolHeader.ToArray());

    public async Task SendMethodAsync<T>(ushort channel, T method)
        where T : IAmqpMethod
    {
        FrameWriter.WriteMethod(_toServer.Writer, channel, method);
        await _toServer.Writer.FlushAsync();
    }

    public async Task PublishAsync(ushort channel, string exchange, string routingKey, string body, bool mandatory = false,
        uint frameMax = 4096)
    {
        FrameWriter.WriteMethod(_toServer.Writer, channel, new BasicPublish { Exchange = exchange, RoutingKey = routingKey, Mandatory = mandatory });
        FrameWriter.WriteContent(_toServer.Writer, channel, 60, BasicProperties.Empty.ToArray(), Encoding.UTF8.GetBytes(body), frameMax);
        await _toServer.Writer.FlushAsync();
    }

    public async Task SendHeartbeatAsync()
    {
        FrameWriter.WriteHeartbeat(_toServer.Writer);
        await _toServer.Writer.FlushAsync();
    }

    /// <summary>The next frame, or null when the server closed its output.</summary>
    public async Task<TestFrame?> ReadFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Patience);
        var reader = _toClient.Reader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("no frame from the server in time");
            }

            var buffer = result.Buffer;
            var sequence = new SequenceReader<byte>(buffer);
            var status = FrameParser.TryParse(ref sequence, 0, out var frame);
            if (status == FrameParseStatus.Ok)
            {
                var parsed = new TestFrame(frame.Type, frame.Channel, frame.Payload.ToArray());
                reader.AdvanceTo(sequence.Position);
                return parsed;
            }

            Assert.Equal(FrameParseStatus.NeedMoreData, status);
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> raw bytes.</summary>
    public async Task<byte[]> ReadBytesAsync(int count)
    {
        using var cts = new CancellationTokenSource(Patience);
        var reader = _toClient.Reader;
        while (true)
        {
            var result = await reader.ReadAsync(cts.Token);
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count).ToArray();
                reader.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                throw new InvalidOperationException("the server ended before sending enough bytes");
            }
        }
    }

    /// <summary>The next method (heartbeats skipped), which must be a <typeparamref name="T"/>.</summary>
    public async Task<T> ExpectMethodAsync<T>(TimeSpan? timeout = null)
        where T : IAmqpMethod
    {
        while (true)
        {
            var frame = await ReadFrameAsync(timeout) ?? throw new InvalidOperationException($"connection ended while expecting {typeof(T).Name}");
            if (frame.Type == FrameType.Heartbeat)
            {
                continue;
            }

            Assert.Equal(FrameType.Method, frame.Type);
            var method = frame.Method;
            return method is T typed ? typed : throw new InvalidOperationException($"expected {typeof(T).Name}, got {method}");
        }
    }

    /// <summary>A basic.deliver with its content header and body (one body frame).</summary>
    public async Task<(BasicDeliver Deliver, string Body)> ExpectDeliveryAsync()
    {
        var deliver = await ExpectMethodAsync<BasicDeliver>();
        var header = await ReadFrameAsync();
        Assert.Equal(FrameType.Header, header!.Type);
        var body = await ReadFrameAsync();
        Assert.Equal(FrameType.Body, body!.Type);
        return (deliver, Encoding.UTF8.GetString(body.Payload));
    }

    /// <summary>Reads until the server closes its output; true when it did within the timeout.</summary>
    public async Task<bool> WaitForEndAsync(TimeSpan? timeout = null)
    {
        try
        {
            while (await ReadFrameAsync(timeout) is not null)
            {
            }

            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async Task<ConnectionTune> StartAsync(string user = "guest", string password = "guest", string mechanism = "PLAIN")
    {
        await SendHeaderAsync();
        await ExpectMethodAsync<ConnectionStart>();
        byte[] response = mechanism == "AMQPLAIN" ? AmqPlain(user, password) : Encoding.UTF8.GetBytes($"\0{user}\0{password}");
        await SendMethodAsync(0, new ConnectionStartOk
        {
            ClientProperties = FieldTableOf(("capabilities", FieldTableOf(("consumer_cancel_notify", true), ("connection.blocked", true)))),
            Mechanism = mechanism,
            Response = response,
        });
        var frame = await ReadFrameAsync() ?? throw new InvalidOperationException("connection ended after start-ok");
        return frame.Method is ConnectionTune tune ? tune : throw new AmqpProtocolException(0, $"expected tune, got {frame.Method}");
    }

    public async Task OpenAsync(ushort heartbeat = 0, uint frameMax = 131072, ushort channelMax = 2047, string vhost = "/")
    {
        await SendMethodAsync(0, new ConnectionTuneOk { ChannelMax = channelMax, FrameMax = frameMax, Heartbeat = heartbeat });
        await SendMethodAsync(0, new ConnectionOpen { VirtualHost = vhost });
    }

    public async Task HandshakeAsync(ushort heartbeat = 0, uint frameMax = 131072, ushort channelMax = 2047)
    {
        await StartAsync();
        await OpenAsync(heartbeat, frameMax, channelMax);
        await ExpectMethodAsync<ConnectionOpenOk>();
    }

    public async Task OpenChannelAsync(ushort channel)
    {
        await SendMethodAsync(channel, new ChannelOpen());
        await ExpectMethodAsync<ChannelOpenOk>();
    }

    public async Task SelectConfirmsAsync(ushort channel)
    {
        await SendMethodAsync(channel, new ConfirmSelect());
        await ExpectMethodAsync<ConfirmSelectOk>();
    }

    public static Fabric.Amqp.Tables.FieldTable FieldTableOf(params (string Key, object? Value)[] entries)
    {
        var builder = Fabric.Amqp.Tables.FieldTable.CreateBuilder();
        foreach (var (key, value) in entries)
        {
            builder.Add(key, value);
        }

        return builder.Build();
    }

    /// <summary>LOGIN and PASSWORD as a field table without its length prefix (py-amqp's encoding).</summary>
    private static byte[] AmqPlain(string user, string password)
    {
        var table = FieldTableOf(("LOGIN", user), ("PASSWORD", password));
        var buffer = new byte[table.EncodedSize + 4];
        var writer = new Fabric.Amqp.Wire.AmqpWriter(buffer);
        writer.WriteTable(table);
        return buffer.AsSpan(4).ToArray();
    }

    /// <summary>Stops reading for good, as a vanished peer: the server's pending and later flushes end.</summary>
    public void StopReading() => _toClient.Reader.Complete();

    public async ValueTask DisposeAsync()
    {
        await _toServer.Writer.CompleteAsync();
        await Server.WaitAsync(Patience);
    }
}
