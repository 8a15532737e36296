using Fabric.Amqp.Methods;
using Fabric.Broker.Buffers;
using Fabric.Broker.Contracts;
using Fabric.Broker.Routing;

namespace Fabric.Broker.Connections;

/// <summary>One channel's state, owned by its connection actor.</summary>
internal sealed class Channel(ushort number, long key)
{
    public ushort Number { get; } = number;

    /// <summary>(connection id &lt;&lt; 16) | number: how queues know this channel.</summary>
    public long Key { get; } = key;

    public ChannelPhase Phase { get; set; } = ChannelPhase.Open;

    // Content assembly of the publish in progress.
    public ContentPhase Content { get; set; }
    public BasicPublish Publish { get; set; }
    /// <summary>One buffer per message: the properties (wire form), then the body as it arrives.</summary>
    public byte[] ContentBuffer { get; set; } = [];
    public int PropertiesLength { get; set; }
    public int BodyFilled { get; set; }

    public ReadOnlyMemory<byte> Properties => ContentBuffer.AsMemory(0, PropertiesLength);

    public ReadOnlyMemory<byte> Body => ContentBuffer.AsMemory(PropertiesLength);

    public int BodyLength => ContentBuffer.Length - PropertiesLength;

    public RoutingContext Routing { get; } = new();

    /// <summary>The exchange this channel last passed the write-permission check for, and the security state
    /// (users and permissions) that granted it.</summary>
    public string? WritableExchange { get; set; }

    public Security.SecurityState? WriteGrants { get; set; }

    // Publisher confirms and transactions.
    public ConfirmTracker? Confirms { get; set; }
    public ulong PublishSeqNo { get; set; }
    public bool ConfirmsDirty { get; set; }
    public bool Transactional { get; set; }
    public List<TxPublish> TxPublishes { get; } = [];
    public List<TxSettle> TxSettles { get; } = [];

    // Consumers and deliveries.
    /// <summary>basic.qos global=false: the credit of each consumer created after it.</summary>
    public ushort Prefetch { get; set; }

    /// <summary>basic.qos global=true: a limit shared by the channel's consumers.</summary>
    public ushort GlobalPrefetch { get; set; }
    public Dictionary<string, ConsumerInfo> Consumers { get; } = new(StringComparer.Ordinal);
    public ulong LastDeliveryTag { get; set; }
    public UnackedDeliveries Unacked { get; } = new();

    public List<PendingSettle> PendingSettles { get; } = [];

    /// <summary>The channel's consumer of amq.rabbitmq.reply-to and the reply address it was given (or null).</summary>
    public DirectReplyConsumer? DirectReply { get; set; }
    public string? DirectReplyAddress { get; set; }

    /// <summary>Queues this channel consumed from or got from: told QueueChannelClosed when the channel ends.</summary>
    public HashSet<string> TouchedQueues { get; } = new(StringComparer.Ordinal);

    /// <summary>The last queue declared on this channel: what an empty queue name refers to.</summary>
    public string? LastQueue { get; set; }

    public void ResetContent()
    {
        Content = ContentPhase.None;
        Publish = default;
        ContentBuffer = [];
        PropertiesLength = 0;
        BodyFilled = 0;
    }

    /// <summary>Gives back the storage a burst grew and no longer fills (on the idle sweep).</summary>
    public void TrimExcess()
    {
        Unacked.TrimExcess();
        SpareCapacity.Trim(TxPublishes);
        SpareCapacity.Trim(TxSettles);
        SpareCapacity.Trim(PendingSettles);
        foreach (var settle in PendingSettles)
        {
            SpareCapacity.Trim(settle.MessageIds);
        }

        Confirms?.TrimExcess();
    }

    public void AddSettle(string queue, SettleKind kind, long messageId)
    {
        var settles = PendingSettles;
        for (int i = 0; i < settles.Count; i++)
        {
            if (settles[i].Kind == kind && string.Equals(settles[i].Queue, queue, StringComparison.Ordinal))
            {
                settles[i].MessageIds.Add(messageId);
                return;
            }
        }

        var pending = new PendingSettle(queue, kind);
        pending.MessageIds.Add(messageId);
        settles.Add(pending);
    }
}
