using Fabric.Hocon;

namespace Fabric.Configuration;

/// <summary>All of Fabric's settings, typed and validated, read from the <c>fabric</c> section of a configuration.</summary>
public sealed record FabricSettings(
    NodeSettings Node,
    AmqpSettings Amqp,
    AuthSettings Auth,
    PersistenceSettings Persistence,
    ActorSettings Actors,
    LoggingSettings Logging,
    ManagementSettings Management)
{
    /// <summary>The settings of <see cref="FabricConfig.Default"/>.</summary>
    public static FabricSettings Default => FromConfig(FabricConfig.Default);

    /// <summary>Reads and validates <paramref name="config"/>; an invalid or missing value throws a
    /// <see cref="ConfigException"/> naming its path and origin. Keys missing from <paramref name="config"/>
    /// are not defaulted here: layer it over <see cref="FabricConfig.Default"/> first.</summary>
    public static FabricSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var fabric = new SettingsReader(config).Child("fabric");
        var node = NodeSettings.From(fabric.Child("node"));
        return new FabricSettings(
            node,
            AmqpSettings.From(fabric.Child("amqp")),
            AuthSettings.From(fabric.Child("auth")),
            PersistenceSettings.From(fabric.Child("persistence"), node.DataDirectory),
            ActorSettings.From(fabric.Child("actors")),
            LoggingSettings.From(fabric.Child("logging")),
            ManagementSettings.From(fabric.Child("management")));
    }
}
