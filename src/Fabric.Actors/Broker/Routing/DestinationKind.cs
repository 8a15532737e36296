namespace Fabric.Broker.Routing;

/// <summary>What a binding points at: a queue or (exchange-to-exchange binding) another exchange.</summary>
public enum DestinationKind : byte
{
    Queue = 0,
    Exchange = 1,
}
