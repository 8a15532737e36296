using System.Text.RegularExpressions;

namespace Fabric.Configuration;

/// <summary>An entry of <c>fabric.auth.permissions</c>: regular expressions over resource names.</summary>
public sealed record PermissionSettings(string User, string VirtualHost, string Configure, string Write, string Read)
{
    internal static PermissionSettings From(SettingsReader permission) =>
        new(permission.NonEmptyString("user"), permission.NonEmptyString("vhost"),
            Pattern(permission, "configure"), Pattern(permission, "write"), Pattern(permission, "read"));

    private static string Pattern(SettingsReader permission, string key)
    {
        string pattern = permission.String(key);
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw permission.Invalid(key, $"'{pattern}' is not a regular expression: {e.Message}");
        }
        return pattern;
    }
}
