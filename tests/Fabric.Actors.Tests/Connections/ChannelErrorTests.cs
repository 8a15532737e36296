using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Xunit;

namespace Fabric.Actors.Tests.Connections;

public sealed class ChannelErrorTests : ConnectionTestBase
{
    [Fact]
    public async Task Method_on_an_unopened_channel_is_504()
    {
        var client = await OpenAsync();
        await client.SendMethodAsync(7, new QueueDeclare { Queue = "q" });
        var close = await client.ExpectMethodAsync<ConnectionClose>();
        Assert.Equal(ReplyCode.ChannelError, close.ReplyCode);
        Assert.StartsWith("CHANNEL_ERROR - ", close.ReplyText);
        await client.SendMethodAsync(0, new ConnectionCloseOk());
        Assert.True(await client.WaitForEndAsync());
    }

    [Fact]
    public async Task Opening_an_open_channel_is_504()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new ChannelOpen());
        Assert.Equal(ReplyCode.ChannelError, (await client.ExpectMethodAsync<ConnectionClose>()).ReplyCode);
    }

    [Fact]
    public async Task Channel_number_above_channel_max_is_530()
    {
        var client = await OpenAsync(channelMax: 2);
        await client.OpenChannelAsync(1);
        await client.OpenChannelAsync(2);
        await client.SendMethodAsync(3, new ChannelOpen());
        var close = await client.ExpectMethodAsync<ConnectionClose>();
        Assert.Equal(ReplyCode.NotAllowed, close.ReplyCode);
    }

    [Fact]
    public async Task Soft_error_closes_the_channel_then_only_close_ok_counts_and_it_can_be_reopened()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new QueueDeclare { Queue = "missing", Passive = true });
        var close = await client.ExpectMethodAsync<ChannelClose>();
        Assert.Equal(ReplyCode.NotFound, close.ReplyCode);
        Assert.Equal("NOT_FOUND - no queue 'missing' in vhost '/'", close.ReplyText);
        Assert.Equal((50, 10), (close.ClassId, close.MethodId));

        await client.SendMethodAsync(1, new QueueDeclare { Queue = "ignored", Passive = true }); // discarded
        await client.PublishAsync(1, "", "ignored", "discarded too");
        await client.SendMethodAsync(1, new ChannelCloseOk());
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new ChannelFlow { Active = true });
        Assert.True((await client.ExpectMethodAsync<ChannelFlowOk>()).Active);
    }

    [Fact]
    public async Task Client_channel_close_is_answered()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new ChannelClose { ReplyCode = 200, ReplyText = "done" });
        await client.ExpectMethodAsync<ChannelCloseOk>();
        await client.OpenChannelAsync(1);
    }

    [Fact]
    public async Task Content_header_without_publish_is_505()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        var header = new byte[] { 2, 0, 1, 0, 0, 0, 14, 0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0xCE };
        await client.SendAsync(header);
        var close = await client.ExpectMethodAsync<ConnectionClose>();
        Assert.Equal(ReplyCode.UnexpectedFrame, close.ReplyCode);
        Assert.StartsWith("UNEXPECTED_FRAME", close.ReplyText);
    }

    [Fact]
    public async Task Method_instead_of_content_is_505()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new BasicPublish { RoutingKey = "x" });
        await client.SendMethodAsync(1, new BasicPublish { RoutingKey = "x" });
        Assert.Equal(ReplyCode.UnexpectedFrame, (await client.ExpectMethodAsync<ConnectionClose>()).ReplyCode);
    }

    [Fact]
    public async Task Bad_frame_end_is_501_and_the_socket_closes()
    {
        var client = await OpenAsync();
        await client.SendAsync([1, 0, 1, 0, 0, 0, 5, 0, 20, 0, 10, 0, 0x00]);
        var close = await client.ExpectMethodAsync<ConnectionClose>();
        Assert.Equal(ReplyCode.FrameError, close.ReplyCode);
        Assert.StartsWith("FRAME_ERROR", close.ReplyText);
        Assert.True(await client.WaitForEndAsync());
    }

    [Fact]
    public async Task Oversized_frame_is_501_from_its_header_alone()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendAsync([3, 0, 1, 0, 0x10, 0, 0]); // a 1 MiB body frame announced, never sent
        Assert.Equal(ReplyCode.FrameError, (await client.ExpectMethodAsync<ConnectionClose>()).ReplyCode);
    }

    [Fact]
    public async Task Unknown_method_is_503()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendAsync([1, 0, 1, 0, 0, 0, 4, 0, 60, 0, 250, 0xCE]);
        Assert.Equal(ReplyCode.CommandInvalid, (await client.ExpectMethodAsync<ConnectionClose>()).ReplyCode);
    }

    [Fact]
    public async Task Flow_inactive_from_the_client_is_540()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new ChannelFlow { Active = false });
        Assert.Equal(ReplyCode.NotImplemented, (await client.ExpectMethodAsync<ConnectionClose>()).ReplyCode);
    }

    [Fact]
    public async Task Publish_to_a_missing_exchange_is_404_on_the_channel()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.PublishAsync(1, "nowhere", "k", "body");
        var close = await client.ExpectMethodAsync<ChannelClose>();
        Assert.Equal(ReplyCode.NotFound, close.ReplyCode);
        Assert.Equal("NOT_FOUND - no exchange 'nowhere' in vhost '/'", close.ReplyText);
    }

    [Fact]
    public async Task Immediate_publish_is_540()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new BasicPublish { RoutingKey = "x", Immediate = true });
        Assert.Equal(ReplyCode.NotImplemented, (await client.ExpectMethodAsync<ConnectionClose>()).ReplyCode);
    }

    [Fact]
    public async Task Unknown_delivery_tag_is_406()
    {
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new BasicAck { DeliveryTag = 42 });
        var close = await client.ExpectMethodAsync<ChannelClose>();
        Assert.Equal(ReplyCode.PreconditionFailed, close.ReplyCode);
        Assert.Equal("PRECONDITION_FAILED - unknown delivery tag 42", close.ReplyText);
    }

    [Fact]
    public async Task A_bad_connection_leaves_another_one_working()
    {
        var bad = await OpenAsync();
        var good = await OpenAsync();
        await bad.SendAsync([0x41, 0, 0, 0, 0, 0, 0, 0xCE]);
        Assert.Equal(ReplyCode.FrameError, (await bad.ExpectMethodAsync<ConnectionClose>()).ReplyCode);
        await good.OpenChannelAsync(1);
    }
}
