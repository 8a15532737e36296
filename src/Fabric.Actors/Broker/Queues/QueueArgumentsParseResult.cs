namespace Fabric.Broker.Queues;

/// <summary>Outcome of <see cref="QueueArguments.Parse"/>: the arguments, or the text of a 406 PRECONDITION_FAILED.</summary>
public readonly record struct QueueArgumentsParseResult(QueueArguments? Arguments, string? Error)
{
    public bool IsOk => Error is null;
}
