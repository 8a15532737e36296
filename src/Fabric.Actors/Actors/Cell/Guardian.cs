namespace Fabric.Actors.Cell;

/// <summary>The /user and /system guardians: parents of top-level actors, default supervision, no behaviour.</summary>
internal sealed class Guardian : ActorBase
{
    protected override bool Receive(object message) => false;
}
