using Fabric.Amqp.Client;

namespace Fabric.Rpc.Transport.Amqp;

/// <summary>
/// One live connection of the transport and what was declared on it: a publishing channel in confirm mode
/// (reopened after a channel error) and the exchanges/queues already declared, so each is declared once.
/// </summary>
internal sealed class AmqpSession
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private AmqpChannel? _publisher;

    public AmqpSession(AmqpConnection connection, int generation)
    {
        Connection = connection;
        Generation = generation;
    }

    public AmqpConnection Connection { get; }

    public int Generation { get; }

    /// <summary>The publishing channel, declaring what <paramref name="declare"/> names first (once per session).</summary>
    public async Task<AmqpChannel> PublisherAsync(string? declareKey, Func<AmqpChannel, Task>? declare, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var channel = _publisher;
            if (channel is null || !channel.IsOpen)
            {
                channel = await Connection.CreateChannelAsync().ConfigureAwait(false);
                await channel.ConfirmSelectAsync().ConfigureAwait(false);
                _publisher = channel;
            }

            if (declareKey is not null && declare is not null && !_declared.Contains(declareKey))
            {
                await declare(channel).ConfigureAwait(false);
                _declared.Add(declareKey);
            }

            return channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What <paramref name="declareKey"/> named is gone (an auto-delete exchange lost its last queue): declare it again next time.</summary>
    public async Task ForgetAsync(string declareKey, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _declared.Remove(declareKey);
        }
        finally
        {
            _gate.Release();
        }
    }
}
