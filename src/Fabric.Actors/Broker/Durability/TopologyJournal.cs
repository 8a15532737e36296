using System.Collections.Concurrent;
using Fabric.Amqp.Tables;
using Fabric.Broker.Routing;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Journal;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker.Durability;

/// <summary>
/// The journal of one vhost's durable topology (persistence id <c>vhost|&lt;name&gt;</c>), written by its
/// VirtualHostActor. Writes go to the store's single writer in submission order, so <see cref="LastWrite"/> completing
/// means every earlier write is durable too: the actor answers declare-ok / bind-ok once it has.
/// </summary>
internal sealed class TopologyJournal
{
    private readonly IJournal _journal;
    private readonly EventSerializerRegistry _serializers;
    private long _sequenceNr;

    private readonly Dictionary<string, long> _queueSequenceNrs;
    private readonly Dictionary<string, QueueStore> _recoveredQueues;

    private TopologyJournal(PersistenceExtension persistence, string vhost, string persistenceId, long sequenceNr,
        TopologyRecovery recovered, Dictionary<string, QueueStore> recoveredQueues, Dictionary<string, long> queueSequenceNrs)
    {
        Persistence = persistence;
        VirtualHost = vhost;
        _journal = persistence.Journal;
        _serializers = persistence.Serializers;
        _recoveredQueues = recoveredQueues;
        _queueSequenceNrs = queueSequenceNrs;
        PersistenceId = persistenceId;
        _sequenceNr = sequenceNr;
        Recovered = recovered;
    }

    public PersistenceExtension Persistence { get; }

    public string VirtualHost { get; }

    public string PersistenceId { get; }

    /// <summary>What the journal held at start; the vhost actor restores it once.</summary>
    public TopologyRecovery Recovered { get; }

    /// <summary>The most recent write (completed when nothing was written yet).</summary>
    public Task LastWrite { get; private set; } = Task.CompletedTask;

    public static string PersistenceIdOf(string vhost) => "vhost|" + vhost;

    /// <summary>Replays the vhost's topology events; a corrupt event fails with an <see cref="EventFormatException"/>.</summary>
    public static async Task<TopologyJournal> OpenAsync(PersistenceExtension persistence, string vhost, ILogger? logger,
        CancellationToken cancellationToken)
    {
        var id = PersistenceIdOf(vhost);
        var serializers = persistence.Serializers;
        var recovered = new TopologyRecovery();
        await persistence.Journal.ReplayAsync(id, 1, long.MaxValue, long.MaxValue,
            e => recovered.Apply(StoredEvents.Decode(serializers, id, e.SequenceNr, e.Manifest, e.Payload)), cancellationToken).ConfigureAwait(false);
        var highest = await persistence.Journal.ReadHighestSequenceNrAsync(id).ConfigureAwait(false);
        var queues = await RecoverQueuesAsync(persistence, vhost, recovered.Queues.Keys, logger, cancellationToken)
            .ConfigureAwait(false);
        // Journals of queues deleted earlier keep their highest sequence number: a new queue of the name continues it.
        // What a crash left of them (deleted in the topology, not yet in their own journal) is deleted now.
        var sequenceNrs = new Dictionary<string, long>(StringComparer.Ordinal);
        var prefix = QueueStore.PersistenceIdOf(vhost, "");
        foreach (var queueId in await persistence.Journal.ReadPersistenceIdsAsync(prefix).ConfigureAwait(false))
        {
            var queue = queueId[prefix.Length..];
            if (queues.ContainsKey(queue)) continue;
            var last = await persistence.Journal.ReadHighestSequenceNrAsync(queueId).ConfigureAwait(false);
            sequenceNrs[queue] = last;
            await QueueStore.Fresh(persistence, vhost, queue, last).DeleteAllAsync(last).ConfigureAwait(false);
        }
        return new TopologyJournal(persistence, vhost, id, highest, recovered, queues, sequenceNrs);
    }

    /// <summary>Recovers the durable queues, several at once (each reads its own journal on its own connection).</summary>
    private static async Task<Dictionary<string, QueueStore>> RecoverQueuesAsync(PersistenceExtension persistence, string vhost,
        IEnumerable<string> names, ILogger? logger, CancellationToken cancellationToken)
    {
        var recovered = new ConcurrentDictionary<string, QueueStore>(StringComparer.Ordinal);
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(names, options, async (queue, ct) =>
            recovered[queue] = await QueueStore.RecoverAsync(persistence, vhost, queue, logger, ct).ConfigureAwait(false))
            .ConfigureAwait(false);
        return new Dictionary<string, QueueStore>(recovered, StringComparer.Ordinal);
    }

    /// <summary>
    /// The store of a durable queue being started: the recovered one at first start, else a fresh one that continues
    /// the sequence numbers of an earlier queue of the name.
    /// </summary>
    public QueueStore QueueStoreFor(string queue)
    {
        if (_recoveredQueues.Remove(queue, out var recovered)) return recovered;
        return QueueStore.Fresh(Persistence, VirtualHost, queue, _queueSequenceNrs.GetValueOrDefault(queue));
    }

    /// <summary>A durable queue was deleted with its journal written up to <paramref name="lastSequenceNr"/>.</summary>
    public void QueueRemoved(string queue, long lastSequenceNr)
    {
        if (lastSequenceNr > _queueSequenceNrs.GetValueOrDefault(queue)) _queueSequenceNrs[queue] = lastSequenceNr;
    }

    public Task Write(object @event)
    {
        var payload = _serializers.ToBinary(@event, out var manifest);
        var write = new AtomicWrite(new PersistentRepresentation(PersistenceId, ++_sequenceNr, manifest, payload));
        return LastWrite = _journal.WriteAsync(write);
    }

    public Task BindingAdded(Binding b) =>
        Write(new BindingAdded(b.Source, b.DestinationName, b.DestinationKind, b.RoutingKey, TableOf(b.Arguments)));

    public Task BindingRemoved(Binding b) =>
        Write(new BindingRemoved(b.Source, b.DestinationName, b.DestinationKind, b.RoutingKey, TableOf(b.Arguments)));

    private static FieldTable TableOf(IReadOnlyDictionary<string, object?> arguments)
    {
        if (arguments is FieldTable table) return table;
        var builder = FieldTable.CreateBuilder();
        foreach (var pair in arguments) builder.Add(pair.Key, pair.Value);
        return builder.Build();
    }
}
