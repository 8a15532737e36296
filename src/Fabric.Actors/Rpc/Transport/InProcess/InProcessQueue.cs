using System.Threading.Channels;

namespace Fabric.Rpc.Transport.InProcess;

/// <summary>An in-memory queue: consumers compete for its messages; expired messages are dropped when taken.</summary>
internal sealed class InProcessQueue(string name)
{
    private readonly Channel<InProcessMessage> _messages = Channel.CreateUnbounded<InProcessMessage>();

    public string Name { get; } = name;

    public ChannelReader<InProcessMessage> Reader => _messages.Reader;

    public void Enqueue(InProcessMessage message) => _messages.Writer.TryWrite(message);

    public void Delete() => _messages.Writer.TryComplete();
}

/// <summary>A message body with its absolute expiry (<see cref="Environment.TickCount64"/>; 0: never).</summary>
internal readonly record struct InProcessMessage(ReadOnlyMemory<byte> Body, long ExpiresAt)
{
    public bool IsExpired => ExpiresAt != 0 && Environment.TickCount64 >= ExpiresAt;
}
