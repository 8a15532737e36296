using System.Text.Json;
using Fabric.Hocon;

namespace Fabric.Configuration;

/// <summary>
/// The FABRIC_* environment variables and the settings they set. They win over a <c>--config</c> file as well as over
/// the defaults (an operator's last word, as in a container or a systemd unit), so they are layered on top after
/// loading. hocon/fabric.conf names the same variables next to each setting; a test keeps the two lists equal.
/// </summary>
public static class EnvironmentOverrides
{
    /// <summary>Variable name → setting path.</summary>
    public static IReadOnlyDictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["FABRIC_NODE_NAME"] = "fabric.node.name",
        ["FABRIC_DATA_DIR"] = "fabric.node.data-dir",
        ["FABRIC_AMQP_HOST"] = "fabric.amqp.host",
        ["FABRIC_AMQP_PORT"] = "fabric.amqp.port",
        ["FABRIC_PERSISTENCE_PROVIDER"] = "fabric.persistence.provider",
        ["FABRIC_POSTGRES_CONNECTION"] = "fabric.persistence.postgres.connection-string",
        ["FABRIC_LOG_LEVEL"] = "fabric.logging.level",
    };

    /// <summary>A config holding the settings of the variables that are set (empty when none is).</summary>
    public static Config Layer(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var text = new System.Text.StringBuilder();
        foreach (var (variable, path) in Variables)
        {
            string? value = environment(variable);
            if (value is null) continue;
            // A JSON string is a valid HOCON quoted string: no value can break out of it.
            text.Append(path).Append(" = ").Append(JsonSerializer.Serialize(value)).Append('\n');
        }
        return text.Length == 0 ? ConfigFactory.Empty : ConfigFactory.ParseString(text.ToString(), "environment");
    }
}
