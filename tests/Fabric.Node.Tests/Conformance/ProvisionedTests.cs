using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>
/// Tests that need broker administration: extra users/vhosts/permissions and resource alarms.
/// On RabbitMQ (FABRIC_TEST_BROKER=rabbitmq) they use rabbitmqctl; on Fabric the fixture's provisioning
/// hooks are still to be wired. Kept few on purpose.
/// </summary>
[Trait("Category", "Conformance")]
[Trait("Needs", "Provisioning")]
[Collection("broker")]
public sealed class ProvisionedTests : ConformanceTest
{
    private readonly string _user = "conf-user-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _vhost = "conf-vhost-" + Guid.NewGuid().ToString("N")[..8];

    public ProvisionedTests(BrokerFixture broker) : base(broker)
    {
    }

    private async Task<IConnection> ConnectAsUserAsync() =>
        await NewConnectionAsync(Broker.Factory(_user, "secret", _vhost));

    private async Task WithUserAsync((string, string, string)? permissions, Func<Task> test)
    {
        await Broker.ProvisionUserAsync(_user, "secret", _vhost, permissions);
        try
        {
            await test();
        }
        finally
        {
            await Broker.RemoveUserAsync(_user, _vhost);
        }
    }

    [Fact]
    public Task User_with_full_permissions_works_in_its_vhost() => WithUserAsync((".*", ".*", ".*"), async () =>
    {
        var c = await ConnectAsUserAsync();
        await using var ch = await c.CreateChannelAsync();
        var q = (await ch.QueueDeclareAsync("", false, true, true)).QueueName;
        await ch.BasicPublishAsync("", q, Utf8("hello"));
        Assert.True(await EventuallyAsync(async () => (await ch.BasicGetAsync(q, true)) is not null));
    });

    [Fact]
    public Task User_without_access_to_the_vhost_is_530() => WithUserAsync(null, async () =>
    {
        var reason = await RefusedConnectionReasonAsync(Broker.Factory(_user, "secret", _vhost));
        Assert.Equal((ushort?)530, reason?.ReplyCode);
    });

    [Fact]
    public Task Configure_permission_denied_is_403_on_the_channel() => WithUserAsync(("^$", ".*", ".*"), async () =>
    {
        var c = await ConnectAsUserAsync();
        await using var ch = await c.CreateChannelAsync();
        var reason = await ExpectCloseAsync(403, () => ch.QueueDeclareAsync("conf-denied", false, false, false));
        Assert.Contains("ACCESS_REFUSED", reason.ReplyText);
        Assert.True(c.IsOpen);
    });

    [Fact]
    public Task Server_named_queue_is_refused_without_configure_permission() => WithUserAsync(("^$", ".*", ".*"), async () =>
    {
        var c = await ConnectAsUserAsync();
        await using var ch = await c.CreateChannelAsync();
        var reason = await ExpectCloseAsync(403, () => ch.QueueDeclareAsync("", false, true, true));
        Assert.Contains("amq.gen-", reason.ReplyText);
        Assert.True(c.IsOpen);
    });

    [Fact]
    public Task Configure_permission_is_checked_on_the_generated_queue_name() => WithUserAsync((@"^amq\.gen-.*", ".*", ".*"), async () =>
    {
        var c = await ConnectAsUserAsync();
        await using var ch = await c.CreateChannelAsync();
        var q = (await ch.QueueDeclareAsync("", false, true, true)).QueueName;
        Assert.StartsWith("amq.gen-", q);
        await ExpectCloseAsync(403, () => ch.QueueDeclareAsync("conf-named", false, true, true));
    });

    [Fact]
    public Task Write_permission_denied_on_publish_is_403() => WithUserAsync((".*", "^$", ".*"), async () =>
    {
        var c = await ConnectAsUserAsync();
        await using var ch = await c.CreateChannelAsync();
        var shutdown = ShutdownOf(ch);
        await ch.BasicPublishAsync("amq.direct", "k", Utf8("denied"));
        Assert.Equal(403, (await Within(shutdown)).ReplyCode);
    });

    [Fact]
    public Task Read_permission_denied_on_consume_is_403() => WithUserAsync((".*", ".*", "^$"), async () =>
    {
        var c = await ConnectAsUserAsync();
        await using var setup = await c.CreateChannelAsync();
        var q = (await setup.QueueDeclareAsync("", false, true, true)).QueueName;
        await using var ch = await c.CreateChannelAsync();
        await ExpectCloseAsync(403, () => ch.BasicGetAsync(q, true));
    });

    [Fact]
    public async Task Resource_alarm_blocks_and_unblocks_publishers()
    {
        var c = await NewConnectionAsync();
        var blocked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var unblocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        c.ConnectionBlockedAsync += (_, e) =>
        {
            blocked.TrySetResult(e.Reason);
            return Task.CompletedTask;
        };
        c.ConnectionUnblockedAsync += (_, _) =>
        {
            unblocked.TrySetResult();
            return Task.CompletedTask;
        };
        await using var ch = await c.CreateChannelAsync();
        var q = (await ch.QueueDeclareAsync("", false, true, true)).QueueName;
        await Broker.SetResourceAlarmAsync(true);
        try
        {
            await ch.BasicPublishAsync("", q, Utf8("held while blocked"));
            Assert.False(string.IsNullOrEmpty(await Within(blocked.Task)));
        }
        finally
        {
            await Broker.SetResourceAlarmAsync(false);
        }

        await unblocked.Task.WaitAsync(Patience);
        Assert.True(c.IsOpen);
        // the publish was held, not lost
        Assert.True(await EventuallyAsync(async () => (await ch.QueueDeclarePassiveAsync(q)).MessageCount == 1));
    }
}
