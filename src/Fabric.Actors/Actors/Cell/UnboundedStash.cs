using Fabric.Actors.Dispatch;

namespace Fabric.Actors.Cell;

internal sealed class UnboundedStash(ActorCell cell) : IStash
{
    // Created by the first stash: most actors that can stash never do (a durable queue only while it reloads).
    private List<Envelope>? _stashed;

    public int Count => _stashed?.Count ?? 0;

    public void Stash()
    {
        var envelope = cell.CurrentEnvelope;
        var stashed = _stashed ??= [];
        if (stashed.Count > 0 && ReferenceEquals(stashed[^1].Message, envelope.Message))
            throw new InvalidOperationException($"Can't stash the same message {envelope.Message} more than once");
        stashed.Add(envelope);
    }

    public void Unstash()
    {
        if (_stashed is not { Count: > 0 } stashed) return;
        var first = stashed[0];
        stashed.RemoveAt(0);
        cell.Mailbox.Prepend(first);
    }

    public void UnstashAll()
    {
        if (_stashed is not { Count: > 0 } stashed) return;
        cell.Mailbox.Prepend(stashed);
        stashed.Clear();
    }

    public void ClearStash() => _stashed?.Clear();

    internal void DropAllToDeadLetters()
    {
        if (_stashed is not { } stashed) return;
        foreach (var envelope in stashed) cell.System.DeadLetterOf(envelope.Message, envelope.Sender, cell.Self);
        stashed.Clear();
    }
}
