namespace Fabric.Broker.Routing;

/// <summary>
/// An immutable routing snapshot of one exchange's bindings. Readers route without locks; the vhost actor
/// (the single writer) derives the next snapshot with <see cref="WithBinding"/> / <see cref="WithoutBinding"/>.
/// </summary>
public interface IRoutingTable
{
    /// <summary>One of the <see cref="Routing.ExchangeType"/> names.</summary>
    string ExchangeType { get; }

    /// <summary>Number of distinct bindings.</summary>
    int Count { get; }

    /// <summary>All bindings (enumeration allocates; not for the hot path).</summary>
    IEnumerable<Binding> Bindings { get; }

    bool Contains(Binding binding);

    /// <summary>
    /// Appends the matching destinations to <paramref name="output"/>, skipping any it already contains (so each
    /// destination appears once). Pass a reusable collection; a <see cref="HashSet{T}"/> suits large fan-outs.
    /// </summary>
    void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ICollection<Destination> output);

    /// <summary>A snapshot with the binding added; this same instance when it is already present.</summary>
    IRoutingTable WithBinding(Binding binding);

    /// <summary>A snapshot without the binding; this same instance when it is absent.</summary>
    IRoutingTable WithoutBinding(Binding binding);
}
