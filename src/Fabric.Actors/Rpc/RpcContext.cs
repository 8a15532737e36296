using System.Text.Json;

namespace Fabric.Rpc;

/// <summary>
/// The request context travelling with a message (oslo packs each entry as a <c>_context_&lt;key&gt;</c> field):
/// user, project, request id and the like. Values are JSON.
/// </summary>
public sealed class RpcContext
{
    public static readonly RpcContext Empty = new(new Dictionary<string, JsonElement>(StringComparer.Ordinal));

    private readonly Dictionary<string, JsonElement> _values;

    private RpcContext(Dictionary<string, JsonElement> values) => _values = values;

    public IReadOnlyDictionary<string, JsonElement> Values => _values;

    public int Count => _values.Count;

    /// <summary>A context with one more (or a replaced) entry; values are serialized to JSON.</summary>
    public RpcContext With(string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var copy = new Dictionary<string, JsonElement>(_values, StringComparer.Ordinal)
        {
            [key] = JsonSerializer.SerializeToElement(value, value?.GetType() ?? typeof(object), RpcJson.Options),
        };
        return new RpcContext(copy);
    }

    public static RpcContext From(IEnumerable<KeyValuePair<string, object?>> values)
    {
        var context = Empty;
        foreach (var pair in values)
        {
            context = context.With(pair.Key, pair.Value);
        }

        return context;
    }

    public bool TryGetValue(string key, out JsonElement value) => _values.TryGetValue(key, out value);

    /// <summary>A string entry, or null when absent or not a string.</summary>
    public string? GetString(string key) =>
        _values.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static RpcContext FromElements(Dictionary<string, JsonElement> values) => new(values);
}
