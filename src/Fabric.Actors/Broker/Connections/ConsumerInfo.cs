using System.Text;

namespace Fabric.Broker.Connections;

/// <summary>A consumer of a channel; the tag is kept UTF-8 encoded for basic.deliver.</summary>
internal sealed class ConsumerInfo(string tag, string queue, bool noAck)
{
    public string Tag { get; } = tag;

    public byte[] TagBytes { get; } = Encoding.UTF8.GetBytes(tag);

    public string Queue { get; } = queue;

    public bool NoAck { get; } = noAck;
}
