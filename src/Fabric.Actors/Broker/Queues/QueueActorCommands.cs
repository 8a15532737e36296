using Fabric.Actors;
using Fabric.Amqp;

namespace Fabric.Broker.Queues;

// VirtualHostActor → QueueActor. The queue answers ReplyTo directly (the asker), so the vhost never waits on a queue.

// A request carries the vhost command it serves: a queue that has just deleted itself hands that command back to the
// vhost (which by then has unregistered it), so a declare racing an auto-delete or x-expires creates a fresh queue.

/// <summary>queue.declare of an existing queue: restart its x-expires clock and reply a QueueDeclareOk.</summary>
internal sealed record QueueStatusRequest(IActorRef ReplyTo, object Command);

/// <summary>queue.purge: reply the purged count (uint).</summary>
internal sealed record QueuePurgeRequest(IActorRef ReplyTo, object Command);

/// <summary>
/// queue.delete (or owner gone): check if-unused / if-empty (Status.Failure to ReplyTo), else cancel consumers,
/// drop the content and report <see cref="VirtualHosts.QueueRemoved"/> to the vhost, which replies the count.
/// </summary>
internal sealed record QueueDeleteRequest(bool IfUnused, bool IfEmpty, IActorRef? ReplyTo, MethodId Method);
