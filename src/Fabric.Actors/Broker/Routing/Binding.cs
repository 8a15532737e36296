namespace Fabric.Broker.Routing;

/// <summary>
/// One binding of an exchange (<see cref="Source"/>) to a queue or exchange. Equal like RabbitMQ's: source,
/// destination, kind, routing key, and arguments compared by content (see <see cref="FieldValues"/>).
/// </summary>
public sealed record Binding
{
    internal static readonly IReadOnlyDictionary<string, object?> NoArguments = new Dictionary<string, object?>(0);

    public Binding(string source, string destination, DestinationKind destinationKind, string routingKey,
        IReadOnlyDictionary<string, object?>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(routingKey);
        Source = source;
        Destination = new Destination(destination, destinationKind);
        RoutingKey = routingKey;
        Arguments = arguments ?? NoArguments;
    }

    public string Source { get; }

    /// <summary>The target, name and kind together (what routing yields).</summary>
    public Destination Destination { get; }

    public string DestinationName => Destination.Name;

    public DestinationKind DestinationKind => Destination.Kind;

    public string RoutingKey { get; }

    public IReadOnlyDictionary<string, object?> Arguments { get; }

    public bool Equals(Binding? other) =>
        other is not null &&
        (ReferenceEquals(this, other) ||
         (Destination == other.Destination &&
          string.Equals(RoutingKey, other.RoutingKey, StringComparison.Ordinal) &&
          string.Equals(Source, other.Source, StringComparison.Ordinal) &&
          FieldValues.TableEquals(Arguments, other.Arguments)));

    // Arguments contribute only their count: content hashing of nested tables is not worth it.
    public override int GetHashCode() => HashCode.Combine(Source, Destination, RoutingKey, Arguments.Count);
}
