using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;

namespace Fabric.Actors.Tests.AmqpClient;

/// <summary>
/// A fake broker that completes the handshake with a 1 s heartbeat and then never sends another byte, while
/// counting the heartbeats the client sends: a broker that hangs.
/// </summary>
internal sealed class SilentBroker : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serve;
    private int _heartbeats;

    public SilentBroker()
    {
        _listener.Start();
        _serve = ServeAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int HeartbeatsReceived => Volatile.Read(ref _heartbeats);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serve;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync()
    {
        using var socket = await _listener.AcceptSocketAsync();
        await using var stream = new NetworkStream(socket);
        var reader = PipeReader.Create(stream);
        var writer = PipeWriter.Create(stream);
        await ReadExactlyAsync(reader, 8);
        FrameWriter.WriteMethod(writer, 0, new ConnectionStart { VersionMajor = 0, VersionMinor = 9 });
        await writer.FlushAsync();
        await NextFrameAsync(reader);
        FrameWriter.WriteMethod(writer, 0, new ConnectionTune { ChannelMax = 16, FrameMax = 131072, Heartbeat = 1 });
        await writer.FlushAsync();
        await NextFrameAsync(reader);
        await NextFrameAsync(reader);
        FrameWriter.WriteMethod(writer, 0, new ConnectionOpenOk());
        await writer.FlushAsync();
        while (true)
        {
            var type = await NextFrameAsync(reader);
            if (type is null)
            {
                return;
            }

            if (type == FrameType.Heartbeat)
            {
                Interlocked.Increment(ref _heartbeats);
            }
        }
    }

    private static async Task ReadExactlyAsync(PipeReader reader, int count)
    {
        var result = await reader.ReadAtLeastAsync(count);
        reader.AdvanceTo(result.Buffer.GetPosition(count));
    }

    /// <summary>The next frame's type, or null at end of stream.</summary>
    private static async Task<FrameType?> NextFrameAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            var sequence = new SequenceReader<byte>(buffer);
            if (FrameParser.TryReadFrame(ref sequence, 0, out var frame))
            {
                var type = frame.Type;
                reader.AdvanceTo(sequence.Position);
                return type;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }
}
