using System.Text;

namespace Fabric.Bench.Amqp.Rpc;

/// <summary>oslo.messaging 2.0 envelopes (a JSON object whose "oslo.message" is the JSON-encoded message as a string),
/// padded to the benchmark's body size. A call carries "_msg_id" and "_reply_q"; a reply carries "_msg_id" and
/// "ending": true. The msg id is 32 hex digits: caller index (8) and call sequence (16), then a fixed tail (8).</summary>
internal static class OsloEnvelope
{
    public const int MsgIdLength = 32;
    public const int ReplyQueueLength = 6 + 32;

    private static readonly byte[] MsgIdMarker = Encoding.ASCII.GetBytes("\\\"_msg_id\\\": \\\"");
    private static readonly byte[] ReplyQueueMarker = Encoding.ASCII.GetBytes("\\\"_reply_q\\\": \\\"");
    private static readonly string ZeroId = new('0', MsgIdLength);

    /// <summary>A call envelope to <paramref name="replyQueue"/> with a placeholder msg id, <paramref name="size"/> bytes long.</summary>
    public static byte[] CallTemplate(string replyQueue, int size)
    {
        const string head = "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{";
        string fixedPart = $"\\\"_msg_id\\\": \\\"{ZeroId}\\\", \\\"_reply_q\\\": \\\"{replyQueue}\\\", \\\"method\\\": \\\"echo\\\", \\\"args\\\": {{\\\"payload\\\": \\\"";
        const string tail = "\\\"}, \\\"version\\\": \\\"1.0\\\"}\"}";
        return Padded(head + fixedPart, tail, size);
    }

    /// <summary>A reply envelope with a placeholder msg id, <paramref name="size"/> bytes long.</summary>
    public static byte[] ReplyTemplate(int size)
    {
        const string head = "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{";
        string fixedPart = $"\\\"_msg_id\\\": \\\"{ZeroId}\\\", \\\"failure\\\": null, \\\"ending\\\": true, \\\"result\\\": \\\"";
        const string tail = "\\\"}\"}";
        return Padded(head + fixedPart, tail, size);
    }

    /// <summary>Offset of the msg id's first hex digit in an envelope, or -1.</summary>
    public static int MsgIdOffset(ReadOnlySpan<byte> envelope)
    {
        int at = envelope.IndexOf(MsgIdMarker);
        return at < 0 ? -1 : at + MsgIdMarker.Length;
    }

    /// <summary>Offset of the reply queue name in a call envelope, or -1.</summary>
    public static int ReplyQueueOffset(ReadOnlySpan<byte> envelope)
    {
        int at = envelope.IndexOf(ReplyQueueMarker);
        return at < 0 ? -1 : at + ReplyQueueMarker.Length;
    }

    public static void WriteMsgId(Span<byte> destination, int caller, long sequence)
    {
        WriteHex(destination[..8], (uint)caller);
        WriteHex(destination.Slice(8, 8), (uint)(sequence >> 32));
        WriteHex(destination.Slice(16, 8), (uint)sequence);
        WriteHex(destination.Slice(24, 8), 0xfab41c00u);
    }

    public static bool TryReadMsgId(ReadOnlySpan<byte> msgId, out int caller, out long sequence)
    {
        caller = 0;
        sequence = 0;
        if (msgId.Length < MsgIdLength
            || !TryReadHex(msgId[..8], out uint c) || !TryReadHex(msgId.Slice(8, 8), out uint high) || !TryReadHex(msgId.Slice(16, 8), out uint low))
            return false;
        caller = (int)c;
        sequence = ((long)high << 32) | low;
        return true;
    }

    private static byte[] Padded(string head, string tail, int size)
    {
        int padding = size - head.Length - tail.Length;
        if (padding < 0) throw new InvalidOperationException($"an oslo envelope needs at least {head.Length + tail.Length} bytes");
        return Encoding.ASCII.GetBytes(head + new string('x', padding) + tail);
    }

    private static void WriteHex(Span<byte> destination, uint value)
    {
        for (int i = 7; i >= 0; i--)
        {
            uint digit = value & 0xf;
            destination[i] = (byte)(digit < 10 ? '0' + digit : 'a' + digit - 10);
            value >>= 4;
        }
    }

    private static bool TryReadHex(ReadOnlySpan<byte> source, out uint value)
    {
        value = 0;
        foreach (byte b in source)
        {
            uint digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => (uint)(b - '0'),
                >= (byte)'a' and <= (byte)'f' => (uint)(b - 'a' + 10),
                _ => uint.MaxValue,
            };
            if (digit == uint.MaxValue) return false;
            value = (value << 4) | digit;
        }
        return true;
    }
}
