using System.Diagnostics;
using Fabric.Bench.Amqp.Client;
using Fabric.Bench.Amqp.Measurement;
using Fabric.Bench.Amqp.Options;
using Fabric.Bench.Amqp.Results;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Fabric.Bench.Amqp.Recovery;

/// <summary>Second half of the recovery scenario: after the broker was restarted at --since-ms, polls until an AMQP
/// connection opens (the figure: seconds to accepting connections) and then until the recovery queue answers a passive
/// declare with its messages (--count are expected), for at most two more minutes.</summary>
internal static class ReadinessProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan QueueWait = TimeSpan.FromMinutes(2);

    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        long sinceMs = options.SinceUnixMs > 0 ? options.SinceUnixMs : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var started = Stopwatch.GetTimestamp();
        var factory = AmqpConnections.Factory(options.Url);
        var figures = new List<Figure>();
        string? lastError = null;
        IConnection? connection = null;
        try
        {
            while (connection is null)
            {
                if (Stopwatch.GetElapsedTime(started) > options.Timeout) return Failed($"no AMQP connection within {options.Timeout.TotalSeconds:N0} s: {lastError}", started);
                try
                {
                    connection = await factory.CreateConnectionAsync("fabric-bench-recovery");
                }
                catch (BrokerUnreachableException e)
                {
                    lastError = e.InnerException?.Message ?? e.Message;
                    await Task.Delay(PollInterval);
                }
            }
            figures.Add(new Figure("accepting", "restart → accepting connections", SecondsSince(sinceMs), "s", false));
            long connected = Stopwatch.GetTimestamp();

            while (true)
            {
                if (Stopwatch.GetElapsedTime(connected) > QueueWait || Stopwatch.GetElapsedTime(started) > options.Timeout)
                    return Failed($"queue {RecoveryFillScenario.Queue} not back {QueueWait.TotalSeconds:N0} s after accepting connections: {lastError}", started, figures);
                try
                {
                    await using var channel = await connection.CreateChannelAsync();
                    var ok = await channel.QueueDeclarePassiveAsync(RecoveryFillScenario.Queue);
                    figures.Add(new Figure("queue-ready", "restart → queue answers", SecondsSince(sinceMs), "s", false));
                    figures.Add(new Figure("recovered", "messages recovered", ok.MessageCount, "msgs", true));
                    if (BrokerProcess.Create(options.Pid).Sample() is { } sample)
                        figures.Add(new Figure("rss", "broker RSS after recovery", sample.RssBytes / 1048576.0, "MB", false));
                    await channel.QueueDeleteAsync(RecoveryFillScenario.Queue, false, false);
                    if (ok.MessageCount < options.RecoveryCount)
                        return Failed($"recovered {ok.MessageCount:N0} of {options.RecoveryCount:N0} messages", started, figures);
                    return new ScenarioResult("recovery", true, null, Stopwatch.GetElapsedTime(started).TotalSeconds, figures);
                }
                catch (OperationInterruptedException e)
                {
                    lastError = e.Message;
                    await Task.Delay(PollInterval);
                }
            }
        }
        catch (Exception e) when (e is RabbitMQClientException or IOException or TimeoutException)
        {
            return Failed(e.Message, started, figures);
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }

    private static double SecondsSince(long unixMs) => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - unixMs) / 1000.0;

    private static ScenarioResult Failed(string error, long started, List<Figure>? figures = null) =>
        new("recovery", false, error, Stopwatch.GetElapsedTime(started).TotalSeconds, figures ?? []);
}
