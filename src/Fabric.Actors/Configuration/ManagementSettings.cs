namespace Fabric.Configuration;

/// <summary><c>fabric.management</c>: the HTTP management listener (a later issue).</summary>
public sealed record ManagementSettings(bool Enabled, string Host, int Port)
{
    internal static ManagementSettings From(SettingsReader management) =>
        new(management.Boolean("enabled"), management.NonEmptyString("host"), management.Int("port", 1, ushort.MaxValue));
}
