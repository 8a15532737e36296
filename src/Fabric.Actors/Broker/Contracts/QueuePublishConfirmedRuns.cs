namespace Fabric.Broker.Contracts;

/// <summary>Consecutive publish sequence numbers [<see cref="First"/>, <see cref="Last"/>] of one channel.</summary>
public readonly record struct ConfirmRun(ushort Channel, ulong First, ulong Last);

/// <summary>
/// Queue → publishing connection: positive confirms of many publishes at once (a durable queue's journal write became
/// durable); one message per connection per write instead of one <see cref="QueuePublishConfirmed"/> per publish.
/// </summary>
public sealed class QueuePublishConfirmedRuns(ConfirmRun[] runs)
{
    public ConfirmRun[] Runs { get; } = runs;
}
