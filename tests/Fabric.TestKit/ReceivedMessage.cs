namespace Fabric.TestKit;

/// <summary>A message as the probe received it.</summary>
public sealed record ReceivedMessage(object Message, IActorRef Sender);
