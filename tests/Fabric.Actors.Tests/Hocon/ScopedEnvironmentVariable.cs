namespace Fabric.Actors.Tests.Hocon;

/// <summary>Sets an environment variable with a unique name for the life of a test.</summary>
internal sealed class ScopedEnvironmentVariable : IDisposable
{
    public ScopedEnvironmentVariable(string value)
    {
        Name = "FABRIC_TEST_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        Environment.SetEnvironmentVariable(Name, value);
    }

    public string Name { get; }

    public void Dispose() => Environment.SetEnvironmentVariable(Name, null);
}
