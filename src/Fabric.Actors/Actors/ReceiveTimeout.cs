namespace Fabric.Actors;

/// <summary>Sent when no message arrived within the time set by <see cref="IActorContext.SetReceiveTimeout"/>.</summary>
public sealed class ReceiveTimeout
{
    public static readonly ReceiveTimeout Instance = new();

    private ReceiveTimeout() { }

    public override string ToString() => "ReceiveTimeout";
}
