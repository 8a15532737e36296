using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>
/// Base of the conformance classes: one connection + channel per test, unique names, cleanup of what the test
/// declared, and helpers that assert the broker's reply codes.
/// </summary>
public abstract class ConformanceTest : IAsyncLifetime
{
    /// <summary>How long to wait for something that should happen (generous: the machine may be loaded).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly List<string> _queues = new();
    private readonly List<string> _exchanges = new();
    private readonly List<IConnection> _connections = new();
    private readonly string _id = Guid.NewGuid().ToString("N")[..10];

    protected ConformanceTest(BrokerFixture broker) => Broker = broker;

    protected BrokerFixture Broker { get; }

    protected IConnection Connection { get; private set; } = null!;

    protected IChannel Channel { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Connection = await NewConnectionAsync();
        Channel = await Connection.CreateChannelAsync();
    }

    public async Task DisposeAsync()
    {
        if (_queues.Count > 0 || _exchanges.Count > 0)
        {
            await using var cleaner = await Broker.ConnectAsync();
            foreach (var q in _queues)
            {
                await TryOnFreshChannel(cleaner, ch => ch.QueueDeleteAsync(q));
            }

            foreach (var x in _exchanges)
            {
                await TryOnFreshChannel(cleaner, ch => ch.ExchangeDeleteAsync(x));
            }

            await cleaner.CloseAsync();
        }

        foreach (var c in _connections)
        {
            try
            {
                await c.CloseAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is OperationInterruptedException or IOException or TimeoutException)
            {
                // already closed by the broker in the test
            }

            c.Dispose();
        }
    }

    private static async Task TryOnFreshChannel(IConnection connection, Func<IChannel, Task> action)
    {
        try
        {
            await using var ch = await connection.CreateChannelAsync();
            await action(ch);
        }
        catch (OperationInterruptedException)
        {
        }
    }

    /// <summary>A connection owned (and closed) by this test.</summary>
    protected async Task<IConnection> NewConnectionAsync(ConnectionFactory? factory = null)
    {
        var c = await (factory ?? Broker.Factory()).CreateConnectionAsync();
        _connections.Add(c);
        return c;
    }

    protected async Task<IChannel> NewChannelAsync(bool confirms = false)
    {
        var options = new CreateChannelOptions(publisherConfirmationsEnabled: confirms,
            publisherConfirmationTrackingEnabled: confirms);
        return await Connection.CreateChannelAsync(options);
    }

    /// <summary>A name unique to this test; registered for deletion.</summary>
    protected string Queue(string hint) => Track(_queues, $"conf.q.{hint}.{_id}");

    protected string Exchange(string hint) => Track(_exchanges, $"conf.x.{hint}.{_id}");

    protected string Unique(string hint) => $"conf.{hint}.{_id}";

    protected void TrackQueue(string name) => _queues.Add(name);

    private static string Track(List<string> list, string name)
    {
        list.Add(name);
        return name;
    }

    /// <summary>Runs action and asserts that the broker closed the channel or connection with the given code.</summary>
    protected static async Task<ShutdownEventArgs> ExpectCloseAsync(ushort code, Func<Task> action)
    {
        var error = await Assert.ThrowsAnyAsync<OperationInterruptedException>(action);
        var reason = error.ShutdownReason;
        Assert.NotNull(reason);
        Assert.True(reason!.ReplyCode == code, $"expected reply code {code}, got {reason.ReplyCode} {reason.ReplyText}");
        Assert.Equal(ShutdownInitiator.Peer, reason.Initiator);
        return reason;
    }

    /// <summary>A task completing with the channel's shutdown reason (for errors that arrive asynchronously).</summary>
    protected static Task<ShutdownEventArgs> ShutdownOf(IChannel channel)
    {
        var tcs = new TaskCompletionSource<ShutdownEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.ChannelShutdownAsync += (_, e) =>
        {
            tcs.TrySetResult(e);
            return Task.CompletedTask;
        };
        if (channel.CloseReason is { } already)
        {
            tcs.TrySetResult(already);
        }

        return tcs.Task;
    }

    protected static Task<ShutdownEventArgs> ShutdownOf(IConnection connection)
    {
        var tcs = new TaskCompletionSource<ShutdownEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, e) =>
        {
            tcs.TrySetResult(e);
            return Task.CompletedTask;
        };
        if (connection.CloseReason is { } already)
        {
            tcs.TrySetResult(already);
        }

        return tcs.Task;
    }

    protected static async Task<T> Within<T>(Task<T> task, TimeSpan? timeout = null)
    {
        return await task.WaitAsync(timeout ?? Patience);
    }

    /// <summary>Polls until the condition holds; false at the deadline.</summary>
    protected static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null,
        TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }
    }

    protected async Task<uint> MessageCountAsync(string queue)
    {
        await using var ch = await Connection.CreateChannelAsync();
        return (await ch.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    /// <summary>True when a passive declare on a fresh channel answers 404.</summary>
    protected async Task<bool> QueueGoneAsync(string queue)
    {
        var ch = await Connection.CreateChannelAsync();
        try
        {
            await ch.QueueDeclarePassiveAsync(queue);
            await ch.CloseAsync();
            return false;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return true;
        }
    }

    protected async Task<bool> ExchangeGoneAsync(string exchange)
    {
        var ch = await Connection.CreateChannelAsync();
        try
        {
            await ch.ExchangeDeclarePassiveAsync(exchange);
            await ch.CloseAsync();
            return false;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return true;
        }
    }

    protected static ReadOnlyMemory<byte> Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    protected static string Text(BasicGetResult? r) =>
        r is null ? "<empty>" : System.Text.Encoding.UTF8.GetString(r.Body.Span);

    /// <summary>Drains a queue with basic.get (auto-ack) and returns the bodies as text.</summary>
    protected async Task<List<string>> DrainAsync(string queue)
    {
        var list = new List<string>();
        while (await Channel.BasicGetAsync(queue, autoAck: true) is { } r)
        {
            list.Add(Text(r));
        }

        return list;
    }

    protected async Task<DeliverySink> ConsumeAsync(IChannel channel, string queue, bool autoAck,
        bool exclusive = false, string consumerTag = "", IDictionary<string, object?>? arguments = null)
    {
        var sink = new DeliverySink(channel);
        await channel.BasicConsumeAsync(queue, autoAck, consumerTag, noLocal: false, exclusive, arguments, sink.Consumer);
        return sink;
    }

    /// <summary>
    /// The broker's reason for refusing a connection during open: RabbitMQ.Client 7.1.2 either throws or hands
    /// out the connection just before the broker's connection.close arrives.
    /// </summary>
    protected async Task<ShutdownEventArgs?> RefusedConnectionReasonAsync(ConnectionFactory factory)
    {
        try
        {
            var c = await NewConnectionAsync(factory);
            return await Within(ShutdownOf(c));
        }
        catch (Exception error) when (Find<OperationInterruptedException>(error) is { } interrupted)
        {
            return interrupted.ShutdownReason;
        }
    }

    protected static bool Contains<T>(Exception e) where T : Exception => Find<T>(e) is not null;

    /// <summary>The first exception of type T in the chain (inner and aggregate exceptions included).</summary>
    protected static T? Find<T>(Exception? e) where T : Exception
    {
        while (e is not null)
        {
            if (e is T t)
            {
                return t;
            }

            if (e is AggregateException { InnerExceptions.Count: > 0 } agg)
            {
                foreach (var inner in agg.InnerExceptions)
                {
                    if (Find<T>(inner) is { } found)
                    {
                        return found;
                    }
                }
            }

            e = e.InnerException;
        }

        return null;
    }
}
