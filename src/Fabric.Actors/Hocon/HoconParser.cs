namespace Fabric.Hocon;

/// <summary>Entry point for parsing HOCON text into a <see cref="Config"/>. Substitutions are resolved lazily
/// (on first read, or by <see cref="Config.Resolve"/>) so that fallbacks layered later can take part.</summary>
public static class HoconParser
{
    /// <summary>The name used in positions when text has no file.</summary>
    public const string NoFileName = "<string>";

    public static Config Parse(string text, string? fileName = null, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= HoconParseOptions.Default;
        var root = ParseRaw(text, fileName, options, HoconPath.Root, []);
        return new Config(root, options.UseEnvironment);
    }

    internal static HoconObject ParseRaw(string text, string? fileName, HoconParseOptions options, HoconPath prefix,
        List<string> includeChain)
    {
        string baseDirectory = options.BaseDirectory
            ?? (fileName is null ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Environment.CurrentDirectory);
        var parser = new HoconDocumentParser(text, fileName ?? NoFileName, baseDirectory, options, prefix, includeChain);
        return parser.ParseDocument();
    }
}
