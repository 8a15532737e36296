namespace Fabric.Broker.Security.Actors;

/// <summary>Answered with <see cref="SecurityRecovered"/> once recovery (and first-start seeding) is done.</summary>
internal sealed class GetSecurityState
{
    public static readonly GetSecurityState Instance = new();

    private GetSecurityState() { }
}
