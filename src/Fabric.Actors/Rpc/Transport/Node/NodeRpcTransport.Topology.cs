using Fabric.Amqp;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.VirtualHosts;

namespace Fabric.Rpc.Transport.Node;

/// <summary>Declaring as oslo's rabbit driver does, through the vhost's topology operations, and permission checks.</summary>
public sealed partial class NodeRpcTransport
{
    /// <summary>Declares the subscription's exchange, queue and binding as oslo does.</summary>
    internal async Task DeclareAsync(ListenSpec spec)
    {
        switch (spec.Kind)
        {
            case ListenKind.Direct:
                await DeclareQueueAsync(spec.Queue, durable: false, autoDelete: false, _declarations.TransientQueueArguments).ConfigureAwait(false);
                break;
            case ListenKind.Topic:
                await DeclareTopicExchangeAsync(spec.Exchange).ConfigureAwait(false);
                await DeclareSharedQueueAsync(spec.Exchange, spec.Queue, spec.RoutingKey).ConfigureAwait(false);
                break;
            case ListenKind.Fanout:
                await DeclareFanoutExchangeAsync(spec.Exchange).ConfigureAwait(false);
                await DeclareQueueAsync(spec.Queue, durable: false, autoDelete: false, _declarations.TransientQueueArguments).ConfigureAwait(false);
                await BindAsync(spec.Queue, spec.Exchange, spec.RoutingKey).ConfigureAwait(false);
                break;
        }
    }

    private Task DeclareTopicExchangeAsync(string exchange) =>
        DeclareExchangeAsync(exchange, "topic", _declarations.Durable, _declarations.AutoDelete);

    private Task DeclareFanoutExchangeAsync(string exchange) => DeclareExchangeAsync(exchange, "fanout", durable: false, autoDelete: true);

    /// <summary>A topic or notification queue bound to its exchange.</summary>
    private async Task DeclareSharedQueueAsync(string exchange, string queue, string routingKey)
    {
        await DeclareQueueAsync(queue, _declarations.Durable, _declarations.AutoDelete, _declarations.SharedQueueArguments).ConfigureAwait(false);
        await BindAsync(queue, exchange, routingKey).ConfigureAwait(false);
    }

    private Task DeclareExchangeAsync(string exchange, string type, bool durable, bool autoDelete)
    {
        CheckPermission(Permission.Configure, "exchange", exchange);
        return _vhost.ExchangeDeclare(new ExchangeDeclare { Exchange = exchange, Type = type, Durable = durable, AutoDelete = autoDelete }, _session);
    }

    private Task DeclareQueueAsync(string queue, bool durable, bool autoDelete, FieldTable arguments)
    {
        CheckPermission(Permission.Configure, "queue", queue);
        return _vhost.QueueDeclare(new QueueDeclare { Queue = queue, Durable = durable, AutoDelete = autoDelete, Arguments = arguments }, _session);
    }

    /// <summary>A binding writes to its queue and reads from its exchange, as RabbitMQ checks it.</summary>
    private Task BindAsync(string queue, string exchange, string routingKey)
    {
        CheckPermission(Permission.Write, "queue", queue);
        CheckPermission(Permission.Read, "exchange", exchange);
        return _vhost.QueueBind(new QueueBind { Queue = queue, Exchange = exchange, RoutingKey = routingKey }, _session);
    }

    /// <summary>
    /// ACCESS_REFUSED (403) unless the internal user may, asked on every use as a connection does (permissions change
    /// at runtime); the texts are the node's (and RabbitMQ's).
    /// </summary>
    internal void CheckPermission(Permission permission, string kind, string resource)
    {
        if (!_broker.Access.IsPermitted(_session.User, _vhost.Name, permission, resource))
        {
            string name = kind == "exchange" && resource.Length == 0 ? "amq.default" : resource;
            throw new AmqpProtocolException(ReplyCode.AccessRefused,
                "ACCESS_REFUSED - " + BrokerErrors.AccessRefusedText(kind, name, _vhost.Name, _session.User.Name));
        }
    }
}
