using Fabric.Amqp.Content;
using Fabric.Broker.Durability;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Durability;

public sealed class EventCodecTests
{
    private static readonly BrokerEventSerializer Codec = BrokerEventSerializer.Instance;

    [Fact]
    public void Every_event_round_trips_to_an_equal_value_and_identical_bytes()
    {
        Prop.ForAll(DurabilityGenerators.Event.ToArbitrary(), value =>
        {
            var manifest = Codec.ManifestOf(value);
            var bytes = Codec.ToBinary(value);
            var decoded = Codec.FromBinary(manifest, bytes);
            Assert.Equal(value.GetType(), decoded.GetType());
            Assert.Equal(bytes, Codec.ToBinary(decoded));
            AssertEqual(value, decoded);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_truncation_is_reported_as_a_corrupt_event()
    {
        Prop.ForAll(DurabilityGenerators.Event.ToArbitrary(), value =>
        {
            var manifest = Codec.ManifestOf(value);
            var bytes = Codec.ToBinary(value);
            for (var length = 0; length < bytes.Length; length++)
            {
                var error = Assert.Throws<EventFormatException>(() => Codec.FromBinary(manifest, bytes.AsMemory(0, length)));
                Assert.Contains(manifest, error.Message);
            }
            Assert.Throws<EventFormatException>(() => Codec.FromBinary(manifest, bytes.Concat(new byte[] { 0 }).ToArray()));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var error = Assert.Throws<EventFormatException>(() => Codec.FromBinary("zz9", new byte[] { 1 }));
        Assert.Contains("zz9", error.Message);
    }

    [Fact]
    public void Ascending_ids_cost_about_a_byte_each()
    {
        var ids = new long[1000];
        for (var i = 0; i < ids.Length; i++) ids[i] = 5_000_000_000L + i * 3;
        var bytes = Codec.ToBinary(new MessagesRemoved(ids));
        Assert.True(bytes.Length < ids.Length + 16, $"{bytes.Length} bytes for {ids.Length} ids");
    }

    [Fact]
    public void A_message_event_adds_only_a_few_bytes_to_its_content()
    {
        var properties = new BasicProperties { DeliveryMode = 2, ContentType = "application/json" }.ToArray();
        var message = new MessageEnqueued(123_456, "amq.direct", "rk", properties, new byte[1000], long.MaxValue);
        var bytes = Codec.ToBinary(message);
        // id, expiry and four lengths: 10 bytes here; no per-field tags, no fixed-width integers.
        Assert.True(bytes.Length <= 1000 + properties.Length + "amq.direct".Length + "rk".Length + 10, $"{bytes.Length} bytes");
    }

    private static void AssertEqual(object expected, object actual)
    {
        switch (expected)
        {
            case MessageEnqueued m:
                AssertMessage(m, (MessageEnqueued)actual);
                break;
            case MessagesRemoved r:
                Assert.Equal(r.Ids, ((MessagesRemoved)actual).Ids);
                break;
            case MessagesDelivered d:
                Assert.Equal(d.Ids, ((MessagesDelivered)actual).Ids);
                break;
            case QueueSnapshot s:
                var other = (QueueSnapshot)actual;
                Assert.Equal(s.Messages.Count, other.Messages.Count);
                for (var i = 0; i < s.Messages.Count; i++) AssertMessage(s.Messages[i], other.Messages[i]);
                Assert.Equal(s.DeliveredIds, other.DeliveredIds);
                break;
            case QueueEvents e:
                var decoded = (QueueEvents)actual;
                Assert.Equal(e.Enqueued.Count, decoded.Enqueued.Count);
                for (var i = 0; i < e.Enqueued.Count; i++) AssertMessage(e.Enqueued[i], decoded.Enqueued[i]);
                Assert.Equal(e.DeliveredIds, decoded.DeliveredIds);
                Assert.Equal(e.RemovedIds, decoded.RemovedIds);
                break;
            default:
                // Records: compare everything but the table by value, the table by its entries.
                Assert.Equal(expected.ToString(), actual.ToString());
                break;
        }
    }

    private static void AssertMessage(MessageEnqueued expected, MessageEnqueued actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Exchange, actual.Exchange);
        Assert.Equal(expected.RoutingKey, actual.RoutingKey);
        Assert.Equal(expected.Properties.ToArray(), actual.Properties.ToArray());
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
        Assert.Equal(expected.ExpiresAtMs, actual.ExpiresAtMs);
    }
}
