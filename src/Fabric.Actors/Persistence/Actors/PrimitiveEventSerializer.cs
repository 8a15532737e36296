using System.Buffers.Binary;
using System.Text;

namespace Fabric.Persistence.Actors;

/// <summary>Strings (UTF-8), 32/64-bit integers (little endian) and byte arrays: enough for simple actors and tests.</summary>
public sealed class PrimitiveEventSerializer : IEventSerializer
{
    public const string StringManifest = "s";
    public const string Int32Manifest = "i4";
    public const string Int64Manifest = "i8";
    public const string BytesManifest = "b";

    public static readonly PrimitiveEventSerializer Instance = new();

    private PrimitiveEventSerializer() { }

    public IReadOnlyList<Type> Types { get; } = [typeof(string), typeof(int), typeof(long), typeof(byte[])];

    public IReadOnlyList<string> Manifests { get; } = [StringManifest, Int32Manifest, Int64Manifest, BytesManifest];

    public string ManifestOf(object value) => value switch
    {
        string => StringManifest,
        int => Int32Manifest,
        long => Int64Manifest,
        byte[] => BytesManifest,
        _ => throw Unsupported(value.GetType()),
    };

    public byte[] ToBinary(object value)
    {
        switch (value)
        {
            case string s:
                return Encoding.UTF8.GetBytes(s);
            case int i:
                var four = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(four, i);
                return four;
            case long l:
                var eight = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(eight, l);
                return eight;
            case byte[] b:
                return (byte[])b.Clone();
            default:
                throw Unsupported(value.GetType());
        }
    }

    public object FromBinary(string manifest, ReadOnlyMemory<byte> bytes) => manifest switch
    {
        StringManifest => Encoding.UTF8.GetString(bytes.Span),
        Int32Manifest => BinaryPrimitives.ReadInt32LittleEndian(bytes.Span),
        Int64Manifest => BinaryPrimitives.ReadInt64LittleEndian(bytes.Span),
        BytesManifest => bytes.ToArray(),
        _ => throw new ArgumentException($"Unknown manifest '{manifest}'.", nameof(manifest)),
    };

    private static ArgumentException Unsupported(Type type) => new($"{type} is not a primitive this serializer writes.");
}
