using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;

namespace Fabric.Amqp.Client;

/// <summary>Exchange and queue declarations, bindings and deletions.</summary>
public sealed partial class AmqpChannel
{
    public Task ExchangeDeclareAsync(string exchange, string type, bool durable = false, bool autoDelete = false, bool passive = false, bool @internal = false, FieldTable? arguments = null) =>
        RpcAsync(
            new ExchangeDeclare { Exchange = exchange, Type = type, Durable = durable, AutoDelete = autoDelete, Passive = passive, Internal = @internal, Arguments = arguments ?? FieldTable.Empty },
            ExchangeDeclareOk.Key);

    public Task ExchangeDeleteAsync(string exchange, bool ifUnused = false) =>
        RpcAsync(new ExchangeDelete { Exchange = exchange, IfUnused = ifUnused }, ExchangeDeleteOk.Key);

    /// <summary>queue.declare; an empty name asks the broker for a generated one (see the result's Queue).</summary>
    public async Task<QueueDeclareOk> QueueDeclareAsync(string queue = "", bool durable = false, bool exclusive = false, bool autoDelete = false, bool passive = false, FieldTable? arguments = null)
    {
        var reply = await RpcAsync(
            new QueueDeclare { Queue = queue, Durable = durable, Exclusive = exclusive, AutoDelete = autoDelete, Passive = passive, Arguments = arguments ?? FieldTable.Empty },
            QueueDeclareOk.Key).ConfigureAwait(false);
        return (QueueDeclareOk)reply;
    }

    public Task QueueBindAsync(string queue, string exchange, string routingKey, FieldTable? arguments = null) =>
        RpcAsync(new QueueBind { Queue = queue, Exchange = exchange, RoutingKey = routingKey, Arguments = arguments ?? FieldTable.Empty }, QueueBindOk.Key);

    public Task QueueUnbindAsync(string queue, string exchange, string routingKey, FieldTable? arguments = null) =>
        RpcAsync(new QueueUnbind { Queue = queue, Exchange = exchange, RoutingKey = routingKey, Arguments = arguments ?? FieldTable.Empty }, QueueUnbindOk.Key);

    /// <summary>queue.delete; returns the number of messages deleted.</summary>
    public async Task<uint> QueueDeleteAsync(string queue, bool ifUnused = false, bool ifEmpty = false)
    {
        var reply = await RpcAsync(new QueueDelete { Queue = queue, IfUnused = ifUnused, IfEmpty = ifEmpty }, QueueDeleteOk.Key).ConfigureAwait(false);
        return ((QueueDeleteOk)reply).MessageCount;
    }

    public async Task<uint> QueuePurgeAsync(string queue)
    {
        var reply = await RpcAsync(new QueuePurge { Queue = queue }, QueuePurgeOk.Key).ConfigureAwait(false);
        return ((QueuePurgeOk)reply).MessageCount;
    }
}
