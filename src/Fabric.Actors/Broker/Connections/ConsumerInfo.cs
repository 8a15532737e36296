using System.Text;

namespace Fabric.Broker.Connections;

/// <summary>A consumer of a channel; the tag is kept UTF-8 encoded for basic.deliver.</summary>
internal sealed class ConsumerInfo(string tag, string queue, bool noAck, bool credited = false)
{
    public string Tag { get; } = tag;

    public byte[] TagBytes { get; } = Encoding.UTF8.GetBytes(tag);

    public string Queue { get; } = queue;

    public bool NoAck { get; } = noAck;

    /// <summary>A no-ack consumer under a queue's credit: its written deliveries are given back to the queue.</summary>
    public bool Credited { get; } = credited;

    /// <summary>Deliveries written since its credit was last given back.</summary>
    public int Written { get; set; }

    /// <summary>Whether it is in the connection's list of consumers with credit to give back.</summary>
    public bool CreditListed { get; set; }
}
