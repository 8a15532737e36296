namespace Fabric.Broker.Connections;

/// <summary>
/// What the connection actor tells the read loop after it has parsed an inbound buffer: how far it consumed, and
/// whether to stop reading. <see cref="Abandoned"/>: the actor stopped without seeing the buffer.
/// </summary>
internal readonly record struct ReadDecision(SequencePosition Consumed, bool Stop)
{
    public static ReadDecision Abandoned => new(default, true);

    public bool HasPosition => Consumed.GetObject() is not null;
}
