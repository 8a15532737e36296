using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.Exchanges;
using Fabric.Broker.Queues;
using Fabric.Broker.Routing;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker.VirtualHosts;

internal sealed partial class VirtualHostActor
{
    private void DeclareQueue(DeclareQueueCommand command)
    {
        var m = command.Method;
        var session = command.Session;
        var name = m.Queue.Length == 0 && !m.Passive ? QueueNameGenerator.Next() : m.Queue;
        var existing = _vhost.FindQueue(name);
        if (m.Passive)
        {
            if (existing is null) throw BrokerErrors.NoQueue(name, VirtualHostName, m.Id);
            CheckExclusiveAccess(existing, session, m.Id);
            existing.Actor.Tell(new QueueStatusRequest(Sender, command), Self);
            return;
        }
        if (existing is not null)
        {
            CheckExclusiveAccess(existing, session, m.Id);
            if (existing.ExclusiveOwner.HasValue != m.Exclusive) throw BrokerErrors.QueueLocked(name, VirtualHostName, m.Id);
            var described = BrokerErrors.Describe("queue", name, VirtualHostName);
            if (existing.Durable != m.Durable)
                throw BrokerErrors.InequivalentFlag("durable", described, m.Durable, existing.Durable, m.Id);
            if (existing.AutoDelete != m.AutoDelete)
                throw BrokerErrors.InequivalentFlag("auto_delete", described, m.AutoDelete, existing.AutoDelete, m.Id);
            var inequivalent =
                ArgumentEquivalence.Check(existing.Arguments, m.Arguments, ArgumentEquivalence.QueueKeys, described)
                ?? ArgumentEquivalence.CheckQueueType(existing.Arguments, m.Arguments, described);
            if (inequivalent is not null) throw BrokerErrors.Error(ReplyCode.PreconditionFailed, inequivalent, m.Id);
            existing.Actor.Tell(new QueueStatusRequest(Sender, command), Self);
            return;
        }
        if (m.Queue.Length > 0)
        {
            if (StandardExchanges.IsReserved(name)) throw BrokerErrors.ReservedName("queue", name, m.Id);
        }
        else if (_vhost.Access is { } access && !access.IsPermitted(session.User, VirtualHostName, Permission.Configure, name))
        {
            // As RabbitMQ: configure is checked on the generated name (a user without it cannot make amq.gen-* queues).
            throw BrokerErrors.Error(ReplyCode.AccessRefused,
                BrokerErrors.AccessRefusedText("queue", name, VirtualHostName, session.User.Name), m.Id);
        }
        var parsed = QueueArguments.Parse(m.Arguments, name, VirtualHostName);
        if (!parsed.IsOk) throw BrokerErrors.Error(ReplyCode.PreconditionFailed, parsed.Error!, m.Id);
        if (parsed.Arguments!.QueueType == "quorum" && QuorumQueueRules.Check(m, name, VirtualHostName) is { } refused)
            throw BrokerErrors.Error(ReplyCode.PreconditionFailed, refused, m.Id);

        long? owner = m.Exclusive ? session.ConnectionId : null;
        var queue = StartQueue(name, m.Durable, m.AutoDelete, owner, m.Arguments, parsed.Arguments!);
        if (IsJournalled(queue)) _topology?.Write(new QueueDeclared(name, true, m.AutoDelete, false, m.Arguments));
        ReplyWhenDurable(new QueueDeclareOk { Queue = name });
    }

    private QueueHandle StartQueue(string name, bool durable, bool autoDelete, long? owner, FieldTable declared,
        QueueArguments arguments)
    {
        var store = durable && owner is null ? _topology?.QueueStoreFor(name) : null;
        var actor = Context.ActorOf(
            Props.Create(() => new QueueActor(_vhost, name, durable, autoDelete, owner, arguments, store)),
            ChildName("q-", name));
        Context.Watch(actor);
        return _state.Queues[name] = new QueueHandle(name, actor, durable, autoDelete, owner, declared);
    }

    private void PurgeQueue(PurgeQueueCommand command)
    {
        var m = command.Method;
        var queue = _vhost.FindQueue(m.Queue) ?? throw BrokerErrors.NoQueue(m.Queue, VirtualHostName, m.Id);
        CheckExclusiveAccess(queue, command.Session, m.Id);
        queue.Actor.Tell(new QueuePurgeRequest(Sender, command), Self);
    }

    private void DeleteQueue(DeleteQueueCommand command)
    {
        var m = command.Method;
        var queue = _vhost.FindQueue(m.Queue);
        if (queue is null)
        {
            Reply(0u); // deleting a missing queue is fine in RabbitMQ 3.x
            return;
        }
        CheckExclusiveAccess(queue, command.Session, m.Id);
        queue.Actor.Tell(new QueueDeleteRequest(m.IfUnused, m.IfEmpty, Sender, m.Id), Self);
    }

    /// <summary>
    /// The owner of exclusive queues is gone: they are unregistered at once (so that a reconnecting client may declare
    /// them again without a 405), then told to delete themselves (cancelling consumers, dropping content).
    /// </summary>
    private void ConnectionClosed(long connectionId)
    {
        List<QueueHandle>? owned = null;
        foreach (var pair in _state.Queues)
        {
            if (pair.Value.ExclusiveOwner == connectionId) (owned ??= []).Add(pair.Value);
        }
        if (owned is null) return;
        foreach (var queue in owned)
        {
            Unregister(queue.Name, queue.Actor);
            queue.Actor.Tell(new QueueDeleteRequest(false, false, null, default), Self);
        }
    }

    private void OnQueueRemoved(QueueRemoved removed)
    {
        if (_state.Queues.TryGetValue(removed.Name, out var handle) && handle.Actor.Equals(removed.Actor)
            && IsJournalled(handle) && _topology is not null)
        {
            _topology.Write(new QueueDeleted(removed.Name));
            _topology.QueueRemoved(removed.Name, removed.LastSequenceNr);
        }
        Unregister(removed.Name, removed.Actor);
        if (removed.ReplyTo is not null) ReplyWhenDurable(removed.ReplyTo, removed.MessageCount);
    }

    /// <summary>Drops the queue from the registry and its bindings from every exchange, if that actor is still it.</summary>
    private void Unregister(string name, IActorRef actor)
    {
        if (!_state.Queues.TryGetValue(name, out var handle) || !handle.Actor.Equals(actor)) return;
        _state.Queues.TryRemove(name, out _);
        Context.Unwatch(actor); // its coming stop is expected
        RemoveBindingsTo(Destination.Queue(name));
    }

    /// <summary>
    /// A queue actor stopped. After a delete it has been unregistered already; if it is still registered it was
    /// stopped by failure (its supervisor gave up): unregister it so that the name can be declared again.
    /// </summary>
    private void OnChildTerminated(IActorRef child)
    {
        foreach (var pair in _state.Queues)
        {
            if (!pair.Value.Actor.Equals(child)) continue;
            _logger?.LogWarning("vhost '{VirtualHost}': queue '{Queue}' stopped unexpectedly", VirtualHostName, pair.Key);
            Unregister(pair.Key, child);
            return;
        }
    }

    private void CheckExclusiveAccess(QueueHandle queue, SessionInfo session, MethodId method)
    {
        if (queue.ExclusiveOwner is { } owner && owner != session.ConnectionId)
            throw BrokerErrors.QueueLocked(queue.Name, VirtualHostName, method);
    }
}
