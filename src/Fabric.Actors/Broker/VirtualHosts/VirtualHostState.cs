using System.Collections.Concurrent;
using Fabric.Actors;
using Fabric.Broker.Contracts;
using Fabric.Broker.Routing;

namespace Fabric.Broker.VirtualHosts;

/// <summary>
/// A vhost's registry. Written only by its VirtualHostActor; the two concurrent dictionaries are read lock-free from
/// any thread. Lives outside the actor instance so that a restarted vhost actor keeps its exchanges and queues.
/// </summary>
internal sealed class VirtualHostState
{
    public readonly ConcurrentDictionary<string, ExchangeHandle> Exchanges = new(StringComparer.Ordinal);

    public readonly ConcurrentDictionary<string, QueueHandle> Queues = new(StringComparer.Ordinal);

    /// <summary>Bindings by source exchange (if-unused, auto-delete, exchange delete).</summary>
    public readonly Dictionary<string, HashSet<Binding>> BySource = new(StringComparer.Ordinal);

    /// <summary>The reverse index: bindings by destination (queue or exchange delete drops them everywhere).</summary>
    public readonly Dictionary<Destination, HashSet<Binding>> ByDestination = new();

    public bool HasBindingsFrom(string exchange) => BySource.TryGetValue(exchange, out var set) && set.Count > 0;

    /// <summary>Adds the binding to both indexes; false when it was already there.</summary>
    public bool AddBinding(Binding binding)
    {
        if (!BySource.TryGetValue(binding.Source, out var bySource))
            BySource[binding.Source] = bySource = [];
        if (!bySource.Add(binding)) return false;
        if (!ByDestination.TryGetValue(binding.Destination, out var byDestination))
            ByDestination[binding.Destination] = byDestination = [];
        byDestination.Add(binding);
        return true;
    }

    /// <summary>Removes the binding from both indexes; false when it was not there.</summary>
    public bool RemoveBinding(Binding binding)
    {
        if (!BySource.TryGetValue(binding.Source, out var bySource) || !bySource.Remove(binding)) return false;
        if (bySource.Count == 0) BySource.Remove(binding.Source);
        if (ByDestination.TryGetValue(binding.Destination, out var byDestination))
        {
            byDestination.Remove(binding);
            if (byDestination.Count == 0) ByDestination.Remove(binding.Destination);
        }
        return true;
    }
}
