using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Fabric.Broker.Connections;

/// <summary>
/// The direct reply-to consumers of one virtual host (RabbitMQ's <c>amq.rabbitmq.reply-to</c> pseudo-queue), by the
/// reply address each was given: a publish to the default exchange with that address as its routing key goes straight
/// to the consumer's connection, with no queue in between. Callable from any thread.
/// </summary>
internal sealed class DirectReplyRegistry
{
    /// <summary>The pseudo-queue a client consumes from, and the reply_to value its requests carry.</summary>
    public const string PseudoQueue = "amq.rabbitmq.reply-to";

    /// <summary>Every reply address starts so; the rest is a random token naming one consumer.</summary>
    public const string AddressPrefix = PseudoQueue + ".";

    private readonly ConcurrentDictionary<string, DirectReplyConsumer> _consumers = new(StringComparer.Ordinal);

    public int Count => _consumers.Count;

    /// <summary>Registers the consumer under a new unguessable reply address and returns the address.</summary>
    public string Register(DirectReplyConsumer consumer)
    {
        while (true)
        {
            string address = AddressPrefix + NewToken();
            if (_consumers.TryAdd(address, consumer))
            {
                return address;
            }
        }
    }

    public bool TryFind(string address, out DirectReplyConsumer consumer) =>
        _consumers.TryGetValue(address, out consumer!);

    public void Unregister(string address, DirectReplyConsumer consumer) =>
        _consumers.TryRemove(KeyValuePair.Create(address, consumer));

    public static bool IsAddress(string routingKey) =>
        routingKey.Length > AddressPrefix.Length && routingKey.StartsWith(AddressPrefix, StringComparison.Ordinal);

    private static string NewToken()
    {
        Span<byte> random = stackalloc byte[18];
        RandomNumberGenerator.Fill(random);
        return Convert.ToBase64String(random).Replace('+', '-').Replace('/', '_');
    }
}
