using System.Buffers.Binary;
using System.Text;
using Fabric.Amqp;
using Fabric.Amqp.Tables;
using Fabric.Amqp.Wire;

namespace Fabric.Broker.Connections;

/// <summary>User name and password decoded from a connection.start-ok response (PLAIN or AMQPLAIN).</summary>
internal readonly record struct SaslCredentials(string User, string Password)
{
    /// <summary>False for a malformed response; unknown mechanisms are checked before this.</summary>
    public static bool TryParse(string mechanism, byte[] response, out SaslCredentials credentials)
    {
        credentials = default;
        return mechanism switch
        {
            "PLAIN" => TryParsePlain(response, out credentials),
            "AMQPLAIN" => TryParseAmqPlain(response, out credentials),
            _ => false,
        };
    }

    /// <summary>RFC 4616: [authzid] NUL authcid NUL passwd.</summary>
    private static bool TryParsePlain(ReadOnlySpan<byte> response, out SaslCredentials credentials)
    {
        credentials = default;
        int first = response.IndexOf((byte)0);
        if (first < 0)
        {
            return false;
        }

        var rest = response.Slice(first + 1);
        int second = rest.IndexOf((byte)0);
        if (second < 0)
        {
            return false;
        }

        credentials = new SaslCredentials(Encoding.UTF8.GetString(rest.Slice(0, second)), Encoding.UTF8.GetString(rest.Slice(second + 1)));
        return true;
    }

    /// <summary>A field table's entries without the 4-byte length prefix (as py-amqp and RabbitMQ.Client send it).</summary>
    private static bool TryParseAmqPlain(byte[] response, out SaslCredentials credentials)
    {
        credentials = default;
        var framed = new byte[response.Length + 4];
        BinaryPrimitives.WriteUInt32BigEndian(framed, (uint)response.Length);
        response.CopyTo(framed, 4);
        FieldTable table;
        try
        {
            var reader = new AmqpReader(framed);
            table = reader.ReadTable();
        }
        catch (AmqpProtocolException)
        {
            return false;
        }

        if (Text(table, "LOGIN") is not { } user || Text(table, "PASSWORD") is not { } password)
        {
            return false;
        }

        credentials = new SaslCredentials(user, password);
        return true;
    }

    private static string? Text(FieldTable table, string key) => table.TryGetValue(key, out var value) switch
    {
        false => null,
        _ => value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string s => s,
            _ => null,
        },
    };
}
