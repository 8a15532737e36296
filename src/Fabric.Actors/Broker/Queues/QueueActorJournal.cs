using Fabric.Broker.Messages;

namespace Fabric.Broker.Queues;

/// <summary>
/// The seam where a queue's persistence effects go: persistent messages entering a durable queue and leaving it.
/// Nothing is persisted yet: <see cref="None"/> drops the calls. The persistence task replaces it with a journal
/// writer (group commit) and delays confirms of persistent messages until their write is durable.
/// </summary>
internal abstract class QueueActorJournal
{
    public static readonly QueueActorJournal None = new NoJournal();

    public abstract void Enqueued(string queue, long messageId, Message message, long expiresAtMs);

    public abstract void Removed(string queue, long messageId);

    private sealed class NoJournal : QueueActorJournal
    {
        public override void Enqueued(string queue, long messageId, Message message, long expiresAtMs) { }

        public override void Removed(string queue, long messageId) { }
    }
}
