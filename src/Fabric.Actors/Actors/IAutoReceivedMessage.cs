namespace Fabric.Actors;

/// <summary>Marks user-queue messages the kernel handles itself before the actor's behaviour sees them.</summary>
internal interface IAutoReceivedMessage;
