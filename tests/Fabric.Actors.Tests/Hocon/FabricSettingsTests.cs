using Fabric.Configuration;
using Fabric.Hocon;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Fabric.Actors.Tests.Hocon;

/// <summary>hocon/fabric.conf, the embedded defaults and the typed, validated settings.</summary>
public class FabricSettingsTests
{
    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fabric.sln"))) return Path.Combine(dir.FullName, relative);
        }
        throw new InvalidOperationException("Fabric.sln not found above " + AppContext.BaseDirectory);
    }

    private static FabricSettings Settings(string overrides) =>
        FabricSettings.FromConfig(ConfigFactory.ParseString(overrides, "test.conf").WithFallback(FabricConfig.Default));

    [Fact]
    public void The_repository_file_parses_and_is_the_embedded_resource()
    {
        string path = RepositoryFile("hocon/fabric.conf");
        var config = ConfigFactory.ParseFile(path).Resolve();
        Assert.True(config.HasPath("fabric.amqp.port"));
        Assert.Equal(File.ReadAllText(path), FabricConfig.ReferenceConfiguration);
        Assert.Equal(["node", "amqp", "auth", "persistence", "actors", "logging", "management"], config.GetConfig("fabric").Keys.ToArray());
    }

    [Fact]
    public void Every_default_setting_has_a_comment_line_above_it()
    {
        string[] lines = File.ReadAllLines(RepositoryFile("hocon/fabric.conf"));
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            bool isSetting = line.Contains('=') && !line.StartsWith('#') && !line.Contains("${?");
            if (!isSetting || line.EndsWith('[') || line.StartsWith('{')) continue;
            string above = lines[i - 1].Trim();
            Assert.True(above.StartsWith('#') || above.Contains("${?"), $"fabric.conf line {i + 1} '{line}' has no comment above it");
        }
    }

    [Fact]
    public void Defaults()
    {
        if (Environment.GetEnvironmentVariable("FABRIC_AMQP_PORT") is not null) return; // overridden by the environment
        var s = FabricSettings.Default;
        Assert.Equal("127.0.0.1", s.Amqp.Host);
        Assert.Equal(5672, s.Amqp.Port);
        Assert.Equal(131072, s.Amqp.FrameMax);
        Assert.Equal(2047, s.Amqp.ChannelMax);
        Assert.Equal(TimeSpan.FromSeconds(60), s.Amqp.Heartbeat);
        Assert.Equal(TimeSpan.FromSeconds(10), s.Amqp.HandshakeTimeout);
        Assert.Equal(0, s.Amqp.MaxConnections);
        Assert.Equal(128L * 1024 * 1024, s.Amqp.MaxMessageSize);
        Assert.True(s.Amqp.TcpNoDelay);
        Assert.Equal(1024, s.Amqp.Backlog);
        Assert.Equal(["PLAIN", "AMQPLAIN"], s.Auth.Mechanisms);
        Assert.Equal(["guest"], s.Auth.LoopbackUsers);
        var guest = Assert.Single(s.Auth.Users);
        Assert.Equal(("guest", "guest"), (guest.Name, guest.Password));
        Assert.Equal(["administrator"], guest.Tags);
        Assert.DoesNotContain("guest guest", guest.ToString());
        Assert.Equal(["/"], s.Auth.VirtualHosts);
        var permission = Assert.Single(s.Auth.Permissions);
        Assert.Equal(new PermissionSettings("guest", "/", ".*", ".*", ".*"), permission);
        Assert.Equal(PersistenceProvider.Sqlite, s.Persistence.Provider);
        Assert.True(Path.IsPathRooted(s.Node.DataDirectory));
        Assert.Equal(Path.Combine(s.Node.DataDirectory, "fabric.db"), s.Persistence.Sqlite.File);
        Assert.Equal("fabric", s.Persistence.Postgres.Schema);
        Assert.Equal(new GroupCommitSettings(4096, TimeSpan.Zero), s.Persistence.GroupCommit);
        Assert.Equal(10000, s.Persistence.SnapshotAfter);
        Assert.Equal(new ActorSettings(30, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), true), s.Actors);
        Assert.Equal(LogLevel.Information, s.Logging.Level);
        Assert.Equal(new ManagementSettings(false, "127.0.0.1", 15672), s.Management);
    }

    [Fact]
    public void A_file_layered_over_the_defaults_overrides_only_what_it_sets()
    {
        var s = Settings("fabric.amqp.port = 5999\nfabric { node.data-dir = /tmp/fabric-x, persistence.sqlite.file = /abs/f.db }");
        Assert.Equal(5999, s.Amqp.Port);
        Assert.Equal(131072, s.Amqp.FrameMax);
        Assert.Equal("/tmp/fabric-x", s.Node.DataDirectory);
        Assert.Equal("/abs/f.db", s.Persistence.Sqlite.File);
    }

    [Theory]
    [InlineData("fabric.amqp.port = 70000", "fabric.amqp.port")]
    [InlineData("fabric.amqp.port = 0", "fabric.amqp.port")]
    [InlineData("fabric.amqp.port = http", "fabric.amqp.port")]
    [InlineData("fabric.amqp.frame-max = 1024", "fabric.amqp.frame-max")]
    [InlineData("fabric.amqp.channel-max = 65536", "fabric.amqp.channel-max")]
    [InlineData("fabric.amqp.heartbeat = 100000s", "fabric.amqp.heartbeat")]
    [InlineData("fabric.amqp.max-message-size = 1 GiB", "fabric.amqp.max-message-size")]
    [InlineData("fabric.amqp.host = \"not a host\"", "fabric.amqp.host")]
    [InlineData("fabric.auth.mechanisms = []", "fabric.auth.mechanisms")]
    [InlineData("fabric.auth.permissions = [{ user = nobody, vhost = \"/\", configure = \".*\", write = \".*\", read = \".*\" }]", "fabric.auth.permissions[0].user")]
    [InlineData("fabric.auth.permissions = [{ user = guest, vhost = \"/\", configure = \"(\", write = \".*\", read = \".*\" }]", "fabric.auth.permissions[0].configure")]
    [InlineData("fabric.auth.users = [{ password = x }]", "fabric.auth.users[0].name")]
    [InlineData("fabric.persistence.provider = mongo", "fabric.persistence.provider")]
    [InlineData("fabric.persistence.provider = postgres", "fabric.persistence.postgres.connection-string")]
    [InlineData("fabric.actors.throughput = 0", "fabric.actors.throughput")]
    [InlineData("fabric.logging.level = loud", "fabric.logging.level")]
    [InlineData("fabric.node.name = \"\"", "fabric.node.name")]
    public void Invalid_values_name_their_path(string overrides, string path)
    {
        var e = Assert.Throws<ConfigException>(() => Settings(overrides));
        Assert.Contains("'" + path + "'", e.Message);
    }

    [Fact]
    public void Invalid_value_error_carries_the_origin_in_the_user_file()
    {
        var e = Assert.Throws<ConfigException>(() => Settings("fabric {\n  amqp {\n    port = 99999\n  }\n}"));
        Assert.StartsWith("test.conf:3:12:", e.Message);
    }

    [Fact]
    public void Examples_are_valid()
    {
        foreach (var example in new[] { "single-node.conf", "cluster-node-a.conf" })
        {
            var config = FabricConfig.Load(RepositoryFile("hocon/examples/" + example));
            var s = FabricSettings.FromConfig(config);
            Assert.Equal("0.0.0.0", s.Amqp.Host);
        }
        var cluster = FabricSettings.FromConfig(FabricConfig.Load(RepositoryFile("hocon/examples/cluster-node-a.conf")));
        Assert.Equal(PersistenceProvider.Postgres, cluster.Persistence.Provider);
        Assert.DoesNotContain("secret", cluster.Persistence.Postgres.ToString());
    }

    [Fact]
    public void A_file_may_refer_to_and_extend_the_defaults()
    {
        var s = Settings("fabric.amqp.port = ${fabric.management.port}\nfabric.auth.vhosts += other");
        Assert.Equal(15672, s.Amqp.Port);
        Assert.Equal(["/", "other"], s.Auth.VirtualHosts);
    }

    [Fact]
    public void Environment_overrides_the_default_node_name()
    {
        string? before = Environment.GetEnvironmentVariable("FABRIC_NODE_NAME");
        Environment.SetEnvironmentVariable("FABRIC_NODE_NAME", "fabric@from-env");
        try
        {
            Assert.Equal("fabric@from-env", FabricSettings.Default.Node.Name);
            Assert.Equal("fabric@file", Settings("fabric.node.name = \"fabric@file\"").Node.Name);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FABRIC_NODE_NAME", before);
        }
    }
}
