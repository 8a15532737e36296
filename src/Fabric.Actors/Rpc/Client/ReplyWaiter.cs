using System.Collections.Concurrent;
using System.Text.Json;
using Fabric.Rpc.Envelope;
using Fabric.Rpc.Transport;

namespace Fabric.Rpc.Client;

/// <summary>
/// The client's reply queue <c>reply_&lt;uuid&gt;</c> and the calls waiting on it, matched by <c>_msg_id</c>
/// (oslo's ReplyWaiter). Follows oslo's reply protocol: a result or failure is kept, the call completes on a
/// message with <c>ending: true</c>; duplicates (same <c>_unique_id</c>) are dropped.
/// </summary>
internal sealed class ReplyWaiter : IAsyncDisposable
{
    private readonly IRpcTransport _transport;
    private readonly ConcurrentDictionary<string, PendingCall> _calls = new(StringComparer.Ordinal);
    private readonly UniqueIdCache _seen = new();
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private IAsyncDisposable? _listener;

    public ReplyWaiter(IRpcTransport transport)
    {
        _transport = transport;
        ReplyQueue = "reply_" + MessageWriter.NewId();
    }

    public string ReplyQueue { get; }

    public int PendingCount => _calls.Count;

    /// <summary>Declares the reply queue and starts consuming it, once.</summary>
    public async Task EnsureListeningAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _listener) is not null)
        {
            return;
        }

        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _listener ??= await _transport.ListenAsync(
                ListenSpec.Direct(ReplyQueue),
                (body, _) =>
                {
                    OnReply(body);
                    return ValueTask.CompletedTask;
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _startGate.Release();
        }
    }

    public PendingCall Register(string messageId)
    {
        var call = new PendingCall(messageId);
        _calls[messageId] = call;
        return call;
    }

    public void Unregister(string messageId) => _calls.TryRemove(messageId, out _);

    public async ValueTask DisposeAsync()
    {
        var listener = Interlocked.Exchange(ref _listener, null);
        if (listener is not null)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var call in _calls.Values)
        {
            call.Fail(new ObjectDisposedException(nameof(RpcClient)));
        }
    }

    private void OnReply(ReadOnlyMemory<byte> body)
    {
        RpcReply reply;
        try
        {
            reply = RpcReply.Parse(body);
        }
        catch (Exception e) when (e is JsonException or RpcException)
        {
            return;
        }

        if (_seen.Contains(reply.UniqueId))
        {
            return;
        }

        _seen.Add(reply.UniqueId);
        if (reply.MessageId is null || !_calls.TryGetValue(reply.MessageId, out var call))
        {
            // No caller waiting (timed out already): dropped, as oslo does.
            return;
        }

        call.OnReply(reply);
    }

    /// <summary>One call in flight.</summary>
    internal sealed class PendingCall(string messageId)
    {
        private readonly TaskCompletionSource<JsonElement?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();
        private JsonElement? _result;
        private RemoteErrorException? _failure;
        private int _heartbeats;

        public string MessageId { get; } = messageId;

        public Task<JsonElement?> Task => _completion.Task;

        /// <summary>Call-monitor heartbeats received so far.</summary>
        public int Heartbeats => Volatile.Read(ref _heartbeats);

        public void OnReply(RpcReply reply)
        {
            RemoteErrorException? failure;
            JsonElement? result;
            lock (_lock)
            {
                if (reply.Failure is not null)
                {
                    _failure = RemoteFailure.Deserialize(reply.Failure);
                }
                else if (reply.Result is not null)
                {
                    _result = reply.Result;
                }

                if (!reply.Ending)
                {
                    // A result before its separate "ending" message (older servers) or a call-monitor heartbeat.
                    if (reply.Failure is null && reply.Result is null)
                    {
                        Interlocked.Increment(ref _heartbeats);
                    }

                    return;
                }

                failure = _failure;
                result = _result;
            }

            if (failure is not null)
            {
                _completion.TrySetException(failure);
            }
            else
            {
                _completion.TrySetResult(result);
            }
        }

        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
