namespace Fabric.Node.Tests.Host;

/// <summary>How to start a <see cref="NodeProcess"/>. By default the node gets a fresh free AMQP port
/// (FABRIC_AMQP_PORT) and a fresh temporary data directory (FABRIC_DATA_DIR); FABRIC_* variables of the test
/// process itself are not inherited.</summary>
public sealed record NodeProcessOptions
{
    /// <summary>Command-line arguments for the node, e.g. ["--config", path].</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Extra environment variables; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The AMQP port to expect (and to pass as FABRIC_AMQP_PORT unless <see cref="SetPortVariable"/> is
    /// false). Null: a free port is chosen.</summary>
    public int? Port { get; init; }

    /// <summary>Whether FABRIC_AMQP_PORT is set to <see cref="NodeProcess.Port"/>.</summary>
    public bool SetPortVariable { get; init; } = true;

    /// <summary>Data directory passed as FABRIC_DATA_DIR. Null: a new temporary directory, deleted on dispose.</summary>
    public string? DataDirectory { get; init; }
}
