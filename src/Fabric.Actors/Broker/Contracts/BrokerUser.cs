namespace Fabric.Broker.Contracts;

/// <summary>An authenticated user, as the access control knows it.</summary>
public sealed record BrokerUser(string Name, IReadOnlyList<string> Tags);
