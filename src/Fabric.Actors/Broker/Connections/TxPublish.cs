using Fabric.Broker.Messages;

namespace Fabric.Broker.Connections;

/// <summary>A publish held by a transactional channel until tx.commit, with the queues it was routed to.</summary>
internal sealed record TxPublish(Message Message, string[] Queues);
