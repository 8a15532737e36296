using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Fabric.Broker.VirtualHosts;

namespace Fabric.Broker.Connections;

internal sealed partial class ConnectionActor
{
    private void OnExchangeDeclare(Channel channel, ExchangeDeclare declare)
    {
        if (!declare.Passive)
        {
            CheckPermission(Permission.Configure, "exchange", ExchangeResource(declare.Exchange));
        }

        Topology(channel, declare, ReplyOk(channel, declare.NoWait, new ExchangeDeclareOk()));
    }

    private void OnExchangeDelete(Channel channel, ExchangeDelete delete)
    {
        CheckPermission(Permission.Configure, "exchange", ExchangeResource(delete.Exchange));
        Topology(channel, delete, ReplyOk(channel, delete.NoWait, new ExchangeDeleteOk()));
    }

    private void OnExchangeBind(Channel channel, ExchangeBind bind)
    {
        CheckBindPermissions("exchange", ExchangeResource(bind.Destination), bind.Source);
        Topology(channel, bind, ReplyOk(channel, bind.NoWait, new ExchangeBindOk()));
    }

    private void OnExchangeUnbind(Channel channel, ExchangeUnbind unbind)
    {
        CheckBindPermissions("exchange", ExchangeResource(unbind.Destination), unbind.Source);
        Topology(channel, unbind, ReplyOk(channel, unbind.NoWait, new ExchangeUnbindOk()));
    }

    private void OnQueueDeclare(Channel channel, QueueDeclare declare)
    {
        if (declare.Passive)
        {
            declare = declare with { Queue = QueueName(channel, declare.Queue) };
            if (TryDeclareDirectReplyQueue(channel, declare))
            {
                return;
            }
        }
        else if (declare.Queue.Length > 0)
        {
            // A server-named queue ("amq.gen-...") is checked by the vhost, which names it.
            CheckPermission(Permission.Configure, "queue", declare.Queue);
        }

        Topology(channel, declare, ReplyDeclared(channel, declare.NoWait));
    }

    private void OnQueueBind(Channel channel, QueueBind bind)
    {
        bind = bind with { Queue = QueueName(channel, bind.Queue) };
        CheckBindPermissions("queue", bind.Queue, bind.Exchange);
        Topology(channel, bind, ReplyOk(channel, bind.NoWait, new QueueBindOk()));
    }

    private void OnQueueUnbind(Channel channel, QueueUnbind unbind)
    {
        unbind = unbind with { Queue = QueueName(channel, unbind.Queue) };
        CheckBindPermissions("queue", unbind.Queue, unbind.Exchange);
        // queue.unbind has no no-wait flag.
        Topology(channel, unbind, ReplyOk(channel, noWait: false, new QueueUnbindOk()));
    }

    private void OnQueuePurge(Channel channel, QueuePurge purge)
    {
        purge = purge with { Queue = QueueName(channel, purge.Queue) };
        CheckPermission(Permission.Read, "queue", purge.Queue);
        Topology(channel, purge, ReplyCount(channel, purge.NoWait, static count => new QueuePurgeOk { MessageCount = count }));
    }

    private void OnQueueDelete(Channel channel, QueueDelete delete)
    {
        delete = delete with { Queue = QueueName(channel, delete.Queue) };
        CheckPermission(Permission.Configure, "queue", delete.Queue);
        Topology(channel, delete, ReplyCount(channel, delete.NoWait, static count => new QueueDeleteOk { MessageCount = count }));
    }

    /// <summary>
    /// Sends a topology method to the vhost with this actor as the reply-to, and suspends inbound processing until the
    /// answer arrives (<see cref="OnVirtualHostReply"/>), then runs <paramref name="onResult"/> with it.
    /// </summary>
    private void Topology<TMethod>(Channel channel, TMethod method, Action<object> onResult)
        where TMethod : struct, IAmqpMethod
    {
        AwaitReply(channel, method.Id, onResult);
        _vhost!.Send(method, _session!, Self);
    }

    /// <summary>The completion of a topology operation whose -ok carries nothing from the result.</summary>
    private Action<object> ReplyOk<TOk>(Channel channel, bool noWait, TOk ok)
        where TOk : struct, IAmqpMethod =>
        _ =>
        {
            if (!noWait)
            {
                Reply(channel, ok);
            }
        };

    /// <summary>The completion of queue.declare: the name (perhaps server-generated) is the channel's last queue.</summary>
    private Action<object> ReplyDeclared(Channel channel, bool noWait) =>
        result =>
        {
            var ok = (QueueDeclareOk)result;
            channel.LastQueue = ok.Queue;
            if (!noWait)
            {
                Reply(channel, ok);
            }
        };

    /// <summary>The completion of a topology operation whose -ok carries the message count (purge, delete).</summary>
    private Action<object> ReplyCount<TOk>(Channel channel, bool noWait, Func<uint, TOk> ok)
        where TOk : struct, IAmqpMethod =>
        result =>
        {
            if (!noWait)
            {
                Reply(channel, ok((uint)result));
            }
        };

    private void Reply<TMethod>(Channel channel, in TMethod method)
        where TMethod : IAmqpMethod
    {
        FrameWriter.WriteMethod(_output, channel.Number, method);
        MarkDirty();
    }

    /// <summary>An empty queue name means the channel's last declared queue, as in RabbitMQ.</summary>
    private static string QueueName(Channel channel, string name)
    {
        if (name.Length > 0)
        {
            return name;
        }

        return channel.LastQueue ?? throw Error(ReplyCode.NotFound, "no previously declared queue");
    }

    private QueueHandle FindQueueFor(string name)
    {
        var vhost = _vhost!;
        var queue = vhost.FindQueue(name) ?? throw Error(ReplyCode.NotFound, $"no queue '{name}' in vhost '{vhost.Name}'");
        if (queue.ExclusiveOwner is { } owner && owner != _id)
        {
            throw Error(ReplyCode.ResourceLocked,
                $"cannot obtain exclusive access to locked queue '{name}' in vhost '{vhost.Name}'. It could be originally " +
                "declared on another connection or the exclusive property value does not match that of the original declaration.");
        }

        return queue;
    }

    private void CheckPermission(Permission permission, string kind, string resource)
    {
        var user = _user!;
        string vhost = _session!.VirtualHost;
        if (!_broker.Access.IsPermitted(user, vhost, permission, resource))
        {
            throw Error(ReplyCode.AccessRefused, BrokerErrors.AccessRefusedText(kind, resource, vhost, user.Name));
        }
    }

    /// <summary>A binding writes to its destination and reads from its source exchange, as RabbitMQ checks it.</summary>
    private void CheckBindPermissions(string destinationKind, string destination, string sourceExchange)
    {
        CheckPermission(Permission.Write, destinationKind, destination);
        CheckPermission(Permission.Read, "exchange", ExchangeResource(sourceExchange));
    }

    /// <summary>RabbitMQ checks permissions of the default exchange under the name "amq.default".</summary>
    private static string ExchangeResource(string name) => name.Length == 0 ? "amq.default" : name;
}
