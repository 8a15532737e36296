namespace Fabric.Broker.Connections;

/// <summary>What the connection actor tells the read loop after it has parsed an inbound buffer.</summary>
internal readonly record struct ReadDecision(SequencePosition Consumed, bool Stop);
