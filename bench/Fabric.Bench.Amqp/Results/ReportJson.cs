using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fabric.Bench.Amqp.Results;

/// <summary>JSON reading and writing of <see cref="RunReport"/> (source-generated).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunReport))]
internal sealed partial class ReportJson : JsonSerializerContext
{
    public static void Write(string path, RunReport report)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, JsonSerializer.Serialize(report, Default.RunReport));
    }

    public static RunReport Read(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), Default.RunReport)
        ?? throw new InvalidDataException($"{path}: empty report");
}
