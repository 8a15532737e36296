namespace Fabric.Hocon;

/// <summary>Creates <see cref="Config"/> instances from text and files.</summary>
public static class ConfigFactory
{
    public static Config Empty => Config.Empty;

    public static Config ParseString(string text, string? fileName = null, HoconParseOptions? options = null) =>
        HoconParser.Parse(text, fileName, options);

    /// <summary>Parses a file; a missing file is a <see cref="ConfigException"/> naming it.</summary>
    public static Config ParseFile(string path, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new ConfigException($"{path}: configuration file not found");
        return HoconParser.Parse(File.ReadAllText(path), path, options);
    }
}
