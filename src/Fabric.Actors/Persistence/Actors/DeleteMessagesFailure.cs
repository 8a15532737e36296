namespace Fabric.Persistence.Actors;

/// <summary>Reply (as a command) to DeleteMessages: the delete failed.</summary>
public sealed record DeleteMessagesFailure(Exception Cause, long ToSequenceNr);
