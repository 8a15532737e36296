namespace Fabric.Broker.Routing;

/// <summary>A routing target: a queue or an exchange, by name within the virtual host.</summary>
public readonly record struct Destination(string Name, DestinationKind Kind)
{
    public static Destination Queue(string name) => new(name, DestinationKind.Queue);

    public static Destination Exchange(string name) => new(name, DestinationKind.Exchange);
}
