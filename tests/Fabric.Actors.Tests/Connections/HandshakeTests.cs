using System.Net;
using System.Text;
using Fabric.Amqp;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;
using Xunit;

namespace Fabric.Actors.Tests.Connections;

public sealed class HandshakeTests : ConnectionTestBase
{
    [Fact]
    public async Task Start_announces_product_capabilities_and_mechanisms()
    {
        var client = Connect();
        await client.SendHeaderAsync();
        var start = await client.ExpectMethodAsync<ConnectionStart>();
        Assert.Equal(0, start.VersionMajor);
        Assert.Equal(9, start.VersionMinor);
        Assert.Equal("PLAIN AMQPLAIN", Encoding.UTF8.GetString(start.Mechanisms));
        Assert.Equal("en_US", Encoding.UTF8.GetString(start.Locales));
        Assert.Equal("Fabric", Encoding.UTF8.GetString((byte[])start.ServerProperties["product"]!));
        var capabilities = Assert.IsType<FieldTable>(start.ServerProperties["capabilities"]);
        foreach (var name in new[] { "publisher_confirms", "exchange_exchange_bindings", "basic.nack", "consumer_cancel_notify",
                     "connection.blocked", "consumer_priorities", "authentication_failure_close", "per_consumer_qos" })
        {
            Assert.Equal(true, capabilities[name]);
        }
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("AMQPLAIN")]
    public async Task Login_tune_and_open(string mechanism)
    {
        var client = Connect();
        var tune = await client.StartAsync(mechanism: mechanism);
        Assert.Equal(2047, tune.ChannelMax);
        Assert.Equal(131072u, tune.FrameMax);
        Assert.Equal(60, tune.Heartbeat);
        await client.OpenAsync();
        await client.ExpectMethodAsync<ConnectionOpenOk>();
        await client.OpenChannelAsync(1);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("AMQPLAIN")]
    public async Task Wrong_password_gets_connection_close_403_with_rabbitmq_text(string mechanism)
    {
        var client = Connect();
        var error = await Assert.ThrowsAsync<AmqpProtocolException>(() => client.StartAsync(password: "wrong", mechanism: mechanism));
        Assert.Contains("ConnectionClose", error.Message);
        Assert.Contains("ReplyCode = 403", error.Message);
        Assert.Contains($"ACCESS_REFUSED - Login was refused using authentication mechanism {mechanism}", error.Message);
        await client.SendMethodAsync(0, new ConnectionCloseOk());
        Assert.True(await client.WaitForEndAsync());
    }

    [Fact]
    public async Task Guest_from_a_remote_address_is_refused()
    {
        var client = Connect(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 5000));
        await client.SendHeaderAsync();
        await client.ExpectMethodAsync<ConnectionStart>();
        await client.SendMethodAsync(0, new ConnectionStartOk { Mechanism = "PLAIN", Response = "\0guest\0guest"u8.ToArray() });
        var close = await client.ExpectMethodAsync<ConnectionClose>();
        Assert.Equal(ReplyCode.AccessRefused, close.ReplyCode);
    }

    [Fact]
    public async Task Unknown_vhost_is_530_not_allowed()
    {
        var client = Connect();
        await client.StartAsync();
        await client.OpenAsync(vhost: "elsewhere");
        var close = await client.ExpectMethodAsync<ConnectionClose>();
        Assert.Equal(ReplyCode.NotAllowed, close.ReplyCode);
        Assert.Equal("NOT_ALLOWED - access to vhost 'elsewhere' refused for user 'guest'", close.ReplyText);
        Assert.Equal(ConnectionOpen.ClassIndex, close.ClassId);
        Assert.Equal(ConnectionOpen.MethodIndex, close.MethodId);
    }

    [Fact]
    public async Task Frame_max_below_the_minimum_is_530()
    {
        var client = Connect();
        await client.StartAsync();
        await client.OpenAsync(frameMax: 1024);
        var close = await client.ExpectMethodAsync<ConnectionClose>();
        Assert.Equal(ReplyCode.NotAllowed, close.ReplyCode);
    }

    [Fact]
    public async Task Bad_protocol_header_gets_ours_back_then_the_end()
    {
        var client = Connect();
        await client.SendAsync("AMQP\0\0\u0009\0"u8.ToArray());
        Assert.Equal(AmqpConstants.ProtocolHeader.ToArray(), await client.ReadBytesAsync(8));
        Assert.True(await client.WaitForEndAsync());
        await client.Server.WaitAsync(PipeClient.Patience);
    }

    [Fact]
    public async Task Client_close_is_answered_with_close_ok_and_releases_the_connection()
    {
        var client = await OpenAsync();
        await client.SendMethodAsync(0, new ConnectionClose { ReplyCode = 200, ReplyText = "bye" });
        await client.ExpectMethodAsync<ConnectionCloseOk>();
        Assert.True(await client.WaitForEndAsync());
        await client.Server.WaitAsync(PipeClient.Patience);
        Assert.Single(VirtualHost.ClosedConnections);
    }

    [Fact]
    public async Task Peer_going_away_ends_the_connection()
    {
        var client = await OpenAsync();
        await client.DisposeAsync();
        Assert.True(client.Server.IsCompleted);
        Assert.Single(VirtualHost.ClosedConnections);
    }

    [Fact]
    public async Task Update_secret_is_acknowledged()
    {
        var client = await OpenAsync();
        await client.SendMethodAsync(0, new ConnectionUpdateSecret { NewSecret = "x"u8.ToArray(), Reason = "rotate" });
        await client.ExpectMethodAsync<ConnectionUpdateSecretOk>();
    }

    [Fact]
    public async Task Node_stopping_closes_the_connection_with_320()
    {
        using var stopping = new CancellationTokenSource();
        var client = Connect(stopping: stopping.Token);
        await client.HandshakeAsync();
        stopping.Cancel();
        var close = await client.ExpectMethodAsync<ConnectionClose>();
        Assert.Equal(ReplyCode.ConnectionForced, close.ReplyCode);
        Assert.Equal("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'", close.ReplyText);
        Assert.True(await client.WaitForEndAsync());
    }

    [Fact]
    public async Task A_bug_behind_an_operation_is_541_and_ends_only_that_connection()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new QueuePurge { Queue = "fine" });
        Assert.Equal(7u, (await client.ExpectMethodAsync<QueuePurgeOk>()).MessageCount);
        await client.SendMethodAsync(1, new QueuePurge { Queue = "boom" });
        var close = await client.ExpectMethodAsync<ConnectionClose>();
        Assert.Equal(ReplyCode.InternalError, close.ReplyCode);
        Assert.Equal((50, 30), (close.ClassId, close.MethodId));
        await client.SendMethodAsync(0, new ConnectionCloseOk());
        Assert.True(await client.WaitForEndAsync());

        var other = await OpenAsync();
        await other.OpenChannelAsync(1);
        Assert.Contains(Logs.Lines, e => e.Contains("kaboom", StringComparison.Ordinal));
        Logs.Lines.Clear();
    }

    [Fact]
    public async Task Actor_system_stopping_ends_the_connection_task()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await Sys.Terminate();
        await client.Server.WaitAsync(PipeClient.Patience);
        Assert.True(await client.WaitForEndAsync());
    }

    [Fact]
    public async Task Stopping_while_a_queue_reply_is_awaited_still_closes_at_once()
    {
        var queue = CreateTestProbe();
        VirtualHost.AddQueue("silent", queue);
        using var stopping = new CancellationTokenSource();
        var client = Connect(stopping: stopping.Token);
        await client.HandshakeAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new BasicConsume { Queue = "silent" });
        await queue.ExpectMsgAsync<Fabric.Broker.Contracts.QueueConsume>(); // never answered
        stopping.Cancel();
        Assert.Equal(ReplyCode.ConnectionForced, (await client.ExpectMethodAsync<ConnectionClose>()).ReplyCode);
        Assert.True(await client.WaitForEndAsync());
        await client.Server.WaitAsync(PipeClient.Patience);
    }
}
