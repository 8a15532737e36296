using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Fabric.Node.Tests.Host;

/// <summary>The node executable started as a real process.</summary>
public sealed class NodeHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fabric-host-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<byte[]> ExchangeAsync(int port, byte[] send)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(send);
        return await ReadToEndAsync(stream);
    }

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[64];
        int n;
        while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0) received.Write(buffer, 0, n);
        return received.ToArray();
    }

    [Fact]
    public async Task Starts_with_env_overrides_answers_a_bad_header_and_stops_on_sigterm()
    {
        string dataDir = Path.Combine(_dir, "data", "nested");
        await using var node = NodeProcess.Start(new NodeProcessOptions { DataDirectory = dataDir });
        await node.WaitUntilListeningAsync();

        var reply = await ExchangeAsync(node.Port, Encoding.ASCII.GetBytes("HTTP/1.1\r\n"));
        Assert.Equal("AMQP\0\0\u0009\u0001"u8.ToArray(), reply);
        Assert.True(Directory.Exists(dataDir), "the node creates its data directory");

        int exitCode = await node.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, exitCode);
        Assert.Contains("stopped", node.StandardOutput);
        Assert.Contains($"127.0.0.1:{node.Port}", node.StandardOutput);
        Assert.Contains(dataDir, node.StandardOutput);
        Assert.DoesNotContain("password", node.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", node.StandardError);
    }

    [Fact]
    public async Task Malformed_config_exits_2_with_one_line_naming_file_line_and_column()
    {
        string path = WriteConfig("bad.conf", "fabric {\n  amqp {\n    port }\n}\n");
        await using var node = NodeProcess.Start(new NodeProcessOptions { Arguments = ["--config", path] });
        Assert.Equal(2, await node.WaitForExitAsync());
        string line = Assert.Single(node.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"fabric: bad configuration: {path}:3:10: expected '=' or ':' or '{{' after key 'port' but found '}}'", line);
        Assert.DoesNotContain("   at ", node.Output);
    }

    [Theory]
    [InlineData("fabric.amqp.port = 99999", "bad.conf:1:20: invalid value at 'fabric.amqp.port'")]
    [InlineData("fabric.amqp.heartbeat = soon", "'fabric.amqp.heartbeat'")]
    [InlineData("fabric.persistence.provider = mongo", "fabric.persistence.provider")]
    public async Task Invalid_value_exits_2_naming_the_path(string text, string expected)
    {
        string path = WriteConfig("bad.conf", text);
        await using var node = NodeProcess.Start(new NodeProcessOptions { SetPortVariable = false, Arguments = ["--config", path] });
        Assert.Equal(2, await node.WaitForExitAsync());
        string line = Assert.Single(node.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("fabric: bad configuration: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task Missing_config_file_exits_2()
    {
        string path = Path.Combine(_dir, "absent.conf");
        await using var node = NodeProcess.Start(new NodeProcessOptions { Arguments = ["--config", path] });
        Assert.Equal(2, await node.WaitForExitAsync());
        Assert.Equal($"fabric: bad configuration: {path}: configuration file not found\n", node.StandardError);
    }

    [Fact]
    public async Task Data_directory_that_cannot_be_created_exits_2()
    {
        string blocker = WriteConfig("a-file", "not a directory");
        await using var node = NodeProcess.Start(new NodeProcessOptions { DataDirectory = Path.Combine(blocker, "data") });
        Assert.Equal(2, await node.WaitForExitAsync());
        string line = Assert.Single(node.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("fabric: bad configuration: fabric.node.data-dir: cannot create", line);
    }

    [Fact]
    public async Task Config_file_is_layered_over_defaults_and_overrides_the_port()
    {
        int filePort = NodeProcess.GetFreePort();
        string path = WriteConfig("node.conf", $"fabric.amqp.port = {filePort}\nfabric.node.name = \"fabric@layered\"");
        // no FABRIC_AMQP_PORT: the default 5672 would apply without the file
        await using var node = NodeProcess.Start(new NodeProcessOptions { Port = filePort, SetPortVariable = false, Arguments = ["--config", path] });
        await node.WaitUntilListeningAsync();
        var reply = await ExchangeAsync(filePort, Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n"));
        Assert.Equal("AMQP\0\0\u0009\u0001"u8.ToArray(), reply);
        Assert.Equal(0, await node.StopAsync());
        Assert.Contains("fabric@layered", node.StandardOutput);
        Assert.Contains("frame-max 131072", node.StandardOutput); // untouched defaults still apply
    }

    [Fact]
    public async Task Silent_client_is_closed_after_the_handshake_timeout()
    {
        string path = WriteConfig("node.conf", "fabric.amqp.handshake-timeout = 300ms");
        await using var node = NodeProcess.Start(new NodeProcessOptions { Arguments = ["--config", path] });
        await node.WaitUntilListeningAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, node.Port);
        await client.GetStream().WriteAsync("AMQ"u8.ToArray());
        Assert.Empty(await ReadToEndAsync(client.GetStream()));
        Assert.Equal(0, await node.StopAsync());
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        await using var node = NodeProcess.Start(new NodeProcessOptions { Arguments = ["--help"] });
        Assert.Equal(0, await node.WaitForExitAsync());
        Assert.Contains("Usage: fabric [--config FILE]", node.StandardOutput);
    }

    [Fact]
    public async Task Unknown_argument_exits_2()
    {
        await using var node = NodeProcess.Start(new NodeProcessOptions { Arguments = ["--bogus"] });
        Assert.Equal(2, await node.WaitForExitAsync());
        Assert.Contains("unknown argument '--bogus'", node.StandardError);
    }

    [Fact]
    public async Task Kill_stops_the_process_at_once()
    {
        await using var node = NodeProcess.Start();
        await node.WaitUntilListeningAsync();
        node.Kill();
        Assert.NotEqual(0, await node.WaitForExitAsync());
        Assert.DoesNotContain("stopped", node.StandardOutput);
    }
}
