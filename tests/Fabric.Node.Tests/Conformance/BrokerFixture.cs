using System.Diagnostics;
using Fabric.Node.Tests.Conformance.Raw;
using Fabric.Node.Tests.Host;
using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>
/// The AMQP endpoint the conformance suite judges. FABRIC_TEST_AMQP_URL picks an already running broker
/// (e.g. RabbitMQ from scripts/start-rabbitmq.sh); otherwise a Fabric node is started for the run.
/// FABRIC_TEST_BROKER=rabbitmq (or a server product of "RabbitMQ") marks the target as RabbitMQ: provisioning then
/// goes through rabbitmqctl and RabbitMQ's known leniencies are accepted.
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    public const string UrlVariable = "FABRIC_TEST_AMQP_URL";
    public const string BrokerVariable = "FABRIC_TEST_BROKER";
    public const string RabbitMqCtlVariable = "FABRIC_TEST_RABBITMQCTL";

    private readonly List<(string User, string Password, string VirtualHost, (string Configure, string Write, string Read)? Permissions)> _provisioned = [];
    private NodeProcess? _node;
    private string? _dataDirectory;
    private string? _configFile;

    public Uri AmqpUri { get; private set; } = new("amqp://guest:guest@127.0.0.1:5672/");

    public string Host => AmqpUri.Host;

    public int Port => AmqpUri.IsDefaultPort || AmqpUri.Port <= 0 ? 5672 : AmqpUri.Port;

    public string User => Uri.UnescapeDataString(AmqpUri.UserInfo.Split(':')[0]);

    public string Password => Uri.UnescapeDataString(AmqpUri.UserInfo.Split(':', 2) is [_, var p] ? p : "guest");

    public string VirtualHost
    {
        get
        {
            var path = AmqpUri.AbsolutePath.TrimStart('/');
            return path.Length == 0 ? "/" : Uri.UnescapeDataString(path);
        }
    }

    /// <summary>The target is RabbitMQ: said by FABRIC_TEST_BROKER=rabbitmq, or seen in its server properties.</summary>
    public bool IsRabbitMq { get; private set; }

    public async Task InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        AmqpUri = string.IsNullOrWhiteSpace(url) ? await StartFabricNodeAsync() : new Uri(url);
        IsRabbitMq = string.Equals(Environment.GetEnvironmentVariable(BrokerVariable), "rabbitmq",
            StringComparison.OrdinalIgnoreCase) || await ProductIsRabbitMqAsync();
    }

    private async Task<bool> ProductIsRabbitMqAsync()
    {
        await using var c = await ConnectAsync();
        var product = c.ServerProperties?.TryGetValue("product", out var p) == true && p is byte[] bytes
            ? System.Text.Encoding.UTF8.GetString(bytes)
            : "";
        await c.CloseAsync();
        return product == "RabbitMQ";
    }

    /// <summary>Starts a Fabric node process (the built Fabric.Node.dll) on a free port, with a data directory
    /// the fixture keeps across restarts, and returns its AMQP URL.</summary>
    private async Task<Uri> StartFabricNodeAsync()
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), "fabric-conformance-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataDirectory);
        await StartNodeAsync(port: null);
        return new Uri($"amqp://guest:guest@127.0.0.1:{_node!.Port}/");
    }

    private async Task StartNodeAsync(int? port)
    {
        var arguments = _configFile is null ? Array.Empty<string>() : ["--config", _configFile];
        _node = NodeProcess.Start(new NodeProcessOptions { Port = port, DataDirectory = _dataDirectory, Arguments = arguments });
        try
        {
            await _node.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            var output = _node.Output;
            await _node.DisposeAsync();
            _node = null;
            throw new InvalidOperationException("the Fabric node did not start listening:\n" + output);
        }
    }

    /// <summary>Stops the node (SIGTERM) and starts it again on the same port with the same data.</summary>
    private async Task RestartFabricNodeAsync()
    {
        var node = _node ?? throw new NotSupportedException(
            $"restarting or provisioning a Fabric node needs the node the fixture starts (unset {UrlVariable})");
        int port = node.Port;
        await node.StopAsync(TimeSpan.FromSeconds(30));
        await node.DisposeAsync();
        _node = null;
        await StartNodeAsync(port);
    }

    /// <summary>Fabric has no admin interface outside its process yet: restart the node with a config holding guest and
    /// every provisioned user, applied at every start (fabric.auth.reapply-at-start; the store keeps the rest).</summary>
    private async Task ProvisionFabricAsync()
    {
        _configFile ??= Path.Combine(Path.GetTempPath(), "fabric-conformance-" + Guid.NewGuid().ToString("N") + ".conf");
        await File.WriteAllTextAsync(_configFile, ProvisioningConfig());
        await RestartFabricNodeAsync();
    }

    private string ProvisioningConfig()
    {
        static string Q(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        var users = new List<string> { "{ name = guest, password = guest, tags = [administrator] }" };
        var vhosts = new List<string> { Q("/") };
        var permissions = new List<string> { "{ user = guest, vhost = \"/\", configure = \".*\", write = \".*\", read = \".*\" }" };
        foreach (var (user, password, vhost, granted) in _provisioned)
        {
            users.Add($"{{ name = {Q(user)}, password = {Q(password)}, tags = [] }}");
            vhosts.Add(Q(vhost));
            if (granted is { } p)
            {
                permissions.Add($"{{ user = {Q(user)}, vhost = {Q(vhost)}, configure = {Q(p.Configure)}, write = {Q(p.Write)}, read = {Q(p.Read)} }}");
            }
        }

        return "fabric.auth {\n"
            + "  reapply-at-start = on\n"
            + $"  users = [{string.Join(", ", users)}]\n"
            + $"  vhosts = [{string.Join(", ", vhosts)}]\n"
            + $"  permissions = [{string.Join(", ", permissions)}]\n"
            + "}\n";
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
            _node = null;
        }

        if (_configFile is not null)
        {
            File.Delete(_configFile);
        }

        if (_dataDirectory is not null && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>A factory for the target with recovery off, so broker-side closes stay visible to the test.</summary>
    public ConnectionFactory Factory(string? user = null, string? password = null, string? vhost = null) => new()
    {
        HostName = Host,
        Port = Port,
        UserName = user ?? User,
        Password = password ?? Password,
        VirtualHost = vhost ?? VirtualHost,
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(15),
        ContinuationTimeout = TimeSpan.FromSeconds(20),
        HandshakeContinuationTimeout = TimeSpan.FromSeconds(15),
        ClientProvidedName = "fabric-conformance",
    };

    public Task<IConnection> ConnectAsync() => Factory().CreateConnectionAsync();

    /// <summary>A raw socket peer, connected but before the protocol header.</summary>
    public Task<RawAmqpClient> ConnectRawAsync() => RawAmqpClient.ConnectAsync(Host, Port);

    /// <summary>A raw peer through connection.open-ok.</summary>
    public async Task<RawAmqpClient> OpenRawAsync(ushort channelMax = 0, uint frameMax = 0, ushort heartbeat = 0)
    {
        var raw = await ConnectRawAsync();
        await raw.HandshakeAsync(User, Password, VirtualHost, channelMax, frameMax, heartbeat);
        return raw;
    }

    /// <summary>
    /// Creates a user (and vhost) with the given permissions. RabbitMQ: through rabbitmqctl.
    /// Fabric: to be provisioned through its config file once the node can be started here.
    /// </summary>
    /// <param name="permissions">configure, write, read regexes; null: the user gets no access to the vhost.</param>
    public async Task ProvisionUserAsync(string user, string password, string vhost,
        (string Configure, string Write, string Read)? permissions)
    {
        if (!IsRabbitMq)
        {
            _provisioned.Add((user, password, vhost, permissions));
            await ProvisionFabricAsync();
            return;
        }

        await RabbitMqCtlAsync("add_vhost", vhost);
        await RabbitMqCtlAsync("add_user", user, password);
        if (permissions is { } p)
        {
            await RabbitMqCtlAsync("set_permissions", "-p", vhost, user, p.Configure, p.Write, p.Read);
        }
    }

    /// <summary>
    /// Raises or clears a resource alarm so the broker blocks publishing connections (connection.blocked).
    /// RabbitMQ: memory high watermark 0 / back to the default 0.4.
    /// </summary>
    public async Task SetResourceAlarmAsync(bool raised)
    {
        if (!IsRabbitMq)
        {
            throw new NotImplementedException("trigger a resource alarm on the Fabric node: to be wired by the broker team");
        }

        await RabbitMqCtlAsync("set_vm_memory_high_watermark", raised ? "0" : "0.4");
    }

    public async Task RemoveUserAsync(string user, string vhost)
    {
        if (!IsRabbitMq)
        {
            return;
        }

        await RabbitMqCtlAsync(allowFailure: true, "delete_user", user);
        await RabbitMqCtlAsync(allowFailure: true, "delete_vhost", vhost);
    }

    /// <summary>
    /// Stops and starts the broker with its data kept. RabbitMQ: only a node started by scripts/start-rabbitmq.sh
    /// (its directory /tmp/fabric-rabbitmq-&lt;port&gt;); Fabric: the node the fixture started.
    /// </summary>
    public async Task RestartBrokerAsync()
    {
        if (!IsRabbitMq && _node is not null)
        {
            await RestartFabricNodeAsync();
            return;
        }

        var dir = $"/tmp/fabric-rabbitmq-{Port}";
        if (!IsRabbitMq || !File.Exists(Path.Combine(dir, "rabbitmq.pid")))
        {
            throw new NotImplementedException("restart the broker under test: to be wired by the broker team");
        }

        var scripts = Path.Combine(RepositoryRoot(), "scripts");
        await RunAsync(Path.Combine(scripts, "stop-rabbitmq.sh"), false, Port.ToString(), dir);
        await RunAsync(Path.Combine(scripts, "start-rabbitmq.sh"), false, Port.ToString(), dir);
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Fabric.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Fabric.sln not found above " + AppContext.BaseDirectory);
    }

    public Task RabbitMqCtlAsync(params string[] args) => RabbitMqCtlAsync(false, args);

    public Task RabbitMqCtlAsync(bool allowFailure, params string[] args)
    {
        var ctl = Environment.GetEnvironmentVariable(RabbitMqCtlVariable);
        if (string.IsNullOrEmpty(ctl))
        {
            var local = $"/tmp/fabric-rabbitmq-{Port}/rabbitmqctl"; // written by scripts/start-rabbitmq.sh
            ctl = File.Exists(local) ? local : "rabbitmqctl";
        }

        return RunAsync(ctl, allowFailure, args);
    }

    private static async Task RunAsync(string ctl, bool allowFailure, params string[] args)
    {
        var psi = new ProcessStartInfo(ctl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {ctl}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException(
                $"{ctl} {string.Join(' ', args)} exited {process.ExitCode}: {await stdout} {await stderr}");
        }
    }
}
