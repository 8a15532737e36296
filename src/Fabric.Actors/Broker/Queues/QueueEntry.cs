using Fabric.Broker.Messages;

namespace Fabric.Broker.Queues;

/// <summary>A message as held by one queue: its queue-local id and per-queue delivery state.</summary>
internal struct QueueEntry
{
    public long Id;
    public Message Message;
    /// <summary>Absolute expiry (ms); long.MaxValue = never.</summary>
    public long ExpiresAtMs;
    public int DeliveryCount;
    public bool Redelivered;
    /// <summary>Journalled (durable queue, persistent message): its removal must be journalled too.</summary>
    public bool Persisted;

    public QueueEntry(long id, Message message, long expiresAtMs, bool redelivered, bool persisted)
    {
        Id = id;
        Message = message;
        ExpiresAtMs = expiresAtMs;
        DeliveryCount = 0;
        Redelivered = redelivered;
        Persisted = persisted;
    }
}
