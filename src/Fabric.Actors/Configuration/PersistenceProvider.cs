namespace Fabric.Configuration;

public enum PersistenceProvider
{
    Sqlite,
    Postgres,
}
