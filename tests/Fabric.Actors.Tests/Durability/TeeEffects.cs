using Fabric.Broker.Messages;
using Fabric.Broker.Queues;

namespace Fabric.Actors.Tests.Durability;

/// <summary>Passes every effect to two sinks (the journal under test and a recorder of the engine's truth).</summary>
internal sealed class TeeEffects(IQueueEffects first, IQueueEffects second) : IQueueEffects
{
    public void Deliver(in Delivery delivery)
    {
        first.Deliver(delivery);
        second.Deliver(delivery);
    }

    public void DeadLetter(Message message, DeadLetterReason reason, string queueName)
    {
        first.DeadLetter(message, reason, queueName);
        second.DeadLetter(message, reason, queueName);
    }

    public void PersistEnqueue(long messageId, Message message, long expiresAtMs)
    {
        first.PersistEnqueue(messageId, message, expiresAtMs);
        second.PersistEnqueue(messageId, message, expiresAtMs);
    }

    public void PersistRemove(long messageId)
    {
        first.PersistRemove(messageId);
        second.PersistRemove(messageId);
    }
}
