using Fabric.Amqp.Tables;

namespace Fabric.Rpc.Transport;

/// <summary>
/// The arguments oslo's rabbit driver declares with (its _get_queue_arguments): HA for all queues; quorum for shared
/// (topic, notification) ones; TTL for transient (reply, fanout) ones; and the consumer arguments.
/// </summary>
internal sealed class OsloDeclarations
{
    public OsloDeclarations(OsloDriverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.QuorumQueues && options.HaQueues)
        {
            throw new ArgumentException("Queues are quorum or HA (mirrored), not both (as oslo's configuration check).", nameof(options));
        }

        var shared = new FieldTableBuilder();
        var transient = new FieldTableBuilder();
        if (options.HaQueues)
        {
            shared.Add("x-ha-policy", "all");
            transient.Add("x-ha-policy", "all");
        }

        if (options.QuorumQueues)
        {
            shared.Add("x-queue-type", "quorum");
        }

        transient.Add("x-expires", (int)options.TransientQueuesTtl.TotalMilliseconds);
        SharedQueueArguments = shared.Build();
        TransientQueueArguments = transient.Build();
        ConsumerArguments = options.CancelOnHaFailover ? new FieldTableBuilder().Add("x-cancel-on-ha-failover", true).Build() : FieldTable.Empty;
        // oslo: quorum queues are always durable, so are their topic exchanges.
        Durable = options.DurableQueues || options.QuorumQueues;
        AutoDelete = options.AutoDelete;
    }

    public FieldTable SharedQueueArguments { get; }

    public FieldTable TransientQueueArguments { get; }

    /// <summary>Arguments of every basic.consume.</summary>
    public FieldTable ConsumerArguments { get; }

    /// <summary>Topic exchanges and shared queues durable.</summary>
    public bool Durable { get; }

    /// <summary>Topic exchanges and shared queues auto-delete.</summary>
    public bool AutoDelete { get; }
}
