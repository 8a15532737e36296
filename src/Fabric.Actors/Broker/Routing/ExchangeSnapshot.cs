namespace Fabric.Broker.Routing;

/// <summary>What an exchange publishes for routers: its current routing table and its alternate exchange.</summary>
public sealed class ExchangeSnapshot
{
    public ExchangeSnapshot(IRoutingTable table, string? alternateExchange = null)
    {
        Table = table;
        AlternateExchange = alternateExchange;
    }

    public IRoutingTable Table { get; }

    /// <summary>Where messages go that this exchange routes nowhere; null for none.</summary>
    public string? AlternateExchange { get; }
}
