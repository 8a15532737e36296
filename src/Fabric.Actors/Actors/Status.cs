namespace Fabric.Actors;

/// <summary>Conventional replies: a <see cref="Failure"/> reply faults an Ask.</summary>
public static class Status
{
    public sealed record Success(object? Status);

    public sealed record Failure(Exception Cause);
}
