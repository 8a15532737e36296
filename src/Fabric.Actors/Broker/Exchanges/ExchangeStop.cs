namespace Fabric.Broker.Exchanges;

/// <summary>
/// VirtualHostActor → ExchangeActor: the exchange was deleted; stop after the changes already queued (whose askers
/// still get their replies).
/// </summary>
internal sealed class ExchangeStop
{
    public static readonly ExchangeStop Instance = new();

    private ExchangeStop() { }
}
