namespace Fabric.Configuration;

/// <summary><c>fabric.node</c>. <see cref="DataDirectory"/> is absolute (resolved against the working directory).</summary>
public sealed record NodeSettings(string Name, string DataDirectory)
{
    internal static NodeSettings From(SettingsReader node) =>
        new(node.NonEmptyString("name"), Path.GetFullPath(node.NonEmptyString("data-dir")));
}
