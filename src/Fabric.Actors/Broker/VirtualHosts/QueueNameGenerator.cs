using System.Buffers.Text;
using System.Security.Cryptography;

namespace Fabric.Broker.VirtualHosts;

/// <summary>Server-named queues as RabbitMQ names them: "amq.gen-" and 16 random bytes in URL-safe base64.</summary>
internal static class QueueNameGenerator
{
    public const string Prefix = "amq.gen-";

    public static string Next()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Prefix + Base64Url.EncodeToString(random);
    }
}
