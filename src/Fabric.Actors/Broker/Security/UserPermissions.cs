using System.Text.RegularExpressions;
using Fabric.Broker.Contracts;

namespace Fabric.Broker.Security;

/// <summary>One user's configure / write / read patterns in one vhost, compiled once (immutable, shared by snapshots).</summary>
internal sealed class UserPermissions
{
    private const string MatchAll = ".*";
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly Regex? _configure;
    private readonly Regex? _write;
    private readonly Regex? _read;
    // Unanchored ".*" matches every name (at offset 0 at least): the usual grant costs no regex run.
    private readonly bool _configureAll;
    private readonly bool _writeAll;
    private readonly bool _readAll;

    /// <summary>Throws <see cref="ArgumentException"/> for a pattern that is not a regular expression.</summary>
    public UserPermissions(string configure, string write, string read)
    {
        Configure = configure;
        Write = write;
        Read = read;
        _configure = Compile(configure);
        _write = Compile(write);
        _read = Compile(read);
        _configureAll = configure == MatchAll;
        _writeAll = write == MatchAll;
        _readAll = read == MatchAll;
    }

    public string Configure { get; }

    public string Write { get; }

    public string Read { get; }

    /// <summary>Null when the pattern is a valid regular expression, else why not.</summary>
    public static string? Invalid(string pattern)
    {
        try
        {
            Compile(pattern);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    public bool IsPermitted(Permission permission, string resourceName)
    {
        var (all, regex) = permission switch
        {
            Permission.Configure => (_configureAll, _configure),
            Permission.Write => (_writeAll, _write),
            Permission.Read => (_readAll, _read),
            _ => (false, null),
        };
        if (all) return true;
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
