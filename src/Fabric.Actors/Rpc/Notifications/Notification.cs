using System.Text.Json;
using Fabric.Rpc.Envelope;

namespace Fabric.Rpc.Notifications;

/// <summary>A notification as the messagingv2 driver sends it.</summary>
public sealed record Notification(
    RpcContext Context,
    string MessageId,
    string PublisherId,
    string EventType,
    string Priority,
    JsonElement Payload,
    string Timestamp)
{
    /// <summary>Reads a notification body (enveloped or not); elements are cloned.</summary>
    public static Notification Parse(ReadOnlyMemory<byte> body)
    {
        using var document = OsloEnvelope.Unwrap(body);
        var root = document.RootElement;
        var request = RpcRequest.Parse(root);
        return new Notification(
            request.Context,
            Str(root, "message_id"),
            Str(root, "publisher_id"),
            Str(root, "event_type"),
            Str(root, "priority"),
            root.TryGetProperty("payload", out var payload) ? payload.Clone() : default,
            Str(root, "timestamp"))
        {
            UniqueId = request.UniqueId,
        };
    }

    /// <summary>The transport-level <c>_unique_id</c>, used to drop duplicates.</summary>
    public string? UniqueId { get; init; }

    private static string Str(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
