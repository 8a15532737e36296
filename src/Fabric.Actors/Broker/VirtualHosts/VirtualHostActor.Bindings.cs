using Fabric.Amqp;
using Fabric.Amqp.Tables;
using Fabric.Broker.Exchanges;
using Fabric.Broker.Routing;

namespace Fabric.Broker.VirtualHosts;

internal sealed partial class VirtualHostActor
{
    private void Bind(BindCommand command)
    {
        var binding = command.Binding;
        var method = command.Method;
        CheckNotDefault(binding, method);
        if (!_state.Exchanges.TryGetValue(binding.Source, out var source))
            throw BrokerErrors.NoExchange(binding.Source, VirtualHostName, method);
        if (binding.DestinationKind == DestinationKind.Queue)
        {
            var queue = _vhost.FindQueue(binding.DestinationName)
                        ?? throw BrokerErrors.NoQueue(binding.DestinationName, VirtualHostName, method);
            if (queue.ExclusiveOwner is { } owner && owner != command.Session.ConnectionId)
                throw BrokerErrors.QueueLocked(queue.Name, VirtualHostName, method);
        }
        else if (_vhost.FindExchange(binding.DestinationName) is null)
        {
            throw BrokerErrors.NoExchange(binding.DestinationName, VirtualHostName, method);
        }
        if (RoutingTable.Validate(source.Type, binding) is { } invalid)
            throw BrokerErrors.Error(ReplyCode.PreconditionFailed, InvalidMatchText(binding) ?? invalid, method);

        if (!_state.AddBinding(binding))
        {
            Reply(TopologyOk.Instance); // already bound: idempotent, as RabbitMQ
            return;
        }
        // Routing sees the binding before the -ok goes out; a journalled one also waits for its write.
        ExchangeSnapshots.Add(source, binding);
        if (IsDurable(binding)) _topology!.BindingAdded(binding);
        ReplyWhenDurable(TopologyOk.Instance);
    }

    private void Unbind(UnbindCommand command)
    {
        var binding = command.Binding;
        CheckNotDefault(binding, command.Method);
        // A missing exchange, queue or binding is fine in RabbitMQ 3.x.
        var durable = IsDurable(binding);
        if (!_state.Exchanges.TryGetValue(binding.Source, out var source) || !_state.RemoveBinding(binding))
        {
            Reply(TopologyOk.Instance);
            return;
        }
        ExchangeSnapshots.Remove(source, binding);
        if (durable) _topology!.BindingRemoved(binding);
        MaybeAutoDelete(binding.Source);
        ReplyWhenDurable(TopologyOk.Instance);
    }

    /// <summary>RabbitMQ's text for a bad x-match string: it shows the value as an Erlang binary.</summary>
    private static string? InvalidMatchText(Binding binding) =>
        binding.Arguments.TryGetValue("x-match", out var value) && FieldValue.TryGetString(value, out var text)
            ? $"Invalid x-match field value <<\"{text}\">>; expected all, any, all-with-x, or any-with-x"
            : null;

    private static void CheckNotDefault(Binding binding, MethodId method)
    {
        if (binding.Source == StandardExchanges.Default
            || binding.DestinationKind == DestinationKind.Exchange && binding.DestinationName == StandardExchanges.Default)
            throw BrokerErrors.DefaultExchange(method);
    }
}
