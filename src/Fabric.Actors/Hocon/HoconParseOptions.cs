namespace Fabric.Hocon;

/// <summary>Options for <see cref="HoconParser.Parse"/>.</summary>
public sealed record HoconParseOptions
{
    public static HoconParseOptions Default { get; } = new();

    /// <summary>Directory that relative includes are resolved against. When null: the directory of the parsed
    /// file, or the current directory for text without a file.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Whether substitutions not found in the configuration fall back to environment variables.</summary>
    public bool UseEnvironment { get; init; } = true;
}
