using System.Text;
using Fabric.Broker.Queues;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

public class QueueArgumentsTests
{
    private static QueueArgumentsParseResult Parse(string key, object? value, string? key2 = null, object? value2 = null)
    {
        var table = new Dictionary<string, object?> { [key] = value };
        if (key2 is not null) table[key2] = value2;
        return QueueArguments.Parse(table, "orders", "prod");
    }

    [Fact]
    public void Null_or_empty_arguments_are_the_defaults()
    {
        Assert.Same(QueueArguments.Default, QueueArguments.Parse(null).Arguments);
        Assert.Same(QueueArguments.Default, QueueArguments.Parse(new Dictionary<string, object?>()).Arguments);
    }

    [Fact]
    public void Integers_of_every_amqp_integer_type_are_accepted()
    {
        object[] values = [(sbyte)5, (byte)5, (short)5, (ushort)5, 5, 5u, 5L];
        foreach (var value in values)
        {
            var result = Parse("x-message-ttl", value);
            Assert.True(result.IsOk, result.Error);
            Assert.Equal(5, result.Arguments!.MessageTtlMs);
        }
    }

    [Fact]
    public void All_known_arguments_are_read()
    {
        var table = new Dictionary<string, object?>
        {
            ["x-message-ttl"] = 1000,
            ["x-expires"] = 60000L,
            ["x-max-length"] = 10,
            ["x-max-length-bytes"] = 2048L,
            ["x-overflow"] = Encoding.UTF8.GetBytes("reject-publish-dlx"),
            ["x-dead-letter-exchange"] = "dlx",
            ["x-dead-letter-routing-key"] = Encoding.UTF8.GetBytes("dead"),
            ["x-max-priority"] = (byte)10,
            ["x-single-active-consumer"] = true,
            ["x-queue-type"] = "quorum",
            ["x-delivery-limit"] = 3,
            ["x-ha-policy"] = "all",
            ["x-cancel-on-ha-failover"] = true,
            ["x-queue-mode"] = "lazy",
            ["x-queue-master-locator"] = "min-masters",
            ["x-something-unknown"] = new object(),
        };
        var result = QueueArguments.Parse(table);
        Assert.True(result.IsOk, result.Error);
        var a = result.Arguments!;
        Assert.Equal(1000, a.MessageTtlMs);
        Assert.Equal(60000, a.ExpiresMs);
        Assert.Equal(10, a.MaxLength);
        Assert.Equal(2048, a.MaxLengthBytes);
        Assert.Equal(OverflowBehavior.RejectPublishDlx, a.Overflow);
        Assert.Equal("dlx", a.DeadLetterExchange);
        Assert.Equal("dead", a.DeadLetterRoutingKey);
        Assert.Equal((byte)10, a.MaxPriority);
        Assert.True(a.SingleActiveConsumer);
        Assert.Equal("quorum", a.QueueType);
        Assert.Equal(3, a.DeliveryLimit);
    }

    [Theory]
    [InlineData("x-message-ttl", -1, "{value_negative,-1}")]
    [InlineData("x-expires", 0, "{value_zero,0}")]
    [InlineData("x-expires", -5, "{value_negative,-5}")]
    [InlineData("x-max-length", -1, "{value_negative,-1}")]
    [InlineData("x-max-length-bytes", -2, "{value_negative,-2}")]
    [InlineData("x-max-priority", 256, "{max_value_exceeded,256}")]
    [InlineData("x-max-priority", -1, "{value_negative,-1}")]
    [InlineData("x-delivery-limit", -1, "{value_negative,-1}")]
    public void Out_of_range_integers_fail_like_rabbitmq(string key, int value, string term)
    {
        var result = Parse(key, value);
        Assert.False(result.IsOk);
        Assert.Null(result.Arguments);
        Assert.Equal($"invalid arg '{key}' for queue 'orders' in vhost 'prod': {term}", result.Error);
    }

    [Fact]
    public void Ttl_above_the_expiry_timer_limit_fails()
    {
        Assert.Equal(
            "invalid arg 'x-message-ttl' for queue 'orders' in vhost 'prod': {value_too_large,4294967296}",
            Parse("x-message-ttl", 4294967296L).Error);
    }

    [Theory]
    [InlineData("x-message-ttl", "1000", "{unacceptable_type,longstr}")]
    [InlineData("x-expires", 1.5, "{unacceptable_type,double}")]
    [InlineData("x-max-length", true, "{unacceptable_type,bool}")]
    [InlineData("x-dead-letter-exchange", 5, "{unacceptable_type,signedint}")]
    [InlineData("x-single-active-consumer", "true", "{unacceptable_type,longstr}")]
    [InlineData("x-overflow", "drop-tail", "invalid_overflow")]
    [InlineData("x-queue-type", "stream", "invalid_queue_type")]
    [InlineData("x-queue-mode", "eager", "invalid_queue_mode")]
    public void Wrong_types_and_values_fail(string key, object value, string term)
    {
        Assert.Equal($"invalid arg '{key}' for queue 'orders' in vhost 'prod': {term}", Parse(key, value).Error);
    }

    [Fact]
    public void Dead_letter_routing_key_needs_a_dead_letter_exchange()
    {
        Assert.Equal(
            "invalid arg 'x-dead-letter-routing-key' for queue 'orders' in vhost 'prod': routing_key_but_no_dlx_defined",
            Parse("x-dead-letter-routing-key", "rk").Error);
        Assert.True(Parse("x-dead-letter-routing-key", "rk", "x-dead-letter-exchange", "").IsOk);
    }

    [Fact]
    public void Null_value_is_void_type()
    {
        Assert.EndsWith("{unacceptable_type,void}", Parse("x-max-length", null).Error);
    }
}
