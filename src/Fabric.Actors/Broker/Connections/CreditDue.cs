namespace Fabric.Broker.Connections;

/// <summary>A credited consumer with written deliveries whose credit has not been given back to its queue yet.</summary>
internal readonly record struct CreditDue(Channel Channel, ConsumerInfo Consumer);
