namespace Fabric.Persistence;

/// <summary>A store could not be opened: unreadable or corrupt file, unknown schema version, unreachable server.</summary>
public sealed class PersistenceStartupException : Exception
{
    public PersistenceStartupException(string message) : base(message) { }

    public PersistenceStartupException(string message, Exception inner) : base(message, inner) { }
}
