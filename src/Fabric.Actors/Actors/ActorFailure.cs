namespace Fabric.Actors;

/// <summary>Published on the event stream when an actor fails, or a lifecycle hook throws.</summary>
public sealed record ActorFailure(IActorRef Actor, Exception Cause, string Description);
