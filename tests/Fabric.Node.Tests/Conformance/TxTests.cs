using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>tx.select/commit/rollback for publishes and acks.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class TxTests : ConformanceTest
{
    public TxTests(BrokerFixture broker) : base(broker)
    {
    }

    [Fact]
    public async Task Publishes_appear_only_on_commit()
    {
        var q = Queue("tx-pub");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.TxSelectAsync();
        await Channel.BasicPublishAsync("", q, Utf8("a"));
        await Channel.BasicPublishAsync("", q, Utf8("b"));
        Assert.Equal(0u, await MessageCountAsync(q));
        await Channel.TxCommitAsync();
        Assert.Equal(2u, await MessageCountAsync(q));
    }

    [Fact]
    public async Task Rollback_discards_publishes()
    {
        var q = Queue("tx-rollback");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.TxSelectAsync();
        await Channel.BasicPublishAsync("", q, Utf8("gone"));
        await Channel.TxRollbackAsync();
        await Channel.BasicPublishAsync("", q, Utf8("kept"));
        await Channel.TxCommitAsync();
        Assert.Equal(new[] { "kept" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Acks_take_effect_on_commit_and_rollback_keeps_them_unacked()
    {
        var q = Queue("tx-ack");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.BasicPublishAsync("", q, Utf8("m"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        var ch = await Connection.CreateChannelAsync();
        await ch.TxSelectAsync();
        var r = await ch.BasicGetAsync(q, false);
        await ch.BasicAckAsync(r!.DeliveryTag, false);
        await ch.TxRollbackAsync();
        await ch.CloseAsync(); // the ack was rolled back: the message is requeued
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));

        await using var ch2 = await Connection.CreateChannelAsync();
        await ch2.TxSelectAsync();
        var again = await ch2.BasicGetAsync(q, false);
        Assert.True(again!.Redelivered);
        await ch2.BasicAckAsync(again.DeliveryTag, false);
        await ch2.TxCommitAsync();
        await ch2.CloseAsync();
        Assert.Equal(0u, await MessageCountAsync(q));
    }

    [Fact]
    public async Task Commit_without_select_is_406()
    {
        var reason = await ExpectCloseAsync(406, () => Channel.TxCommitAsync());
        Assert.Contains("PRECONDITION_FAILED", reason.ReplyText);
    }

    [Fact]
    public async Task Rollback_without_select_is_406()
    {
        await ExpectCloseAsync(406, () => Channel.TxRollbackAsync());
    }
}
