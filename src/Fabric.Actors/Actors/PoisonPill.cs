namespace Fabric.Actors;

/// <summary>Stops the actor once every message queued before it has been processed.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    public static readonly PoisonPill Instance = new();

    private PoisonPill() { }

    public override string ToString() => "PoisonPill";
}
