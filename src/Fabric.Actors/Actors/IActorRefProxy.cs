namespace Fabric.Actors;

/// <summary>Implemented by objects that stand for an actor (e.g. a test probe) so the kernel can watch/stop/compare them.</summary>
internal interface IActorRefProxy
{
    IActorRef Underlying { get; }
}
