using Fabric.Actors.Dispatch;

namespace Fabric.Actors.Cell;

internal sealed class UnboundedStash(ActorCell cell) : IStash
{
    private readonly List<Envelope> _stashed = [];

    public int Count => _stashed.Count;

    public void Stash()
    {
        var envelope = cell.CurrentEnvelope;
        if (_stashed.Count > 0 && ReferenceEquals(_stashed[^1].Message, envelope.Message))
            throw new InvalidOperationException($"Can't stash the same message {envelope.Message} more than once");
        _stashed.Add(envelope);
    }

    public void Unstash()
    {
        if (_stashed.Count == 0) return;
        var first = _stashed[0];
        _stashed.RemoveAt(0);
        cell.Mailbox.Prepend(first);
    }

    public void UnstashAll()
    {
        if (_stashed.Count == 0) return;
        cell.Mailbox.Prepend(_stashed);
        _stashed.Clear();
    }

    public void ClearStash() => _stashed.Clear();

    internal void DropAllToDeadLetters()
    {
        foreach (var envelope in _stashed) cell.System.DeadLetterOf(envelope.Message, envelope.Sender, cell.Self);
        _stashed.Clear();
    }
}
