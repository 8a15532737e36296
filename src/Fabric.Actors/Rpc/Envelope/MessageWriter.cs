using System.Buffers;
using System.Text.Json;

namespace Fabric.Rpc.Envelope;

/// <summary>
/// Encodes requests, replies and notifications as oslo.messaging's amqp driver builds them (same keys, same
/// order), already wrapped in the 2.0 envelope.
/// </summary>
public static class MessageWriter
{
    /// <summary>A call (messageId and replyQueue set; callMonitorTimeout goes to <c>_timeout</c>) or a cast.</summary>
    public static byte[] Request(RpcContext context, string method, object? args, string? @namespace, string? version, string? messageId, string? replyQueue, string uniqueId, TimeSpan? callMonitorTimeout = null)
    {
        return Encode(
            (context, method, args, @namespace, version, messageId, replyQueue, uniqueId, callMonitorTimeout),
            static (writer, s) =>
            {
                writer.WriteString("method", s.method);
                writer.WritePropertyName("args");
                WriteArgs(writer, s.args);
                if (s.@namespace is not null)
                {
                    writer.WriteString("namespace", s.@namespace);
                }

                if (s.version is not null)
                {
                    writer.WriteString("version", s.version);
                }

                if (s.messageId is not null)
                {
                    writer.WriteString("_msg_id", s.messageId);
                    writer.WriteString("_reply_q", s.replyQueue);
                    if (s.callMonitorTimeout is { } monitor)
                    {
                        writer.WriteNumber("_timeout", monitor.TotalSeconds);
                    }
                    else
                    {
                        writer.WriteNull("_timeout");
                    }
                }

                writer.WriteString("_unique_id", s.uniqueId);
                WriteContext(writer, s.context);
            });
    }

    /// <summary>The single reply oslo.messaging 14 sends: result or failure, ending true.</summary>
    public static byte[] Reply(string messageId, JsonElement? result, string? failure, string uniqueId, bool ending = true)
    {
        return Encode(
            (messageId, result, failure, uniqueId, ending),
            static (writer, s) =>
            {
                writer.WritePropertyName("result");
                if (s.result is { } value)
                {
                    value.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }

                if (s.failure is null)
                {
                    writer.WriteNull("failure");
                }
                else
                {
                    writer.WriteString("failure", s.failure);
                }

                writer.WriteBoolean("ending", s.ending);
                writer.WriteString("_msg_id", s.messageId);
                writer.WriteString("_unique_id", s.uniqueId);
            });
    }

    /// <summary>A notification in the messagingv2 driver's format.</summary>
    public static byte[] Notification(RpcContext context, string messageId, string publisherId, string eventType, string priority, object? payload, string timestamp, string uniqueId)
    {
        return Encode(
            (context, messageId, publisherId, eventType, priority, payload, timestamp, uniqueId),
            static (writer, s) =>
            {
                writer.WriteString("message_id", s.messageId);
                writer.WriteString("publisher_id", s.publisherId);
                writer.WriteString("event_type", s.eventType);
                writer.WriteString("priority", s.priority);
                writer.WritePropertyName("payload");
                WriteValue(writer, s.payload);
                writer.WriteString("timestamp", s.timestamp);
                writer.WriteString("_unique_id", s.uniqueId);
                WriteContext(writer, s.context);
            });
    }

    /// <summary>A new <c>_unique_id</c> / <c>_msg_id</c>: a uuid4 in hex, as oslo.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    internal static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            default:
                JsonSerializer.Serialize(writer, value, value.GetType(), RpcJson.Options);
                break;
        }
    }

    private static void WriteArgs(Utf8JsonWriter writer, object? args)
    {
        if (args is null)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }

        var element = args as JsonElement? ?? JsonSerializer.SerializeToElement(args, args.GetType(), RpcJson.Options);
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("RPC arguments must serialize to a JSON object (keyword arguments).", nameof(args));
        }

        element.WriteTo(writer);
    }

    private static void WriteContext(Utf8JsonWriter writer, RpcContext context)
    {
        foreach (var pair in context.Values)
        {
            writer.WritePropertyName("_context_" + pair.Key);
            pair.Value.WriteTo(writer);
        }
    }

    private static byte[] Encode<TState>(TState state, Action<Utf8JsonWriter, TState> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, RpcJson.WriterOptions))
        {
            writer.WriteStartObject();
            body(writer, state);
            writer.WriteEndObject();
        }

        return OsloEnvelope.Wrap(buffer.WrittenSpan);
    }
}
