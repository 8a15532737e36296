using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Fabric.Bench.Amqp.Client;

/// <summary>Keeps at most N publishes unconfirmed on a channel in confirm mode (tracking off): publishers call
/// <see cref="EnterAsync"/> before each publish; broker acks (single or multiple) free slots. Nacks are counted.</summary>
internal sealed class ConfirmWindow : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly object _gate = new();
    private readonly HashSet<ulong> _confirmedAbove = [];
    private ulong _confirmedThrough;
    private long _published;
    private long _confirmed;
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
            if (_confirmed >= Interlocked.Read(ref _published)) return;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _drained.Task;
        }
        try
        {
            await wait.WaitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"publisher confirms: {Interlocked.Read(ref _published) - _confirmed:N0} still unconfirmed at the time limit");
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

    // Tags are 1, 2, 3, ... on the channel; confirms may come single and out of order, or "multiple" up to a tag.
    private void Confirm(ulong tag, bool multiple)
    {
        int freed = 0;
        lock (_gate)
        {
            if (multiple)
            {
                for (ulong t = _confirmedThrough + 1; t <= tag; t++)
                    if (!_confirmedAbove.Remove(t)) freed++;
                if (tag > _confirmedThrough) _confirmedThrough = tag;
            }
            else if (tag > _confirmedThrough && _confirmedAbove.Add(tag))
            {
                freed = 1;
            }
            while (_confirmedAbove.Remove(_confirmedThrough + 1)) _confirmedThrough++;
            _confirmed += freed;
            if (_drained is not null && _confirmed >= Interlocked.Read(ref _published)) _drained.TrySetResult();
        }
        if (freed > 0) _slots.Release(freed);
    }
}
