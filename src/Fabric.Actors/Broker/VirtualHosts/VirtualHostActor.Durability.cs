using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.Exchanges;
using Fabric.Broker.Queues;
using Fabric.Broker.Routing;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker.VirtualHosts;

/// <summary>
/// Durable topology: durable exchanges and queues, and bindings between durable entities, are journalled through the
/// <see cref="TopologyJournal"/>; their -ok goes out once the write is durable. Restored once, at first start.
/// </summary>
internal sealed partial class VirtualHostActor
{
    private void RestoreTopology()
    {
        if (_topology is null || _topology.Recovered.IsEmpty) return;
        var recovered = _topology.Recovered;
        foreach (var e in recovered.Exchanges.Values)
        {
            if (_state.Exchanges.ContainsKey(e.Name)) continue;
            CreateExchange(e.Name, e.Type, e.Durable, e.AutoDelete, e.Internal, e.Arguments, AlternateOf(e.Arguments));
        }
        foreach (var q in recovered.Queues.Values)
        {
            var parsed = QueueArguments.Parse(q.Arguments, q.Name, VirtualHostName);
            if (!parsed.IsOk)
                throw new EventFormatException(
                    $"vhost '{VirtualHostName}': stored queue '{q.Name}' has invalid arguments: {parsed.Error}");
            StartQueue(q.Name, q.Durable, q.AutoDelete, null, q.Arguments, parsed.Arguments!);
        }
        foreach (var binding in recovered.Bindings)
        {
            if (!_state.Exchanges.TryGetValue(binding.Source, out var source) || !_state.AddBinding(binding)) continue;
            ExchangeSnapshots.Add(source, binding);
        }
        _logger?.LogInformation("vhost '{VirtualHost}': recovered {Exchanges} exchanges, {Queues} queues, {Bindings} bindings",
            VirtualHostName, recovered.Exchanges.Count, recovered.Queues.Count, recovered.Bindings.Count);
    }

    private static string? AlternateOf(FieldTable arguments) =>
        arguments.TryGetValue("alternate-exchange", out var value) && FieldValue.TryGetString(value, out var name) ? name : null;

    private bool IsDurableExchange(string name) =>
        StandardExchanges.IsReserved(name) || _state.Exchanges.TryGetValue(name, out var handle) && handle.Durable;

    /// <summary>Bindings are journalled when both ends are durable (the standard exchanges are durable).</summary>
    private bool IsDurable(Binding binding) =>
        _topology is not null && IsDurableExchange(binding.Source)
        && (binding.DestinationKind == DestinationKind.Exchange
            ? IsDurableExchange(binding.DestinationName)
            : _vhost.FindQueue(binding.DestinationName) is { Durable: true, ExclusiveOwner: null });

    private static bool IsJournalled(QueueHandle queue) => queue is { Durable: true, ExclusiveOwner: null };

    /// <summary>Replies to the sender once every journal write so far is durable (at once without persistence).</summary>
    private void ReplyWhenDurable(object reply) => ReplyWhenDurable(Sender, reply);

    private void ReplyWhenDurable(IActorRef replyTo, object reply)
    {
        var write = _topology?.LastWrite;
        if (write is null || write.IsCompletedSuccessfully)
        {
            replyTo.Tell(reply, Self);
            return;
        }
        var self = Self;
        write.ContinueWith(t => replyTo.Tell(t.IsCompletedSuccessfully ? reply : WriteFailed(t.Exception), self),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static Status.Failure WriteFailed(Exception? e) =>
        new(new AmqpProtocolException(ReplyCode.InternalError, "internal error: store write failed: " + e?.GetBaseException().Message));
}
