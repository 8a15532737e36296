using System.Text;
using Fabric.Broker.Messages;
using Fabric.Broker.Queues;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

/// <summary>Builders for queue tests: messages with text bodies and engines with a recording sink.</summary>
internal static class Q
{
    public static Message Msg(
        string body, byte priority = 0, long? expirationMs = null, bool persistent = false,
        IReadOnlyDictionary<string, object?>? headers = null, string exchange = "ex", string routingKey = "rk") =>
        new(exchange, routingKey, ReadOnlyMemory<byte>.Empty, Encoding.UTF8.GetBytes(body), persistent, priority,
            expirationMs, headers);

    public static string Text(Message message) => Encoding.UTF8.GetString(message.Body.Span);

    public static (QueueEngine Engine, RecordingEffects Effects) Engine(
        QueueArguments? arguments = null, bool durable = false, string name = "q", long nowMs = 0)
    {
        var effects = new RecordingEffects();
        return (new QueueEngine(name, "/", durable, arguments ?? QueueArguments.Default, effects, nowMs), effects);
    }

    public static QueueArguments Args(params (string Key, object? Value)[] pairs)
    {
        var table = new Dictionary<string, object?>();
        foreach (var (key, value) in pairs) table[key] = value;
        var result = QueueArguments.Parse(table, "q");
        Assert.True(result.IsOk, result.Error);
        return result.Arguments!;
    }

    public static void Publish(QueueEngine engine, long nowMs, params string[] bodies)
    {
        foreach (var body in bodies) Assert.Equal(EnqueueResult.Accepted, engine.Enqueue(Msg(body), nowMs));
    }
}
