using Fabric.Configuration;
using Microsoft.Extensions.Logging;

namespace Fabric.Node;

/// <summary>The one-screen summary of the effective settings logged at start. Never logs passwords or
/// connection strings.</summary>
internal static class SettingsSummary
{
    public static void Log(ILogger logger, FabricSettings s, string? configFile)
    {
        logger.LogInformation("Fabric node {Name} starting (config: {Config})", s.Node.Name,
            configFile is null ? "built-in defaults" : Path.GetFullPath(configFile) + " over built-in defaults");
        logger.LogInformation("  data dir     {DataDir}", s.Node.DataDirectory);
        logger.LogInformation("  amqp         {Host}:{Port}  frame-max {FrameMax}  channel-max {ChannelMax}  heartbeat {Heartbeat}s  max-message-size {MaxMessageSize}  max-connections {MaxConnections}",
            s.Amqp.Host, s.Amqp.Port, s.Amqp.FrameMax, s.Amqp.ChannelMax, (int)s.Amqp.Heartbeat.TotalSeconds,
            s.Amqp.MaxMessageSize, s.Amqp.MaxConnections == 0 ? "unlimited" : s.Amqp.MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string store = s.Persistence.Provider == PersistenceProvider.Sqlite
            ? s.Persistence.Sqlite.File
            : "schema " + s.Persistence.Postgres.Schema + " at " + PostgresHost(s.Persistence.Postgres.ConnectionString);
        logger.LogInformation("  persistence  {Provider} {Store}  group-commit max-batch {MaxBatch} max-delay {MaxDelay}ms",
            s.Persistence.Provider.ToString().ToLowerInvariant(), store, s.Persistence.GroupCommit.MaxBatch,
            s.Persistence.GroupCommit.MaxDelay.TotalMilliseconds);
        logger.LogInformation("  auth         mechanisms {Mechanisms}  first-start users {Users}  vhosts {VirtualHosts}",
            string.Join(",", s.Auth.Mechanisms), string.Join("; ", s.Auth.Users), string.Join(", ", s.Auth.VirtualHosts));
        logger.LogInformation("  actors       throughput {Throughput}  ask-timeout {AskTimeout}  log level {Level}",
            s.Actors.Throughput, s.Actors.AskTimeout, s.Logging.Level);
    }

    /// <summary>Only the host part of a connection string, so no credentials reach the log.</summary>
    private static string PostgresHost(string connectionString)
    {
        foreach (var part in connectionString.Split(';'))
        {
            int eq = part.IndexOf('=');
            if (eq > 0 && part[..eq].Trim().Equals("Host", StringComparison.OrdinalIgnoreCase)) return part[(eq + 1)..].Trim();
        }
        return "(host not given)";
    }
}
