namespace Fabric.Actors.Cell;

/// <summary>What a keyed timer really sends; unwrapped by the cell if the timer is still current.</summary>
internal sealed class TimerMessage(object key, int generation, object message) : IAutoReceivedMessage
{
    public object Key { get; } = key;
    public int Generation { get; } = generation;
    public object Message { get; } = message;
}
