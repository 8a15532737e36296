namespace Fabric.Actors;

/// <summary>Sent to watchers when a watched actor has stopped.</summary>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated = false) : IAutoReceivedMessage;
