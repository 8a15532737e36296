namespace Fabric.Actors.Tests.Persistence;

/// <summary>A fresh directory for SQLite files, deleted with everything in it.</summary>
internal sealed class TempDatabaseFile : IDisposable
{
    private readonly string _directory =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fabric-persistence-tests", Guid.NewGuid().ToString("N"));

    internal TempDatabaseFile() => Directory.CreateDirectory(_directory);

    internal string Path => System.IO.Path.Combine(_directory, "fabric.db");

    internal string Sibling(string name) => System.IO.Path.Combine(_directory, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file may still be open by an abandoned ("crashed") store.
        }
    }
}
