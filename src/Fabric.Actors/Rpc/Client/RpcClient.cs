using System.Text.Json;
using Fabric.Rpc.Envelope;
using Fabric.Rpc.Transport;

namespace Fabric.Rpc.Client;

/// <summary>
/// Calls and casts to a <see cref="Target"/> (oslo's RPCClient). One reply queue per client (shared by the clients
/// <see cref="Prepare"/> derives); any number of calls may be in flight. A call is published to the target's
/// topic (or <c>topic.server</c>) on its exchange with the timeout as the message TTL, and completes with the
/// reply's result, a <see cref="RemoteErrorException"/> when the remote method raised, or a
/// <see cref="MessagingTimeoutException"/> when no reply came in time (sending included).
/// </summary>
public sealed class RpcClient : IAsyncDisposable
{
    private readonly IRpcTransport _transport;
    private readonly ReplyWaiter _replies;
    private readonly bool _ownsReplies;

    /// <param name="versionCap">The highest version the other side is known to accept (oslo's version_cap).</param>
    public RpcClient(IRpcTransport transport, Target target, TimeSpan? timeout = null, string? versionCap = null)
        : this(transport, target, timeout ?? TimeSpan.FromSeconds(60), versionCap, new ReplyWaiter(transport), ownsReplies: true)
    {
    }

    private RpcClient(IRpcTransport transport, Target target, TimeSpan timeout, string? versionCap, ReplyWaiter replies, bool ownsReplies)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(target);
        _transport = transport;
        Target = target;
        Timeout = timeout;
        VersionCap = versionCap;
        _replies = replies;
        _ownsReplies = ownsReplies;
    }

    public string? VersionCap { get; }

    public Target Target { get; }

    /// <summary>Default call timeout (oslo's rpc_response_timeout, 60 s).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The reply queue's name (declared on the first call).</summary>
    public string ReplyQueue => _replies.ReplyQueue;

    /// <summary>Calls awaiting their reply.</summary>
    public int PendingCalls => _replies.PendingCount;

    /// <summary>A client for a modified target (and timeout), sharing this client's transport and reply queue.</summary>
    public RpcClient Prepare(
        string? exchange = null,
        string? topic = null,
        string? server = null,
        bool? fanout = null,
        string? @namespace = null,
        string? version = null,
        TimeSpan? timeout = null,
        string? versionCap = null) =>
        new(_transport, Target.Prepare(exchange, topic, server, fanout, @namespace, version), timeout ?? Timeout, versionCap ?? VersionCap, _replies, ownsReplies: false);

    /// <summary>Whether a message of this version (default: the target's) passes the version cap (oslo's can_send_version).</summary>
    public bool CanSendVersion(string? version = null) => VersionCap is null || RpcVersion.IsCompatible(VersionCap, version ?? Target.Version);

    /// <summary>Invokes <paramref name="method"/> with keyword arguments (an object or dictionary) and waits for the reply.</summary>
    public async Task<T?> CallAsync<T>(RpcContext context, string method, object? args = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(context, method, args, timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return result is { } element ? element.Deserialize<T>(RpcJson.Options) : default;
    }

    /// <summary>
    /// Like <see cref="CallAsync{T}"/>, returning the raw JSON result (null for None). With a
    /// <paramref name="callMonitorTimeout"/> (oslo's call_monitor_timeout) the server sends heartbeats every half of
    /// it while the method runs, and the call fails as soon as none came for that long (the overall timeout stays).
    /// </summary>
    public async Task<JsonElement?> CallAsync(RpcContext context, string method, object? args = null, TimeSpan? timeout = null, TimeSpan? callMonitorTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (Target.Fanout)
        {
            throw new InvalidOperationException("A call cannot be used with fanout.");
        }

        RequireTopic();
        CheckVersionCap();
        var wait = timeout ?? Timeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        string messageId = MessageWriter.NewId();
        var call = _replies.Register(messageId);
        try
        {
            await _replies.EnsureListeningAsync(deadline.Token).ConfigureAwait(false);
            var body = MessageWriter.Request(context ?? RpcContext.Empty, method, args, Target.Namespace, Target.Version, messageId, _replies.ReplyQueue, MessageWriter.NewId(), callMonitorTimeout);
            await _transport.TopicSendAsync(Exchange, RoutingKey, body, wait, deadline.Token).ConfigureAwait(false);
            return callMonitorTimeout is { } monitor
                ? await WaitMonitoredAsync(call, monitor, messageId, deadline.Token).ConfigureAwait(false)
                : await call.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new MessagingTimeoutException($"Timed out waiting for a reply to message ID {messageId}", messageId);
        }
        finally
        {
            _replies.Unregister(messageId);
        }
    }

    /// <summary>Waits for the reply, failing when no heartbeat or reply came within one monitor window.</summary>
    private static async Task<JsonElement?> WaitMonitoredAsync(ReplyWaiter.PendingCall call, TimeSpan monitor, string messageId, CancellationToken cancellationToken)
    {
        while (true)
        {
            int heartbeats = call.Heartbeats;
            try
            {
                return await call.Task.WaitAsync(monitor, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException) when (call.Heartbeats == heartbeats)
            {
                throw new MessagingTimeoutException($"Timed out waiting for a reply to message ID {messageId} (no call-monitor heartbeat for {monitor.TotalSeconds} s)", messageId);
            }
            catch (TimeoutException)
            {
                // A heartbeat came: the server is still working on it.
            }
        }
    }

    /// <summary>Invokes <paramref name="method"/> without waiting for a result (to all servers when the target is fanout).</summary>
    public Task CastAsync(RpcContext context, string method, object? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        RequireTopic();
        CheckVersionCap();
        var body = MessageWriter.Request(context ?? RpcContext.Empty, method, args, Target.Namespace, Target.Version, null, null, MessageWriter.NewId());
        return Target.Fanout
            ? _transport.FanoutSendAsync(Target.Topic!, body, cancellationToken)
            : _transport.TopicSendAsync(Exchange, RoutingKey, body, null, cancellationToken);
    }

    /// <summary>A cast to every server listening on the topic (<c>fanout=True</c>).</summary>
    public Task FanoutCastAsync(RpcContext context, string method, object? args = null, CancellationToken cancellationToken = default) =>
        Prepare(fanout: true).CastAsync(context, method, args, cancellationToken);

    public ValueTask DisposeAsync() => _ownsReplies ? _replies.DisposeAsync() : ValueTask.CompletedTask;

    private string Exchange => Target.Exchange ?? _transport.ControlExchange;

    private string RoutingKey => Target.Server is null ? Target.Topic! : Target.Topic + "." + Target.Server;

    private void CheckVersionCap()
    {
        if (!CanSendVersion())
        {
            throw new RpcVersionCapException(Target.Version, VersionCap!);
        }
    }

    private void RequireTopic()
    {
        if (string.IsNullOrEmpty(Target.Topic))
        {
            throw new InvalidOperationException("The target has no topic.");
        }
    }
}
