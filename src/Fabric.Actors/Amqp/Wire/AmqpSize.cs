using Fabric.Amqp.Tables;

namespace Fabric.Amqp.Wire;

/// <summary>Upper bounds of encoded sizes, used to size the span before writing.</summary>
public static class AmqpSize
{
    /// <summary>Length octet plus at most 3 UTF-8 bytes per UTF-16 char (cheap: no encoding pass).</summary>
    public static int ShortString(string? value) => 1 + (value is null ? 0 : value.Length * 3);

    public static int LongString(byte[]? value) => 4 + (value is null ? 0 : value.Length);

    public static int LongString(string? value) => 4 + (value is null ? 0 : value.Length * 3);

    /// <summary>Exact size of a table including its length prefix.</summary>
    public static int Table(FieldTable? table) => 4 + (table is null ? 0 : table.EncodedSize);
}
