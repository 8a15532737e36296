using System.Text.Json;

namespace Fabric.Rpc.Envelope;

/// <summary>A call or cast as received: oslo's message dict with the context and reply fields unpacked.</summary>
public sealed class RpcRequest
{
    private const string ContextPrefix = "_context_";

    private RpcRequest(string? method, JsonElement args, string? @namespace, string version, string? messageId, string? replyQueue, JsonElement? clientTimeout, string? uniqueId, RpcContext context)
    {
        Method = method;
        Args = args;
        Namespace = @namespace;
        Version = version;
        MessageId = messageId;
        ReplyQueue = replyQueue;
        ClientTimeout = clientTimeout;
        UniqueId = uniqueId;
        Context = context;
    }

    public string? Method { get; }

    /// <summary>The keyword arguments (a JSON object; empty when absent).</summary>
    public JsonElement Args { get; }

    public string? Namespace { get; }

    /// <summary>The requested API version ("1.0" when absent, as oslo's dispatcher assumes).</summary>
    public string Version { get; }

    /// <summary><c>_msg_id</c>: set for calls (a reply is expected), null for casts.</summary>
    public string? MessageId { get; }

    public string? ReplyQueue { get; }

    /// <summary><c>_timeout</c>: the client's call-monitor timeout, usually null.</summary>
    public JsonElement? ClientTimeout { get; }

    public string? UniqueId { get; }

    public RpcContext Context { get; }

    public bool IsCall => MessageId is not null;

    /// <summary>Reads a request from an enveloped body. Elements are cloned: the document can be disposed.</summary>
    public static RpcRequest Parse(ReadOnlyMemory<byte> body)
    {
        using var document = OsloEnvelope.Unwrap(body);
        return Parse(document.RootElement);
    }

    public static RpcRequest Parse(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new RpcException("An RPC message must be a JSON object.");
        }

        string? method = null, @namespace = null, version = null, messageId = null, replyQueue = null, uniqueId = null;
        JsonElement args = EmptyObject;
        JsonElement? timeout = null;
        var context = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in message.EnumerateObject())
        {
            switch (property.Name)
            {
                case "method": method = StringOrNull(property.Value); break;
                case "args": args = property.Value.ValueKind == JsonValueKind.Object ? property.Value.Clone() : EmptyObject; break;
                case "namespace": @namespace = StringOrNull(property.Value); break;
                case "version": version = StringOrNull(property.Value); break;
                case "_msg_id": messageId = StringOrNull(property.Value); break;
                case "_reply_q": replyQueue = StringOrNull(property.Value); break;
                case "_timeout": timeout = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.Clone(); break;
                case "_unique_id": uniqueId = StringOrNull(property.Value); break;
                default:
                    if (property.Name.StartsWith(ContextPrefix, StringComparison.Ordinal))
                    {
                        context[property.Name[ContextPrefix.Length..]] = property.Value.Clone();
                    }

                    break;
            }
        }

        return new RpcRequest(method, args, @namespace, version ?? "1.0", messageId, replyQueue, timeout, uniqueId, RpcContext.FromElements(context));
    }

    internal static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    internal static string? StringOrNull(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
