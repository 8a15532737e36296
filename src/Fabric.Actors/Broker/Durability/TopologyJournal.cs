using Fabric.Amqp.Tables;
using Fabric.Broker.Routing;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Journal;

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

    private TopologyJournal(IJournal journal, EventSerializerRegistry serializers, string persistenceId, long sequenceNr,
        TopologyRecovery recovered)
    {
        _journal = journal;
        _serializers = serializers;
        PersistenceId = persistenceId;
        _sequenceNr = sequenceNr;
        Recovered = recovered;
    }

    public string PersistenceId { get; }

    /// <summary>What the journal held at start; the vhost actor restores it once.</summary>
    public TopologyRecovery Recovered { get; }

    /// <summary>The most recent write (completed when nothing was written yet).</summary>
    public Task LastWrite { get; private set; } = Task.CompletedTask;

    public static string PersistenceIdOf(string vhost) => "vhost|" + vhost;

    /// <summary>Replays the vhost's topology events; a corrupt event fails with an <see cref="EventFormatException"/>.</summary>
    public static async Task<TopologyJournal> OpenAsync(PersistenceExtension persistence, string vhost,
        CancellationToken cancellationToken)
    {
        var id = PersistenceIdOf(vhost);
        var serializers = persistence.Serializers;
        var recovered = new TopologyRecovery();
        await persistence.Journal.ReplayAsync(id, 1, long.MaxValue, long.MaxValue,
            e => recovered.Apply(serializers.FromBinary(e.Manifest, e.Payload)), cancellationToken).ConfigureAwait(false);
        var highest = await persistence.Journal.ReadHighestSequenceNrAsync(id).ConfigureAwait(false);
        return new TopologyJournal(persistence.Journal, serializers, id, highest, recovered);
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
