using Fabric.Actors;
using Fabric.Amqp.Tables;

namespace Fabric.Broker.Contracts;

/// <summary>
/// A queue as its vhost lists it: look it up by name on each use (never keep one in channel state), so that a queue's
/// owner can later live on another node.
/// </summary>
public sealed record QueueHandle(
    string Name,
    IActorRef Actor,
    bool Durable,
    bool AutoDelete,
    long? ExclusiveOwner,
    FieldTable Arguments);
