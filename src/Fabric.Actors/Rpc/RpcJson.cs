using System.Text.Encodings.Web;
using System.Text.Json;

namespace Fabric.Rpc;

/// <summary>JSON settings for arguments, results and context values: names as written, no reformatting.</summary>
internal static class RpcJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        IncludeFields = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
