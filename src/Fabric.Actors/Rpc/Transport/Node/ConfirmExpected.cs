using Fabric.Actors;

namespace Fabric.Rpc.Transport.Node;

/// <summary>
/// To the connection actor, before the publish goes to <paramref name="Queue"/>: that queue owes the confirm of
/// <paramref name="SeqNo"/>, so the actor watches it (a queue that stops first never answers).
/// </summary>
internal sealed record ConfirmExpected(ulong SeqNo, IActorRef Queue);
