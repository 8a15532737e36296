namespace Fabric.Actors;

/// <summary>Makes the actor fail with <see cref="ActorKilledException"/> (the supervisor decides; default Stop).</summary>
public sealed class Kill : IAutoReceivedMessage
{
    public static readonly Kill Instance = new();

    private Kill() { }

    public override string ToString() => "Kill";
}
