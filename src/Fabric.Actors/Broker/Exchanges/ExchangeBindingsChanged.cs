namespace Fabric.Broker.Exchanges;

/// <summary>ExchangeActor → requester: the binding change is visible to routing.</summary>
internal sealed class ExchangeBindingsChanged
{
    public static readonly ExchangeBindingsChanged Instance = new();

    private ExchangeBindingsChanged() { }
}
