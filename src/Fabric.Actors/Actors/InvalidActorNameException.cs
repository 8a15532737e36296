namespace Fabric.Actors;

/// <summary>The name is malformed or already taken by a live sibling.</summary>
public sealed class InvalidActorNameException(string message) : Exception(message);
