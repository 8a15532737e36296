using Fabric.Broker.Contracts;

namespace Fabric.Broker.Connections;

/// <summary>An ack / nack / reject held by a transactional channel until tx.commit.</summary>
internal readonly record struct TxSettle(ulong DeliveryTag, bool Multiple, SettleKind Kind);
