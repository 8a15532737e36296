using System.Buffers.Binary;
using Fabric.Amqp;
using Fabric.Amqp.Tables;
using Fabric.Amqp.Wire;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Amqp;

public class FieldTableTests
{
    /// <summary>Each RabbitMQ type tag with a hand-encoded value and the CLR value it must decode to.</summary>
    public static TheoryData<string, byte[], object?> EveryType() => new()
    {
        { "t", [(byte)'t', 1], true },
        { "b", [(byte)'b', 0xFE], (sbyte)-2 },
        { "B", [(byte)'B', 0xFE], (byte)254 },
        { "s", [(byte)'s', 0xFF, 0xFE], (short)-2 },
        { "u", [(byte)'u', 0xFF, 0xFE], (ushort)65534 },
        { "I", [(byte)'I', 0xFF, 0xFF, 0xFF, 0xFE], -2 },
        { "i", [(byte)'i', 0xFF, 0xFF, 0xFF, 0xFE], 4294967294u },
        { "l", [(byte)'l', 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE], -2L },
        { "f", [(byte)'f', 0x3F, 0xC0, 0, 0], 1.5f },
        { "d", [(byte)'d', 0xC0, 0x02, 0, 0, 0, 0, 0, 0], -2.25 },
        { "D", [(byte)'D', 2, 0xFF, 0xFF, 0xFF, 0xFE], new AmqpDecimal(2, -2) },
        { "S", [(byte)'S', 0, 0, 0, 2, (byte)'h', (byte)'i'], "hi"u8.ToArray() },
        { "A", [(byte)'A', 0, 0, 0, 3, (byte)'B', 7, (byte)'V'], new object?[] { (byte)7, null } },
        { "T", [(byte)'T', 0, 0, 0, 0, 0x65, 0x53, 0xF1, 0x00], new AmqpTimestamp(0x6553F100) },
        { "F", [(byte)'F', 0, 0, 0, 3, 1, (byte)'k', (byte)'V'], FieldTable.CreateBuilder().Add("k", null).Build() },
        { "V", [(byte)'V'], null },
        { "x", [(byte)'x', 0, 0, 0, 2, 0, 0xFF], new AmqpBinary([0, 0xFF]) },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Every_type_decodes_to_its_clr_value_and_reencodes_byte_exact(string tag, byte[] encodedValue, object? expected)
    {
        byte[] table = TableBytes(("key", encodedValue));
        var decoded = DecodeTable(table);

        Assert.Single(decoded);
        Assert.True(FieldValue.AreEqual(expected, decoded["key"]), $"tag {tag}: got {decoded}");
        Assert.Equal(expected?.GetType(), decoded["key"]?.GetType());
        Assert.Equal(table, EncodeTable(decoded));
    }

    [Fact]
    public void Long_string_and_byte_array_stay_distinct()
    {
        var table = DecodeTable(TableBytes(("s", [(byte)'S', 0, 0, 0, 1, 65]), ("x", [(byte)'x', 0, 0, 0, 1, 65])));
        Assert.IsType<byte[]>(table["s"]);
        Assert.IsType<AmqpBinary>(table["x"]);
        Assert.True(table.TryGetString("s", out var text));
        Assert.Equal("A", text);
        Assert.False(table.TryGetString("x", out _));
    }

    [Fact]
    public void Nested_tables_and_arrays_round_trip_byte_exact()
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var table = Samples.Table(seed);
            byte[] encoded = EncodeTable(table);
            var decoded = DecodeTable(encoded);
            Assert.True(FieldValue.AreEqual(table, decoded));
            Assert.Equal(encoded, EncodeTable(decoded));
            Assert.Equal(encoded.Length - 4, decoded.EncodedSize);
        }
    }

    [Fact]
    public void Random_tables_round_trip_byte_exact()
    {
        var keys = Gen.Elements("a", "x-message-ttl", "héllo", "k", "");
        var values = Gen.OneOf(
            Gen.Choose(int.MinValue, int.MaxValue).Select(v => (object?)v),
            Gen.Choose(-128, 127).Select(v => (object?)(sbyte)v),
            Gen.Choose(0, 65535).Select(v => (object?)(ushort)v),
            Gen.Choose(int.MinValue, int.MaxValue).Select(v => (object?)((long)v * 7919)),
            Gen.Elements<object?>(null, true, false, 0.1, -3.5f, "text", new AmqpBinary([1, 2]), new AmqpTimestamp(99)));
        var entries = Gen.Zip(keys, values).ArrayOf();
        Prop.ForAll(entries.ToArbitrary(), list =>
        {
            var builder = FieldTable.CreateBuilder();
            foreach (var (k, v) in list)
            {
                builder.Add(k, v);
            }

            var table = builder.Add("nested", builder.Build()).Add("array", list.Select(e => e.Item2).ToArray()).Build();
            byte[] encoded = EncodeTable(table);
            return encoded.AsSpan().SequenceEqual(EncodeTable(DecodeTable(encoded)))
                && FieldValue.AreEqual(table, DecodeTable(encoded));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Duplicate_keys_are_kept_in_order_and_lookup_sees_the_first()
    {
        byte[] bytes = TableBytes(("a", [(byte)'I', 0, 0, 0, 1]), ("b", [(byte)'V']), ("a", [(byte)'I', 0, 0, 0, 2]));
        var table = DecodeTable(bytes);
        Assert.Equal(3, table.Count);
        Assert.Equal(1, table["a"]);
        Assert.Equal(bytes, EncodeTable(table));
    }

    [Fact]
    public void Large_tables_are_looked_up_through_an_index()
    {
        var builder = FieldTable.CreateBuilder();
        for (int i = 0; i < 40; i++)
        {
            builder.Add("k" + i, i);
        }

        var table = builder.Build();
        for (int i = 0; i < 40; i++)
        {
            Assert.True(table.TryGetLong("k" + i, out long v));
            Assert.Equal(i, v);
        }

        Assert.False(table.ContainsKey("k40"));
        Assert.Throws<KeyNotFoundException>(() => table["missing"]);
    }

    [Fact]
    public void TryGetLong_accepts_every_integer_type_clients_use()
    {
        var table = FieldTable.CreateBuilder()
            .Add("b", (sbyte)-5).Add("B", (byte)5).Add("s", (short)-500).Add("u", (ushort)500)
            .Add("I", -60000).Add("i", 60000u).Add("l", 1L << 40).Add("str", "5").Add("d", 5.0)
            .Build();
        long[] expected = [-5, 5, -500, 500, -60000, 60000, 1L << 40];
        string[] keys = ["b", "B", "s", "u", "I", "i", "l"];
        for (int i = 0; i < keys.Length; i++)
        {
            Assert.True(table.TryGetLong(keys[i], out long v), keys[i]);
            Assert.Equal(expected[i], v);
        }

        Assert.False(table.TryGetLong("str", out _));
        Assert.False(table.TryGetLong("d", out _));
        Assert.False(table.TryGetLong("none", out _));
    }

    [Fact]
    public void Builder_normalises_strings_decimals_and_collections_and_rejects_unknown_types()
    {
        var table = FieldTable.CreateBuilder()
            .Add("s", "é")
            .Add("m", 12.34m)
            .Add("map", new Dictionary<string, object?> { ["x"] = 1 })
            .Add("list", new List<object?> { "a" })
            .Build();
        Assert.Equal("é"u8.ToArray(), table["s"]);
        Assert.Equal(new AmqpDecimal(2, 1234), table["m"]);
        Assert.Equal(12.34m, ((AmqpDecimal)table["m"]!).ToDecimal());
        Assert.True(table.TryGetTable("map", out var map));
        Assert.Equal(1, map["x"]);
        Assert.True(table.TryGetArray("list", out var list));
        Assert.Equal("a"u8.ToArray(), list[0]);
        Assert.Throws<ArgumentException>(() => FieldTable.CreateBuilder().Add("bad", new object()));
        Assert.Throws<ArgumentException>(() => FieldTable.CreateBuilder().Add(new string('k', 256), 1));
    }

    [Fact]
    public void Builder_set_and_remove_derive_a_modified_table()
    {
        var original = FieldTable.CreateBuilder().Add("a", 1).Add("CC", "x").Add("b", 2).Build();
        var builder = original.ToBuilder();
        builder.Set("a", 10).Set("c", 3);
        Assert.True(builder.Remove("CC"));
        var changed = builder.Build();
        Assert.Equal(["a", "b", "c"], changed.Keys);
        Assert.Equal(10, changed["a"]);
        Assert.Equal(1, original["a"]);
    }

    [Fact]
    public void Declared_lengths_beyond_the_buffer_fail_before_allocating()
    {
        AssertSyntaxError([0xFF, 0xFF, 0xFF, 0xFF]);
        AssertSyntaxError(TableBytes(("k", [(byte)'S', 0x7F, 0xFF, 0xFF, 0xFF, 1])));
        AssertSyntaxError(TableBytes(("k", [(byte)'A', 0, 0, 0, 9, (byte)'V'])));
        AssertSyntaxError(TableBytes(("k", [(byte)'I', 0, 0])));
    }

    [Fact]
    public void Unknown_tags_and_keys_longer_than_the_table_are_syntax_errors()
    {
        AssertSyntaxError(TableBytes(("k", [(byte)'Z', 0])));
        AssertSyntaxError([0, 0, 0, 2, 5, (byte)'a']);
        AssertSyntaxError([0, 0, 0, 1, 0]);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_a_syntax_error_not_a_stack_overflow()
    {
        byte[] inner = [(byte)'V'];
        for (int i = 0; i < 10000; i++)
        {
            inner = [(byte)'A', .. Be32(inner.Length), .. inner];
        }

        AssertSyntaxError(TableBytes(("deep", inner)));
    }

    [Fact]
    public void Every_truncation_of_a_rich_table_is_a_syntax_error()
    {
        byte[] encoded = EncodeTable(Samples.Table(3));
        for (int length = 0; length < encoded.Length; length++)
        {
            var slice = encoded[..length];
            Assert.Throws<AmqpProtocolException>(() => DecodeTable(slice));
        }
    }

    internal static byte[] EncodeTable(FieldTable table)
    {
        var buffer = new byte[AmqpSize.Table(table)];
        var writer = new AmqpWriter(buffer);
        writer.WriteTable(table);
        Assert.Equal(buffer.Length, writer.Position);
        return buffer;
    }

    internal static FieldTable DecodeTable(byte[] bytes)
    {
        var reader = new AmqpReader(bytes);
        var table = reader.ReadTable();
        reader.EnsureEnd();
        return table;
    }

    private static void AssertSyntaxError(byte[] bytes) =>
        Assert.Equal(ReplyCode.SyntaxError, Assert.Throws<AmqpProtocolException>(() => DecodeTable(bytes)).ReplyCode);

    private static byte[] TableBytes(params (string Key, byte[] Value)[] entries)
    {
        var body = new List<byte>();
        foreach (var (key, value) in entries)
        {
            byte[] k = System.Text.Encoding.UTF8.GetBytes(key);
            body.Add((byte)k.Length);
            body.AddRange(k);
            body.AddRange(value);
        }

        return [.. Be32(body.Count), .. body];
    }

    private static byte[] Be32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
