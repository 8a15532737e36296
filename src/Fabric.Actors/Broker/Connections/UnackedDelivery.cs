namespace Fabric.Broker.Connections;

/// <summary>A delivery awaiting basic.ack / nack / reject: which queue holds it under which message id.</summary>
internal readonly record struct UnackedDelivery(string Queue, long MessageId);
