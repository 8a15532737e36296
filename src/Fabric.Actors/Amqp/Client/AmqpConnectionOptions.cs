namespace Fabric.Amqp.Client;

/// <summary>Where and how to connect; <see cref="FromUri"/> reads <c>amqp://user:pass@host:port/vhost</c>.</summary>
public sealed record AmqpConnectionOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = AmqpConstants.DefaultPort;
    public string VirtualHost { get; init; } = "/";
    public string UserName { get; init; } = "guest";
    public string Password { get; init; } = "guest";

    /// <summary>Requested heartbeat; the lower non-zero of ours and the broker's wins. Zero disables heartbeats.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest frame we accept (the broker may lower it during tune).</summary>
    public uint FrameMax { get; init; } = 131072;

    public ushort ChannelMax { get; init; } = 2047;

    /// <summary>Socket connect plus handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Shown by the broker as <c>connection_name</c>.</summary>
    public string? ClientName { get; init; }

    public static AmqpConnectionOptions FromUri(string uri) => FromUri(new Uri(uri));

    public static AmqpConnectionOptions FromUri(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme != "amqp")
        {
            throw new ArgumentException($"Only amqp:// URIs are supported, not {uri.Scheme}://.", nameof(uri));
        }

        var options = new AmqpConnectionOptions { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? AmqpConstants.DefaultPort : uri.Port };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            int colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            options = colon < 0
                ? options with { UserName = Uri.UnescapeDataString(uri.UserInfo) }
                : options with
                {
                    UserName = Uri.UnescapeDataString(uri.UserInfo[..colon]),
                    Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]),
                };
        }

        // As the AMQP URI spec: "/" alone is the default vhost "/", "/%2f" is "/", "/x" is "x".
        string path = uri.AbsolutePath;
        if (path.Length > 1)
        {
            options = options with { VirtualHost = Uri.UnescapeDataString(path[1..]) };
        }

        return options;
    }

    /// <summary>The broker URL from <c>FABRIC_TEST_AMQP_URL</c>, else the given default.</summary>
    public static string UrlFromEnvironment(string fallback = "amqp://guest:guest@127.0.0.1:5672/")
    {
        var url = Environment.GetEnvironmentVariable("FABRIC_TEST_AMQP_URL");
        return string.IsNullOrWhiteSpace(url) ? fallback : url;
    }
}
