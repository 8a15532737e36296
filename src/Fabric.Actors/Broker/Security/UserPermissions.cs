using System.Text.RegularExpressions;
using Fabric.Broker.Contracts;
using Fabric.Configuration;

namespace Fabric.Broker.Security;

/// <summary>One user's configure / write / read patterns in one vhost, compiled once.</summary>
internal sealed class UserPermissions
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly Regex? _configure;
    private readonly Regex? _write;
    private readonly Regex? _read;

    public UserPermissions(PermissionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _configure = Compile(settings.Configure);
        _write = Compile(settings.Write);
        _read = Compile(settings.Read);
    }

    public bool IsPermitted(Permission permission, string resourceName)
    {
        var regex = permission switch
        {
            Permission.Configure => _configure,
            Permission.Write => _write,
            Permission.Read => _read,
            _ => null,
        };
        if (regex is null) return false;
        try
        {
            return regex.IsMatch(resourceName);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // As in RabbitMQ, an empty pattern grants nothing (it is a synonym for ^$, and no resource has an empty name
    // for permission purposes: the default exchange is checked as "amq.default").
    private static Regex? Compile(string pattern) =>
        pattern.Length == 0 ? null : new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
}
