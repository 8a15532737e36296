using Fabric.Amqp.Tables;
using Fabric.Broker.Routing;

namespace Fabric.Broker.Durability;

/// <summary>Exchange event: a binding between durable entities was added.</summary>
public sealed record BindingAdded(string Source, string Destination, DestinationKind Kind, string RoutingKey, FieldTable Arguments);
