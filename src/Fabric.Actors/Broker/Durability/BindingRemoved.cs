using Fabric.Amqp.Tables;
using Fabric.Broker.Routing;

namespace Fabric.Broker.Durability;

/// <summary>Exchange event: a binding was removed (matched like <see cref="Binding"/>: arguments by content).</summary>
public sealed record BindingRemoved(string Source, string Destination, DestinationKind Kind, string RoutingKey, FieldTable Arguments);
