using Fabric.Broker.Messages;
using Fabric.Broker.Queues;

namespace Fabric.Actors.Tests.Queues;

/// <summary>Records every effect the engine emits, in order.</summary>
internal sealed class RecordingEffects : IQueueEffects
{
    public List<Delivery> Deliveries { get; } = new();
    public List<(Message Message, DeadLetterReason Reason, string Queue)> DeadLetters { get; } = new();
    public List<long> PersistedEnqueues { get; } = new();
    public List<long> PersistedRemoves { get; } = new();
    public Dictionary<long, long> PersistedExpiry { get; } = new();

    public void Deliver(in Delivery delivery) => Deliveries.Add(delivery);

    public void DeadLetter(Message message, DeadLetterReason reason, string queueName) =>
        DeadLetters.Add((message, reason, queueName));

    public void PersistEnqueue(long messageId, Message message, long expiresAtMs)
    {
        PersistedEnqueues.Add(messageId);
        PersistedExpiry[messageId] = expiresAtMs;
    }

    public void PersistRemove(long messageId) => PersistedRemoves.Add(messageId);

    public List<string> DeliveredBodies(string? consumerTag = null)
    {
        var bodies = new List<string>();
        foreach (var d in Deliveries)
        {
            if (consumerTag is null || d.ConsumerTag == consumerTag) bodies.Add(Q.Text(d.Message));
        }
        return bodies;
    }

    public List<string> DeadLetteredBodies(DeadLetterReason reason)
    {
        var bodies = new List<string>();
        foreach (var d in DeadLetters)
        {
            if (d.Reason == reason) bodies.Add(Q.Text(d.Message));
        }
        return bodies;
    }
}
