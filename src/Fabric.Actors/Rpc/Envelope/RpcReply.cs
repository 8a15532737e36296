using System.Text.Json;

namespace Fabric.Rpc.Envelope;

/// <summary>
/// A reply message: <c>result</c>, <c>failure</c> (the serialized remote exception, a JSON string), <c>ending</c>
/// and <c>_msg_id</c>. oslo.messaging 14 sends one message with ending true; older servers sent the result and
/// then a separate <c>{"ending": true}</c>; call-monitor heartbeats carry neither result nor failure and ending false.
/// </summary>
public sealed class RpcReply
{
    private RpcReply(string? messageId, string? uniqueId, JsonElement? result, string? failure, bool ending)
    {
        MessageId = messageId;
        UniqueId = uniqueId;
        Result = result;
        Failure = failure;
        Ending = ending;
    }

    public string? MessageId { get; }
    public string? UniqueId { get; }

    /// <summary>The result; null when absent or JSON null.</summary>
    public JsonElement? Result { get; }

    public string? Failure { get; }
    public bool Ending { get; }

    public static RpcReply Parse(ReadOnlyMemory<byte> body)
    {
        using var document = OsloEnvelope.Unwrap(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RpcException("A reply must be a JSON object.");
        }

        string? messageId = null, uniqueId = null, failure = null;
        JsonElement? result = null;
        bool ending = false;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "_msg_id": messageId = RpcRequest.StringOrNull(property.Value); break;
                case "_unique_id": uniqueId = RpcRequest.StringOrNull(property.Value); break;
                case "result": result = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.Clone(); break;
                case "failure":
                    failure = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Object => property.Value.GetRawText(),
                        _ => null,
                    };
                    break;
                case "ending": ending = property.Value.ValueKind == JsonValueKind.True; break;
            }
        }

        return new RpcReply(messageId, uniqueId, result, failure, ending);
    }
}
