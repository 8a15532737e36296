using Fabric.Amqp.Tables;

namespace Fabric.Broker.Durability;

/// <summary>Virtual-host event: a durable queue was declared, with the arguments it was declared with.</summary>
public sealed record QueueDeclared(string Name, bool Durable, bool AutoDelete, bool Exclusive, FieldTable Arguments);
