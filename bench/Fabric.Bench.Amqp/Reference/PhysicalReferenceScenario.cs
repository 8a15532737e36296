using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Fabric.Bench.Amqp.Measurement;
using Fabric.Bench.Amqp.Scenarios;

namespace Fabric.Bench.Amqp.Reference;

/// <summary>The physical reference, no broker involved: a raw loopback socket pair on dedicated threads.
/// (1) one blocking send() of a 256-byte message per message, the other side draining: messages/s;
/// (2) ping-pong of a 256-byte message: round-trip p50/p99, and the echo side's CPU per round trip — what any server
/// pays to be woken by one request and send one answer here, the floor of a broker's CPU per sequential operation.</summary>
internal sealed class PhysicalReferenceScenario(int messages, int roundTrips) : IScenario
{
    public string Name => "reference";

    public Task RunAsync(ScenarioContext context)
    {
        MeasureWrites(messages / 10);
        context.Add("loopback-write", "loopback TCP write per message", MeasureWrites(messages), "msgs/s", higherIsBetter: true);
        MeasurePingPong(roundTrips / 10, null);
        var latencies = new LatencyRecorder(roundTrips);
        double echoCpu = MeasurePingPong(roundTrips, latencies);
        double[] p = LatencyRecorder.PercentilesMicros([latencies], 50, 99);
        context.Add("pingpong-p50", "loopback ping-pong p50", p[0], "µs", higherIsBetter: false);
        context.Add("pingpong-p99", "loopback ping-pong p99", p[1], "µs", higherIsBetter: false);
        if (!double.IsNaN(echoCpu))
            context.Add("pingpong-echo-cpu", "echo side CPU / round trip", echoCpu / roundTrips, "µs", higherIsBetter: false);
        return Task.CompletedTask;
    }

    private static double MeasureWrites(int count)
    {
        var (writer, reader) = ConnectedPair();
        using (writer)
        using (reader)
        {
            long expected = (long)count * ScenarioContext.BodySize;
            var drain = new Thread(() =>
            {
                var buffer = new byte[64 * 1024];
                long received = 0;
                while (received < expected)
                {
                    int n = reader.Receive(buffer);
                    if (n == 0) break;
                    received += n;
                }
            }) { IsBackground = true, Name = "reference-drain" };
            var body = ScenarioContext.Body.ToArray();
            long started = Stopwatch.GetTimestamp();
            drain.Start();
            for (int i = 0; i < count; i++) writer.Send(body);
            drain.Join();
            return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
    }

    /// <returns>The echo thread's CPU time over the round trips, in microseconds (NaN: no thread clock).</returns>
    private static double MeasurePingPong(int count, LatencyRecorder? latencies)
    {
        double echoCpu = double.NaN;
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var echo = new Thread(() =>
            {
                var buffer = new byte[ScenarioContext.BodySize];
                double started = ThreadCpuClock.NowMicros();
                while (ReceiveExactly(server, buffer)) server.Send(buffer);
                echoCpu = ThreadCpuClock.NowMicros() - started;
            }) { IsBackground = true, Name = "reference-echo" };
            echo.Start();
            var message = ScenarioContext.Body.ToArray();
            var reply = new byte[message.Length];
            for (int i = 0; i < count; i++)
            {
                long started = Stopwatch.GetTimestamp();
                client.Send(message);
                if (!ReceiveExactly(client, reply)) throw new IOException("echo side closed");
                latencies?.Record(Stopwatch.GetTimestamp() - started);
            }
            client.Shutdown(SocketShutdown.Both);
            echo.Join();
        }

        return echoCpu;
    }

    private static bool ReceiveExactly(Socket socket, byte[] buffer)
    {
        int at = 0;
        while (at < buffer.Length)
        {
            int n = socket.Receive(buffer, at, buffer.Length - at, SocketFlags.None);
            if (n == 0) return false;
            at += n;
        }
        return true;
    }

    private static (Socket Client, Socket Server) ConnectedPair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        var server = listener.Accept();
        server.NoDelay = true;
        return (client, server);
    }
}
