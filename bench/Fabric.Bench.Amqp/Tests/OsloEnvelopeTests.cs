using System.Text;
using System.Text.Json;
using Fabric.Bench.Amqp.Rpc;
using FsCheck;
using FsCheck.Fluent;

namespace Fabric.Bench.Amqp.Tests;

public class OsloEnvelopeTests
{
    private const string ReplyQueue = "reply_0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_call_is_256_bytes_of_an_oslo_2_0_envelope_with_msg_id_and_reply_queue()
    {
        byte[] call = OsloEnvelope.CallTemplate(ReplyQueue, 256);
        int at = OsloEnvelope.MsgIdOffset(call);
        OsloEnvelope.WriteMsgId(call.AsSpan(at), caller: 7, sequence: 123_456_789_012);

        Assert.Equal(256, call.Length);
        using var outer = JsonDocument.Parse(call);
        Assert.Equal("2.0", outer.RootElement.GetProperty("oslo.version").GetString());
        using var inner = JsonDocument.Parse(outer.RootElement.GetProperty("oslo.message").GetString()!);
        string msgId = inner.RootElement.GetProperty("_msg_id").GetString()!;
        Assert.Equal(OsloEnvelope.MsgIdLength, msgId.Length);
        Assert.Equal(ReplyQueue, inner.RootElement.GetProperty("_reply_q").GetString());
        Assert.Equal("echo", inner.RootElement.GetProperty("method").GetString());
        Assert.True(OsloEnvelope.TryReadMsgId(Encoding.ASCII.GetBytes(msgId), out int caller, out long sequence));
        Assert.Equal((7, 123_456_789_012L), (caller, sequence));
        Assert.Equal(ReplyQueue, Encoding.ASCII.GetString(call, OsloEnvelope.ReplyQueueOffset(call), OsloEnvelope.ReplyQueueLength));
    }

    [Fact]
    public void A_reply_is_256_bytes_ending_the_call()
    {
        byte[] reply = OsloEnvelope.ReplyTemplate(256);
        Assert.Equal(256, reply.Length);
        using var outer = JsonDocument.Parse(reply);
        using var inner = JsonDocument.Parse(outer.RootElement.GetProperty("oslo.message").GetString()!);
        Assert.True(inner.RootElement.GetProperty("ending").GetBoolean());
        Assert.True(OsloEnvelope.MsgIdOffset(reply) > 0);
        Assert.Equal(-1, OsloEnvelope.ReplyQueueOffset(reply));
    }

    [Fact]
    public void Msg_ids_round_trip()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), ArbMap.Default.ArbFor<long>(), (caller, sequence) =>
        {
            long seq = sequence & long.MaxValue;
            var id = new byte[OsloEnvelope.MsgIdLength];
            OsloEnvelope.WriteMsgId(id, caller, seq);
            return OsloEnvelope.TryReadMsgId(id, out int c, out long s) && c == caller && s == seq;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_body_too_small_for_the_envelope_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => OsloEnvelope.CallTemplate(ReplyQueue, 100));
}
