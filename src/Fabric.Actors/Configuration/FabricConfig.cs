using Fabric.Hocon;

namespace Fabric.Configuration;

/// <summary>The reference configuration (hocon/fabric.conf, embedded) and the layering of user files over it.</summary>
public static class FabricConfig
{
    internal const string ResourceName = "Fabric.Configuration.fabric.conf";

    private static readonly Lazy<string> ReferenceText = new(ReadReference);

    /// <summary>The embedded defaults, with FABRIC_* environment overrides applied when read.</summary>
    public static Config Default => ConfigFactory.ParseString(ReferenceText.Value, "fabric.conf (embedded)");

    /// <summary>The text of the embedded hocon/fabric.conf.</summary>
    public static string ReferenceConfiguration => ReferenceText.Value;

    /// <summary>The FABRIC_* variables of <paramref name="environment"/> (default: the process's) over
    /// <paramref name="file"/> (when given) over the defaults, substitutions resolved after layering. Throws
    /// <see cref="HoconParseException"/> or <see cref="ConfigException"/> on a bad file.</summary>
    public static Config Load(string? file, Func<string, string?>? environment = null)
    {
        var defaults = Default;
        var config = file is null ? defaults : ConfigFactory.ParseFile(file).WithFallback(defaults);
        config = EnvironmentOverrides.Layer(environment ?? Environment.GetEnvironmentVariable).WithFallback(config);
        return config.Resolve();
    }

    private static string ReadReference()
    {
        using var stream = typeof(FabricConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
