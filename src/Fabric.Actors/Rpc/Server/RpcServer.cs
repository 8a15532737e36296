using System.Collections.Concurrent;
using System.Text.Json;
using Fabric.Rpc.Envelope;
using Fabric.Rpc.Transport;

namespace Fabric.Rpc.Server;

/// <summary>
/// Serves endpoint objects for a target (oslo's RPCServer): consumes the shared <c>topic</c> queue, its own
/// <c>topic.server</c> queue and a private queue on <c>topic_fanout</c>; dispatches each request by method name
/// (see <see cref="RpcDispatcher"/>) and answers calls on the caller's reply queue, failures serialized as oslo
/// serializes exceptions.
/// </summary>
public sealed class RpcServer : IAsyncDisposable
{
    private readonly IRpcTransport _transport;
    private readonly RpcDispatcher _dispatcher;
    private readonly RpcServerOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly UniqueIdCache _seen = new();
    private readonly ConcurrentDictionary<string, long> _goneReplyQueues = new(StringComparer.Ordinal);
    private readonly List<IAsyncDisposable> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _state;

    public RpcServer(IRpcTransport transport, Target target, IEnumerable<object> endpoints, RpcServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrEmpty(target.Topic) || string.IsNullOrEmpty(target.Server))
        {
            throw new ArgumentException("A server's target must have topic and server names specified.", nameof(target));
        }

        _transport = transport;
        Target = target;
        _dispatcher = new RpcDispatcher(endpoints);
        _options = options ?? new RpcServerOptions();
        _slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
    }

    public Target Target { get; }

    /// <summary>Raised for requests that failed (the failure is also sent back to callers) and replies that could not be sent.</summary>
    public event Action<RpcServer, Exception>? Error;

    /// <summary>Requests received (calls and casts, duplicates excluded).</summary>
    public long Received => Interlocked.Read(ref _received);

    private long _received;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The server was already started.");
        }

        string exchange = Target.Exchange ?? _transport.ControlExchange;
        RpcMessageHandler handler = OnMessageAsync;
        _listeners.Add(await _transport.ListenAsync(ListenSpec.Topic(exchange, Target.Topic!), handler, cancellationToken).ConfigureAwait(false));
        _listeners.Add(await _transport.ListenAsync(ListenSpec.Topic(exchange, Target.Topic + "." + Target.Server), handler, cancellationToken).ConfigureAwait(false));
        _listeners.Add(await _transport.ListenAsync(ListenSpec.Fanout(Target.Topic!), handler, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Stops consuming and waits (bounded) for requests in progress to finish.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        _listeners.Clear();
        for (int i = 0; i < _options.MaxConcurrency; i++)
        {
            if (!await _slots.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false))
            {
                break;
            }
        }

        _stopping.Cancel();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async ValueTask OnMessageAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        RpcRequest request;
        try
        {
            request = RpcRequest.Parse(body);
        }
        catch (Exception e) when (e is JsonException or RpcException)
        {
            Error?.Invoke(this, e);
            return;
        }

        if (_seen.Contains(request.UniqueId))
        {
            return;
        }

        _seen.Add(request.UniqueId);
        Interlocked.Increment(ref _received);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        _ = Task.Run(() => HandleAsync(request));
    }

    private async Task HandleAsync(RpcRequest request)
    {
        try
        {
            JsonElement? result = null;
            string? failure = null;
            using var done = new CancellationTokenSource();
            var monitor = CallMonitorAsync(request, done.Token);
            try
            {
                result = await _dispatcher.DispatchAsync(request, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = RemoteFailure.Serialize(e);
                Error?.Invoke(this, e);
            }
            finally
            {
                await done.CancelAsync().ConfigureAwait(false);
                await monitor.ConfigureAwait(false);
            }

            if (request.MessageId is not null && request.ReplyQueue is not null)
            {
                await ReplyAsync(request, result, failure).ConfigureAwait(false);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// oslo's call-monitor watchdog: when the caller sent a <c>_timeout</c>, heartbeat replies (no result, ending
    /// false) go out every half of it (whole seconds, as oslo's int()) until the method returns.
    /// </summary>
    private async Task CallMonitorAsync(RpcRequest request, CancellationToken done)
    {
        if (request.MessageId is null || request.ReplyQueue is null
            || request.ClientTimeout is not { ValueKind: JsonValueKind.Number } timeout || !timeout.TryGetDouble(out double seconds))
        {
            return;
        }

        double interval = Math.Truncate(seconds) / 2;
        if (interval < 1)
        {
            return;
        }

        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(interval), done).ConfigureAwait(false);
                var heartbeat = MessageWriter.Reply(request.MessageId, null, null, MessageWriter.NewId(), ending: false);
                await _transport.DirectSendAsync(request.ReplyQueue, heartbeat, done).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Done, or the caller is gone: no more heartbeats.
        }
    }

    /// <summary>Sends the reply; a missing reply queue is retried for a while (it may be re-declared after a broker restart).</summary>
    private async Task ReplyAsync(RpcRequest request, JsonElement? result, string? failure)
    {
        string queue = request.ReplyQueue!;
        if (_goneReplyQueues.TryGetValue(queue, out long until) && Environment.TickCount64 < until)
        {
            return;
        }

        var body = MessageWriter.Reply(request.MessageId!, result, failure, MessageWriter.NewId());

        // Bounds both the retries for a missing queue and waiting for a lost broker connection to come back.
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        giveUp.CancelAfter(_options.ReplyRetryTimeout);
        Exception? last = null;
        while (!giveUp.IsCancellationRequested)
        {
            try
            {
                await _transport.DirectSendAsync(queue, body, giveUp.Token).ConfigureAwait(false);
                return;
            }
            catch (MessageUndeliverableException e)
            {
                last = e;
            }
            catch (OperationCanceledException e) when (giveUp.IsCancellationRequested)
            {
                // The deadline cut a retry short: the reason to give up is what made us retry, if anything did.
                last ??= e;
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Error?.Invoke(this, e);
                return;
            }

            try
            {
                await Task.Delay(_options.ReplyRetryInterval, giveUp.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (last is MessageUndeliverableException)
        {
            // As oslo's ObsoleteReplyQueuesCache: remember the gone client for a minute.
            _goneReplyQueues[queue] = Environment.TickCount64 + 60_000;
        }

        Error?.Invoke(this, last ?? new OperationCanceledException("The reply was not sent before the server stopped."));
    }
}
