using System.Diagnostics;
using Fabric.Node.Tests.Conformance.Raw;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>connection.*: start/secure/tune/open/close, capabilities, logins, heartbeats.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class ConnectionTests : ConformanceTest
{
    public ConnectionTests(BrokerFixture broker) : base(broker)
    {
    }

    [Theory]
    [InlineData("publisher_confirms")]
    [InlineData("exchange_exchange_bindings")]
    [InlineData("basic.nack")]
    [InlineData("consumer_cancel_notify")]
    [InlineData("connection.blocked")]
    [InlineData("authentication_failure_close")]
    [InlineData("per_consumer_qos")]
    [InlineData("consumer_priorities")]
    public void Server_advertises_capability(string capability)
    {
        var caps = Assert.IsAssignableFrom<IDictionary<string, object?>>(Connection.ServerProperties!["capabilities"]);
        Assert.True(caps.TryGetValue(capability, out var value), $"capability {capability} missing");
        Assert.Equal(true, value);
    }

    [Fact]
    public void Server_properties_name_product_version_and_platform()
    {
        foreach (var key in new[] { "product", "version", "platform" })
        {
            Assert.True(Connection.ServerProperties!.ContainsKey(key), key);
        }
    }

    [Fact]
    public async Task Start_lists_PLAIN_and_AMQPLAIN()
    {
        await using var raw = await Broker.ConnectRawAsync();
        await raw.StartAsync(Broker.User, Broker.Password);
        var mechanisms = raw.Mechanisms.Split(' ');
        Assert.Contains("PLAIN", mechanisms);
        Assert.Contains("AMQPLAIN", mechanisms);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("AMQPLAIN")]
    public async Task Login_with_mechanism_opens_the_connection(string mechanism)
    {
        await using var raw = await Broker.ConnectRawAsync();
        await raw.HandshakeAsync(Broker.User, Broker.Password, Broker.VirtualHost, mechanism: mechanism);
        await raw.OpenChannelAsync(1);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("AMQPLAIN")]
    public async Task Wrong_password_is_403_access_refused(string mechanism)
    {
        await using var raw = await Broker.ConnectRawAsync();
        await raw.StartAsync(Broker.User, "not-the-password", mechanism);
        var (code, text) = await raw.ExpectConnectionCloseAsync();
        Assert.Equal(403, code);
        Assert.Contains("ACCESS_REFUSED", text);
    }

    [Fact]
    public async Task Wrong_password_without_authentication_failure_close_drops_the_connection()
    {
        await using var raw = await Broker.ConnectRawAsync();
        raw.AnnounceCapabilities = false;
        await raw.StartAsync(Broker.User, "not-the-password");
        var end = await raw.ExpectConnectionEndAsync();
        // RabbitMQ just closes the socket; an explaining 403 close is fine too.
        Assert.True(end is null || end.Value.Code == 403, $"got {end}");
    }

    [Fact]
    public async Task Wrong_password_with_the_client_is_an_authentication_failure()
    {
        var factory = Broker.Factory(password: "not-the-password");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => factory.CreateConnectionAsync());
        Assert.True(Contains<AuthenticationFailureException>(error), error.ToString());
    }

    [Fact]
    public async Task Unknown_mechanism_is_refused()
    {
        await using var raw = await Broker.ConnectRawAsync();
        await raw.StartAsync(Broker.User, Broker.Password, "NO-SUCH-MECH");
        var end = await raw.ExpectConnectionEndAsync();
        // RabbitMQ: 403 ACCESS_REFUSED ("unsupported authentication mechanism"), or just a closed socket.
        Assert.True(end is null || end.Value.Code == 403, $"got {end}");
    }

    [Fact]
    public async Task Unknown_vhost_is_530_not_allowed()
    {
        await using var raw = await Broker.ConnectRawAsync();
        await raw.StartAsync(Broker.User, Broker.Password);
        await raw.TuneAndOpenAsync("no-such-vhost-" + Guid.NewGuid().ToString("N"));
        var (code, text) = await raw.ExpectConnectionCloseAsync();
        Assert.Equal(530, code);
        Assert.Contains("NOT_ALLOWED", text);
    }

    [Fact]
    public async Task Unknown_vhost_with_the_client_fails_with_530()
    {
        var factory = Broker.Factory(vhost: "no-such-vhost-" + Guid.NewGuid().ToString("N"));
        var reason = await RefusedConnectionReasonAsync(factory);
        Assert.Equal((ushort?)530, reason?.ReplyCode);
    }

    [Fact]
    public async Task Tune_is_negotiated_down_to_the_clients_request()
    {
        var factory = Broker.Factory();
        factory.RequestedChannelMax = 10;
        factory.RequestedFrameMax = 16384;
        factory.RequestedHeartbeat = TimeSpan.FromSeconds(7);
        var c = await NewConnectionAsync(factory);
        Assert.Equal(10, c.ChannelMax);
        Assert.Equal(16384u, c.FrameMax);
        Assert.Equal(TimeSpan.FromSeconds(7), c.Heartbeat);
    }

    [Fact]
    public async Task Server_proposes_nonzero_limits_in_tune()
    {
        await using var raw = await Broker.OpenRawAsync();
        Assert.True(raw.ServerTune.FrameMax >= 4096, $"frame-max {raw.ServerTune.FrameMax}");
        Assert.True(raw.ServerTune.ChannelMax > 0);
        Assert.True(raw.ServerTune.Heartbeat > 0);
    }

    [Fact]
    public async Task Frame_max_below_the_minimum_is_refused()
    {
        await using var raw = await Broker.ConnectRawAsync();
        await raw.StartAsync(Broker.User, Broker.Password);
        await raw.TuneAndOpenAsync(Broker.VirtualHost, frameMax: 1024);
        var end = await raw.ExpectConnectionEndAsync();
        // RabbitMQ closes the socket during tuning; a 530 NOT_ALLOWED / 501 close is as good.
        Assert.True(end is null || end.Value.Code is 530 or 501 or 503, $"got {end}");
    }

    [Fact]
    public async Task Client_close_is_answered_with_close_ok()
    {
        await using var raw = await Broker.OpenRawAsync();
        await raw.SendMethodAsync(0, 10, 50, new WireWriter().Short(200).ShortStr("bye").Short(0).Short(0));
        await raw.ExpectMethodAsync(10, 51);
        // The peer that sent close closes the socket once close-ok arrives; nothing else may follow.
    }

    [Fact]
    public async Task Client_close_with_the_library_is_clean()
    {
        var c = await Broker.ConnectAsync();
        var shutdown = ShutdownOf(c);
        await c.CloseAsync();
        var reason = await Within(shutdown);
        Assert.Equal(ShutdownInitiator.Application, reason.Initiator);
        Assert.Equal(200, reason.ReplyCode);
        c.Dispose();
    }

    [Fact]
    public async Task Server_sends_heartbeats_at_the_negotiated_interval()
    {
        await using var raw = await Broker.OpenRawAsync(heartbeat: 1);
        var watch = Stopwatch.StartNew();
        var frame = await raw.ReadFrameAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(frame);
        Assert.Equal(RawFrame.Heartbeat, frame!.Type);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Silent_client_is_disconnected_after_missed_heartbeats()
    {
        await using var raw = await Broker.OpenRawAsync(heartbeat: 1);
        var watch = Stopwatch.StartNew();
        // We read (and ignore) the server's heartbeats but never send anything.
        Assert.True(await raw.WaitForDisconnectAsync(TimeSpan.FromSeconds(20)), "silent peer was not disconnected");
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), $"disconnected too early: {watch.Elapsed}");
    }

    [Fact]
    public async Task Client_sending_heartbeats_stays_connected()
    {
        await using var raw = await Broker.OpenRawAsync(heartbeat: 1);
        using var stop = new CancellationTokenSource();
        var beating = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await raw.SendHeartbeatAsync();
                await Task.Delay(250);
            }
        });
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(4);
        while (DateTime.UtcNow < until)
        {
            var frame = await raw.ReadFrameAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(frame); // a heartbeat from the server, not a close
            Assert.Equal(RawFrame.Heartbeat, frame!.Type);
        }

        await stop.CancelAsync();
        await beating;
        await raw.OpenChannelAsync(1);
    }

    [Fact]
    public async Task Heartbeat_zero_disables_server_heartbeats()
    {
        await using var raw = await Broker.OpenRawAsync(heartbeat: 0);
        await Assert.ThrowsAsync<TimeoutException>(() => raw.ReadFrameAsync(TimeSpan.FromSeconds(2.5)));
    }

    [Fact]
    public async Task Library_client_with_short_heartbeat_survives_idle_period()
    {
        var factory = Broker.Factory();
        factory.RequestedHeartbeat = TimeSpan.FromSeconds(1);
        var c = await NewConnectionAsync(factory);
        var shutdown = ShutdownOf(c);
        var idle = Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Same(idle, await Task.WhenAny(idle, shutdown));
        Assert.True(c.IsOpen);
        await using var ch = await c.CreateChannelAsync();
        await ch.QueueDeclareAsync("", false, true, true);
    }

    [Fact]
    public async Task Channel_error_leaves_the_connection_and_other_channels_open()
    {
        var q = Queue("survivor");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await using var doomed = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(404, () => doomed.QueueDeclarePassiveAsync(Unique("missing")));
        Assert.True(Connection.IsOpen);
        await Channel.BasicPublishAsync("", q, Utf8("still here"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
    }
}
