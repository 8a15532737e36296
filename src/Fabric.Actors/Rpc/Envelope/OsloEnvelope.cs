using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Fabric.Rpc.Envelope;

/// <summary>
/// oslo.messaging's message envelope 2.0: <c>{"oslo.version": "2.0", "oslo.message": "&lt;the message as a JSON
/// string&gt;"}</c>. Bodies without both keys are taken as they are (envelope 1.0, e.g. old notifications).
/// </summary>
public static class OsloEnvelope
{
    public const string VersionKey = "oslo.version";
    public const string MessageKey = "oslo.message";
    public const string Version = "2.0";

    /// <summary>Wraps an encoded message (UTF-8 JSON object) into the envelope.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> messageUtf8)
    {
        var buffer = new ArrayBufferWriter<byte>(messageUtf8.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, RpcJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(VersionKey, Version);
            writer.WriteString(MessageKey, Encoding.UTF8.GetString(messageUtf8));
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The message inside a body: unwrapped from envelope 2.0, or the body itself when not enveloped.</summary>
    public static JsonDocument Unwrap(ReadOnlyMemory<byte> body)
    {
        var outer = JsonDocument.Parse(body);
        var root = outer.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(VersionKey, out var version)
            || !root.TryGetProperty(MessageKey, out var message))
        {
            return outer;
        }

        using (outer)
        {
            if (!IsCompatible(version.GetString()))
            {
                throw new RpcException($"Specified RPC envelope version, {version.GetString()}, not supported by this endpoint.");
            }

            return JsonDocument.Parse(message.GetString() ?? "null");
        }
    }

    private static bool IsCompatible(string? version) => version is not null && RpcVersion.IsCompatible(Version, version);
}
