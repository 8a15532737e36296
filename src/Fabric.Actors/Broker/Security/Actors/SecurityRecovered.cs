namespace Fabric.Broker.Security.Actors;

/// <summary>The recovered definitions; <paramref name="Seeded"/>: the store was empty and configuration seeded it.</summary>
internal sealed record SecurityRecovered(SecurityState State, bool Seeded);
