using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Fabric.Rpc.Envelope;

/// <summary>
/// oslo's serialize_remote_exception / deserialize_remote_exception: a failure travels as a JSON string
/// <c>{"class", "module", "message", "tb", "args", "kwargs"}</c>. Dispatcher errors use oslo's own class and module
/// names so a Python client sees exactly what an oslo server would send.
/// </summary>
public static class RemoteFailure
{
    public const string DispatcherModule = "oslo_messaging.rpc.dispatcher";

    public static string Serialize(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string className, module;
        switch (exception)
        {
            case NoSuchMethodException:
                className = "NoSuchMethod";
                module = DispatcherModule;
                break;
            case UnsupportedVersionException:
                className = "UnsupportedVersion";
                module = DispatcherModule;
                break;
            case RemoteErrorException remote:
                // Re-raised remote errors keep their original type (as oslo strips its "_Remote" suffix).
                className = remote.ExcType;
                module = remote.Module ?? "";
                break;
            default:
                className = exception.GetType().Name;
                module = exception.GetType().Namespace ?? "";
                break;
        }

        string message = exception is RemoteErrorException r ? r.Value : exception.Message;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, RpcJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("class", className);
            writer.WriteString("module", module);
            writer.WriteString("message", message);
            writer.WriteStartArray("tb");
            foreach (var line in Traceback(exception))
            {
                writer.WriteStringValue(line);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("args");
            writer.WriteStringValue(message);
            writer.WriteEndArray();
            writer.WriteStartObject("kwargs");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The remote error a failure string describes (a malformed one still yields an error, never throws).</summary>
    public static RemoteErrorException Deserialize(string failure)
    {
        try
        {
            using var document = JsonDocument.Parse(failure);
            var root = document.RootElement;
            string excType = Str(root, "class") ?? "Exception";
            string value = Str(root, "message") ?? "";
            var traceback = new StringBuilder();
            if (root.TryGetProperty("tb", out var tb) && tb.ValueKind == JsonValueKind.Array)
            {
                foreach (var line in tb.EnumerateArray())
                {
                    traceback.Append(line.ValueKind == JsonValueKind.String ? line.GetString() : line.GetRawText());
                }
            }

            return new RemoteErrorException(excType, value, traceback.ToString(), Str(root, "module"));
        }
        catch (JsonException)
        {
            return new RemoteErrorException("Exception", failure, "");
        }
    }

    private static string? Str(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Lines ending in a newline, as Python's traceback.format_exception gives them.</summary>
    private static List<string> Traceback(Exception exception)
    {
        var lines = new List<string> { "Traceback (most recent call last):\n" };
        foreach (var line in (exception.StackTrace ?? "").Split('\n'))
        {
            if (line.Length > 0)
            {
                lines.Add(line.TrimEnd('\r') + "\n");
            }
        }

        lines.Add(exception.GetType().FullName + ": " + exception.Message + "\n");
        return lines;
    }
}
