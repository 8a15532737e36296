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

        var onResult = ReplyOk(channel, declare.NoWait, new ExchangeDeclareOk());
        if (_vhost is VirtualHost local) SendToVirtualHost(channel, declare.Id, local, VirtualHost.Command(declare, _session!), onResult);
        else Await(channel, declare.Id, _vhost!.ExchangeDeclare(declare, _session!), onResult);
    }

    private void OnExchangeDelete(Channel channel, ExchangeDelete delete)
    {
        CheckPermission(Permission.Configure, "exchange", ExchangeResource(delete.Exchange));
        var onResult = ReplyOk(channel, delete.NoWait, new ExchangeDeleteOk());
        if (_vhost is VirtualHost local) SendToVirtualHost(channel, delete.Id, local, VirtualHost.Command(delete, _session!), onResult);
        else Await(channel, delete.Id, _vhost!.ExchangeDelete(delete, _session!), onResult);
    }

    private void OnExchangeBind(Channel channel, ExchangeBind bind)
    {
        CheckBindPermissions("exchange", ExchangeResource(bind.Destination), bind.Source);
        var onResult = ReplyOk(channel, bind.NoWait, new ExchangeBindOk());
        if (_vhost is VirtualHost local) SendToVirtualHost(channel, bind.Id, local, VirtualHost.Command(bind, _session!), onResult);
        else Await(channel, bind.Id, _vhost!.ExchangeBind(bind, _session!), onResult);
    }

    private void OnExchangeUnbind(Channel channel, ExchangeUnbind unbind)
    {
        CheckBindPermissions("exchange", ExchangeResource(unbind.Destination), unbind.Source);
        var onResult = ReplyOk(channel, unbind.NoWait, new ExchangeUnbindOk());
        if (_vhost is VirtualHost local) SendToVirtualHost(channel, unbind.Id, local, VirtualHost.Command(unbind, _session!), onResult);
        else Await(channel, unbind.Id, _vhost!.ExchangeUnbind(unbind, _session!), onResult);
    }

    private void OnQueueDeclare(Channel channel, QueueDeclare declare)
    {
        if (declare.Passive)
        {
            declare = declare with { Queue = QueueName(channel, declare.Queue) };
        }
        else if (declare.Queue.Length > 0)
        {
            // A server-named queue ("amq.gen-...", named by the vhost) is not checked: the name is not known yet.
            CheckPermission(Permission.Configure, "queue", declare.Queue);
        }

        bool noWait = declare.NoWait;
        Action<object> onResult = result =>
        {
            var ok = ResultOf<QueueDeclareOk>(result);
            channel.LastQueue = ok.Queue;
            if (!noWait)
            {
                Reply(channel, ok);
            }
        };
        if (_vhost is VirtualHost local) SendToVirtualHost(channel, declare.Id, local, VirtualHost.Command(declare, _session!), onResult);
        else Await(channel, declare.Id, _vhost!.QueueDeclare(declare, _session!), onResult);
    }

    private void OnQueueBind(Channel channel, QueueBind bind)
    {
        bind = bind with { Queue = QueueName(channel, bind.Queue) };
        CheckBindPermissions("queue", bind.Queue, bind.Exchange);
        var onResult = ReplyOk(channel, bind.NoWait, new QueueBindOk());
        if (_vhost is VirtualHost local) SendToVirtualHost(channel, bind.Id, local, VirtualHost.Command(bind, _session!), onResult);
        else Await(channel, bind.Id, _vhost!.QueueBind(bind, _session!), onResult);
    }

    private void OnQueueUnbind(Channel channel, QueueUnbind unbind)
    {
        unbind = unbind with { Queue = QueueName(channel, unbind.Queue) };
        CheckBindPermissions("queue", unbind.Queue, unbind.Exchange);
        // queue.unbind has no no-wait flag.
        var onResult = ReplyOk(channel, noWait: false, new QueueUnbindOk());
        if (_vhost is VirtualHost local) SendToVirtualHost(channel, unbind.Id, local, VirtualHost.Command(unbind, _session!), onResult);
        else Await(channel, unbind.Id, _vhost!.QueueUnbind(unbind, _session!), onResult);
    }

    private void OnQueuePurge(Channel channel, QueuePurge purge)
    {
        purge = purge with { Queue = QueueName(channel, purge.Queue) };
        CheckPermission(Permission.Read, "queue", purge.Queue);
        bool noWait = purge.NoWait;
        Action<object> onResult = result =>
        {
            if (!noWait)
            {
                Reply(channel, new QueuePurgeOk { MessageCount = ResultOf<uint>(result) });
            }
        };
        if (_vhost is VirtualHost local) SendToVirtualHost(channel, purge.Id, local, VirtualHost.Command(purge, _session!), onResult);
        else Await(channel, purge.Id, _vhost!.QueuePurge(purge, _session!), onResult);
    }

    private void OnQueueDelete(Channel channel, QueueDelete delete)
    {
        delete = delete with { Queue = QueueName(channel, delete.Queue) };
        CheckPermission(Permission.Configure, "queue", delete.Queue);
        bool noWait = delete.NoWait;
        Action<object> onResult = result =>
        {
            if (!noWait)
            {
                Reply(channel, new QueueDeleteOk { MessageCount = ResultOf<uint>(result) });
            }
        };
        if (_vhost is VirtualHost local) SendToVirtualHost(channel, delete.Id, local, VirtualHost.Command(delete, _session!), onResult);
        else Await(channel, delete.Id, _vhost!.QueueDelete(delete, _session!), onResult);
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

    /// <summary>A vhost operation's value: the completed task's (task API) or the reply message itself.</summary>
    private static T ResultOf<T>(object result) => result is Task<T> task ? task.Result : (T)result;

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
            throw Error(ReplyCode.AccessRefused, $"access to {kind} '{resource}' in vhost '{vhost}' refused for user '{user.Name}'");
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
