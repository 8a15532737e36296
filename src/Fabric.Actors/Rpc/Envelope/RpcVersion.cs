using System.Globalization;

namespace Fabric.Rpc.Envelope;

/// <summary>oslo's version_is_compatible: same major, requested minor (and revision) not above the implemented one.</summary>
public static class RpcVersion
{
    public static bool IsCompatible(string? implemented, string? requested)
    {
        if (implemented is null)
        {
            return true;
        }

        if (requested is null)
        {
            return false;
        }

        var want = Parse(requested);
        var have = Parse(implemented);
        if (want.Major != have.Major || want.Minor > have.Minor)
        {
            return false;
        }

        return !(want.Minor == have.Minor && want.Revision > have.Revision);
    }

    private static (int Major, int Minor, int Revision) Parse(string version)
    {
        var parts = version.Split('.');
        if (parts.Length < 2)
        {
            throw new FormatException($"Version must contain a major and minor integer. Got {version}");
        }

        return (
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            parts.Length > 2 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0);
    }
}
