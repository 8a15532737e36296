using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Fabric.Bench.Amqp.Client;

/// <summary>Keeps at most N publishes unconfirmed on a channel in confirm mode (tracking off): publishers call
/// <see cref="EnterAsync"/> before each publish; broker acks (single or multiple) free slots. Nacks are counted.</summary>
internal sealed class ConfirmWindow : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly object _gate = new();
    private readonly ConfirmLedger _ledger = new();
    private long _published;
    private TaskCompletionSource? _drained;

    public ConfirmWindow(IChannel channel, int window)
    {
        _slots = new SemaphoreSlim(window, window);
        channel.BasicAcksAsync += OnAckAsync;
        channel.BasicNacksAsync += OnNackAsync;
    }

    public long Nacked;

    public Task EnterAsync(CancellationToken cancel)
    {
        Interlocked.Increment(ref _published);
        return _slots.WaitAsync(cancel);
    }

    /// <summary>Completes when every publish so far is confirmed.</summary>
    public async Task DrainAsync(CancellationToken cancel)
    {
        Task wait;
        lock (_gate)
        {
            if (_ledger.Confirmed >= Interlocked.Read(ref _published)) return;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _drained.Task;
        }
        try
        {
            await wait.WaitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"publisher confirms: {Interlocked.Read(ref _published) - ConfirmedCount:N0} still unconfirmed at the time limit");
        }
    }

    public void Dispose() => _slots.Dispose();

    private Task OnAckAsync(object sender, BasicAckEventArgs e)
    {
        Confirm(e.DeliveryTag, e.Multiple);
        return Task.CompletedTask;
    }

    private Task OnNackAsync(object sender, BasicNackEventArgs e)
    {
        Interlocked.Increment(ref Nacked);
        Confirm(e.DeliveryTag, e.Multiple);
        return Task.CompletedTask;
    }

    private long ConfirmedCount
    {
        get { lock (_gate) return _ledger.Confirmed; }
    }

    private void Confirm(ulong tag, bool multiple)
    {
        int freed;
        lock (_gate)
        {
            freed = _ledger.Confirm(tag, multiple);
            if (_drained is not null && _ledger.Confirmed >= Interlocked.Read(ref _published)) _drained.TrySetResult();
        }
        if (freed > 0) _slots.Release(freed);
    }
}
