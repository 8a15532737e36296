namespace Fabric.Broker.Routing;

/// <summary>Entry point to routing snapshots: the empty table per exchange type, and binding validation.</summary>
public static class RoutingTable
{
    /// <summary>The empty snapshot for an exchange type; null for an unknown type (answer 503 COMMAND_INVALID).</summary>
    public static IRoutingTable? Empty(string type) => type switch
    {
        ExchangeType.Direct => DirectRoutingTable.Empty,
        ExchangeType.Fanout => FanoutRoutingTable.Empty,
        ExchangeType.Topic => TopicRoutingTable.Empty,
        ExchangeType.Headers => HeadersRoutingTable.Empty,
        _ => null,
    };

    /// <summary>
    /// Why a binding cannot be added to an exchange of this type (answer 406 PRECONDITION_FAILED), or null when
    /// it can. Only headers exchanges check anything: the x-match value.
    /// </summary>
    public static string? Validate(string type, Binding binding)
    {
        if (type != ExchangeType.Headers || HeadersMatchParser.TryParse(binding.Arguments, out _)) return null;
        return "Invalid x-match field value; expected all, any, all-with-x or any-with-x";
    }

    /// <summary>The table without every binding to the destination (e.g. when a queue is deleted).</summary>
    public static IRoutingTable WithoutDestination(this IRoutingTable table, Destination destination)
    {
        var result = table;
        foreach (var binding in table.Bindings)
        {
            if (binding.Destination == destination) result = result.WithoutBinding(binding);
        }
        return result;
    }
}
