using System.Globalization;

namespace Fabric.Hocon;

/// <summary>An immutable configuration tree with typed getters. Paths are HOCON path expressions
/// (<c>fabric.amqp.port</c>, quoted keys keep dots). Substitutions are resolved on first read (or by
/// <see cref="Resolve"/>) against the whole tree, including fallbacks added by <see cref="WithFallback"/>.</summary>
public sealed class Config
{
    private readonly HoconObject _raw;
    private readonly bool _useEnvironment;
    private readonly string _pathPrefix;
    private HoconObject? _resolved;

    internal Config(HoconObject raw, bool useEnvironment, string pathPrefix = "")
    {
        _raw = raw;
        _useEnvironment = useEnvironment;
        _pathPrefix = pathPrefix;
        if (!raw.NeedsResolution) _resolved = raw;
    }

    /// <summary>For a sub-tree from <see cref="GetConfig"/> or <see cref="GetConfigList"/>: where it sits in the
    /// tree it came from ("fabric.auth.users[0]."), so error messages name full paths. Empty for a root.</summary>
    public string PathPrefix => _pathPrefix;

    /// <summary>The full path of <paramref name="path"/> for messages.</summary>
    public string DisplayPath(string path) => _pathPrefix + path;

    public static Config Empty { get; } = new(new HoconObject(HoconOrigin.None), useEnvironment: true);

    /// <summary>The resolved root object.</summary>
    public HoconObject Root
    {
        get
        {
            var resolved = Volatile.Read(ref _resolved);
            if (resolved is not null) return resolved;
            resolved = HoconResolver.Resolve(_raw, _useEnvironment);
            Interlocked.CompareExchange(ref _resolved, resolved, null);
            return resolved;
        }
    }

    /// <summary>Resolves all substitutions now, so errors surface here rather than at the first read.</summary>
    public Config Resolve()
    {
        _ = Root;
        return this;
    }

    /// <summary>True when the resolved root has no fields.</summary>
    public bool IsEmpty => Root.Count == 0;

    public IEnumerable<string> Keys => Root.Keys;

    /// <summary>This configuration with <paramref name="fallback"/> underneath: objects merge, this side wins,
    /// and self-references (<c>path = ${path}":/bin"</c>) see the fallback's value.</summary>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        if (fallback._raw.Count == 0) return this;
        if (_raw.Count == 0) return fallback;
        return new Config(HoconMerger.MergeObjects(_raw, fallback._raw, HoconPath.Root), _useEnvironment && fallback._useEnvironment);
    }

    /// <summary>The value at <paramref name="path"/>, or null when missing. A HOCON null is returned as a null scalar.</summary>
    public HoconValue? GetValue(string path)
    {
        var parsed = HoconPath.Parse(path);
        HoconValue current = Root;
        foreach (var key in parsed.Keys)
        {
            if (current is not HoconObject obj || !obj.TryGetValue(key, out var next)) return null;
            current = next;
        }
        return current;
    }

    /// <summary>True when the path exists and is not null.</summary>
    public bool HasPath(string path) => GetValue(path) is { } v && v.Type != HoconValueType.Null;

    private HoconValue Require(string path) =>
        GetValue(path) is { } v && v.Type != HoconValueType.Null ? v : throw ConfigException.Missing(DisplayPath(path));

    private HoconScalar RequireScalar(string path, string expected)
    {
        var value = Require(path);
        return value as HoconScalar ?? throw ConfigException.WrongType(DisplayPath(path), expected, value);
    }

    private HoconScalar RequireNonBoolean(string path, string expected)
    {
        var scalar = RequireScalar(path, expected);
        return scalar.Type == HoconValueType.Boolean ? throw ConfigException.WrongType(DisplayPath(path), expected, scalar) : scalar;
    }

    private ConfigException Invalid(string path, HoconScalar scalar, string? reason) =>
        ConfigException.Invalid(DisplayPath(path), scalar.Origin, reason ?? "invalid value");

    public string GetString(string path) => RequireScalar(path, "a string").Text;

    public string GetString(string path, string defaultValue) => HasPath(path) ? GetString(path) : defaultValue;

    public long GetLong(string path)
    {
        var scalar = RequireScalar(path, "a whole number");
        if (scalar.Type != HoconValueType.Boolean)
        {
            if (long.TryParse(scalar.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
            if (double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) &&
                d == Math.Floor(d) && d >= long.MinValue && d < long.MaxValue)
                return (long)d;
        }
        throw ConfigException.WrongType(DisplayPath(path), "a whole number", scalar);
    }

    public long GetLong(string path, long defaultValue) => HasPath(path) ? GetLong(path) : defaultValue;

    public int GetInt(string path)
    {
        long value = GetLong(path);
        if (value is < int.MinValue or > int.MaxValue)
            throw ConfigException.Invalid(DisplayPath(path), Require(path).Origin, $"{value} does not fit in a 32-bit integer");
        return (int)value;
    }

    public int GetInt(string path, int defaultValue) => HasPath(path) ? GetInt(path) : defaultValue;

    public double GetDouble(string path)
    {
        var scalar = RequireScalar(path, "a number");
        if (scalar.Type != HoconValueType.Boolean &&
            double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            return d;
        throw ConfigException.WrongType(DisplayPath(path), "a number", scalar);
    }

    public double GetDouble(string path, double defaultValue) => HasPath(path) ? GetDouble(path) : defaultValue;

    /// <summary>true/false, yes/no, on/off.</summary>
    public bool GetBoolean(string path)
    {
        var scalar = RequireScalar(path, "a boolean");
        return scalar.Text switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw ConfigException.WrongType(DisplayPath(path), "a boolean (true/false, yes/no, on/off)", scalar),
        };
    }

    public bool GetBoolean(string path, bool defaultValue) => HasPath(path) ? GetBoolean(path) : defaultValue;

    /// <summary>"10s", "100 ms", "2 minutes"; a bare number is milliseconds; "infinite" is <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public TimeSpan GetTimeSpan(string path)
    {
        var scalar = RequireNonBoolean(path, "a duration");
        return HoconDuration.TryParse(scalar.Text, out var value, out var error) ? value : throw Invalid(path, scalar, error);
    }

    public TimeSpan GetTimeSpan(string path, TimeSpan defaultValue) => HasPath(path) ? GetTimeSpan(path) : defaultValue;

    /// <summary>"64 MiB", "256000b", "512k"; a bare number is bytes.</summary>
    public long GetByteSize(string path)
    {
        var scalar = RequireNonBoolean(path, "a size in bytes");
        return HoconByteSize.TryParse(scalar.Text, out long value, out var error) ? value : throw Invalid(path, scalar, error);
    }

    public long GetByteSize(string path, long defaultValue) => HasPath(path) ? GetByteSize(path) : defaultValue;

    public IReadOnlyList<string> GetStringList(string path)
    {
        var value = Require(path);
        if (value is not HoconArray array) throw ConfigException.WrongType(DisplayPath(path), "a list of strings", value);
        var result = new string[array.Count];
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not HoconScalar s || s.Type == HoconValueType.Null)
                throw ConfigException.WrongType(DisplayPath($"{path}[{i}]"), "a string", array[i]);
            result[i] = s.Text;
        }
        return result;
    }

    public IReadOnlyList<string> GetStringList(string path, IReadOnlyList<string> defaultValue) =>
        HasPath(path) ? GetStringList(path) : defaultValue;

    /// <summary>The sub-tree at <paramref name="path"/>.</summary>
    public Config GetConfig(string path)
    {
        var value = Require(path);
        return value is HoconObject obj ? new Config(obj, _useEnvironment, DisplayPath(path) + ".") : throw ConfigException.WrongType(DisplayPath(path), "an object", value);
    }

    public IReadOnlyList<Config> GetConfigList(string path)
    {
        var value = Require(path);
        if (value is not HoconArray array) throw ConfigException.WrongType(DisplayPath(path), "a list of objects", value);
        var result = new Config[array.Count];
        for (int i = 0; i < array.Count; i++)
            result[i] = array[i] is HoconObject obj
                ? new Config(obj, _useEnvironment, DisplayPath($"{path}[{i}]."))
                : throw ConfigException.WrongType(DisplayPath($"{path}[{i}]"), "an object", array[i]);
        return result;
    }

    /// <summary>Where the value at <paramref name="path"/> was defined (file:line:column), for error messages.</summary>
    public HoconOrigin OriginOf(string path) => Require(path).Origin;
}
