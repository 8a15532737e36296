namespace Fabric.Persistence.Actors;

/// <summary>Reply (as a command) to DeleteMessages: events up to and including <see cref="ToSequenceNr"/> are gone.</summary>
public sealed record DeleteMessagesSuccess(long ToSequenceNr);
