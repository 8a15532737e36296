using System.Text;
using Fabric.Actors.Tests.Connections;
using Fabric.Actors.Tests.DurableBroker;
using Fabric.Amqp;
using Fabric.Amqp.Content;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;
using Fabric.Broker.Security.Actors;
using Fabric.Broker.Security.Events;
using Fabric.Configuration;
using Xunit;

namespace Fabric.Actors.Tests.Broker.Security;

/// <summary>
/// Users, vhosts and permissions changed through <see cref="IBrokerAdmin"/> survive a restart (dispose the node, start
/// a new one on the same store); the configuration seeds only an empty store. Run per provider by the subclasses.
/// </summary>
public abstract class SecurityStoreTests : IAsyncLifetime
{
    protected static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private const string Opened = "opened";

    /// <summary>The store under test (fresh per test).</summary>
    protected abstract PersistenceSettings Persistence { get; }

    /// <summary>Every stored journal and snapshot row: persistence id, manifest, payload.</summary>
    protected abstract Task<IReadOnlyList<(string PersistenceId, string Manifest, byte[] Payload)>> ReadRowsAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private FabricSettings Settings(AuthSettings? auth = null, int snapshotAfter = 0) => FabricSettings.Default with
    {
        Auth = auth ?? FabricSettings.Default.Auth,
        Persistence = Persistence with { SnapshotAfter = snapshotAfter },
    };

    private Task<DurableNode> StartAsync(AuthSettings? auth = null, int snapshotAfter = 0) =>
        DurableNode.StartAsync(Settings(auth, snapshotAfter));

    private static async Task<string> LogInAsync(DurableNode node, string user, string password, string vhost = "/") =>
        await SecurityClient.LogInAsync(node.Broker, user, password, vhost) switch
        {
            200 => Opened,
            var code => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    [Fact]
    public async Task Users_added_changed_and_deleted_at_runtime_log_in_accordingly_after_a_restart()
    {
        await using (var node = await StartAsync())
        {
            var admin = node.Broker.Admin;
            await admin.AddUserAsync("alice", "first", ["monitoring"]);
            await admin.AddUserAsync("bob", "bobs", []);
            await admin.SetPermissionsAsync("alice", "/", ".*", ".*", ".*");
            await admin.SetPermissionsAsync("bob", "/", ".*", ".*", ".*");
            Assert.Equal(Opened, await LogInAsync(node, "bob", "bobs"));
            await admin.ChangePasswordAsync("alice", "second");
            await admin.SetUserTagsAsync("alice", ["administrator", "management"]);
            await admin.DeleteUserAsync("bob");
        }

        await using (var node = await StartAsync())
        {
            Assert.Equal(Opened, await LogInAsync(node, "alice", "second"));
            Assert.Equal("403", await LogInAsync(node, "alice", "first"));
            Assert.Equal("403", await LogInAsync(node, "bob", "bobs"));
            var users = node.Broker.Admin.ListUsers();
            Assert.Equal(["alice", "guest"], users.Select(u => u.Name));
            Assert.Equal(["administrator", "management"], users[0].Tags);
            Assert.DoesNotContain(node.Broker.Admin.ListPermissions(), p => p.User == "bob");
        }
    }

    [Fact]
    public async Task Permissions_survive_a_restart_and_deny_declares_and_publishes_with_403()
    {
        await using (var node = await StartAsync())
        {
            await node.Broker.Admin.AddUserAsync("app", "pw", []);
            await node.Broker.Admin.SetPermissionsAsync("app", "/", @"^app\.", @"^app\.", ".*");
        }

        await using (var node = await StartAsync())
        {
            Assert.Contains(new PermissionEntry("app", "/", @"^app\.", @"^app\.", ".*"), node.Broker.Admin.ListPermissions());
            await using var client = await SecurityClient.OpenAsync(node.Broker, "app", "pw");
            await client.SendMethodAsync(1, new ExchangeDeclare { Exchange = "app.x", Type = "direct" });
            await client.ExpectMethodAsync<ExchangeDeclareOk>();
            await client.SendMethodAsync(1, new ExchangeDeclare { Exchange = "other.x", Type = "direct" });
            Assert.Equal(ReplyCode.AccessRefused, (await client.ExpectMethodAsync<ChannelClose>()).ReplyCode);

            await client.OpenChannelAsync(2);
            await client.PublishAsync(2, "app.x", "k", "allowed");
            await client.PublishAsync(2, "amq.fanout", "", "denied");
            Assert.Equal(ReplyCode.AccessRefused, (await client.ExpectMethodAsync<ChannelClose>()).ReplyCode);
        }
    }

    [Fact]
    public async Task A_vhost_added_at_runtime_takes_connections_at_once_and_survives_a_restart_with_its_durable_queues()
    {
        await using (var node = await StartAsync())
        {
            await node.Broker.Admin.AddVirtualHostAsync("tenant");
            Assert.Equal("530", await LogInAsync(node, "guest", "guest", "tenant")); // no permissions yet
            await node.Broker.Admin.SetPermissionsAsync("guest", "tenant", ".*", ".*", ".*");
            Assert.Equal(Opened, await LogInAsync(node, "guest", "guest", "tenant"));
            await PublishPersistentAsync(node, "tenant", "orders", "kept");
        }

        await using (var node = await StartAsync())
        {
            Assert.Equal(["/", "tenant"], node.Broker.Admin.ListVirtualHosts());
            Assert.Equal(Opened, await LogInAsync(node, "guest", "guest", "tenant"));
            Assert.Equal(1u, await MessageCountAsync(node, "tenant", "orders"));
        }
    }

    [Fact]
    public async Task A_deleted_vhost_closes_its_connections_with_320_and_stays_deleted_with_its_data_gone()
    {
        await using (var node = await StartAsync())
        {
            var admin = node.Broker.Admin;
            await admin.AddVirtualHostAsync("doomed");
            await admin.AddVirtualHostAsync("doomed|kept"); // its queues' ids start like the doomed vhost's
            await admin.SetPermissionsAsync("guest", "doomed", ".*", ".*", ".*");
            await PublishPersistentAsync(node, "doomed", "q", "gone");
            await PublishPersistentAsync(node, "doomed|kept", "q", "kept");
            await using var client = await SecurityClient.OpenAsync(node.Broker, "guest", "guest", "doomed");

            await admin.DeleteVirtualHostAsync("doomed");

            Assert.Equal(ReplyCode.ConnectionForced, await SecurityClient.ExpectConnectionCloseAsync(client));
            Assert.Null(node.Broker.FindVirtualHost("doomed"));
            Assert.DoesNotContain(admin.ListPermissions(), p => p.VirtualHost == "doomed");
            Assert.Equal("530", await LogInAsync(node, "guest", "guest", "doomed"));
            var error = await Assert.ThrowsAsync<BrokerAdminException>(() => admin.DeleteVirtualHostAsync("doomed"));
            Assert.Equal(AdminError.NoSuchVirtualHost, error.Error);
        }

        var rows = await ReadRowsAsync();
        Assert.DoesNotContain(rows, r => r.PersistenceId is "vhost|doomed" || r.PersistenceId.StartsWith("queue|doomed|q", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.PersistenceId == "queue|doomed%7Ckept|q"); // a bar in a vhost name is escaped

        await using (var node = await StartAsync())
        {
            Assert.Equal(["/", "doomed|kept"], node.Broker.Admin.ListVirtualHosts());
            Assert.Null(node.Broker.FindVirtualHost("doomed"));
            Assert.Equal(1u, await MessageCountAsync(node, "doomed|kept", "q"));

            // A new vhost of the name starts empty.
            await node.Broker.Admin.AddVirtualHostAsync("doomed");
            Assert.Null(node.Broker.VirtualHosts["doomed"].FindQueue("q"));
        }
    }

    [Fact]
    public async Task A_vhost_whose_name_extends_another_with_a_bar_keeps_its_durable_queues_across_a_restart()
    {
        await using (var node = await StartAsync())
        {
            await node.Broker.Admin.AddVirtualHostAsync("split");
            await node.Broker.Admin.AddVirtualHostAsync("split|tail");
            await PublishPersistentAsync(node, "split|tail", "x", "kept");
            await PublishPersistentAsync(node, "split", "tail|x", "own");
        }

        await using (var node = await StartAsync())
        {
            Assert.Equal(1u, await MessageCountAsync(node, "split|tail", "x"));
            Assert.Equal(1u, await MessageCountAsync(node, "split", "tail|x"));
        }
    }

    [Fact]
    public async Task Deleting_a_user_closes_their_connections_with_320()
    {
        await using var node = await StartAsync();
        await node.Broker.Admin.AddUserAsync("leaving", "pw", []);
        await node.Broker.Admin.SetPermissionsAsync("leaving", "/", ".*", ".*", ".*");
        await using var leaving = await SecurityClient.OpenAsync(node.Broker, "leaving", "pw");
        await using var staying = await SecurityClient.OpenAsync(node.Broker, "guest", "guest");

        await node.Broker.Admin.DeleteUserAsync("leaving");

        Assert.Equal(ReplyCode.ConnectionForced, await SecurityClient.ExpectConnectionCloseAsync(leaving));
        await staying.SendMethodAsync(1, new QueueDeclare { Queue = "still-works" });
        await staying.ExpectMethodAsync<QueueDeclareOk>();
    }

    [Fact]
    public async Task Configuration_seeds_only_the_first_start()
    {
        var first = FabricSettings.Default.Auth with
        {
            Users = [new UserSettings("seed1", "pw1", [])],
            VirtualHosts = ["/", "v1"],
            Permissions = [new PermissionSettings("seed1", "v1", ".*", ".*", ".*")],
        };
        var second = FabricSettings.Default.Auth with
        {
            Users = [new UserSettings("seed2", "pw2", [])],
            VirtualHosts = ["/", "v2"],
            Permissions = [new PermissionSettings("seed2", "v2", ".*", ".*", ".*")],
        };
        await using (var node = await StartAsync(first))
        {
            Assert.Equal(Opened, await LogInAsync(node, "seed1", "pw1", "v1"));
        }

        await using (var node = await StartAsync(second))
        {
            Assert.Equal(Opened, await LogInAsync(node, "seed1", "pw1", "v1"));
            Assert.Equal("403", await LogInAsync(node, "seed2", "pw2", "v2"));
            Assert.Equal(["seed1"], node.Broker.Admin.ListUsers().Select(u => u.Name));
            Assert.Equal(["/", "v1"], node.Broker.Admin.ListVirtualHosts());
            Assert.Null(node.Broker.FindVirtualHost("v2"));
        }
    }

    [Fact]
    public async Task Reapply_at_start_applies_what_differs_and_keeps_runtime_definitions()
    {
        var first = FabricSettings.Default.Auth with
        {
            Users = [new UserSettings("seed1", "pw1", ["a"])],
            VirtualHosts = ["/"],
            Permissions = [new PermissionSettings("seed1", "/", ".*", ".*", ".*")],
        };
        var again = first with
        {
            ReapplyAtStart = true,
            Users = [new UserSettings("seed1", "pw1b", ["b"]), new UserSettings("seed2", "pw2", [])],
            VirtualHosts = ["/", "v2"],
            Permissions = [new PermissionSettings("seed1", "/", "^x", ".*", ".*"), new PermissionSettings("seed2", "v2", ".*", ".*", ".*")],
        };
        await using (var node = await StartAsync(first))
        {
            await node.Broker.Admin.AddUserAsync("runtime", "pw", []);
        }

        await using (var node = await StartAsync(again))
        {
            Assert.Equal(Opened, await LogInAsync(node, "seed1", "pw1b"));
            Assert.Equal("403", await LogInAsync(node, "seed1", "pw1"));
            Assert.Equal(Opened, await LogInAsync(node, "seed2", "pw2", "v2"));
            Assert.Equal(["runtime", "seed1", "seed2"], node.Broker.Admin.ListUsers().Select(u => u.Name));
            Assert.Equal(["b"], node.Broker.Admin.ListUsers()[1].Tags);
            Assert.Contains(new PermissionEntry("seed1", "/", "^x", ".*", ".*"), node.Broker.Admin.ListPermissions());
        }

        var events = (await ReadRowsAsync()).Count(r => r.PersistenceId == SecurityActor.Id);
        await using (var node = await StartAsync(again))
        {
            Assert.Equal(Opened, await LogInAsync(node, "seed1", "pw1b"));
        }
        Assert.Equal(events, (await ReadRowsAsync()).Count(r => r.PersistenceId == SecurityActor.Id)); // nothing differed
    }

    [Fact]
    public async Task The_store_holds_salted_hashes_never_passwords()
    {
        const string password = "Correct-Horse-Battery-Staple";
        await using (var node = await StartAsync())
        {
            await node.Broker.Admin.AddUserAsync("carol", password, []);
            await node.Broker.Admin.ChangePasswordAsync("carol", password + "2");
            await node.Broker.Admin.AddUserAsync("dave", password, []);
        }

        var rows = await ReadRowsAsync();
        var security = rows.Where(r => r.PersistenceId == SecurityActor.Id).ToList();
        Assert.Contains(security, r => Encoding.UTF8.GetString(r.Payload).Contains("carol", StringComparison.Ordinal));
        foreach (var row in rows)
        {
            var text = Encoding.UTF8.GetString(row.Payload);
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        }
        // Salted: the same password gives different hashes.
        var added = security.Where(r => r.Manifest == SecurityEventSerializer.UserAddedV1)
            .Select(r => (UserAdded)SecurityEventSerializer.Instance.FromBinary(r.Manifest, r.Payload)).ToList();
        var carol = added.Single(u => u.Name == "carol");
        var dave = added.Single(u => u.Name == "dave");
        Assert.Equal(32, carol.Hash.Length);
        Assert.NotEqual(carol.Salt.ToArray(), dave.Salt.ToArray());
        Assert.NotEqual(carol.Hash.ToArray(), dave.Hash.ToArray());
    }

    [Fact]
    public async Task Snapshots_keep_the_security_journal_short_and_restore_everything()
    {
        await using (var node = await StartAsync(snapshotAfter: 5))
        {
            for (var i = 0; i < 12; i++) await node.Broker.Admin.AddUserAsync("user" + i, "pw" + i, ["t" + i]);
            await node.Broker.Admin.SetPermissionsAsync("user7", "/", "^c$", "^w$", "^r$");
            await node.Broker.Admin.DeleteUserAsync("user3");
        }

        var rows = await ReadRowsAsync();
        Assert.True(rows.Count(r => r.PersistenceId == SecurityActor.Id) < 10, "old security events are deleted after a snapshot");

        await using (var node = await StartAsync(snapshotAfter: 5))
        {
            var users = node.Broker.Admin.ListUsers();
            Assert.Equal(12, users.Count); // guest + 11
            Assert.DoesNotContain(users, u => u.Name == "user3");
            Assert.Equal(["t11"], users.Single(u => u.Name == "user11").Tags);
            Assert.Contains(new PermissionEntry("user7", "/", "^c$", "^w$", "^r$"), node.Broker.Admin.ListPermissions());
            Assert.Equal(Opened, await LogInAsync(node, "user7", "pw7"));
            Assert.Equal(Opened, await LogInAsync(node, "guest", "guest"));
        }
    }

    private static async Task PublishPersistentAsync(DurableNode node, string vhost, string queue, string body)
    {
        var host = node.Broker.VirtualHosts[vhost];
        var session = new SessionInfo(1, new BrokerUser("guest", []), vhost, node.Kit.TestActor);
        await host.QueueDeclare(new QueueDeclare { Queue = queue, Durable = true }, session);
        var probe = node.Kit.CreateTestProbe();
        var message = new Message("", queue, new BasicProperties { DeliveryMode = 2 }.ToArray(), Encoding.UTF8.GetBytes(body), true);
        host.FindQueue(queue)!.Actor.Tell(new QueuePublish(message, probe, 1, 1));
        Assert.True(probe.ExpectConfirm(Long).Ack);
    }

    private static async Task<uint> MessageCountAsync(DurableNode node, string vhost, string queue)
    {
        var host = node.Broker.VirtualHosts[vhost];
        var session = new SessionInfo(1, new BrokerUser("guest", []), vhost, node.Kit.TestActor);
        var ok = await host.QueueDeclare(new QueueDeclare { Queue = queue, Durable = true, Passive = true }, session);
        return ok.MessageCount;
    }
}
