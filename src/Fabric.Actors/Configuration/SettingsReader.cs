using Fabric.Hocon;

namespace Fabric.Configuration;

/// <summary>Reads and validates the settings of one section (a sub-tree); every error names the full path
/// (the sub-tree's <see cref="Config.PathPrefix"/> plus the key) and the origin of the offending value.</summary>
internal readonly struct SettingsReader
{
    private readonly Config _config;

    public SettingsReader(Config section) => _config = section;

    public SettingsReader Child(string key) => new(_config.GetConfig(key));

    public bool Has(string key) => _config.HasPath(key);

    public ConfigException Invalid(string key, string reason) =>
        ConfigException.Invalid(_config.DisplayPath(key), _config.OriginOf(key), reason);

    public string String(string key) => _config.GetString(key);

    public string NonEmptyString(string key)
    {
        string value = String(key);
        return value.Trim().Length == 0 ? throw Invalid(key, "must not be empty") : value;
    }

    public bool Boolean(string key) => _config.GetBoolean(key);

    public int Int(string key, int min, int max)
    {
        int value = _config.GetInt(key);
        return value < min || value > max ? throw Invalid(key, $"{value} is outside {min}..{max}") : value;
    }

    public long ByteSize(string key, long min, long max)
    {
        long value = _config.GetByteSize(key);
        return value < min || value > max ? throw Invalid(key, $"{value} bytes is outside {min}..{max}") : value;
    }

    public TimeSpan Duration(string key, TimeSpan min, TimeSpan max, bool allowInfinite = false)
    {
        var value = _config.GetTimeSpan(key);
        if (value == Timeout.InfiniteTimeSpan)
            return allowInfinite ? value : throw Invalid(key, "must not be infinite");
        return value < min || value > max ? throw Invalid(key, $"{value} is outside {min}..{max}") : value;
    }

    public IReadOnlyList<string> StringList(string key) => _config.GetStringList(key);

    public IReadOnlyList<SettingsReader> Sections(string key)
    {
        var configs = _config.GetConfigList(key);
        var result = new SettingsReader[configs.Count];
        for (int i = 0; i < result.Length; i++) result[i] = new SettingsReader(configs[i]);
        return result;
    }
}
