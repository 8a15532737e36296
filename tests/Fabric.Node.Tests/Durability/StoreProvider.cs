namespace Fabric.Node.Tests.Durability;

/// <summary>The persistence provider a killed node runs on.</summary>
public enum StoreProvider
{
    Sqlite,
    Postgres,
}
