namespace Fabric.Broker.Routing;

/// <summary>The exchange type names this broker knows.</summary>
public static class ExchangeType
{
    public const string Direct = "direct";
    public const string Fanout = "fanout";
    public const string Topic = "topic";
    public const string Headers = "headers";

    public static bool IsKnown(string? type) =>
        type is Direct or Fanout or Topic or Headers;
}
