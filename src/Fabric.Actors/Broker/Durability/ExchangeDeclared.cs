using Fabric.Amqp.Tables;

namespace Fabric.Broker.Durability;

/// <summary>Virtual-host event: a durable exchange was declared (or redeclared with the same settings).</summary>
public sealed record ExchangeDeclared(string Name, string Type, bool Durable, bool AutoDelete, bool Internal, FieldTable Arguments);
