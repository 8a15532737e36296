using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.Exchanges;
using Fabric.Broker.Queues;
using Fabric.Broker.Routing;

namespace Fabric.Broker.VirtualHosts;

internal sealed partial class VirtualHostActor
{
    private void DeclareStandardExchanges()
    {
        foreach (var (name, type, @internal) in StandardExchanges.Predeclared)
            CreateExchange(name, type, durable: true, autoDelete: false, @internal, FieldTable.Empty, null);
    }

    private void DeclareExchange(DeclareExchangeCommand command)
    {
        var m = command.Method;
        var name = m.Exchange;
        if (name == StandardExchanges.Default) throw BrokerErrors.DefaultExchange(m.Id);
        var existing = _vhost.FindExchange(name);
        if (m.Passive)
        {
            if (existing is null) throw BrokerErrors.NoExchange(name, VirtualHostName, m.Id);
            Reply(TopologyOk.Instance);
            return;
        }
        if (!ExchangeType.IsKnown(m.Type))
            throw BrokerErrors.Error(ReplyCode.CommandInvalid, $"invalid exchange type '{m.Type}'", m.Id);
        var described = BrokerErrors.Describe("exchange", name, VirtualHostName);
        if (existing is not null)
        {
            if (existing.Type != m.Type)
                throw BrokerErrors.Error(ReplyCode.PreconditionFailed,
                    $"inequivalent arg 'type' for {described}: received '{m.Type}' but current is '{existing.Type}'", m.Id);
            if (existing.Durable != m.Durable)
                throw BrokerErrors.InequivalentFlag("durable", described, m.Durable, existing.Durable, m.Id);
            if (existing.AutoDelete != m.AutoDelete)
                throw BrokerErrors.InequivalentFlag("auto_delete", described, m.AutoDelete, existing.AutoDelete, m.Id);
            if (existing.Internal != m.Internal)
                throw BrokerErrors.InequivalentFlag("internal", described, m.Internal, existing.Internal, m.Id);
            if (ArgumentEquivalence.Check(existing.Arguments, m.Arguments, ArgumentEquivalence.ExchangeKeys, described)
                is { } inequivalent)
                throw BrokerErrors.Error(ReplyCode.PreconditionFailed, inequivalent, m.Id);
            Reply(TopologyOk.Instance);
            return;
        }
        if (StandardExchanges.IsReserved(name)) throw BrokerErrors.ReservedName("exchange", name, m.Id);
        string? alternate = null;
        if (m.Arguments.TryGetValue("alternate-exchange", out var ae))
        {
            if (ae is byte[] bytes) alternate = System.Text.Encoding.UTF8.GetString(bytes);
            else if (ae is string s) alternate = s;
            else
                throw BrokerErrors.Error(ReplyCode.PreconditionFailed,
                    $"invalid type '{QueueArguments.AmqpTypeName(ae)}' for arg 'alternate-exchange' in {described}", m.Id);
        }
        CreateExchange(name, m.Type, m.Durable, m.AutoDelete, m.Internal, m.Arguments, alternate);
        if (m.Durable) _topology?.Write(new ExchangeDeclared(name, m.Type, true, m.AutoDelete, m.Internal, m.Arguments));
        ReplyWhenDurable(TopologyOk.Instance);
    }

    private void CreateExchange(string name, string type, bool durable, bool autoDelete, bool @internal,
        FieldTable arguments, string? alternateExchange)
    {
        var snapshot = new ExchangeSnapshot(RoutingTable.Empty(type)!, alternateExchange);
        var handle = new ExchangeHandle(name, type, durable, autoDelete, @internal, arguments, snapshot);
        _state.Exchanges[name] = handle;
    }

    private void DeleteExchange(DeleteExchangeCommand command)
    {
        var m = command.Method;
        var name = m.Exchange;
        if (name == StandardExchanges.Default) throw BrokerErrors.DefaultExchange(m.Id);
        if (StandardExchanges.IsReserved(name))
            throw BrokerErrors.Error(ReplyCode.AccessRefused,
                $"deletion of system {BrokerErrors.Describe("exchange", name, VirtualHostName)} not allowed", m.Id);
        if (_vhost.FindExchange(name) is not null)
        {
            if (m.IfUnused && _state.HasBindingsFrom(name))
                throw BrokerErrors.Error(ReplyCode.PreconditionFailed,
                    BrokerErrors.Describe("exchange", name, VirtualHostName) + " in use", m.Id);
            RemoveExchange(name);
        }
        // Deleting a missing exchange is fine in RabbitMQ 3.x.
        ReplyWhenDurable(TopologyOk.Instance);
    }

    /// <summary>Removes the exchange with every binding from or to it; sources left unbound may auto-delete.</summary>
    private void RemoveExchange(string name)
    {
        if (_state.BySource.Remove(name, out var outgoing))
        {
            foreach (var binding in outgoing)
            {
                if (_state.ByDestination.TryGetValue(binding.Destination, out var set))
                {
                    set.Remove(binding);
                    if (set.Count == 0) _state.ByDestination.Remove(binding.Destination);
                }
            }
        }
        if (_state.Exchanges.TryRemove(name, out var removed) && removed.Durable) _topology?.Write(new ExchangeDeleted(name));
        RemoveBindingsTo(Destination.Exchange(name));
    }

    /// <summary>Drops every binding to the destination from its source exchanges, then auto-deletes emptied sources.</summary>
    private void RemoveBindingsTo(Destination destination)
    {
        if (!_state.ByDestination.TryGetValue(destination, out var incoming)) return;
        var bindings = new Binding[incoming.Count];
        incoming.CopyTo(bindings);
        var sources = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in bindings)
        {
            _state.RemoveBinding(binding);
            sources.Add(binding.Source);
            if (_state.Exchanges.TryGetValue(binding.Source, out var source)) ExchangeSnapshots.Remove(source, binding);
        }
        foreach (var source in sources) MaybeAutoDelete(source);
    }

    /// <summary>An auto-delete exchange goes when its last binding (as source) goes.</summary>
    private void MaybeAutoDelete(string exchange)
    {
        if (_vhost.FindExchange(exchange) is { AutoDelete: true } && !_state.HasBindingsFrom(exchange))
            RemoveExchange(exchange);
    }
}
